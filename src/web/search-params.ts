// Reading a search request (page, API): the query, filters and page, checked.
import type { App } from '../app.ts';
import * as read from '../content/read.ts';
import { MAX_QUERY_LENGTH } from '../search/query.ts';
import { searchSite, type SearchPage } from '../search/service.ts';
import { badRequest, notFound } from './errors.ts';
import { pageParam, stringParam } from './params.ts';

export interface SearchParams {
  q: string;
  page: number;
  category?: string;
  categoryIds?: number[];
  year?: string;
}

export async function searchParams(app: App, query: Record<string, unknown>): Promise<SearchParams> {
  const q = (stringParam(query.q) ?? '').toWellFormed().slice(0, MAX_QUERY_LENGTH);
  const page = pageParam(query.page);
  const category = stringParam(query.category) || undefined;
  const year = stringParam(query.year) || undefined;
  if (year !== undefined && !/^\d{4}$/.test(year)) throw badRequest('年の指定が正しくありません');
  let categoryIds: number[] | undefined;
  if (category !== undefined) {
    const found = read.findCategory((await app.siteContext()).sidebar.categories, category);
    if (!found) throw notFound(`カテゴリー「${category}」はありません`);
    categoryIds = read.descendantIds(found.node);
  }
  return { q, page, category, categoryIds, year };
}

export async function runSearch(app: App, p: SearchParams, perPage: number): Promise<SearchPage> {
  const result = await searchSite(app.db, app.config.siteUrl, { q: p.q, page: p.page, perPage, categoryIds: p.categoryIds, year: p.year });
  if (p.page > result.totalPages) throw notFound();
  return result;
}
