// People's requests about their personal data (owners only): everything held about an
// email address, exported as JSON or deleted, each request written to the audit log.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { App } from '../../app.ts';
import { deletePersonData, exportPersonData } from '../../privacy/service.ts';
import { renderPrivacyRequests } from '../../render/admin/privacy.tsx';
import { text, type ZodProvider } from '../validation.ts';
import { actorOf, ownerOnly, sendHtml, sessionOf } from './guard.ts';

const emailBody = z.object({ email: text(1000), confirm: text(10) });

export function privacyAdminRoutes(app: App) {
  return async function (plain: FastifyInstance): Promise<void> {
    const f = plain.withTypeProvider<ZodProvider>();
    const style = app.styleUrl;

    f.get('/admin/privacy', { config: { roles: ownerOnly } }, async (req, reply) => {
      const session = sessionOf(req);
      return sendHtml(reply, renderPrivacyRequests(style, session));
    });

    f.post('/admin/privacy/export', { config: { roles: ownerOnly }, schema: { body: emailBody } }, async (req, reply) => {
      const session = sessionOf(req);
      const email = req.body.email;
      if (!/^[^\s@]+@[^\s@]+$/.test(email.trim()))
        return sendHtml(reply, renderPrivacyRequests(style, session, { error: 'メールアドレスを入力してください' }, email), 400);
      const data = await exportPersonData(app.db, app.sealer, email, actorOf(req, session));
      return reply
        .header('cache-control', 'no-store')
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', 'attachment; filename="personal-data.json"')
        .send(JSON.stringify(data, null, 2));
    });

    f.post('/admin/privacy/delete', { config: { roles: ownerOnly }, schema: { body: emailBody } }, async (req, reply) => {
      const session = sessionOf(req);
      const fields = req.body;
      const email = fields.email;
      if (!/^[^\s@]+@[^\s@]+$/.test(email.trim()))
        return sendHtml(reply, renderPrivacyRequests(style, session, { error: 'メールアドレスを入力してください' }, email), 400);
      if (fields.confirm !== 'yes')
        return sendHtml(
          reply,
          renderPrivacyRequests(style, session, { error: '「元に戻せないことを確認しました」にチェックしてください' }, email),
          400,
        );
      const deleted = await deletePersonData(app.db, app.sealer, email, actorOf(req, session));
      return sendHtml(
        reply,
        renderPrivacyRequests(style, session, {
          notice: `削除しました（申込 ${deleted.registrations}件、コメント ${deleted.comments}件、メール購読 ${deleted.subscriptions}件）。`,
        }),
      );
    });
  };
}
