// The owner's pages: site settings and the audit log.
import type { FastifyInstance } from 'fastify';
import type { App } from '../../app.ts';
import { audit } from '../../audit/service.ts';
import { listAudit } from '../../audit/store.ts';
import { renderAuditLog } from '../../render/admin/audit.tsx';
import { renderSettings } from '../../render/admin/settings.tsx';
import { settingsSchema } from '../../site/settings.ts';
import { updateSettings } from '../../site/write.ts';
import { pageParam } from '../params.ts';
import { z } from 'zod';
import { doneQuery, optionalText, text, type ZodProvider } from '../validation.ts';
import { actorOf, ownerOnly, sendHtml, sessionOf } from './guard.ts';

// Loose at the edge (strings of bounded length); settingsSchema says what is right, and a
// wrong value comes back on the form with its message.
const settingsBody = z.object({
  title: optionalText(1000),
  tagline: text(2000),
  description: text(5000),
  footer: text(5000),
  postsPerPage: text(20),
  dateStyle: optionalText(40),
  defaultCtaLabel: text(1000),
  defaultCtaUrl: text(2000),
});
const auditQuery = z.object({ page: optionalText(10), action: optionalText(200), actor: optionalText(1000) });

const AUDIT_PAGE = 100;

export function ownerRoutes(app: App) {
  const style = app.styleUrl;
  return async function (plain: FastifyInstance): Promise<void> {
    const f = plain.withTypeProvider<ZodProvider>();
    f.get('/admin/settings', { config: { roles: ownerOnly }, schema: { querystring: doneQuery } }, async (req, reply) => {
      const session = sessionOf(req);
      const notice = req.query.done === 'saved' ? '保存しました。' : undefined;
      return sendHtml(reply, renderSettings(style, session, (await app.siteContext()).settings, notice));
    });
    f.post('/admin/settings', { config: { roles: ownerOnly }, schema: { body: settingsBody } }, async (req, reply) => {
      const session = sessionOf(req);
      const b = req.body;
      const parsed = settingsSchema.safeParse({
        title: b.title,
        tagline: b.tagline,
        description: b.description,
        footer: b.footer,
        postsPerPage: Number(b.postsPerPage),
        dateStyle: b.dateStyle,
        defaultCtaLabel: b.defaultCtaLabel,
        defaultCtaUrl: b.defaultCtaUrl,
      });
      if (!parsed.success) {
        const current = (await app.siteContext()).settings;
        return sendHtml(
          reply,
          renderSettings(
            style,
            session,
            current,
            undefined,
            `入力に誤りがあります: ${parsed.error.issues[0]!.message}（サイト名は必須、1ページの記事数は1〜50）`,
          ),
          400,
        );
      }
      // Comment settings have their own form (/admin/comments/settings): keep them as they are.
      const { commentApproval: _a, commentCloseDays: _c, commentBannedWords: _w, commentMaxLinks: _l, ...site } = parsed.data;
      await updateSettings(app.db, site);
      await audit(app.db.kysely, actorOf(req, session), 'settings.update');
      return reply.code(303).redirect('/admin/settings?done=saved');
    });

    f.get('/admin/audit', { config: { roles: ownerOnly }, schema: { querystring: auditQuery } }, async (req, reply) => {
      const session = sessionOf(req);
      const q = req.query;
      const page = pageParam(q.page);
      const filter = { action: q.action?.slice(0, 60) || undefined, actor: q.actor?.trim().toLowerCase().slice(0, 254) || undefined };
      const { rows, total } = await listAudit(app.db.kysely, filter, AUDIT_PAGE, (page - 1) * AUDIT_PAGE);
      await audit(app.db.kysely, actorOf(req, session), 'audit.view');
      return sendHtml(reply, renderAuditLog(style, session, rows, total, filter, page, Math.max(1, Math.ceil(total / AUDIT_PAGE))));
    });
  };
}
