// Reading a search request (page, API): the query, filters and page, checked.
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, RouteShorthandOptions } from 'fastify';
import type { App } from '../app.ts';
import * as read from '../content/read.ts';
import { MAX_QUERY_LENGTH } from '../search/query.ts';
import { MAX_RESULTS, pageWithinReach, searchSite, type SearchPage } from '../search/service.ts';
import { badRequest, HttpError, notFound } from './errors.ts';
import { z } from 'zod';
import { pageParam, stringQuery } from './params.ts';
import { checked } from './validation.ts';

export interface SearchParams {
  q: string;
  page: number;
  category?: string;
  categoryIds?: number[];
  year?: string;
}

/** What a search reads from its query (the API adds its limit). */
export const searchQuery = z.object({ q: stringQuery, page: checked(pageParam), category: stringQuery, year: stringQuery });

export async function searchParams(app: App, query: z.output<typeof searchQuery>): Promise<SearchParams> {
  const q = (query.q ?? '').toWellFormed().slice(0, MAX_QUERY_LENGTH);
  const page = query.page;
  const category = query.category || undefined;
  const year = query.year || undefined;
  if (year !== undefined && !/^\d{4}$/.test(year)) throw badRequest('年の指定が正しくありません');
  let categoryIds: number[] | undefined;
  if (category !== undefined) {
    const found = read.findCategory((await app.siteContext()).sidebar.categories, category);
    if (!found) throw notFound(`カテゴリー「${category}」はありません`);
    categoryIds = read.descendantIds(found.node);
  }
  return { q, page, category, categoryIds, year };
}

/** Makes per-address limits available in a route scope (routes opt in with searchLimit). */
export async function registerSearchLimit(f: FastifyInstance): Promise<void> {
  await f.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: () => new HttpError(429, '短い時間に検索が続きました。1分ほど待ってから、もう一度お試しください。'),
  });
}

/** Route options of a search route: at most `searchPerMinute` searches per address a minute. */
export function searchLimit(app: App): RouteShorthandOptions {
  return { config: { rateLimit: { max: app.config.searchPerMinute, timeWindow: '1 minute' } } };
}

export async function runSearch(app: App, p: SearchParams, perPage: number): Promise<SearchPage> {
  // Checked before any query runs: paging deeper than MAX_RESULTS is refused.
  if (!pageWithinReach(p.page, perPage)) {
    throw badRequest(`検索結果は先頭の${MAX_RESULTS.toLocaleString('ja-JP')}件までご覧になれます。言葉を足して絞り込んでください。`);
  }
  const result = await searchSite(app.db, app.config.siteUrl, { q: p.q, page: p.page, perPage, categoryIds: p.categoryIds, year: p.year });
  if (p.page > result.totalPages) throw notFound();
  return result;
}
