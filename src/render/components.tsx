// Pieces of pages: a post shown in full, a post in a list, pagination.
import type { JSX } from 'preact';
import type { Page, PostView, TermView } from '../content/read.ts';
import { readingMinutes } from '../content/reading-time.ts';
import { formatDate, localDate, type DateStyle } from '../time.ts';
import { Lines } from './layout.tsx';
import { htmlSlot } from './slots.ts';

export function postPath(slug: string): string {
  return `/posts/${encodeURIComponent(slug)}`;
}

function Terms({ label, base, terms }: { label: string; base: string; terms: TermView[] }): JSX.Element | null {
  if (!terms.length) return null;
  return (
    <span class={`terms terms-${base}`}>
      <span class="visually-hidden">{label}: </span>
      {terms.map((t) => (
        <a href={`/${base}/${encodeURIComponent(t.slug)}`} rel={base === 'tag' ? 'tag' : undefined}>
          {t.name}
        </a>
      ))}
    </span>
  );
}

/** Published date, updated date when it is a later day, reading time, categories. */
export function PostMeta({ post, dateStyle }: { post: PostView; dateStyle: DateStyle }): JSX.Element {
  const updatedLater = localDate(post.updatedAt) > localDate(post.publishedAt);
  return (
    <p class="post-meta">
      <span class="published">
        <span class="visually-hidden">公開日: </span>
        <time datetime={post.publishedAt}>{formatDate(post.publishedAt, dateStyle)}</time>
      </span>
      {updatedLater ? (
        <span class="updated">
          更新 <time datetime={post.updatedAt}>{formatDate(post.updatedAt, dateStyle)}</time>
        </span>
      ) : null}
      <span class="reading-time">約{readingMinutes(post.readingChars)}分で読めます</span>
      <Terms label="カテゴリー" base="category" terms={post.categories} />
    </p>
  );
}

export interface DefaultCta {
  label: string;
  url: string;
}

/** コメント 3, linking to the post's comments; nothing when there are none. */
function CommentCount({ post }: { post: PostView }): JSX.Element | null {
  if (!post.commentCount) return null;
  return (
    <a class="comment-count" href={`${postPath(post.slug)}#comments`}>
      コメント {post.commentCount}
    </a>
  );
}

/** A post in full, as on the front page (h2) or its own page (h1). */
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
  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  return (
    <article class="post" aria-labelledby={`post-${post.id}-title`}>
      <header class="post-header">
        <Heading id={`post-${post.id}-title`} class="post-title">
          {headingLevel === 1 ? post.title : <a href={postPath(post.slug)}>{post.title}</a>}
        </Heading>
        <PostMeta post={post} dateStyle={dateStyle} />
      </header>
      {/* The stored body's headings sit under an h2 (content/body-headings.ts): on the post's
          own page, under its h1, a heading for the body itself keeps every level. */}
      {headingLevel === 1 ? <h2 class="visually-hidden">本文</h2> : null}
      <div class="post-body">
        {post.author.greeting ? <Lines text={post.author.greeting} class="greeting" /> : null}
        <div dangerouslySetInnerHTML={{ __html: htmlSlot(post.body) }} />
        {post.author.signoff ? <Lines text={post.author.signoff} class="signoff" /> : null}
        {cta?.label && cta.url ? (
          <p class="block-cta site-cta">
            <a class="cta cta-primary" href={cta.url}>
              {cta.label}
            </a>
          </p>
        ) : null}
      </div>
      <footer class="post-footer">
        <span class="byline">
          投稿者: <a href={`/author/${encodeURIComponent(post.author.slug)}`}>{post.author.displayName}</a>
        </span>
        <Terms label="タグ" base="tag" terms={post.tags} />
        <CommentCount post={post} />
        {headingLevel === 2 ? (
          <a class="permalink" href={postPath(post.slug)}>
            この記事のURL
          </a>
        ) : null}
      </footer>
    </article>
  );
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
      <CommentCount post={post} />
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
