// Site search: parse the query (with the owner's synonyms), find and rank through the index,
// and cut snippets. Only published posts are ever in the index, so drafts cannot leak.
import { audit, type Actor } from '../audit/service.ts';
import * as posts from '../content/post-store.ts';
import type { Db } from '../db/connection.ts';
import { inTransaction } from '../db/transaction.ts';
import { postUrl } from '../content/urls.ts';
import { reindexPost } from './indexer.ts';
import { normalize } from './normalize.ts';
import { parseQuery, synonymGroups, type ParsedQuery } from './query.ts';
import { rank, type Ranked } from './rank.ts';
import { snippet } from './snippet.ts';
import * as store from './store.ts';

export interface SearchOptions {
  q: string;
  page: number;
  perPage: number;
  categoryIds?: number[];
  year?: string;
}

export interface SearchResult {
  title: string;
  slug: string;
  url: string;
  published_at: string;
  /** HTML: escaped text with the matches in <mark>. */
  snippet: string;
  score: number;
}

export interface SearchPage {
  query: ParsedQuery;
  /** Matches, counted up to MAX_RESULTS + 1: a larger number means "more than MAX_RESULTS". */
  total: number;
  page: number;
  totalPages: number;
  results: SearchResult[];
}

/** How deep results can be paged: past this many, the reader is asked to add words. Counts
 * above it are shown as "1,000件以上". */
export const MAX_RESULTS = 1000;

/** Whether page `page` of `perPage` lies within the results one can page to. */
export function pageWithinReach(page: number, perPage: number): boolean {
  return (page - 1) * perPage < MAX_RESULTS;
}

/** Every post whose title has a word comes first, so those are gathered from all the
 * matches; the rest are ranked among the newest POOL matches, which keeps a query for a
 * common word cheap however large the archive (the long texts of only those are read). */
const POOL = 200;

/** Matches, counted up to one past the cap (the page says "1,000件以上" beyond it), and the
 * newest `size` of them, all and with a word in the title. */
async function findPool(db: Db, filter: store.CandidateFilter, fts: string | undefined, size: number): Promise<store.Pool> {
  const cap = MAX_RESULTS + 1;
  const words = filter.groups.flat();
  if (!fts) return store.candidatePool(db.kysely, db.kind, filter, size, words, cap);
  const total = await store.ftsCount(db.kysely, fts, cap, filter.year);
  if (!total) return { total, titled: [], newest: [] };
  return {
    total,
    titled: await store.ftsNewest(db.kysely, fts, size, filter.year, words),
    newest: await store.ftsNewest(db.kysely, fts, size, filter.year),
  };
}

/** The page of ranked results, and the number of matches (both engines find the same
 * matches: src/search/engines-agree.test.ts). */
async function rankedPage(
  db: Db,
  filter: store.CandidateFilter,
  fts: string | undefined,
  offset: number,
  limit: number,
): Promise<{ hits: Ranked[]; total: number; rows?: Map<number, posts.SearchResultRow>; synonyms?: string }> {
  const size = Math.max(POOL, offset + limit);
  // PostgreSQL: matching, counting, ranking and the page's posts in one statement.
  if (db.kind === 'postgres')
    return store.postgresPage(db.kysely, db.inTransaction === true, filter, size, filter.groups.flat(), MAX_RESULTS + 1, offset, limit);
  const { total, titled, newest } = await findPool(db, filter, fts, size);
  if (!total) return { hits: [], total };
  const seen = new Set<number>();
  const pool = [...titled, ...newest].filter((p) => !seen.has(p.post_id) && seen.add(p.post_id));
  const scores = await store.scoresOf(
    db.kysely,
    db.kind,
    pool.map((p) => p.post_id),
    filter.groups,
  );
  return { hits: rank(pool, scores).slice(offset, offset + limit), total };
}

interface KnownSynonyms {
  version: string;
  groups: string[][];
}

/** PostgreSQL: the synonyms last read, per database, with their version (store.synonymsVersion).
 * The page's statement says the version it saw; when that differs, the synonyms are read again
 * and the page asked again — a round trip less for every other search. */
const knownSynonyms = new WeakMap<object, KnownSynonyms>();

async function readSynonyms(db: Db): Promise<KnownSynonyms> {
  const rows = await store.synonymRows(db.kysely);
  const known = { version: store.synonymsVersion(rows), groups: synonymGroups(rows.map((r) => r.terms)) };
  if (db.kind === 'postgres' && !db.inTransaction) knownSynonyms.set(db.kysely, known);
  return known;
}

export async function searchSite(db: Db, siteUrl: string, o: SearchOptions): Promise<SearchPage> {
  // Nothing to look for (no words, only punctuation) or a page out of reach: no query runs.
  const bare = parseQuery(o.q);
  if (!bare.groups.length || !pageWithinReach(o.page, o.perPage))
    return { query: bare, total: 0, page: o.page, totalPages: 1, results: [] };
  let known = (db.kind === 'postgres' && !db.inTransaction && knownSynonyms.get(db.kysely)) || (await readSynonyms(db));
  let query: ParsedQuery;
  let page: Awaited<ReturnType<typeof rankedPage>>;
  for (let attempt = 1; ; attempt++) {
    query = parseQuery(o.q, known.groups);
    const filter = { groups: query.groups, excluded: query.excluded, year: o.year, categoryIds: o.categoryIds };
    const fts = db.kind === 'sqlite' ? store.ftsExpression(filter) : undefined;
    page = await rankedPage(db, filter, fts, (o.page - 1) * o.perPage, o.perPage);
    if (page.synonyms === undefined || page.synonyms === known.version || attempt === 3) break;
    known = await readSynonyms(db);
  }
  const { hits, total } = page;
  const rows =
    page.rows ??
    (await posts.postsForResults(
      db.kysely,
      hits.map((h) => h.post_id),
    ));
  const terms = query.groups.flat();
  const results = hits.flatMap((h) => {
    const p = rows.get(h.post_id);
    if (!p) return [];
    return [
      {
        title: p.title,
        slug: p.slug,
        url: postUrl(siteUrl, p.slug),
        published_at: p.published_at ?? '',
        snippet: snippet(p.plain_text, terms),
        score: h.score,
      },
    ];
  });
  const reachable = Math.ceil(MAX_RESULTS / o.perPage);
  return { query, total, page: o.page, totalPages: Math.max(1, Math.min(reachable, Math.ceil(total / o.perPage))), results };
}

/** Rebuilds the whole index (posts in batches, one transaction each). */
export async function reindexAll(db: Db, onProgress: (done: number, total: number) => void = () => {}): Promise<number> {
  const ids = await posts.allPostIds(db.kysely);
  await inTransaction(db, (trx) => store.clearIndex(trx, db.kind));
  const BATCH = 200;
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    await inTransaction(db, async (trx) => {
      for (const id of batch) await reindexPost(trx, db.kind, id);
    });
    onProgress(Math.min(i + BATCH, ids.length), ids.length);
  }
  return store.documentCount(db.kysely);
}

export async function synonymLines(db: Db): Promise<string> {
  return (await store.synonymRows(db.kysely)).map((r) => r.terms).join('\n');
}

/** One group per line, words separated by commas; lines with one word are dropped. */
export async function saveSynonyms(db: Db, text: string, actor: Actor): Promise<number> {
  const groups = text
    .split(/\r?\n/)
    .map((line) =>
      line
        .split(/[,、，]/)
        .map((w) => w.trim())
        .filter((w) => w && normalize(w))
        .join(','),
    )
    .filter((line) => line.split(',').length > 1)
    .slice(0, 1000);
  await inTransaction(db, async (trx) => {
    await store.replaceSynonyms(trx, groups);
    await audit(trx, actor, 'search.synonyms', '', `${groups.length} groups`);
  });
  return groups.length;
}

export async function indexStats(db: Db): Promise<{ documents: number; bytes: number }> {
  return { documents: await store.documentCount(db.kysely), bytes: await store.indexSize(db.kysely, db.kind) };
}
