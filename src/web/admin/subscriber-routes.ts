// 購読者 in the admin (owners and editors): counts, per-post mailing, settings, and the list
// of addresses (every look, export and removal audited).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../../app.ts';
import { renderSubscribers } from '../../render/admin/subscribers.tsx';
import {
  listSubscribers,
  mailingCounts,
  readSubscriptionSettings,
  removeSubscriber,
  subscriberCounts,
  subscribersCsv,
  SubscriptionError,
  writeSubscriptionSettings,
} from '../../subscriptions/service.ts';
import { idParams, optionalText, text, type ZodProvider } from '../validation.ts';
import { actorOf, sendHtml, sessionOf, staff } from './guard.ts';

const notices: Record<string, string> = { saved: '保存しました。', removed: '削除しました。' };
const pageQuery = z.object({ done: optionalText(40), list: optionalText(2) });
const settingsBody = z.object({ enabled: text(5), digestDay: text(2), digestHour: text(2), senderName: text(200), contact: text(1000) });

export function subscriberAdminRoutes(app: App) {
  async function page(
    req: FastifyRequest,
    reply: FastifyReply,
    q: z.output<typeof pageQuery>,
    extra: { error?: string; status?: number } = {},
  ) {
    const session = sessionOf(req);
    const [counts, mailings, settings] = await Promise.all([
      subscriberCounts(app.db),
      mailingCounts(app.db),
      readSubscriptionSettings(app.db.kysely),
    ]);
    const people = q.list === '1' ? await listSubscribers(app.db, app.sealer, actorOf(req, session), 'view') : undefined;
    return sendHtml(
      reply,
      renderSubscribers(app.styleUrl, session, { counts, mailings, settings, people, notice: notices[q.done ?? ''], error: extra.error }),
      extra.status,
    );
  }

  return async function (plain: FastifyInstance): Promise<void> {
    const f = plain.withTypeProvider<ZodProvider>();
    const config = { roles: staff };

    f.get('/admin/subscribers', { config, schema: { querystring: pageQuery } }, async (req, reply) => page(req, reply, req.query));

    f.get('/admin/subscribers.csv', { config }, async (req, reply) => {
      const csv = subscribersCsv(await listSubscribers(app.db, app.sealer, actorOf(req), 'export'));
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="subscribers.csv"')
        .header('cache-control', 'no-store')
        .send(csv);
    });

    f.post('/admin/subscribers/settings', { config, schema: { body: settingsBody } }, async (req, reply) => {
      const b = req.body;
      try {
        await writeSubscriptionSettings(
          app.db,
          { enabled: b.enabled === 'yes', digestDay: b.digestDay, digestHour: b.digestHour, senderName: b.senderName, contact: b.contact },
          actorOf(req),
        );
      } catch (err) {
        if (err instanceof SubscriptionError) return page(req, reply, {}, { error: err.message, status: 400 });
        throw err;
      }
      return reply.code(303).redirect('/admin/subscribers?done=saved');
    });

    f.post('/admin/subscribers/:id/delete', { config, schema: { params: idParams } }, async (req, reply) => {
      try {
        await removeSubscriber(app.db, req.params.id, actorOf(req));
      } catch (err) {
        if (err instanceof SubscriptionError) return page(req, reply, { list: '1' }, { error: err.message, status: 404 });
        throw err;
      }
      return reply.code(303).redirect('/admin/subscribers?list=1&done=removed');
    });
  };
}
