// The reader's pages. Each route: read parameters → content/read → render/pages.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { App } from '../app.ts';
import * as read from '../content/read.ts';
import { formatMonth } from '../time.ts';
import { renderArchiveIndex } from '../render/pages/archive-index.tsx';
import { renderHome } from '../render/pages/home.tsx';
import { renderListing } from '../render/pages/listing.tsx';
import { renderWelcome } from '../render/pages/welcome.tsx';
import { renderSearch } from '../render/pages/search.tsx';
import { registerSearchLimit, runSearch, searchLimit, searchParams, searchQuery } from './search-params.ts';
import { MovedPermanently, notFound } from './errors.ts';
import { redirectFor } from '../import/service.ts';
import { cachedPage, pageKey, type KeyParam } from './page.ts';
import { commentCounts } from '../comments/service.ts';
import { renderPostPage } from './post-page.ts';
import { monthParams, pagedQuery, slugParams, yearParams } from './params.ts';
import { parsed, zodValidator, type ZodProvider } from './validation.ts';

/** WordPress's plain permalinks, read before anything else of the front page's query. */
const wordPressQuery = z.object({ p: z.unknown().optional(), page_id: z.unknown().optional() });

/** A listing page of `filter`: 404 past its last page. */
async function listing(app: App, filter: Parameters<typeof read.publishedPage>[1], page: number) {
  const site = await app.siteContext();
  try {
    const found = await read.publishedPage(app.db, filter, page, site.settings.postsPerPage, app.remember);
    const counts = await commentCounts(
      app.db,
      found.items.map((p) => p.id),
      app.remember,
    );
    for (const p of found.items) p.commentCount = counts.get(p.id) ?? 0;
    return { site, page: found };
  } catch (err) {
    if (err instanceof read.PageOutOfRange) throw notFound();
    throw err;
  }
}

/** WordPress's plain permalinks (/?p=12, /?page_id=3) of an imported blog lead to the new
 * page; the front page itself answers every other query. */
async function redirectWordPressQuery(app: App, query: z.output<typeof wordPressQuery>): Promise<boolean> {
  let asked = false;
  for (const name of ['p', 'page_id'] as const) {
    const value = query[name];
    if (typeof value !== 'string' || !/^\d{1,12}$/.test(value)) continue;
    asked = true;
    const to = await redirectFor(app.db, `/?${name}=${value}`);
    if (to) throw new MovedPermanently(to);
  }
  return asked;
}

/** What enters the cache key of a listing: its page number. */
const PAGED = { page: pageKey };
const wordPressId: KeyParam = (v) => (/^\d{1,12}$/.test(v) ? v : undefined);
/** The front page: its page number, and WordPress's ?p= / ?page_id= (which may redirect). */
const FRONT = { page: pageKey, p: wordPressId, page_id: wordPressId };

export function publicRoutes(app: App) {
  return async function (f: FastifyInstance): Promise<void> {
    f.setValidatorCompiler(zodValidator);
    await registerSearchLimit(f);
    f.get(
      '/',
      cachedPage(
        app,
        async (req) => {
          // An old id with no redirect gets the front page, not kept under its own key.
          const noStore = await redirectWordPressQuery(app, parsed(req, { querystring: wordPressQuery }).query);
          const pageNo = parsed(req, { querystring: pagedQuery }).query.page;
          const site = await app.siteContext();
          if (pageNo === 1 && (await read.siteIsEmpty(app.db, app.remember))) return { body: renderWelcome(site), sMaxAge: 5, noStore };
          const { page } = await listing(app, {}, pageNo);
          return { body: renderHome(site, page), noStore };
        },
        FRONT,
      ),
    );

    f.get(
      '/posts/:slug',
      cachedPage(app, async (req) => ({ body: await renderPostPage(app, parsed(req, { params: slugParams }).params.slug) })),
    );

    f.get(
      '/category/:slug',
      cachedPage(
        app,
        async (req) => {
          const {
            params: { slug },
            query: { page: pageNo },
          } = parsed(req, { params: slugParams, querystring: pagedQuery });
          const tree = await read.categoryTree(app.db);
          const found = read.findCategory(tree, slug);
          if (!found) throw notFound();
          const { site, page } = await listing(app, { categoryIds: read.descendantIds(found.node) }, pageNo);
          const base = `/category/${encodeURIComponent(slug)}`;
          const heading = found.trail.map((c) => c.name).join(' › ');
          return { body: renderListing(site, page, { heading, base, intro: found.node.description, feedPrefix: base }) };
        },
        PAGED,
      ),
    );

    f.get(
      '/tag/:slug',
      cachedPage(
        app,
        async (req) => {
          const {
            params: { slug },
            query: { page: pageNo },
          } = parsed(req, { params: slugParams, querystring: pagedQuery });
          const tag = await read.findTag(app.db, slug);
          if (!tag) throw notFound();
          const { site, page } = await listing(app, { tagId: tag.id }, pageNo);
          return { body: renderListing(site, page, { heading: `タグ「${tag.name}」の記事`, base: `/tag/${encodeURIComponent(slug)}` }) };
        },
        PAGED,
      ),
    );

    f.get(
      '/archive',
      cachedPage(app, async () => ({ body: renderArchiveIndex(await app.siteContext()) })),
    );

    f.get(
      '/archive/:year',
      cachedPage(
        app,
        async (req) => {
          const {
            params: { year },
            query: { page: pageNo },
          } = parsed(req, { params: yearParams, querystring: pagedQuery });
          const { site, page } = await listing(app, { year }, pageNo);
          if (page.total === 0) throw notFound();
          return { body: renderListing(site, page, { heading: `${Number(year)}年の記事`, base: `/archive/${year}` }) };
        },
        PAGED,
      ),
    );

    f.get(
      '/archive/:year/:month',
      cachedPage(
        app,
        async (req) => {
          const {
            params: { year, month },
            query: { page: pageNo },
          } = parsed(req, { params: monthParams, querystring: pagedQuery });
          const ym = `${year}-${month}`;
          const { site, page } = await listing(app, { month: ym }, pageNo);
          if (page.total === 0) throw notFound();
          return { body: renderListing(site, page, { heading: `${formatMonth(ym)}の記事`, base: `/archive/${year}/${month}` }) };
        },
        PAGED,
      ),
    );

    f.get(
      '/author/:slug',
      cachedPage(
        app,
        async (req) => {
          const {
            params: { slug },
            query: { page: pageNo },
          } = parsed(req, { params: slugParams, querystring: pagedQuery });
          const author = await read.findAuthor(app.db, slug);
          if (!author) throw notFound();
          const { site, page } = await listing(app, { authorId: author.id }, pageNo);
          return {
            body: renderListing(site, page, {
              heading: `${author.displayName} の記事`,
              intro: author.profile,
              base: `/author/${encodeURIComponent(slug)}`,
            }),
          };
        },
        PAGED,
      ),
    );

    // Search answers change with every query, so they are rendered each time (not cached).
    // Not cached: its query is checked by the route's schema before the handler runs.
    f.withTypeProvider<ZodProvider>().get('/search', { ...searchLimit(app), schema: { querystring: searchQuery } }, async (req, reply) => {
      const v = await searchParams(app, req.query);
      const site = await app.siteContext();
      const view = { q: v.q, category: v.category, year: v.year };
      const body = v.q.trim()
        ? renderSearch(site, { ...view, result: await runSearch(app, v, site.settings.postsPerPage) })
        : renderSearch(site, { ...view, message: '検索する言葉を入力してください。' });
      return reply.header('cache-control', 'public, max-age=0, s-maxage=30').type('text/html; charset=utf-8').send(body);
    });
  };
}
