// RSS 2.0 and Atom through the `feed` package; JSON Feed 1.1 written directly (the package
// only speaks JSON Feed 1.0, and 1.1 is a plain object).
import { Feed } from 'feed';
import type { PostView } from '../content/read.ts';
import { escapeHtml } from './escape.ts';
import { absolute, postUrl } from './seo.ts';

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
  return absolutizeHtml(`${lines(post.author.greeting)}${post.bodyHtml}${lines(post.author.signoff)}`, siteUrl);
}

function buildFeed(ctx: FeedContext, posts: PostView[]): Feed {
  const title = ctx.subtitle ? `${ctx.title} - ${ctx.subtitle}` : ctx.title;
  const home = `${ctx.siteUrl}${ctx.prefix || '/'}`;
  const feed = new Feed({
    id: home,
    title,
    description: ctx.description,
    link: home,
    language: 'ja',
    updated: ctx.updated,
    generator: 'Kawaraban',
    copyright: ctx.title,
    feedLinks: {
      rss: `${ctx.siteUrl}${ctx.prefix}/feed.xml`,
      atom: `${ctx.siteUrl}${ctx.prefix}/atom.xml`,
      json: `${ctx.siteUrl}${ctx.prefix}/feed.json`,
    },
  });
  for (const post of posts) {
    const url = postUrl(ctx.siteUrl, post.slug);
    feed.addItem({
      title: post.title,
      id: url,
      link: url,
      description: post.excerpt,
      content: contentHtml(post, ctx.siteUrl),
      // `date` is the updated time (Atom <updated>); `published` the first publication.
      date: new Date(post.updatedAt),
      published: new Date(post.publishedAt),
      author: [{ name: post.author.displayName, link: `${ctx.siteUrl}/author/${encodeURIComponent(post.author.slug)}` }],
      category: post.categories.map((c) => ({ name: c.name, domain: `${ctx.siteUrl}/category/${encodeURIComponent(c.slug)}` })),
      ...(post.leadImage ? { image: absolute(ctx.siteUrl, post.leadImage) } : {}),
    });
  }
  return feed;
}

export function rssFeed(ctx: FeedContext, posts: PostView[]): string {
  return buildFeed(ctx, posts).rss2();
}

export function atomFeed(ctx: FeedContext, posts: PostView[]): string {
  return buildFeed(ctx, posts).atom1();
}

export function jsonFeed(ctx: FeedContext, posts: PostView[]): string {
  const title = ctx.subtitle ? `${ctx.title} - ${ctx.subtitle}` : ctx.title;
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title,
    home_page_url: `${ctx.siteUrl}${ctx.prefix || '/'}`,
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
      authors: [{ name: post.author.displayName, url: `${ctx.siteUrl}/author/${encodeURIComponent(post.author.slug)}` }],
      tags: [...post.categories.map((c) => c.name), ...post.tags.map((t) => t.name)],
      ...(post.leadImage ? { image: absolute(ctx.siteUrl, post.leadImage) } : {}),
    })),
  });
}
