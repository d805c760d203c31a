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
import { actorOf, requireRole, requireSession, sendHtml } from './guard.ts';

type Body = Record<string, string | undefined>;


const AUDIT_PAGE = 100;

export function ownerRoutes(app: App) {
  const style = app.styleUrl;
  return async function (f: FastifyInstance): Promise<void> {
    f.get('/admin/settings', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      requireRole(session, ['owner']);
      const notice = (req.query as Record<string, string>).done === 'saved' ? '保存しました。' : undefined;
      return sendHtml(reply, renderSettings(style, session, (await app.siteContext()).settings, notice));
    });
    f.post('/admin/settings', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      requireRole(session, ['owner']);
      const b = (req.body ?? {}) as Body;
      const parsed = settingsSchema.safeParse({
        title: b.title,
        tagline: b.tagline ?? '',
        description: b.description ?? '',
        footer: b.footer ?? '',
        postsPerPage: Number(b.postsPerPage),
        dateStyle: b.dateStyle,
        defaultCtaLabel: b.defaultCtaLabel ?? '',
        defaultCtaUrl: b.defaultCtaUrl ?? '',
      });
      if (!parsed.success) {
        const current = (await app.siteContext()).settings;
        return sendHtml(reply, renderSettings(style, session, current, undefined, `入力に誤りがあります: ${parsed.error.issues[0]!.message}（サイト名は必須、1ページの記事数は1〜50）`), 400);
      }
      // Comment settings have their own form (/admin/comments/settings): keep them as they are.
      const { commentApproval: _a, commentCloseDays: _c, commentBannedWords: _w, commentMaxLinks: _l, ...site } = parsed.data;
      await updateSettings(app.db, site);
      await audit(app.db.kysely, actorOf(req, session), 'settings.update');
      return reply.code(303).redirect('/admin/settings?done=saved');
    });

    f.get('/admin/audit', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      requireRole(session, ['owner']);
      const q = req.query as Record<string, string | undefined>;
      const page = pageParam(q.page);
      const filter = { action: q.action?.slice(0, 60) || undefined, actor: q.actor?.trim().toLowerCase().slice(0, 254) || undefined };
      const { rows, total } = await listAudit(app.db.kysely, filter, AUDIT_PAGE, (page - 1) * AUDIT_PAGE);
      await audit(app.db.kysely, actorOf(req, session), 'audit.view');
      return sendHtml(reply, renderAuditLog(style, session, rows, total, filter, page, Math.max(1, Math.ceil(total / AUDIT_PAGE))));
    });
  };
}
