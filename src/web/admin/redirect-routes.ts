// Redirects from old addresses (editors and owners): add, delete.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { SessionInfo } from '../../accounts/service.ts';
import type { App } from '../../app.ts';
import { RedirectError, listRedirects, removeRedirect, saveRedirect } from '../../import/redirects.ts';
import { renderRedirects } from '../../render/admin/redirects.tsx';
import { doneQuery, idParams, text, type ZodProvider } from '../validation.ts';
import { actorOf, sendHtml, sessionOf, staff } from './guard.ts';

export function redirectRoutes(app: App) {
  const style = app.styleUrl;
  const redirectsPage = async (
    reply: FastifyReply,
    session: SessionInfo,
    messages: { notice?: string; error?: string },
    status = 200,
    values = {},
  ) =>
    sendHtml(
      reply,
      renderRedirects(
        style,
        session,
        (await listRedirects(app.db)).map((r) => ({ ...r, id: Number(r.id) })),
        messages,
        values,
      ),
      status,
    );

  return async function (plain: FastifyInstance): Promise<void> {
    const f = plain.withTypeProvider<ZodProvider>();
    const config = { roles: staff };

    f.get('/admin/redirects', { config, schema: { querystring: doneQuery } }, async (req, reply) =>
      redirectsPage(reply, sessionOf(req), req.query.done ? { notice: '保存しました。' } : {}),
    );
    f.post('/admin/redirects', { config, schema: { body: z.object({ from: text(2000), to: text(2000) }) } }, async (req, reply) => {
      const values = { from: req.body.from, to: req.body.to };
      try {
        await saveRedirect(app.db, values, actorOf(req));
      } catch (err) {
        if (err instanceof RedirectError) return redirectsPage(reply, sessionOf(req), { error: err.message }, 400, values);
        throw err;
      }
      return reply.code(303).redirect('/admin/redirects?done=1');
    });
    f.post('/admin/redirects/:id/delete', { config, schema: { params: idParams } }, async (req, reply) => {
      await removeRedirect(app.db, req.params.id, actorOf(req));
      return reply.code(303).redirect('/admin/redirects?done=1');
    });
  };
}
