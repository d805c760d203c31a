// 購読者 in the admin (owners and editors): counts, per-post mailing, settings, and the list
// of addresses (every look, export and removal audited).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SessionInfo } from '../../accounts/service.ts';
import type { App } from '../../app.ts';
import { renderSubscribers } from '../../render/admin/subscribers.tsx';
import { listSubscribers, mailingCounts, readSubscriptionSettings, removeSubscriber, subscriberCounts, subscribersCsv, SubscriptionError, writeSubscriptionSettings } from '../../subscriptions/service.ts';
import { actorOf, requireRole, requireSession, sendHtml } from './guard.ts';

const notices: Record<string, string> = { saved: '保存しました。', removed: '削除しました。' };

export function subscriberAdminRoutes(app: App) {
  async function editor(req: FastifyRequest, reply: FastifyReply): Promise<SessionInfo | undefined> {
    const session = await requireSession(app, req, reply);
    if (!session) return undefined;
    requireRole(session, ['owner', 'editor']);
    return session;
  }

  async function page(req: FastifyRequest, reply: FastifyReply, session: SessionInfo, extra: { error?: string; status?: number } = {}) {
    const q = req.query as Record<string, string | undefined>;
    const [counts, mailings, settings] = await Promise.all([subscriberCounts(app.db), mailingCounts(app.db), readSubscriptionSettings(app.db.kysely)]);
    const people = q.list === '1' ? await listSubscribers(app.db, app.sealer, actorOf(req, session), 'view') : undefined;
    return sendHtml(reply, renderSubscribers(app.styleUrl, session, { counts, mailings, settings, people, notice: notices[q.done ?? ''], error: extra.error }), extra.status);
  }

  return async function (f: FastifyInstance): Promise<void> {
    f.get('/admin/subscribers', async (req, reply) => {
      const session = await editor(req, reply);
      if (!session) return reply;
      return page(req, reply, session);
    });

    f.get('/admin/subscribers.csv', async (req, reply) => {
      const session = await editor(req, reply);
      if (!session) return reply;
      const csv = subscribersCsv(await listSubscribers(app.db, app.sealer, actorOf(req, session), 'export'));
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="subscribers.csv"').header('cache-control', 'no-store').send(csv);
    });

    f.post('/admin/subscribers/settings', async (req, reply) => {
      const session = await editor(req, reply);
      if (!session) return reply;
      const b = (req.body ?? {}) as Record<string, string>;
      try {
        await writeSubscriptionSettings(app.db, { enabled: b.enabled === 'yes', digestDay: b.digestDay, digestHour: b.digestHour, senderName: b.senderName ?? '', contact: b.contact ?? '' } as never, actorOf(req, session));
      } catch (err) {
        if (err instanceof SubscriptionError) return page(req, reply, session, { error: err.message, status: 400 });
        throw err;
      }
      return reply.code(303).redirect('/admin/subscribers?done=saved');
    });

    f.post('/admin/subscribers/:id/delete', async (req, reply) => {
      const session = await editor(req, reply);
      if (!session) return reply;
      try {
        await removeSubscriber(app.db, Number((req.params as { id: string }).id), actorOf(req, session));
      } catch (err) {
        if (err instanceof SubscriptionError) return page(req, reply, session, { error: err.message, status: 404 });
        throw err;
      }
      return reply.code(303).redirect('/admin/subscribers?list=1&done=removed');
    });
  };
}
