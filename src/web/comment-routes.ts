// Comments for readers: the form under a post and on the reply page
// (/posts/SLUG/comments/ID/reply), its 確認 (preview) step, the final 送信, the pages of
// comments beyond the post's own (/posts/SLUG/comments?page=N), and the commenter's own link
// to withdraw.
//
// The post page is cached (and a CDN may keep it), so its form carries only the honeypot.
// The 確認 step is never cached: it runs every check, shows the comment as it will appear,
// and issues the signed form token, bound to the post, the comment answered and the exact
// content. The 送信 from there must come at least 3 s after the preview was issued (a person
// reads it; a bot does not), else the preview again with a message. Refused input shows the
// form again with the message and the reader's input, and nothing is stored.
import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { App } from '../app.ts';
import {
  checkComment,
  checkWithdrawToken,
  WITHDRAW_LINK_PROBLEMS,
  commentablePost,
  commentNotice,
  commentPage,
  CommentError,
  draftSubject,
  isOpen,
  replyTarget,
  saveComment,
  withdrawComment,
  type CommentDraft,
} from '../comments/service.ts';
import type { CommentFormValues } from '../render/comments.tsx';
import { renderCommentFormPage, renderCommentPreview } from '../render/pages/comment-form.tsx';
import { renderCommentsPage } from '../render/pages/comments.tsx';
import { renderMessage, unusableLinkPage, type MessagePage } from '../render/pages/message.tsx';
import { notFound } from './errors.ts';
import { addressHash, checkForm, checkHoneypot, issueFormToken, registerRateLimit, sendPrivate } from './form-guard.ts';
import { cachedPage, pageKey } from './page.ts';
import { pagedQuery, slugParam, slugParams } from './params.ts';
import { checked, formFields, parsed, tokenQuery, zodValidator, type FormFields, type ZodProvider } from './validation.ts';

/** How long a preview's 送信 stays valid (then the reader previews again, input kept). */
export const PREVIEW_VALID_MS = 2 * 3600_000;

const replyParams = z.object({
  slug: checked(slugParam),
  id: z
    .string()
    .regex(/^\d{1,12}$/)
    .transform(Number),
});

function text(body: FormFields, name: string): string {
  const v = body[name];
  return typeof v === 'string' ? v : '';
}

function valuesOf(body: FormFields): Required<CommentFormValues> {
  return { name: text(body, 'name'), email: text(body, 'email'), body: text(body, 'body'), notify: body.notify === 'yes' };
}

/** The comment a reply answers, from the form's hidden field (absent: a comment on the post). */
function parentOf(body: FormFields): number | undefined {
  const v = text(body, 'parent');
  if (v === '') return undefined;
  return /^\d{1,12}$/.test(v) ? Number(v) : 0;
}

export function commentRoutes(app: App) {
  async function message(reply: FastifyReply, m: MessagePage, status = 200) {
    return sendPrivate(reply, renderMessage(await app.siteContext(), m), status);
  }

  /** The form again (the reply page for a reply) with the message and the reader's input. */
  async function formAgain(
    reply: FastifyReply,
    slug: string,
    parentId: number | undefined,
    values: CommentFormValues,
    error: string,
    status: number,
  ) {
    const post = await commentablePost(app.db, slug);
    if (!post) return message(reply, { title: '記事が見つかりません', lines: [error], status: 'error' }, 404);
    // A closed post: no form to show again.
    if (status === 410)
      return message(
        reply,
        {
          title: 'コメントの受付は終了しました',
          lines: [error],
          link: { href: `/posts/${encodeURIComponent(post.slug)}#comments`, label: '記事に戻る' },
          status: 'error',
        },
        410,
      );
    const parent = parentId === undefined ? undefined : await replyTarget(app.db, post.id, parentId);
    if (parentId !== undefined && !parent)
      return message(
        reply,
        {
          title: '返信先が見つかりません',
          lines: [error],
          link: { href: `/posts/${encodeURIComponent(post.slug)}#comments`, label: '記事に戻る' },
          status: 'error',
        },
        404,
      );
    const site = await app.siteContext();
    const form = { notice: commentNotice(site.settings.title), values, error, ...(parent ? { parentId: parent.id } : {}) };
    return sendPrivate(
      reply,
      renderCommentFormPage(site, { post, ...(parent ? { parent: { ...parent, replies: [] } } : {}), form }),
      status,
    );
  }

  /** The 確認 step's page: the comment as it will appear and the 送信 button with `formToken`. */
  async function preview(reply: FastifyReply, draft: CommentDraft, formToken: string, values: CommentFormValues, error?: string) {
    const site = await app.siteContext();
    const parent = draft.parent ? await replyTarget(app.db, draft.post.id, draft.parent.id) : undefined;
    const html = renderCommentPreview(site, {
      post: draft.post,
      ...(parent ? { parent: { ...parent, replies: [] } } : {}),
      comment: {
        id: 0,
        name: draft.input.name,
        bodyHtml: draft.bodyHtml,
        createdAt: new Date().toISOString(),
        byAuthor: false,
        replies: [],
      },
      shownAtOnce: draft.status === 'approved',
      formToken,
      values,
      notice: commentNotice(site.settings.title),
      ...(error ? { error } : {}),
    });
    return sendPrivate(reply, html, error ? 400 : 200);
  }

  const context = async () => ({
    db: app.db,
    sealer: app.sealer,
    settings: (await app.siteContext()).settings,
    siteUrl: app.config.siteUrl,
  });

  return async function (plugin: FastifyInstance): Promise<void> {
    plugin.setValidatorCompiler(zodValidator);
    const f = plugin.withTypeProvider<ZodProvider>();
    await f.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
    await registerRateLimit(f, app.sealer.tokenKeys);

    f.get(
      '/posts/:slug/comments',
      cachedPage(
        app,
        async (req) => {
          const {
            params: { slug },
            query: { page: pageNo },
          } = parsed(req, { params: slugParams, querystring: pagedQuery });
          const [site, post] = await Promise.all([app.siteContext(), commentablePost(app.db, slug)]);
          if (!post) throw notFound();
          const page = await commentPage(app.db, post, site.settings, pageNo, app.remember);
          if (pageNo > page.totalPages) throw notFound('このページにはコメントがありません。');
          return { body: renderCommentsPage(site, post, page) };
        },
        { page: pageKey },
      ),
    );

    // The reply page: never cached (like the 確認 step it leads to).
    f.get('/posts/:slug/comments/:id/reply', { schema: { params: replyParams } }, async (req, reply) => {
      const { slug, id } = req.params;
      const [site, post] = await Promise.all([app.siteContext(), commentablePost(app.db, slug)]);
      if (!post) throw notFound();
      const parent = await replyTarget(app.db, post.id, id);
      if (!parent) throw notFound('返信先のコメントが見つかりません。');
      if (!(await isOpen(app.db, post, site.settings)))
        return message(
          reply,
          {
            title: 'コメントの受付は終了しました',
            lines: ['この記事のコメントの受付は終了しました。'],
            link: { href: `/posts/${encodeURIComponent(post.slug)}#comments`, label: '記事に戻る' },
          },
          410,
        );
      const form = { notice: commentNotice(site.settings.title), parentId: parent.id };
      return sendPrivate(reply, renderCommentFormPage(site, { post, parent: { ...parent, replies: [] }, form }));
    });

    f.post(
      '/posts/:slug/comments/preview',
      { config: { rateLimit: { max: 30, timeWindow: '10 minutes' } }, schema: { params: slugParams, body: formFields } },
      async (req, reply) => {
        const slug = req.params.slug;
        const values = valuesOf(req.body);
        const parentId = parentOf(req.body);
        const honeypot = checkHoneypot(req.body);
        if (!honeypot.ok) return formAgain(reply, slug, parentId, values, honeypot.message, 400);
        let draft;
        try {
          draft = await checkComment(await context(), slug, values, addressHash(app.sealer.tokenKeys, req.ip), parentId);
        } catch (err) {
          if (err instanceof CommentError) return formAgain(reply, slug, parentId, values, err.message, err.status);
          throw err;
        }
        return preview(reply, draft, issueFormToken(app.sealer.tokenKeys, draftSubject(draft), PREVIEW_VALID_MS), values);
      },
    );

    f.post(
      '/posts/:slug/comments',
      { config: { rateLimit: { max: 5, timeWindow: '10 minutes' } }, schema: { params: slugParams, body: formFields } },
      async (req, reply) => {
        const slug = req.params.slug;
        const body = req.body;
        const values = valuesOf(body);
        const parentId = parentOf(body);
        const ctx = await context();
        const address = addressHash(app.sealer.tokenKeys, req.ip);
        let draft;
        try {
          draft = await checkComment(ctx, slug, values, address, parentId);
        } catch (err) {
          if (err instanceof CommentError) return formAgain(reply, slug, parentId, values, err.message, err.status);
          throw err;
        }
        // The token must be the preview's for exactly this content, and old enough.
        const check = checkForm(app.sealer.tokenKeys, body, draftSubject(draft));
        if (!check.ok && check.reason === 'too-fast') return preview(reply, draft, text(body, '_form'), values, check.message);
        if (!check.ok) return formAgain(reply, slug, parentId, values, check.message, 400);
        const posted = await saveComment(ctx, draft, address);
        if (posted.status === 'approved' && draft.parent) app.nudgeMail();
        const withdraw = `/comments/withdraw?t=${encodeURIComponent(posted.withdrawToken)}`;
        const keep = `このコメントを取り消すときは、次のリンクを開いてください（あなた専用、30日間有効）。いまブックマークなどで控えておいてください: ${app.config.siteUrl}${withdraw}`;
        if (posted.status === 'approved') {
          return message(reply, {
            title: 'コメントを公開しました',
            lines: [`「${posted.post.title}」へのコメントを公開しました。ありがとうございます。`, keep],
            link: { href: `/posts/${encodeURIComponent(posted.post.slug)}#comment-${posted.id}`, label: '記事に戻る' },
          });
        }
        // Held and spam get the same answer: a bot learns nothing from it.
        return message(reply, {
          title: 'コメントを受け付けました',
          lines: [`「${posted.post.title}」へのコメントを受け付けました。投稿者が確認してから公開されます。`, keep],
          link: { href: `/posts/${encodeURIComponent(posted.post.slug)}`, label: '記事に戻る' },
        });
      },
    );

    f.get('/comments/withdraw', { schema: { querystring: tokenQuery } }, async (req, reply) => {
      const token = req.query.t;
      const check = checkWithdrawToken(app.sealer, token);
      if (!check.ok) {
        const refused = unusableLinkPage(check.reason, WITHDRAW_LINK_PROBLEMS);
        return message(reply, refused.page, refused.status);
      }
      return message(reply, {
        title: 'コメントの取り消し',
        lines: ['下のボタンを押すと、あなたのコメントと、一緒に保存したメールアドレスなどの情報が削除されます。元には戻せません。'],
        button: { action: '/comments/withdraw', hidden: { t: String(token) }, label: 'コメントを削除する' },
      });
    });

    f.post(
      '/comments/withdraw',
      { config: { rateLimit: { max: 30, timeWindow: '10 minutes' } }, schema: { body: formFields } },
      async (req, reply) => {
        try {
          const r = await withdrawComment({ db: app.db, sealer: app.sealer }, req.body.t);
          return message(reply, {
            title: 'コメントを削除しました',
            lines: [`「${r.post.title}」へのコメントと、一緒に保存した情報を削除しました。`],
            link: { href: `/posts/${encodeURIComponent(r.post.slug)}`, label: '記事に戻る' },
          });
        } catch (err) {
          if (err instanceof CommentError)
            return message(reply, { title: '削除できません', lines: [err.message], status: 'error' }, err.status);
          throw err;
        }
      },
    );
  };
}
