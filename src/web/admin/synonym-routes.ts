// Search synonyms (editors and owners): one group per line.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { App } from '../../app.ts';
import { renderSynonyms } from '../../render/admin/synonyms.tsx';
import { saveSynonyms, synonymLines } from '../../search/service.ts';
import { doneQuery, text, type ZodProvider } from '../validation.ts';
import { actorOf, sendHtml, sessionOf, staff } from './guard.ts';

export function synonymRoutes(app: App) {
  const style = app.styleUrl;
  return async function (plain: FastifyInstance): Promise<void> {
    const f = plain.withTypeProvider<ZodProvider>();
    const config = { roles: staff };

    f.get('/admin/synonyms', { config, schema: { querystring: doneQuery } }, async (req, reply) =>
      sendHtml(reply, renderSynonyms(style, sessionOf(req), await synonymLines(app.db), req.query.done ? '保存しました。' : undefined)),
    );
    f.post('/admin/synonyms', { config, schema: { body: z.object({ synonyms: text(200_000) }) } }, async (req, reply) => {
      await saveSynonyms(app.db, req.body.synonyms, actorOf(req));
      return reply.code(303).redirect('/admin/synonyms?done=1');
    });
  };
}
