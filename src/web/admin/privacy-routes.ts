// People's requests about their personal data (owners only): everything held about an
// email address, exported as JSON or deleted, each request written to the audit log.
import type { FastifyInstance } from 'fastify';
import type { App } from '../../app.ts';
import { deletePersonData, exportPersonData } from '../../privacy/service.ts';
import { renderPrivacyRequests } from '../../render/admin/privacy.tsx';
import { actorOf, requireRole, requireSession, sendHtml } from './guard.ts';

function formFields(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return out;
}

export function privacyAdminRoutes(app: App) {
  return async function (f: FastifyInstance): Promise<void> {
    const style = app.styleUrl;

    f.get('/admin/privacy', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      requireRole(session, ['owner']);
      return sendHtml(reply, renderPrivacyRequests(style, session));
    });

    f.post('/admin/privacy/export', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      requireRole(session, ['owner']);
      const email = formFields(req.body).email ?? '';
      if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) return sendHtml(reply, renderPrivacyRequests(style, session, { error: 'メールアドレスを入力してください' }, email), 400);
      const data = await exportPersonData(app.db, app.sealer, email, actorOf(req, session));
      return reply
        .header('cache-control', 'no-store')
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', 'attachment; filename="personal-data.json"')
        .send(JSON.stringify(data, null, 2));
    });

    f.post('/admin/privacy/delete', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      requireRole(session, ['owner']);
      const fields = formFields(req.body);
      const email = fields.email ?? '';
      if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) return sendHtml(reply, renderPrivacyRequests(style, session, { error: 'メールアドレスを入力してください' }, email), 400);
      if (fields.confirm !== 'yes') return sendHtml(reply, renderPrivacyRequests(style, session, { error: '「元に戻せないことを確認しました」にチェックしてください' }, email), 400);
      const deleted = await deletePersonData(app.db, app.sealer, email, actorOf(req, session));
      return sendHtml(reply, renderPrivacyRequests(style, session, { notice: `削除しました（申込 ${deleted.registrations}件、コメント ${deleted.comments}件）。` }));
    });
  };
}
