// The read-only JSON API: published posts only.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { App } from '../app.ts';
import * as read from '../content/read.ts';
import { absolutizeHtml } from '../render/feeds.ts';
import { postUrl } from '../content/urls.ts';
import { badRequest, notFound } from './errors.ts';
import { cachedPage, pageKey, plainKey } from './page.ts';
import { limitParam, pageParam, slugParams, stringQuery } from './params.ts';
import { MAX_RESULTS } from '../search/service.ts';
import { registerSearchLimit, runSearch, searchLimit, searchParams, searchQuery } from './search-params.ts';
import { checked, parsed, zodValidator, type ZodProvider } from './validation.ts';

const JSON_TYPE = 'application/json; charset=utf-8';
const CORS = { 'access-control-allow-origin': '*' };

function postJson(siteUrl: string, p: read.PostView, blocks: read.Block[]) {
  return {
    title: p.title,
    slug: p.slug,
    url: postUrl(siteUrl, p.slug),
    published_at: p.publishedAt,
    updated_at: p.updatedAt,
    author: { name: p.author.displayName, slug: p.author.slug },
    categories: p.categories,
    tags: p.tags,
    excerpt: p.excerpt,
    reading_characters: p.readingChars,
    blocks,
    html: absolutizeHtml(read.bodyHtml(p), siteUrl),
  };
}

/** ?limit=: undefined when absent (the site's page size applies). */
const limitQuery = checked((v) => (v === undefined || v === '' ? undefined : limitParam(v, 0)));
const postsQuery = z.object({ page: checked(pageParam), limit: limitQuery, category: stringQuery, tag: stringQuery });
const apiSearchQuery = searchQuery.extend({ limit: limitQuery });

export function apiRoutes(app: App) {
  return async function (f: FastifyInstance): Promise<void> {
    f.setValidatorCompiler(zodValidator);
    await registerSearchLimit(f);
    f.get(
      '/api/posts',
      cachedPage(
        app,
        async (req) => {
          const q = parsed(req, { querystring: postsQuery }).query;
          const site = await app.siteContext();
          const page = q.page;
          const limit = q.limit ?? site.settings.postsPerPage;
          const categorySlug = q.category;
          const tagSlug = q.tag;
          const filter: { categoryIds?: number[]; tagId?: number } = {};
          if (categorySlug !== undefined) {
            const found = read.findCategory(site.sidebar.categories, categorySlug);
            if (!found) throw notFound(`カテゴリー「${categorySlug}」はありません`);
            filter.categoryIds = read.descendantIds(found.node);
          }
          if (tagSlug !== undefined) {
            const tag = /^[\p{L}\p{N}_-]{1,200}$/u.test(tagSlug) ? await read.findTag(app.db, tagSlug) : undefined;
            if (!tag) throw notFound(`タグ「${tagSlug}」はありません`);
            filter.tagId = tag.id;
          }
          let result: read.Page<read.PostView>;
          try {
            result = await read.publishedPage(app.db, filter, page, limit, app.remember);
          } catch (err) {
            if (err instanceof read.PageOutOfRange) throw badRequest('ページ番号が最後のページを超えています');
            throw err;
          }
          const blocks = await read.blocksOfPosts(
            app.db,
            result.items.map((p) => p.id),
          );
          const body = {
            posts: result.items.map((p) => postJson(app.config.siteUrl, p, blocks.get(p.id) ?? [])),
            page: result.page,
            limit,
            total: result.total,
            total_pages: result.totalPages,
          };
          return { body: JSON.stringify(body), contentType: JSON_TYPE, extraHeaders: CORS };
        },
        { page: pageKey, limit: (v) => (/^\d{1,3}$/.test(v) ? String(Number(v)) : plainKey(v)), category: plainKey, tag: plainKey },
      ),
    );

    // Search results change with every query: not kept in the page cache.
    f.withTypeProvider<ZodProvider>().get(
      '/api/search',
      { ...searchLimit(app), schema: { querystring: apiSearchQuery } },
      async (req, reply) => {
        const p = await searchParams(app, req.query);
        const limit = req.query.limit ?? (await app.siteContext()).settings.postsPerPage;
        if (!p.q.trim()) throw badRequest('検索する言葉を q に指定してください');
        const r = await runSearch(app, p, limit);
        // Matches are counted up to just past MAX_RESULTS: beyond it, total is the cap and
        // total_exact says it is a lower bound (the page says "1,000件以上").
        const total = Math.min(r.total, MAX_RESULTS);
        const counted = { total, total_exact: r.total <= MAX_RESULTS };
        return reply
          .header('cache-control', 'public, max-age=0, s-maxage=30')
          .headers(CORS)
          .type(JSON_TYPE)
          .send({ query: p.q, ...counted, page: r.page, total_pages: r.totalPages, limit, results: r.results });
      },
    );

    f.get(
      '/api/posts/:slug',
      cachedPage(app, async (req) => {
        const found = await read.publishedPost(app.db, parsed(req, { params: slugParams }).params.slug, app.remember);
        if (!found) throw notFound('記事が見つかりません');
        const blocks = await read.blocksOfPosts(app.db, [found.post.id]);
        const body = postJson(app.config.siteUrl, found.post, blocks.get(found.post.id) ?? []);
        return { body: JSON.stringify(body), contentType: JSON_TYPE, extraHeaders: CORS };
      }),
    );
  };
}
