// Tags (editors and owners): rename, delete.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { App } from '../../app.ts';
import * as read from '../../content/read.ts';
import { deleteTag, renameTag } from '../../content/service.ts';
import { renderTags } from '../../render/admin/tags.tsx';
import { doneQuery, idParams, text, type ZodProvider } from '../validation.ts';
import { attempt } from './attempt.ts';
import { actorOf, sendHtml, sessionOf, staff } from './guard.ts';

export function tagRoutes(app: App) {
  const style = app.styleUrl;
  return async function (plain: FastifyInstance): Promise<void> {
    const f = plain.withTypeProvider<ZodProvider>();
    const config = { roles: staff };

    f.get('/admin/tags', { config, schema: { querystring: doneQuery } }, async (req, reply) =>
      sendHtml(reply, renderTags(style, sessionOf(req), await read.allTags(app.db), req.query.done ? { notice: '保存しました。' } : {})),
    );
    f.post('/admin/tags/:id', { config, schema: { params: idParams, body: z.object({ name: text(300) }) } }, async (req, reply) =>
      attempt(
        reply,
        () => renameTag(app.db, req.params.id, req.body.name, actorOf(req)),
        async (error) => sendHtml(reply, renderTags(style, sessionOf(req), await read.allTags(app.db), { error }), 400),
        '/admin/tags?done=1',
      ),
    );
    f.post('/admin/tags/:id/delete', { config, schema: { params: idParams } }, async (req, reply) => {
      await deleteTag(app.db, req.params.id, actorOf(req));
      return reply.code(303).redirect('/admin/tags?done=1');
    });
  };
}
