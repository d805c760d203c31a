// A post's own page written as strings and bytes, with no component tree: it is the page
// served most when the page cache is off or cold, and building Preact elements for its
// head, breadcrumbs and article was the largest part of its time. The markup is the same,
// byte for byte, as the shared components give (post-html.test.ts renders both ways): the
// pieces come from the same functions (headHtml, postFullParts, commentsSectionHtml) the
// components wrap; only this page's own frame and navigation are written here.
import type { CommentPage } from '../comments/service.ts';
import type { PostWithNeighbours } from '../content/read.ts';
import { commentFormHtml, commentsSectionHtml } from './comments.tsx';
import { postFullParts, postPath, siteCta } from './components.tsx';
import { esc } from './html.tsx';
import { absoluteUrl, documentBytes, type PageMeta, type SiteContext } from './layout.tsx';
import { assembleWithSlots } from './slots.ts';
import { blogPostingLd, breadcrumbLd } from './seo.ts';

export interface PostComments {
  page: CommentPage;
  /** The privacy notice shown in the form (its first line is the form's own heading). */
  notice: string;
}

/** The post page's document as bytes (the body and frame spliced in as they are). */
export function renderPostHtml(site: SiteContext, { post, older, newer }: PostWithNeighbours, comments?: PostComments): Buffer {
  const s = site.settings;
  const category = post.categories[0];
  const path = postPath(post.slug);
  const crumbs = [
    { name: 'ホーム', url: `${site.siteUrl}/` },
    ...(category ? [{ name: category.name, url: absoluteUrl(site, `/category/${encodeURIComponent(category.slug)}`) }] : []),
    { name: post.title, url: absoluteUrl(site, path) },
  ];
  const meta: PageMeta = {
    title: post.title,
    description: post.excerpt,
    path,
    type: 'article',
    image: post.leadImage,
    publishedAt: post.publishedAt,
    updatedAt: post.updatedAt,
    jsonLd: [blogPostingLd({ siteUrl: site.siteUrl, title: s.title }, post), breadcrumbLd(crumbs)],
  };
  let breadcrumbs = '<nav class="breadcrumbs" aria-label="パンくずリスト"><ol>';
  for (let i = 0; i < crumbs.length - 1; i++) breadcrumbs += `<li><a href="${esc(crumbs[i]!.url)}">${esc(crumbs[i]!.name)}</a></li>`;
  breadcrumbs += `<li aria-current="page">${esc(post.title)}</li></ol></nav>`;
  const [before, body, after] = postFullParts(post, s.dateStyle, 1, siteCta(s));
  // Comment bodies read as bytes are spliced in as the post's body is (render/slots.ts).
  const rest = assembleWithSlots(() => {
    let html =
      after +
      '<section class="post-subscribe" aria-labelledby="post-subscribe-heading"><h2 id="post-subscribe-heading">メールで受け取る</h2>' +
      `<form class="subscribe-box" method="get" action="/subscribe"><input type="hidden" name="follow" value="${esc(post.slug)}"/>` +
      '<label for="post-follow-email">メールアドレス</label><input id="post-follow-email" name="email" type="email" maxlength="254" autocomplete="email"/>' +
      '<button type="submit">この記事の追記をメールで受け取る</button></form><p><a href="/subscribe">新しい記事をメールで購読する</a></p></section>';
    if (comments) html += commentsSectionHtml(post.slug, comments.page, commentFormHtml(post.slug, comments.notice));
    html += '<nav class="post-nav" aria-label="前後の記事">';
    if (newer)
      html += `<a class="newer" rel="next" href="${esc(postPath(newer.slug))}"><span class="label">次の記事</span>${esc(newer.title)}</a>`;
    if (older)
      html += `<a class="older" rel="prev" href="${esc(postPath(older.slug))}"><span class="label">前の記事</span>${esc(older.title)}</a>`;
    return `${html}</nav>`;
  });
  return documentBytes(site, meta, [breadcrumbs, before, body, rest]);
}
