// Comments in the admin (owners and editors moderate; owners change the settings). Every
// action is in the audit log (comments/service.ts). Roles are declared per route (guard.ts);
// requests are typed at the edge (validation.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SessionInfo } from '../../accounts/service.ts';
import type { App } from '../../app.ts';
import { audit } from '../../audit/service.ts';
import {
  CommentError,
  countsByStatus,
  listComments,
  moderate,
  postsWithComments,
  replyAsAuthor,
  setCommentsOpen,
  threadModeOf,
  type ModerationAction,
} from '../../comments/service.ts';
import { renderCommentList, renderCommentSettings } from '../../render/admin/comments.tsx';
import { settingsSchema } from '../../site/settings.ts';
import { updateSettings } from '../../site/write.ts';
import { idParams, optionalText, text, textList, type ZodProvider } from '../validation.ts';
import { actorOf, ownerOnly, sendHtml, sessionOf, staff } from './guard.ts';

const notices: Record<string, string> = {
  approve: '承認しました。',
  spam: 'スパムにしました。',
  delete: '削除しました。',
  reply: '返信を公開しました。',
  thread: 'この記事のコメントの受付を変更しました。',
  saved: '保存しました。',
  none: 'コメントが選ばれていません。',
};

const listQuery = z.object({
  status: z.enum(['held', 'approved', 'spam', '']).optional(),
  post: z
    .string()
    .regex(/^\d{0,10}$/, '記事の番号が正しくありません')
    .optional()
    .transform((v) => (v ? Number(v) : undefined)),
  done: optionalText(40),
});

const actionParams = z.object({ id: idParams.shape.id, action: z.enum(['approve', 'spam', 'delete', 'reply']) });
const replyBody = z.object({ body: text(20_000) });
const bulkBody = z.object({ action: z.enum(['approve', 'spam', 'delete'], { error: '操作を選んでください' }), ids: textList(12, 1000) });
const threadBody = z.object({ mode: z.enum(['open', 'closed', 'auto'], { error: '受付の設定を選んでください' }) });
// Loose at the edge; settingsSchema says what is right.
const settingsBody = z.object({
  commentApproval: text(10),
  commentCloseDays: text(10),
  commentMaxLinks: text(10),
  commentBannedWords: text(5000),
});

type ListQuery = z.output<typeof listQuery>;

export function commentAdminRoutes(app: App) {
  const style = app.styleUrl;

  /** Back to the list the action came from (its filters kept). */
  function back(req: FastifyRequest, reply: FastifyReply, done: string) {
    let query = '';
    try {
      const u = req.headers.referer ? new URL(req.headers.referer) : undefined;
      if (u && u.pathname === '/admin/comments') {
        u.searchParams.delete('done');
        query = u.searchParams.toString();
      }
    } catch {
      // a referer that is not a URL: the plain list
    }
    return reply.code(303).redirect(`/admin/comments?${query ? `${query}&` : ''}done=${done}`);
  }

  async function list(
    reply: FastifyReply,
    session: SessionInfo,
    q: Partial<ListQuery>,
    messages: { notice?: string; error?: string } = {},
    status = 200,
  ) {
    const filter = { status: q.status || undefined, postId: q.post };
    const [comments, posts, counts, threadMode] = await Promise.all([
      listComments(app.db, filter),
      postsWithComments(app.db),
      countsByStatus(app.db),
      q.post ? threadModeOf(app.db, q.post) : Promise.resolve(undefined),
    ]);
    const notice = messages.notice ?? notices[q.done ?? ''];
    return sendHtml(
      reply,
      renderCommentList(style, session, comments, { ...filter, posts, threadMode }, counts, { ...messages, notice }),
      status,
    );
  }

  return async function (plain: FastifyInstance): Promise<void> {
    const f = plain.withTypeProvider<ZodProvider>();
    const config = { roles: staff };
    // An approved reply tells the commenter answered (comments/service.ts moderate).
    const replyNotices = { sealer: app.sealer, siteUrl: app.config.siteUrl };

    f.get('/admin/comments', { config, schema: { querystring: listQuery } }, async (req, reply) => list(reply, sessionOf(req), req.query));

    f.post('/admin/comments/:id/:action', { config, schema: { params: actionParams } }, async (req, reply) => {
      const session = sessionOf(req);
      const { id, action } = req.params;
      if (action === 'reply') {
        const body = replyBody.safeParse(req.body ?? {});
        try {
          await replyAsAuthor(
            { db: app.db, sealer: app.sealer, siteUrl: app.config.siteUrl },
            id,
            { name: session.user.display_name, body: body.success ? body.data.body : '' },
            actorOf(req, session),
          );
        } catch (err) {
          if (err instanceof CommentError) return list(reply, session, {}, { error: err.message }, err.status === 404 ? 404 : 400);
          throw err;
        }
        app.nudgeMail();
        return back(req, reply, 'reply');
      }
      await moderate(app.db, action, [id], actorOf(req, session), replyNotices);
      if (action === 'approve') app.nudgeMail();
      return back(req, reply, action);
    });

    f.post('/admin/comments/bulk', { config, schema: { body: bulkBody } }, async (req, reply) => {
      const session = sessionOf(req);
      const ids = req.body.ids.filter((v) => /^\d{1,10}$/.test(v)).map(Number);
      if (!ids.length) return back(req, reply, 'none');
      await moderate(app.db, req.body.action as ModerationAction, ids, actorOf(req, session), replyNotices);
      if (req.body.action === 'approve') app.nudgeMail();
      return back(req, reply, req.body.action);
    });

    f.post('/admin/comments/posts/:id/thread', { config, schema: { params: idParams, body: threadBody } }, async (req, reply) => {
      const session = sessionOf(req);
      try {
        await setCommentsOpen(app.db, req.params.id, req.body.mode, actorOf(req, session));
      } catch (err) {
        if (err instanceof CommentError) return list(reply, session, {}, { error: err.message }, 404);
        throw err;
      }
      return reply.code(303).redirect(`/admin/comments?post=${req.params.id}&done=thread`);
    });

    f.get(
      '/admin/comments/settings',
      { config: { roles: ownerOnly }, schema: { querystring: z.object({ done: optionalText(40) }) } },
      async (req, reply) => {
        const session = sessionOf(req);
        return sendHtml(
          reply,
          renderCommentSettings(style, session, (await app.siteContext()).settings, {
            notice: req.query.done === 'saved' ? notices.saved : undefined,
          }),
        );
      },
    );

    f.post('/admin/comments/settings', { config: { roles: ownerOnly }, schema: { body: settingsBody } }, async (req, reply) => {
      const session = sessionOf(req);
      const b = req.body;
      const parsed = settingsSchema
        .pick({ commentApproval: true, commentCloseDays: true, commentMaxLinks: true, commentBannedWords: true })
        .safeParse({
          commentApproval: b.commentApproval,
          commentCloseDays: Number(b.commentCloseDays),
          commentMaxLinks: Number(b.commentMaxLinks),
          commentBannedWords: b.commentBannedWords,
        });
      if (!parsed.success) {
        return sendHtml(
          reply,
          renderCommentSettings(style, session, (await app.siteContext()).settings, {
            error: '入力に誤りがあります（日数は0〜3650、リンクの上限は0〜50、禁止語は5,000文字まで）。',
          }),
          400,
        );
      }
      await updateSettings(app.db, parsed.data);
      await audit(app.db.kysely, actorOf(req, session), 'comment.settings');
      return reply.code(303).redirect('/admin/comments/settings?done=saved');
    });
  };
}
