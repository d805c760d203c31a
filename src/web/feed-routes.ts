// Feeds (site-wide and per category), the sitemap and robots.txt.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { App } from '../app.ts';
import * as read from '../content/read.ts';
import { atomFeed, jsonFeed, rssFeed, type FeedContext } from '../render/feeds.ts';
import { robotsTxt, sitemapXml, type SitemapEntry } from '../render/seo.ts';
import { notFound } from './errors.ts';
import { listEvents } from '../events/event.ts';
import { cachedPage } from './page.ts';
import { z } from 'zod';
import { slugParam } from './params.ts';
import { checked, parsed } from './validation.ts';

const FEED_SIZE = 20;
/** A category's feed has its slug in the path; the site's feeds have none. */
const feedParams = z.object({ slug: checked((v) => (v === undefined ? undefined : slugParam(v))) });

const formats = [
  { file: 'feed.xml', type: 'application/rss+xml; charset=utf-8', render: rssFeed },
  { file: 'atom.xml', type: 'application/atom+xml; charset=utf-8', render: atomFeed },
  { file: 'feed.json', type: 'application/feed+json; charset=utf-8', render: jsonFeed },
] as const;

async function feedInput(app: App, req: FastifyRequest): Promise<{ ctx: FeedContext; posts: read.PostView[] }> {
  const site = await app.siteContext();
  const slug = parsed(req, { params: feedParams }).params.slug;
  let filter = {};
  let prefix = '';
  let subtitle: string | undefined;
  if (slug !== undefined) {
    const found = read.findCategory(site.sidebar.categories, slug);
    if (!found) throw notFound();
    filter = { categoryIds: read.descendantIds(found.node) };
    prefix = `/category/${encodeURIComponent(found.node.slug)}`;
    subtitle = found.node.name;
  }
  const page = await read.publishedPage(app.db, filter, 1, FEED_SIZE, app.remember);
  const newest = page.items.reduce((max, p) => (p.updatedAt > max ? p.updatedAt : max), '1970-01-01T00:00:00.000Z');
  return {
    ctx: {
      siteUrl: app.config.siteUrl,
      title: site.settings.title,
      description: site.settings.description || site.settings.tagline,
      prefix,
      subtitle,
      updated: new Date(newest),
    },
    posts: page.items,
  };
}

export function feedRoutes(app: App) {
  return async function (f: FastifyInstance): Promise<void> {
    for (const format of formats) {
      const handler = cachedPage(app, async (req) => {
        const { ctx, posts } = await feedInput(app, req);
        return { body: format.render(ctx, posts), contentType: format.type, sMaxAge: 300 };
      });
      f.get(`/${format.file}`, handler);
      f.get(`/category/:slug/${format.file}`, handler);
    }

    f.get(
      '/sitemap.xml',
      cachedPage(app, async () => {
        const site = await app.siteContext();
        const base = app.config.siteUrl;
        const entries: SitemapEntry[] = [{ loc: `${base}/` }];
        for (const p of await read.sitemapEntries(app.db)) {
          entries.push({ loc: `${base}/posts/${encodeURIComponent(p.slug)}`, lastmod: p.updated_at });
        }
        const walk = (nodes: read.CategoryNode[]) => {
          for (const c of nodes) {
            if (c.count > 0) entries.push({ loc: `${base}/category/${encodeURIComponent(c.slug)}` });
            walk(c.children);
          }
        };
        walk(site.sidebar.categories);
        for (const m of site.sidebar.months) entries.push({ loc: `${base}/archive/${m.month.replace('-', '/')}` });
        for (const e of await listEvents(app.db, true))
          entries.push({ loc: `${base}/events/${encodeURIComponent(e.slug)}`, lastmod: e.updated_at });
        return { body: sitemapXml(entries), contentType: 'application/xml; charset=utf-8', sMaxAge: 3600 };
      }),
    );

    f.get(
      '/robots.txt',
      cachedPage(app, async () => ({ body: robotsTxt(app.config.siteUrl), contentType: 'text/plain; charset=utf-8', sMaxAge: 3600 })),
    );
  };
}
