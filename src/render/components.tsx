// Pieces of pages: a post shown in full, a post in a list, pagination.
import type { JSX } from 'preact';
import type { Page, PostView, TermView } from '../content/read.ts';
import { readingMinutes } from '../content/reading-time.ts';
import { formatDate, localDate, type DateStyle } from '../time.ts';
import { esc, linesHtml, Raw } from './html.tsx';
import { htmlSlot } from './slots.ts';

export function postPath(slug: string): string {
  return `/posts/${encodeURIComponent(slug)}`;
}

function termsHtml(label: string, base: string, terms: TermView[]): string {
  if (!terms.length) return '';
  let html = `<span class="terms terms-${base}"><span class="visually-hidden">${label}: </span>`;
  const rel = base === 'tag' ? ' rel="tag"' : '';
  for (const t of terms) html += `<a href="/${base}/${esc(encodeURIComponent(t.slug))}"${rel}>${esc(t.name)}</a>`;
  return `${html}</span>`;
}

/** Published date, updated date when it is a later day, reading time, categories. */
export function postMetaHtml(post: PostView, dateStyle: DateStyle): string {
  const updatedLater = localDate(post.updatedAt) > localDate(post.publishedAt);
  return (
    `<p class="post-meta"><span class="published"><span class="visually-hidden">公開日: </span>` +
    `<time datetime="${esc(post.publishedAt)}">${esc(formatDate(post.publishedAt, dateStyle))}</time></span>` +
    (updatedLater
      ? `<span class="updated">更新 <time datetime="${esc(post.updatedAt)}">${esc(formatDate(post.updatedAt, dateStyle))}</time></span>`
      : '') +
    `<span class="reading-time">約${readingMinutes(post.readingChars)}分で読めます</span>${termsHtml('カテゴリー', 'category', post.categories)}</p>`
  );
}

export function PostMeta({ post, dateStyle }: { post: PostView; dateStyle: DateStyle }): JSX.Element {
  return <Raw html={postMetaHtml(post, dateStyle)} />;
}

export interface DefaultCta {
  label: string;
  url: string;
}

/** コメント 3, linking to the post's comments; nothing when there are none. */
function commentCountHtml(post: PostView): string {
  if (!post.commentCount) return '';
  return `<a class="comment-count" href="${esc(postPath(post.slug))}#comments">コメント ${post.commentCount}</a>`;
}

/** A post in full, as on the front page (h2) or its own page (h1): the markup before the
 * stored body, the body's bytes, and the markup after it, for a page assembled from bytes. */
export function postFullParts(post: PostView, dateStyle: DateStyle, headingLevel: 1 | 2, cta?: DefaultCta): [string, Buffer, string] {
  const h = headingLevel === 1 ? 'h1' : 'h2';
  const path = esc(postPath(post.slug));
  const title = esc(post.title);
  const before =
    `<article class="post" aria-labelledby="post-${post.id}-title"><header class="post-header">` +
    `<${h} id="post-${post.id}-title" class="post-title">${headingLevel === 1 ? title : `<a href="${path}">${title}</a>`}</${h}>` +
    `${postMetaHtml(post, dateStyle)}</header>` +
    // The stored body's headings sit under an h2 (content/body-headings.ts): on the post's
    // own page, under its h1, a heading for the body itself keeps every level.
    (headingLevel === 1 ? '<h2 class="visually-hidden">本文</h2>' : '') +
    `<div class="post-body">${post.author.greeting ? linesHtml(post.author.greeting, 'greeting') : ''}<div>`;
  const after =
    `</div>${post.author.signoff ? linesHtml(post.author.signoff, 'signoff') : ''}` +
    (cta?.label && cta.url
      ? `<p class="block-cta site-cta"><a class="cta cta-primary" href="${esc(cta.url)}">${esc(cta.label)}</a></p>`
      : '') +
    `</div><footer class="post-footer"><span class="byline">投稿者: <a href="/author/${esc(encodeURIComponent(post.author.slug))}">${esc(post.author.displayName)}</a></span>` +
    termsHtml('タグ', 'tag', post.tags) +
    commentCountHtml(post) +
    (headingLevel === 2 ? `<a class="permalink" href="${path}">この記事のURL</a>` : '') +
    '</footer></article>';
  return [before, post.body, after];
}

/** PostFull as a component (the front page, the editor's preview): the same markup. */
export function PostFull({
  post,
  dateStyle,
  headingLevel,
  cta,
}: {
  post: PostView;
  dateStyle: DateStyle;
  headingLevel: 1 | 2;
  cta?: DefaultCta;
}): JSX.Element {
  const [before, body, after] = postFullParts(post, dateStyle, headingLevel, cta);
  return <Raw html={before + htmlSlot(body) + after} />;
}

/** A post in a list: title, date, excerpt. */
export function PostSummary({ post, dateStyle }: { post: PostView; dateStyle: DateStyle }): JSX.Element {
  return (
    <article class="post-summary">
      <h2 class="post-title">
        <a href={postPath(post.slug)}>{post.title}</a>
      </h2>
      <PostMeta post={post} dateStyle={dateStyle} />
      <p class="excerpt">{post.excerpt}</p>
      <Raw html={commentCountHtml(post)} />
    </article>
  );
}

function pageHref(base: string, page: number): string {
  if (page === 1) return base;
  return `${base}${base.includes('?') ? '&' : '?'}page=${page}`;
}

/** Pages as 前へ 1 2 … n 次へ; a window around the current page keeps it short. */
export function Pagination({ page, base }: { page: Page<unknown>; base: string }): JSX.Element | null {
  if (page.totalPages <= 1) return null;
  const numbers: number[] = [];
  for (let n = 1; n <= page.totalPages; n++) {
    if (n === 1 || n === page.totalPages || Math.abs(n - page.page) <= 2) numbers.push(n);
  }
  return (
    <nav class="pagination" aria-label="ページ送り">
      {page.page > 1 ? (
        <a rel="prev" href={pageHref(base, page.page - 1)}>
          ← 前のページ
        </a>
      ) : null}
      <ol>
        {numbers.map((n, i) => (
          <>
            {i > 0 && n - numbers[i - 1]! > 1 ? <li aria-hidden="true">…</li> : null}
            <li>{n === page.page ? <span aria-current="page">{n}</span> : <a href={pageHref(base, n)}>{n}</a>}</li>
          </>
        ))}
      </ol>
      {page.page < page.totalPages ? (
        <a rel="next" href={pageHref(base, page.page + 1)}>
          次のページ →
        </a>
      ) : null}
    </nav>
  );
}

export { pageHref };

export function siteCta(settings: { defaultCtaLabel: string; defaultCtaUrl: string }): DefaultCta | undefined {
  return settings.defaultCtaLabel && settings.defaultCtaUrl ? { label: settings.defaultCtaLabel, url: settings.defaultCtaUrl } : undefined;
}
