// Comments under a post: the approved ones oldest first with one level of replies (the
// author's marked 投稿者) and a 返信 link under each, a link to the rest beyond the first
// page, and the form — or コメントの受付は終了しました. The form sends to a 確認 (preview)
// step, never cached, which issues the signed form token (see web/comment-routes.ts). A body
// is drawn from its HTML made when it was saved (comments/text.ts bodyHtml): text escaped,
// URLs as links with rel="nofollow ugc noopener", line breaks as <br/>, nothing else.
import type { JSX } from 'preact';
import type { CommentPage, CommentView } from '../comments/service.ts';
import { BODY_MAX, NAME_MAX } from '../comments/service.ts';
import { bodyHtml } from '../comments/text.ts';
import { postPath } from './components.tsx';
import { BotFields, Field } from './form.tsx';
import { formatMinute } from '../time.ts';
import { Lines } from './layout.tsx';
import { escapeHtml } from '../escape.ts';
import { htmlSlot } from './slots.ts';
import { esc, Raw } from './html.tsx';
import { render } from 'preact-render-to-string';

export interface CommentFormValues {
  name?: string;
  email?: string;
  body?: string;
  notify?: boolean;
}

export interface CommentFormState {
  notice: string;
  values?: CommentFormValues;
  error?: string;
  /** The comment a reply answers (the reply page). */
  parentId?: number;
}

/** A body given as text (the admin's lists): drawn as its HTML would be. */
export function CommentBody({ body }: { body: string }): JSX.Element {
  return <div class="comment-body" dangerouslySetInnerHTML={{ __html: bodyHtml(body) }} />;
}

export function replyPath(slug: string, commentId: number): string {
  return `${postPath(slug)}/comments/${commentId}/reply`;
}

// A page holds up to 100 comments and their replies: they are written as one string (every
// value escaped here, the body's HTML made when it was saved) rather than as a component
// tree, which took most of the page's time.
function commentHtml(c: CommentView, replyBase: string | undefined, reply: boolean): string {
  const id = `comment-${c.id}`;
  const replies = c.replies.length
    ? `<ol class="comment-replies" aria-label="${escapeHtml(`${c.name}さんへの返信`)}">${c.replies.map((r) => commentHtml(r, undefined, true)).join('')}</ol>`
    : '';
  // The link is described by the name it answers (a hundred bare 返信 links tell a screen
  // reader user nothing).
  const answer = replyBase ? ` <a class="comment-reply-link" href="${replyBase}${c.id}/reply" aria-describedby="${id}-by">返信</a>` : '';
  return (
    `<li id="${id}" class="comment${reply ? ' comment-reply' : ''}${c.byAuthor ? ' by-author' : ''}"><article aria-labelledby="${id}-by">` +
    `<p class="comment-meta"><span id="${id}-by" class="comment-author">${escapeHtml(c.name)}${c.byAuthor ? '<span class="comment-badge">（投稿者）</span>' : ''}</span> ` +
    `<a class="comment-date" href="#${id}"><time datetime="${escapeHtml(c.createdAt)}">${formatMinute(c.createdAt)}</time></a>${answer}</p>` +
    `<div class="comment-body">${typeof c.bodyHtml === 'string' ? c.bodyHtml : htmlSlot(c.bodyHtml)}</div></article>${replies}</li>`
  );
}

/** The comments, each top-level one with a 返信 link when `slug` is given (comments open). */
export function commentListHtml(items: CommentView[], slug?: string): string {
  // The reply pages' common start, escaped once: /posts/SLUG/comments/ (then ID/reply).
  const replyBase = slug === undefined ? undefined : escapeHtml(`${postPath(slug)}/comments/`);
  return `<ol class="comment-list">${items.map((c) => commentHtml(c, replyBase, false)).join('')}</ol>`;
}

export function CommentList({ items, slug }: { items: CommentView[]; slug?: string }): JSX.Element {
  return <Raw html={commentListHtml(items, slug)} />;
}

export function commentsPagePath(slug: string, page: number): string {
  return `${postPath(slug)}/comments${page > 1 ? `?page=${page}` : ''}`;
}

/** Links to the other pages of comments (2 … n), or back to page 1 (the post). */
export function commentPagesHtml(slug: string, page: number, totalPages: number): string {
  if (totalPages <= 1) return '';
  let html = '<nav class="pagination comment-pages" aria-label="コメントのページ"><ol>';
  for (let n = 1; n <= totalPages; n++) {
    html +=
      n === page
        ? `<li><span aria-current="page">${n}</span></li>`
        : `<li><a href="${esc(n === 1 ? `${postPath(slug)}#comments` : commentsPagePath(slug, n))}">${n}</a></li>`;
  }
  return `${html}</ol></nav>`;
}

/** The form under a post and on the reply page. It sends to the 確認 step; it carries the
 * honeypot but no form token (the page may come from a cache). */
export function CommentForm({ slug, state }: { slug: string; state: CommentFormState }): JSX.Element {
  const v = state.values ?? {};
  return (
    <form class="comment-form" id="comment-form" method="post" action={`${postPath(slug)}/comments/preview`}>
      <h3>{state.parentId ? '返信を書く' : 'コメントを書く'}</h3>
      {state.error ? (
        <p class="form-error" role="alert">
          {state.error}
        </p>
      ) : null}
      <BotFields />
      {state.parentId ? <input type="hidden" name="parent" value={String(state.parentId)} /> : null}
      <CommentFields values={v} reply={state.parentId !== undefined} />
      <section class="privacy-notice" aria-labelledby="comment-privacy-heading">
        <h4 id="comment-privacy-heading">保存する情報について</h4>
        <Lines text={state.notice.split('\n').slice(1).join('\n')} />
      </section>
      <p>
        <button type="submit" class="button-primary">
          確認画面へ進む
        </button>
      </p>
      <p class="comment-form-note">次の画面で表示を確かめてから送信します。コメントは投稿者が確認してから公開されます。</p>
    </form>
  );
}

/** The fields; a reply has no reply notice to ask for (notices go to the comment answered). */
function CommentFields({ values: v, reply }: { values: CommentFormValues; reply: boolean }): JSX.Element {
  return (
    <>
      <Field
        name="name"
        label="お名前"
        value={v.name}
        autocomplete="nickname"
        maxLength={NAME_MAX}
        hint={`${NAME_MAX}文字まで。コメントと一緒に公開されます。`}
      />
      <Field
        name="email"
        label="メールアドレス"
        type="email"
        value={v.email}
        required={false}
        autocomplete="email"
        hint="公開されません。返信のお知らせを希望する場合にだけ入力してください。"
      />
      <p class="form-field">
        <label for="f-body">
          コメント<span class="required">（必須）</span>
        </label>
        <textarea id="f-body" name="body" rows={6} required maxLength={BODY_MAX}>
          {v.body ?? ''}
        </textarea>
        <small>{BODY_MAX.toLocaleString('ja-JP')}文字まで。改行はそのまま、URLはリンクになります。</small>
      </p>
      {reply ? null : (
        <p class="form-field">
          <label>
            <input type="checkbox" name="notify" value="yes" checked={v.notify} />{' '}
            返信があったらメールで知らせる（メールアドレスの入力が必要です）
          </label>
        </p>
      )}
    </>
  );
}

/** The comments section under a post (page 1) or on /posts/SLUG/comments?page=N; `formHtml`
 * is the form's markup (commentFormHtml), or undefined for a link to it. */
export function commentsSectionHtml(slug: string, page: CommentPage, formHtml?: string, error?: string, headingLevel: 2 | 1 = 2): string {
  const h = headingLevel === 1 ? 'h1' : 'h2';
  return (
    `<section class="comments" id="comments" aria-labelledby="comments-heading"><${h} id="comments-heading">コメント${page.count ? `（${page.count}件）` : ''}</${h}>` +
    (page.items.length
      ? commentListHtml(page.items, page.open ? slug : undefined)
      : page.page === 1
        ? '<p class="comments-empty">まだコメントはありません。</p>'
        : '') +
    commentPagesHtml(slug, page.page, page.totalPages) +
    (page.page === 1 && page.totalPages > 1
      ? `<p class="comments-more"><a href="${esc(commentsPagePath(slug, 2))}">続きのコメントを読む（2ページ目）</a></p>`
      : '') +
    (!page.open
      ? `${error ? `<p class="form-error" role="alert">${esc(error)}</p>` : ''}<p class="comments-closed">コメントの受付は終了しました。</p>`
      : formHtml !== undefined
        ? formHtml
        : `<p class="comments-write"><a href="${esc(postPath(slug))}#comment-form">コメントを書く</a></p>`) +
    '</section>'
  );
}

// The form under a post differs between posts only in its action (the post's path) and
// between sites only in the notice: its markup is made once per notice, the path put in.
const SLUG_MARK = '\u0000slug\u0000';
const formTemplates = new Map<string, [string, string]>();

/** The empty form under a post (no values, no error): CommentForm's markup. */
export function commentFormHtml(slug: string, notice: string): string {
  let template = formTemplates.get(notice);
  if (!template) {
    const [head, tail] = render(<CommentForm slug={SLUG_MARK} state={{ notice }} />).split(esc(encodeURIComponent(SLUG_MARK)));
    template = [head!, tail!];
    if (formTemplates.size > 16) formTemplates.clear(); // a site has one notice; tests make a few
    formTemplates.set(notice, template);
  }
  return template[0] + esc(encodeURIComponent(slug)) + template[1];
}

export function CommentsSection({
  slug,
  page,
  form,
  headingLevel = 2,
}: {
  slug: string;
  page: CommentPage;
  form?: CommentFormState;
  headingLevel?: 2 | 1;
}): JSX.Element {
  const formHtml = form && page.open ? render(<CommentForm slug={slug} state={form} />) : undefined;
  return <Raw html={commentsSectionHtml(slug, page, formHtml, form?.error, headingLevel)} />;
}
