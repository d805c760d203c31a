// RSS 2.0, Atom and JSON Feed 1.1, written directly.
//
// Why not the `feed` package: it wraps text in CDATA and splits only the first "]]>" of a
// value, so a post containing "]]>" twice ends the CDATA early and the rest is read as XML
// (escaping.test.ts shows it). Escaping every value as XML text is correct by construction,
// and the two formats are small.
import { bodyHtml, type PostView } from '../content/read.ts';
import { escapeHtml, escapeXml } from '../escape.ts';
import { postUrl } from '../content/urls.ts';
import { absolute } from './seo.ts';

export interface FeedContext {
  siteUrl: string;
  title: string;
  description: string;
  /** '' for the site, '/category/x' for a category. */
  prefix: string;
  /** Shown after the site title for a category's feed. */
  subtitle?: string;
  updated: Date;
}

/** Root-relative src/href made absolute: feed readers have no base URL. */
export function absolutizeHtml(html: string, siteUrl: string): string {
  return html.replace(/\s(src|href)="\/(?!\/)/g, ` $1="${siteUrl}/`);
}

/** The body as feed readers see it: greeting, blocks, sign-off. */
function contentHtml(post: PostView, siteUrl: string): string {
  const lines = (text: string) => (text ? `<p>${escapeHtml(text).replace(/\n/g, '<br>')}</p>` : '');
  return absolutizeHtml(`${lines(post.author.greeting)}${bodyHtml(post)}${lines(post.author.signoff)}`, siteUrl);
}

function feedTitle(ctx: FeedContext): string {
  return ctx.subtitle ? `${ctx.title} - ${ctx.subtitle}` : ctx.title;
}

function homeUrl(ctx: FeedContext): string {
  return `${ctx.siteUrl}${ctx.prefix || '/'}`;
}

function authorUrl(ctx: FeedContext, post: PostView): string {
  return `${ctx.siteUrl}/author/${encodeURIComponent(post.author.slug)}`;
}

export function rssFeed(ctx: FeedContext, posts: PostView[]): string {
  const items = posts.map((post) => {
    const url = postUrl(ctx.siteUrl, post.slug);
    return [
      '<item>',
      `<title>${escapeXml(post.title)}</title>`,
      `<link>${escapeXml(url)}</link>`,
      `<guid isPermaLink="true">${escapeXml(url)}</guid>`,
      `<pubDate>${new Date(post.publishedAt).toUTCString()}</pubDate>`,
      `<dc:creator>${escapeXml(post.author.displayName)}</dc:creator>`,
      ...post.categories.map(
        (c) => `<category domain="${escapeXml(`${ctx.siteUrl}/category/${encodeURIComponent(c.slug)}`)}">${escapeXml(c.name)}</category>`,
      ),
      `<description>${escapeXml(post.excerpt)}</description>`,
      `<content:encoded>${escapeXml(contentHtml(post, ctx.siteUrl))}</content:encoded>`,
      '</item>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '<channel>',
    `<title>${escapeXml(feedTitle(ctx))}</title>`,
    `<link>${escapeXml(homeUrl(ctx))}</link>`,
    `<description>${escapeXml(ctx.description)}</description>`,
    '<language>ja</language>',
    `<lastBuildDate>${ctx.updated.toUTCString()}</lastBuildDate>`,
    '<generator>Kawaraban</generator>',
    `<atom:link href="${escapeXml(`${ctx.siteUrl}${ctx.prefix}/feed.xml`)}" rel="self" type="application/rss+xml"/>`,
    ...items,
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}

export function atomFeed(ctx: FeedContext, posts: PostView[]): string {
  const entries = posts.map((post) => {
    const url = postUrl(ctx.siteUrl, post.slug);
    return [
      '<entry>',
      `<id>${escapeXml(url)}</id>`,
      `<title type="text">${escapeXml(post.title)}</title>`,
      `<link rel="alternate" type="text/html" href="${escapeXml(url)}"/>`,
      `<published>${new Date(post.publishedAt).toISOString()}</published>`,
      `<updated>${new Date(post.updatedAt).toISOString()}</updated>`,
      `<author><name>${escapeXml(post.author.displayName)}</name><uri>${escapeXml(authorUrl(ctx, post))}</uri></author>`,
      ...post.categories.map((c) => `<category term="${escapeXml(c.slug)}" label="${escapeXml(c.name)}"/>`),
      `<summary type="text">${escapeXml(post.excerpt)}</summary>`,
      `<content type="html">${escapeXml(contentHtml(post, ctx.siteUrl))}</content>`,
      '</entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ja">',
    `<id>${escapeXml(homeUrl(ctx))}</id>`,
    `<title type="text">${escapeXml(feedTitle(ctx))}</title>`,
    ...(ctx.description ? [`<subtitle type="text">${escapeXml(ctx.description)}</subtitle>`] : []),
    `<updated>${ctx.updated.toISOString()}</updated>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(homeUrl(ctx))}"/>`,
    `<link rel="self" type="application/atom+xml" href="${escapeXml(`${ctx.siteUrl}${ctx.prefix}/atom.xml`)}"/>`,
    '<generator>Kawaraban</generator>',
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

export function jsonFeed(ctx: FeedContext, posts: PostView[]): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: feedTitle(ctx),
    home_page_url: homeUrl(ctx),
    feed_url: `${ctx.siteUrl}${ctx.prefix}/feed.json`,
    description: ctx.description,
    language: 'ja',
    items: posts.map((post) => ({
      id: postUrl(ctx.siteUrl, post.slug),
      url: postUrl(ctx.siteUrl, post.slug),
      title: post.title,
      content_html: contentHtml(post, ctx.siteUrl),
      summary: post.excerpt,
      date_published: post.publishedAt,
      date_modified: post.updatedAt,
      authors: [{ name: post.author.displayName, url: authorUrl(ctx, post) }],
      tags: [...post.categories.map((c) => c.name), ...post.tags.map((t) => t.name)],
      ...(post.leadImage ? { image: absolute(ctx.siteUrl, post.leadImage) } : {}),
    })),
  });
}
