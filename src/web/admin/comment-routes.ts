// Comments in the admin (owners and editors moderate; owners change the settings). Every
// action is in the audit log (comments/service.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SessionInfo } from '../../accounts/service.ts';
import type { App } from '../../app.ts';
import { CommentError, countsByStatus, listComments, moderate, postsWithComments, replyAsAuthor, setCommentsOpen, threadModeOf, type ModerationAction } from '../../comments/service.ts';
import type { CommentStatus } from '../../db/schema.ts';
import { audit } from '../../audit/service.ts';
import { renderCommentList, renderCommentSettings } from '../../render/admin/comments.tsx';
import { settingsSchema } from '../../site/settings.ts';
import { updateSettings } from '../../site/write.ts';
import { actorOf, requireRole, requireSession, sendHtml } from './guard.ts';

type Body = Record<string, unknown>;

const notices: Record<string, string> = {
  approve: '承認しました。',
  spam: 'スパムにしました。',
  delete: '削除しました。',
  reply: '返信を公開しました。',
  thread: 'この記事のコメントの受付を変更しました。',
  saved: '保存しました。',
  none: 'コメントが選ばれていません。',
};

const ACTIONS: ModerationAction[] = ['approve', 'spam', 'delete'];

function statusOf(v: unknown): CommentStatus | undefined {
  return v === 'held' || v === 'approved' || v === 'spam' ? v : undefined;
}

function idsOf(v: unknown): number[] {
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.map((x) => (typeof x === 'string' && /^\d{1,12}$/.test(x) ? Number(x) : NaN)).filter((n) => Number.isSafeInteger(n));
}

export function commentAdminRoutes(app: App) {
  const style = app.styleUrl;

  async function moderator(req: FastifyRequest, reply: FastifyReply): Promise<SessionInfo | undefined> {
    const session = await requireSession(app, req, reply);
    if (!session) return undefined;
    requireRole(session, ['owner', 'editor']);
    return session;
  }

  /** Back to the list the action came from (its filters kept). */
  function back(req: FastifyRequest, reply: FastifyReply, done: string) {
    const from = req.headers.referer;
    let query = '';
    try {
      const u = from ? new URL(from) : undefined;
      if (u && u.pathname === '/admin/comments') {
        u.searchParams.delete('done');
        query = u.searchParams.toString();
      }
    } catch {
      // a referer that is not a URL: the plain list
    }
    return reply.code(303).redirect(`/admin/comments?${query ? `${query}&` : ''}done=${done}`);
  }

  async function list(req: FastifyRequest, reply: FastifyReply, session: SessionInfo, messages: { notice?: string; error?: string } = {}, status = 200) {
    const q = req.query as Record<string, unknown>;
    const postId = typeof q.post === 'string' && /^\d{1,12}$/.test(q.post) ? Number(q.post) : undefined;
    const filter = { status: statusOf(q.status), postId };
    const [comments, posts, counts, threadMode] = await Promise.all([
      listComments(app.db, filter),
      postsWithComments(app.db),
      countsByStatus(app.db),
      postId ? threadModeOf(app.db, postId) : Promise.resolve(undefined),
    ]);
    const notice = messages.notice ?? notices[typeof q.done === 'string' ? q.done : ''];
    return sendHtml(reply, renderCommentList(style, session, comments, { ...filter, posts, threadMode }, counts, { ...messages, notice }), status);
  }

  return async function (f: FastifyInstance): Promise<void> {
    f.get('/admin/comments', async (req, reply) => {
      const session = await moderator(req, reply);
      if (!session) return;
      return list(req, reply, session);
    });

    f.post('/admin/comments/:id/:action', async (req, reply) => {
      const session = await moderator(req, reply);
      if (!session) return;
      const { id, action } = req.params as { id: string; action: string };
      if (!/^\d{1,12}$/.test(id)) return reply.callNotFound();
      if (action === 'reply') {
        const body = (req.body ?? {}) as Body;
        try {
          await replyAsAuthor(
            { db: app.db, sealer: app.sealer, siteUrl: app.config.siteUrl, siteTitle: (await app.siteContext()).settings.title },
            Number(id),
            { name: session.user.display_name, body: typeof body.body === 'string' ? body.body : '' },
            actorOf(req, session),
          );
        } catch (err) {
          if (err instanceof CommentError) return list(req, reply, session, { error: err.message }, err.status === 404 ? 404 : 400);
          throw err;
        }
        app.nudgeMail();
        return back(req, reply, 'reply');
      }
      if (!ACTIONS.includes(action as ModerationAction)) return reply.callNotFound();
      await moderate(app.db, action as ModerationAction, [Number(id)], actorOf(req, session));
      return back(req, reply, action);
    });

    f.post('/admin/comments/bulk', async (req, reply) => {
      const session = await moderator(req, reply);
      if (!session) return;
      const body = (req.body ?? {}) as Body;
      const action = body.action as ModerationAction;
      if (!ACTIONS.includes(action)) return list(req, reply, session, { error: '操作を選んでください。' }, 400);
      const ids = idsOf(body.ids);
      if (!ids.length) return back(req, reply, 'none');
      await moderate(app.db, action, ids, actorOf(req, session));
      return back(req, reply, action);
    });

    f.post('/admin/comments/posts/:id/thread', async (req, reply) => {
      const session = await moderator(req, reply);
      if (!session) return;
      const id = (req.params as { id: string }).id;
      const mode = ((req.body ?? {}) as Body).mode;
      if (!/^\d{1,12}$/.test(id) || (mode !== 'open' && mode !== 'closed' && mode !== 'auto')) return list(req, reply, session, { error: '受付の設定を選んでください。' }, 400);
      try {
        await setCommentsOpen(app.db, Number(id), mode, actorOf(req, session));
      } catch (err) {
        if (err instanceof CommentError) return list(req, reply, session, { error: err.message }, 404);
        throw err;
      }
      return reply.code(303).redirect(`/admin/comments?post=${id}&done=thread`);
    });

    f.get('/admin/comments/settings', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      requireRole(session, ['owner']);
      const done = (req.query as Record<string, unknown>).done;
      return sendHtml(reply, renderCommentSettings(style, session, (await app.siteContext()).settings, { notice: done === 'saved' ? notices.saved : undefined }));
    });

    f.post('/admin/comments/settings', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      requireRole(session, ['owner']);
      const b = (req.body ?? {}) as Body;
      const parsed = settingsSchema
        .pick({ commentApproval: true, commentCloseDays: true, commentMaxLinks: true, commentBannedWords: true })
        .safeParse({ commentApproval: b.commentApproval, commentCloseDays: Number(b.commentCloseDays), commentMaxLinks: Number(b.commentMaxLinks), commentBannedWords: typeof b.commentBannedWords === 'string' ? b.commentBannedWords : '' });
      if (!parsed.success) {
        return sendHtml(reply, renderCommentSettings(style, session, (await app.siteContext()).settings, { error: '入力に誤りがあります（日数は0〜3650、リンクの上限は0〜50、禁止語は5,000文字まで）。' }), 400);
      }
      await updateSettings(app.db, parsed.data);
      await audit(app.db.kysely, actorOf(req, session), 'comment.settings');
      return reply.code(303).redirect('/admin/comments/settings?done=saved');
    });
  };
}
