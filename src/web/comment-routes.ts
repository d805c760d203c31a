// Comments for readers: sending one from under a post, the pages of comments beyond the
// post's own (/posts/SLUG/comments?page=N), and the commenter's own link to withdraw.
//
// Sending is guarded like event registration (web/form-guard.ts): honeypot, a signed form
// token at least 3 s old, 5 comments per 10 minutes per address. A refused comment shows
// the post again with the message and the reader's input, and nothing is stored.
import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { App } from '../app.ts';
import { checkWithdrawToken, commentablePost, commentPage, CommentError, postComment, withdrawComment } from '../comments/service.ts';
import type { CommentFormValues } from '../render/comments.tsx';
import { renderCommentsPage } from '../render/pages/comments.tsx';
import { renderMessage, type MessagePage } from '../render/pages/message.tsx';
import { notFound } from './errors.ts';
import { addressHash, checkForm, registerRateLimit, sendPrivate } from './form-guard.ts';
import { cachedPage, pageKey } from './page.ts';
import { pagedQuery, slugParams } from './params.ts';
import { formFields, parsed, tokenQuery, zodValidator, type FormFields, type ZodProvider } from './validation.ts';
import { renderPostPage } from './post-page.ts';

function text(body: FormFields, name: string): string {
  const v = body[name];
  return typeof v === 'string' ? v : '';
}

export function commentRoutes(app: App) {
  async function message(reply: FastifyReply, m: MessagePage, status = 200) {
    return sendPrivate(reply, renderMessage(await app.siteContext(), m), status);
  }

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
          const page = await commentPage(app.db, post, site.settings, pageNo);
          if (pageNo > page.totalPages) throw notFound('このページにはコメントがありません。');
          return { body: renderCommentsPage(site, post, page) };
        },
        { page: pageKey },
      ),
    );

    f.post(
      '/posts/:slug/comments',
      { config: { rateLimit: { max: 5, timeWindow: '10 minutes' } }, schema: { params: slugParams, body: formFields } },
      async (req, reply) => {
        const slug = req.params.slug;
        const body = req.body;
        const values: CommentFormValues = {
          name: text(body, 'name'),
          email: text(body, 'email'),
          body: text(body, 'body'),
          notify: body.notify === 'yes',
        };
        const again = async (error: string, status: number) => {
          try {
            return sendPrivate(reply, await renderPostPage(app, slug, { values, error }), status);
          } catch (err) {
            // The post itself is gone (unknown, unpublished): a page saying so.
            if ((err as { status?: number }).status === 404)
              return message(reply, { title: '記事が見つかりません', lines: [error], status: 'error' }, 404);
            throw err;
          }
        };
        const post = await commentablePost(app.db, slug);
        if (!post) return again('記事が見つかりません。', 404);
        const check = checkForm(app.sealer.tokenKeys, body, `post-${post.id}`);
        if (!check.ok) return again(check.message, 400);
        const site = await app.siteContext();
        let posted;
        try {
          posted = await postComment(
            { db: app.db, sealer: app.sealer, settings: site.settings },
            slug,
            { name: values.name ?? '', email: values.email ?? '', body: values.body ?? '', notify: values.notify === true },
            addressHash(app.sealer.tokenKeys, req.ip),
          );
        } catch (err) {
          if (err instanceof CommentError) return again(err.message, err.status);
          throw err;
        }
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
        return message(
          reply,
          {
            title: 'リンクが使えません',
            lines: [
              check.reason === 'expired'
                ? 'このリンクの有効期限（30日）が切れています。削除をご希望の場合は、サイトの管理者にお知らせください。'
                : 'このリンクは正しくありません。表示されたリンクをそのまま開いてください。',
            ],
            status: 'error',
          },
          check.reason === 'expired' ? 410 : 400,
        );
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
