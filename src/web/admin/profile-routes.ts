// One's author profile (everyone with one): name, profile, greeting and sign-off.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { App } from '../../app.ts';
import * as read from '../../content/read.ts';
import { updateAuthorProfile } from '../../content/service.ts';
import { renderProfile } from '../../render/admin/profile.tsx';
import { doneQuery, text, type ZodProvider } from '../validation.ts';
import { attempt } from './attempt.ts';
import { actorOf, everyone, Forbidden, sendHtml, sessionOf } from './guard.ts';

const profileBody = z.object({ displayName: text(1000), profile: text(20_000), greeting: text(20_000), signoff: text(20_000) });

export function profileRoutes(app: App) {
  const style = app.styleUrl;
  return async function (plain: FastifyInstance): Promise<void> {
    const f = plain.withTypeProvider<ZodProvider>();
    const config = { roles: everyone };

    f.get('/admin/profile', { config, schema: { querystring: doneQuery } }, async (req, reply) => {
      const session = sessionOf(req);
      const author = session.user.author_id ? await read.authorById(app.db, session.user.author_id) : undefined;
      if (!author) throw new Forbidden('このアカウントには著者プロフィールがありません');
      return sendHtml(reply, renderProfile(style, session, author, req.query.done ? { notice: '保存しました。' } : {}));
    });
    f.post('/admin/profile', { config, schema: { body: profileBody } }, async (req, reply) => {
      const session = sessionOf(req);
      const authorId = session.user.author_id;
      if (!authorId) throw new Forbidden('このアカウントには著者プロフィールがありません');
      const input = req.body;
      return attempt(
        reply,
        () => updateAuthorProfile(app.db, authorId, input, actorOf(req)),
        async (error) => sendHtml(reply, renderProfile(style, session, { slug: '', ...input }, { error }), 400),
        '/admin/profile?done=1',
      );
    });
  };
}
