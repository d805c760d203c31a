// All SQL of the search index. The engines differ only in how candidates are found: on
// SQLite an FTS5 phrase query over one-character tokens, on PostgreSQL our own index of
// characters, character pairs and triples (search_documents.grams, GIN). Ranking happens in
// search/rank.ts, the same formula for both (the scores are worked out in SQL, scoresOf; on
// PostgreSQL the page is ranked in the same statement, postgresPage).
import { CompiledQuery, sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { SearchResultRow } from '../content/post-store.ts';
import type { Database } from '../db/schema.ts';
import type { DatabaseKind } from '../db/connection.ts';
import { withinBegun, type Tx } from '../db/transaction.ts';
import { startOfYear } from '../time.ts';
import { documentGrams, exactByKeys, spaced, termGrams, titleGrams, TOKEN_CHAR, tokenText } from '../db/search-grams.ts';
import { MAX_OCCURRENCES, TITLE_WEIGHT, type Ranked } from './rank.ts';

export interface SearchDocument {
  post_id: number;
  title: string;
  body: string;
  published_at: string;
  year: string;
}

/** The row number of a post in the character index: its publication second, then its id, so
 * that FTS5's own rowid order is newest-first and LIMIT can stop early. Safe below 2^53 until
 * the year 2240. */
export function ftsKey(postId: number, publishedAt: string): number {
  return Math.floor(Date.parse(publishedAt) / 1000) * 2 ** 20 + (postId % 2 ** 20);
}

export async function removeDocument(db: Tx, kind: DatabaseKind, postId: number): Promise<void> {
  if (kind === 'sqlite') {
    const old = await db.selectFrom('search_documents').select('fts_key').where('post_id', '=', postId).executeTakeFirst();
    if (old?.fts_key != null) {
      await sql`delete from search_chars where rowid = ${Number(old.fts_key)}`.execute(db);
      await sql`delete from search_title_chars where rowid = ${Number(old.fts_key)}`.execute(db);
    }
  }
  await db.deleteFrom('search_bodies').where('post_id', '=', postId).execute();
  await db.deleteFrom('search_documents').where('post_id', '=', postId).execute();
}

export async function putDocument(db: Tx, kind: DatabaseKind, doc: SearchDocument): Promise<void> {
  await removeDocument(db, kind, doc.post_id);
  const key = kind === 'sqlite' ? ftsKey(doc.post_id, doc.published_at) : null;
  const row = { post_id: doc.post_id, title: doc.title, published_at: doc.published_at, year: doc.year, fts_key: key };
  await db
    .insertInto('search_documents')
    .values(
      key !== null
        ? row
        : { ...row, grams: documentGrams(doc.title, doc.body), title_grams: titleGrams(doc.title), title_letters: tokenText(doc.title) },
    )
    .execute();
  await db
    .insertInto('search_bodies')
    .values(
      key !== null ? { post_id: doc.post_id, body: doc.body } : { post_id: doc.post_id, body: doc.body, body_letters: tokenText(doc.body) },
    )
    .execute();
  if (key !== null) {
    await sql`insert into search_chars(rowid, title, body) values (${key}, ${spaced(doc.title)}, ${spaced(doc.body)})`.execute(db);
    await sql`insert into search_title_chars(rowid, title) values (${key}, ${spaced(doc.title)})`.execute(db);
  }
}

export async function clearIndex(db: Tx, kind: DatabaseKind): Promise<void> {
  if (kind === 'sqlite') {
    await sql`delete from search_chars`.execute(db);
    await sql`delete from search_title_chars`.execute(db);
  }
  await db.deleteFrom('search_bodies').execute();
  await db.deleteFrom('search_documents').execute();
}

export async function documentCount(db: Tx): Promise<number> {
  return Number(
    (
      await db
        .selectFrom('search_documents')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

export async function synonymRows(db: Tx): Promise<Array<{ id: number; terms: string }>> {
  return (await db.selectFrom('search_synonyms').select(['id', 'terms']).orderBy('id').execute()).map((r) => ({
    id: Number(r.id),
    terms: r.terms,
  }));
}

/** Which synonyms are saved: their number and highest id. Every save writes the rows anew,
 * with new ids, so a save always changes it. */
export function synonymsVersion(rows: Array<{ id: number }>): string {
  return `${rows.length}:${rows.reduce((top, r) => Math.max(top, r.id), 0)}`;
}

/** synonymsVersion, worked out by the database. */
const synonymsVersionOf = sql<string>`(select count(*) || ':' || coalesce(max(id), 0) from search_synonyms)`;

export async function replaceSynonyms(db: Tx, groups: string[]): Promise<void> {
  await db.deleteFrom('search_synonyms').execute();
  if (groups.length)
    await db
      .insertInto('search_synonyms')
      .values(groups.map((terms) => ({ terms })))
      .execute();
}

export interface CandidateFilter {
  groups: string[][];
  excluded: string[];
  year?: string;
  categoryIds?: number[];
}

function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** FTS5 phrase of one-character tokens, or undefined when the term has no token character. */
function charPhrase(term: string): string | undefined {
  const chars = [...term].filter((c) => TOKEN_CHAR.test(c));
  return chars.length ? `"${chars.join(' ').replace(/"/g, '""')}"` : undefined;
}

/** The exact check on the texts (LIKE), used for PostgreSQL and for what FTS5 cannot say. */
function likeAny(terms: string[]): Expression<SqlBool> {
  const parts = terms.flatMap((t) => [
    sql<SqlBool>`d.title like ${likePattern(t)} escape '\\'`,
    sql<SqlBool>`d.post_id in (select post_id from search_bodies where body like ${likePattern(t)} escape '\\')`,
  ]);
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}

/** Posts matching a group of alternatives, found by the character index. A word with
 * characters the index leaves out (spaces, punctuation) is matched by its letters and digits
 * in a row, on both engines — the same widening as SQLite's fast path (ftsExpression), and
 * no scan of every text. */
function groupCondition(kind: DatabaseKind, group: string[]): Expression<SqlBool> {
  if (kind !== 'sqlite') return gramCondition(group);
  const phrases = group.map(charPhrase);
  if (phrases.some((p) => p === undefined)) return likeAny(group);
  return sql<SqlBool>`d.fts_key in (select rowid from search_chars where search_chars match ${phrases.join(' OR ')})`;
}

/** PostgreSQL: posts having every key of a word (any word of the group), from the character
 * index. Exact for words of up to three characters; a longer word is found through its
 * triples, and the statement checks its letters in a row (rowCheck). */
function gramCondition(group: string[]): Expression<SqlBool> {
  const keys = group.map(termGrams);
  if (keys.some((k) => !k.length)) return likeAny(group);
  return sql<SqlBool>`(${sql.join(
    keys.map((k) => having(k)),
    sql` or `,
  )})`;
}

/** PostgreSQL: the post has every one of the keys, answered by the GIN index. */
function having(keys: number[]): Expression<SqlBool> {
  return sql<SqlBool>`d.grams @> ${sql.raw(`'{${keys.join(',')}}'::bigint[]`)}`;
}

/** Whether a word's keys leave open if its characters stand in a row: words of up to three
 * characters need no check (their keys say it exactly, db/search-grams.ts). */
function needsCheck(term: string): boolean {
  return !exactByKeys(term);
}

/** PostgreSQL: every group has a word whose letters and digits stand in a row in the title's
 * or in the text's (what SQLite's phrase query says), or undefined for no groups: after the
 * keys, or alone in a walk, which is exact without the keys. The title's letters are beside
 * the post; the text's (some 1 KB compressed, in search_bodies) are unpacked only when the
 * titles do not say it alone, and once for all the words: PostgreSQL unpacks a stored text
 * for every function given it, and `|| ''` behind OFFSET 0 keeps the unpacked copy. Testing
 * a post this way costs less than unpacking its keys (some 3 KB compressed, stored apart, and
 * searched element by element). */
function lettersInRow(groups: string[][], settled: (g: string[]) => Expression<SqlBool> | undefined = () => undefined) {
  if (!groups.length) return undefined;
  const all = (parts: Array<Expression<SqlBool>>, joiner: 'and' | 'or') => sql<SqlBool>`(${sql.join(parts, sql.raw(` ${joiner} `))})`;
  const either = (g: string[], words: Array<Expression<SqlBool>>) => {
    const done = settled(g);
    return all(done ? [done, ...words] : words, 'or');
  };
  const inTitle = all(
    groups.map((g) =>
      either(
        g,
        g.map((t) => (tokenText(t).length ? sql<SqlBool>`strpos(d.title_letters, ${tokenText(t)}) > 0` : titleLike(t))),
      ),
    ),
    'and',
  );
  const inEither = all(
    groups.map((g) =>
      either(
        g,
        g.map((t) =>
          tokenText(t).length
            ? sql<SqlBool>`strpos(d.title_letters, ${tokenText(t)}) > 0 or strpos(x.letters, ${tokenText(t)}) > 0`
            : likeAny([t]),
        ),
      ),
    ),
    'and',
  );
  return sql<SqlBool>`(case when ${inTitle} then true else coalesce((select ${inEither}
    from (select b.body_letters || '' as letters from search_bodies b where b.post_id = d.post_id offset 0) x), false) end)`;
}

function titleLike(term: string): Expression<SqlBool> {
  return sql<SqlBool>`d.title like ${likePattern(term)} escape '\\'`;
}

/** PostgreSQL: what the keys of the groups leave open, checked (`check`), or nothing to
 * check; `open` says, once per statement, whether any post needs the check. A group whose
 * words the keys say exactly beside others ("edr" beside "endpoint detection and response")
 * needs it only when some post has the others' keys: the statement asks the index that once
 * ("One-Time Filter"), and when none has, the group's posts are taken as found. */
function rowCheck(groups: string[][]): { check: Expression<SqlBool>; open: Expression<SqlBool> } | undefined {
  const checked = groups.filter((g) => g.some(needsCheck));
  if (!checked.length) return undefined;
  const probes = new Map(
    checked
      .filter((g) => !g.every(needsCheck))
      .map((g) => {
        const keys = g.filter(needsCheck).map(termGrams);
        const any = sql.join(
          keys.map((k) => sql`s.grams @> ${sql.raw(`'{${k.join(',')}}'::bigint[]`)}`),
          sql` or `,
        );
        return [g, sql<SqlBool>`exists (select 1 from search_documents s where ${any})`];
      }),
  );
  const open = checked.every((g) => probes.has(g)) ? sql<SqlBool>`(${sql.join([...probes.values()], sql` or `)})` : sql<SqlBool>`true`;
  const check = lettersInRow(checked, (g) => {
    const probe = probes.get(g);
    return probe && sql<SqlBool>`not ${probe}`;
  })!;
  return { check, open };
}

/** Beyond this many alternatives a query's synonyms are asked group by group. */
const MAX_ALTERNATIVES = 32;

/** PostgreSQL: the words as questions the GIN index answers alone. Every group of synonyms
 * multiplies the alternatives (A and (B or C) is A+B or A+C), each one array of keys, so the
 * planner combines index scans and never unpacks a post's keys to test them: it counts no
 * cost for that unpacking, and a test after the index read every matching post's 12 KB of
 * keys (180 ms at 10,000 posts against 1 ms). */
function gramConditions(groups: string[][]): Array<Expression<SqlBool>> {
  const indexed = groups.filter((g) => g.every((t) => termGrams(t).length));
  const rest = groups.filter((g) => !indexed.includes(g)).map((g) => gramCondition(g));
  let alternatives: number[][] = [[]];
  for (const g of indexed) alternatives = alternatives.flatMap((keys) => g.map((t) => [...keys, ...termGrams(t)]));
  if (!indexed.length) return rest;
  if (alternatives.length > MAX_ALTERNATIVES) return groups.map((g) => gramCondition(g));
  const questions = alternatives.map((keys) => having([...new Set(keys)]));
  return [sql<SqlBool>`(${sql.join(questions, sql` or `)})`, ...rest];
}

/** Leaves out the posts that have an excluded word, by the same rule as the words looked for:
 * a list of posts from the character index rather than a test of each candidate. */
function notHaving(kind: DatabaseKind, term: string): Expression<SqlBool> {
  if (kind === 'sqlite') {
    const phrase = charPhrase(term);
    return phrase
      ? sql<SqlBool>`d.fts_key not in (select rowid from search_chars where search_chars match ${phrase})`
      : sql<SqlBool>`not ${likeAny([term])}`;
  }
  const keys = termGrams(term);
  if (!keys.length) return sql<SqlBool>`not ${likeAny([term])}`;
  const checked = needsCheck(term) ? sql` and ${lettersInRow([[term]])!}` : sql``;
  return sql<SqlBool>`d.post_id not in (select post_id from search_documents as d where ${having(keys)}${checked})`;
}

/** The matching posts. PostgreSQL: found through the key index and checked (`index`), or not
 * checked (`keys`: a superset when a word has three characters or more), or tested post by
 * post by their letters (`walk`: no index answers that test, so the planner
 * walks the posts newest first, search_documents_newest). */
function candidates(db: Tx, kind: DatabaseKind, f: CandidateFilter, way: 'index' | 'keys' | 'walk' = 'index') {
  let q = db.selectFrom('search_documents as d');
  const conditions =
    kind === 'sqlite'
      ? f.groups.map((g) => groupCondition(kind, g))
      : way === 'walk'
        ? [lettersInRow(f.groups) ?? sql<SqlBool>`true`]
        : [...gramConditions(f.groups), ...(way === 'keys' ? [] : [rowCheck(f.groups)?.check ?? sql<SqlBool>`true`])];
  for (const condition of conditions) q = q.where(condition);
  for (const term of f.excluded) q = q.where(notHaving(kind, term));
  if (f.year) q = q.where('d.year', '=', f.year);
  if (f.categoryIds) {
    q = q.where(
      'd.post_id',
      'in',
      db
        .selectFrom('post_categories')
        .select('post_id')
        .where('category_id', 'in', f.categoryIds.length ? f.categoryIds : [-1]),
    );
  }
  return q;
}

export interface PoolRow {
  post_id: number;
  title: string;
  published_at: string;
}

export interface Pool {
  /** Matches, counted up to `cap`. */
  total: number;
  /** The newest `size` matches whose title has one of the title words. */
  titled: PoolRow[];
  /** The newest `size` matches. */
  newest: PoolRow[];
}

/** PostgreSQL: runs `work` in a transaction whose planner never reads every post (see
 * candidatePool); BEGIN and the settings go as one round trip. Inside a batch's transaction,
 * the settings join it. */
async function withIndexOnlyPlans<T>(db: Tx, inTransaction: boolean, work: (tx: Tx) => Promise<T>): Promise<T> {
  // PostgreSQL's planner does not count the cost of unpacking each post's keys (an array of
  // some 5 KB, compressed), so for a common word it would read and unpack every row rather
  // than ask the index: 150–600 ms at 10,000 posts against a few.
  // JIT off: the planner's cost of walking the posts grows with the archive (~2,000 at 10,000
  // posts), and past jit_above_cost (100,000 by default) compiling the statement would cost
  // more (10 ms and up) than running it.
  if (inTransaction) {
    await sql`set local enable_seqscan = off; set local jit = off`.execute(db);
    return work(db);
  }
  // No parameters: sent as one simple query, so the statements cost one round trip.
  return withinBegun(db as Kysely<Database>, sql`begin; set local enable_seqscan = off; set local jit = off`, work);
}

/** The matches, counted, and the two lists ranking starts from. */
export async function candidatePool(
  db: Tx,
  kind: DatabaseKind,
  f: CandidateFilter,
  size: number,
  titleTerms: string[],
  cap: number,
): Promise<Pool> {
  if (kind === 'sqlite') return smallPool(db, kind, f, size, titleTerms, cap);
  return postgresPool(db, f, size, titleTerms, cap);
}

/** Up to this many posts with a title word, the titled list is taken from them (below). */
const TITLES_FEW = 500;

/** PostgreSQL: the pool in one statement. The posts having the words' keys are found through
 * the key index up to a bound, √(size × posts × r) and at least `cap`, which says
 * which way is cheaper: walking the posts from the newest, testing each one's letters, until
 * `size` are found (about size × posts ÷ matches tests, some 5 µs each), or checking every
 * match found and sorting them by date (about 1 µs a match, 5 more when its letters are
 * checked): r is 5 when no word needs its letters checked, else 1. Each way sits behind a condition on that
 * number that PostgreSQL checks once, before running it ("One-Time Filter"), so only one of
 * them runs. The count is of matches checked, up to `cap`. */
function poolStatement(db: Tx, f: CandidateFilter, size: number, titleTerms: string[], cap: number) {
  const columns = ['d.post_id', 'd.title', 'd.published_at', 'd.title_letters'] as const;
  const newestWalk = (q: ReturnType<typeof candidates>) =>
    q
      .select(columns)
      .orderBy(sql`d.${byDate('postgres')}`, 'desc')
      .orderBy('d.post_id', 'desc')
      .limit(size);
  const keyed = candidates(db, 'postgres', f, 'keys')
    .select(columns)
    .limit(sql<number>`(select n from bound)`);
  const check = rowCheck(f.groups);
  const checks = check?.check ?? sql`true`;
  // The title test first, in one expression so the planner keeps the order: in a walk, the
  // text's letters are read only for posts with a title word.
  const titledWalk = candidates(db, 'postgres', { ...f, groups: [] }, 'walk').where(
    sql<SqlBool>`case when ${inTitles('postgres', titleTerms)} then ${lettersInRow(f.groups) ?? sql`true`} else false end`,
  );
  // Posts whose title has every key of a title word (the title index; a superset when a word
  // has three characters or more), up to TITLES_FEW: when fewer, the titled list is taken
  // from them rather than by walking every post's title. Not asked when at least half of the
  // newest matches have a title word: the walk then stops soon, and the index's lists of so
  // common a word are long (~1–2 ms).
  const titleKeys = titleTerms.map(termGrams);
  const titleIndexed = titleKeys.every((k) => k.length)
    ? sql`(${sql.join(
        titleKeys.map((k) => sql`d.title_grams @> ${sql.raw(`'{${k.join(',')}}'::bigint[]`)}`),
        sql` or `,
      )})`
    : sql`true`;
  const titledFew = titledWalk.where(sql<SqlBool>`d.post_id = any(array(select post_id from title_found))`);
  const order = sql`order by ${byDate('postgres')} desc, post_id desc limit ${size}`;
  return sql`
    with estimate as (select greatest(reltuples, pg_stat_get_live_tuples(oid)) as n
        from pg_class where oid = 'search_documents'::regclass),
      bound as (select greatest(${cap}, ceil(sqrt(${size} * (case when ${check?.open ?? sql`false`} then 1 else 5 end) * case when n > 0 then n else (select count(*) from search_documents) end)))::bigint as n
        from estimate),
      keyed as materialized ${keyed},
      walking as (select (select count(*) from keyed) >= (select n from bound) as yes),
      -- Not walking: every match (read only then).
      m as materialized (select * from keyed as d where ${checks}),
      -- Walking: the count from the posts found, or if too few of them pass, from all the
      -- posts having the keys (up to the cap either way).
      counted as (select case when not (select yes from walking) then (select count(*) from m)
        when (select count(*) from (select 1 from keyed as d where ${checks} limit ${cap}) c) >= ${cap} then ${cap}
        else (select count(*) from (${candidates(db, 'postgres', f).select('d.post_id').limit(cap)}) c) end as n),
      newest_walk as (${newestWalk(candidates(db, 'postgres', f, 'walk'))}),
      title_found as materialized (select d.post_id from search_documents d where ${titleIndexed} limit ${TITLES_FEW}),
      few_titles as (select count(*) < ${TITLES_FEW} as yes from title_found),
      titles_dense as (select count(*) >= ${Math.ceil(size / 2)} as yes from newest_walk as d where ${inTitles('postgres', titleTerms)}),
      titled_walk as (${newestWalk(titledWalk)}),
      titled_few as (${newestWalk(titledFew)}),
      newest as (select post_id from m ${order}),
      titled as (select post_id from m as d where ${inTitles('postgres', titleTerms)} ${order}),
      pool as (select * from (select post_id, title, published_at, (select n from counted) as counted, 1 as newest, 0 as titled
      from newest_walk where (select yes from walking)
    union all
    select post_id, title, published_at, (select n from counted), 0, 1
      from titled_walk where (select yes from walking) and ((select yes from titles_dense) or not (select yes from few_titles))
    union all
    select post_id, title, published_at, (select n from counted), 0, 1
      from titled_few where (select yes from walking) and not (select yes from titles_dense) and (select yes from few_titles)
    union all
    select post_id, title, published_at, (select n from counted),
      case when post_id in (select post_id from newest) then 1 else 0 end,
      case when post_id in (select post_id from titled) then 1 else 0 end
      from m where not (select yes from walking)
        and (post_id in (select post_id from newest) or post_id in (select post_id from titled))
    ) pool),
      -- An array rather than "in (select …)": planning the join took ~2 ms more.
      scored as (${scoreQuery('postgres', f.groups, sql`d.post_id = any(array(select post_id from pool))`)})`;
}

/** PostgreSQL: the matches, counted, and the two lists ranking starts from (what
 * postgresPage ranks), with their scores. */
async function postgresPool(db: Tx, f: CandidateFilter, size: number, titleTerms: string[], cap: number): Promise<Pool> {
  const rows = await indexOnly<PoolRow & { counted: number; newest: number; titled: number }>(
    db,
    false,
    () => sql`${poolStatement(db, f, size, titleTerms, cap)}
    select pool.*, scored.score from pool left join scored on scored.post_id = pool.post_id
    order by ${byDate('postgres')} desc, post_id desc`,
  );
  const pool = rows.map((r) => ({ row: { post_id: Number(r.post_id), title: r.title, published_at: r.published_at }, r }));
  return {
    total: Math.min(cap, Number(rows[0]?.counted ?? 0)),
    titled: pool.filter((p) => Number(p.r.titled) === 1).map((p) => p.row),
    newest: pool.filter((p) => Number(p.r.newest) === 1).map((p) => p.row),
  };
}

/** PostgreSQL: the page of results in one statement: the pool (poolStatement), ranked as
 * search/rank.ts does, the page cut from it, and the page's posts. */
export async function postgresPage(
  db: Tx,
  inTransaction: boolean,
  f: CandidateFilter,
  size: number,
  titleTerms: string[],
  cap: number,
  offset: number,
  limit: number,
): Promise<RankedPage> {
  const query = () => sql`${poolStatement(db, f, size, titleTerms, cap)},
      ranked as (select p.post_id, p.published_at, coalesce(s.score, 0) as score
        from (select distinct post_id, published_at from pool) p left join scored s on s.post_id = p.post_id
        order by score desc, ${byDate('postgres')} desc, post_id desc offset ${offset} limit ${limit})
    select (select n from counted) as total, ${synonymsVersionOf} as synonyms,
      r.post_id, r.score, x.slug, x.title, x.published_at, x.plain_text
    from (select 1) one left join (ranked r join posts x on x.id = r.post_id) on true
    order by r.score desc, r.published_at collate "C" desc, r.post_id desc`;
  const rows = await indexOnly<{
    total: number | string;
    synonyms: string;
    post_id: number | null;
    score: number | null;
    slug: string;
    title: string;
    published_at: string | null;
    plain_text: string;
  }>(db, inTransaction, query, JSON.stringify(['page', f, size, titleTerms, cap, offset, limit]));
  const found = rows.filter((r) => r.post_id !== null);
  return {
    total: Math.min(cap, Number(rows[0]?.total ?? 0)),
    synonyms: rows[0]?.synonyms ?? '',
    hits: found.map((r) => ({ post_id: Number(r.post_id), score: Number(r.score) })),
    rows: new Map(
      found.map((r) => [
        Number(r.post_id),
        { id: Number(r.post_id), slug: r.slug, title: r.title, published_at: r.published_at, plain_text: r.plain_text },
      ]),
    ),
  };
}

export interface RankedPage {
  /** Matches, counted up to `cap`. */
  total: number;
  /** The synonyms' version when the statement ran (synonymsVersion). */
  synonyms: string;
  /** The page, ranked (search/rank.ts). */
  hits: Ranked[];
  /** The posts of the page, for their links and snippets. */
  rows: Map<number, SearchResultRow>;
}

/** PostgreSQL: runs a statement with the settings of withIndexOnlyPlans, all in one message
 * of the simple protocol (one round trip, its own implicit transaction, or the batch's): the
 * values are written into the text as literals. A value that cannot be (a NUL character) sends
 * it the longer way. */
async function indexOnly<R>(db: Tx, inTransaction: boolean, build: () => RawBuilder<unknown>, key?: string): Promise<R[]> {
  let text = key === undefined ? undefined : built.get(key);
  if (text === undefined) {
    const compiled = build().compile(db) as CompiledQuery<R>;
    const values = compiled.parameters.map(literal);
    if (values.some((v) => v === undefined))
      return withIndexOnlyPlans(db, inTransaction, async (tx) => (await tx.executeQuery(compiled)).rows);
    text = `set local enable_seqscan = off; set local jit = off; ${compiled.sql.replace(/\$(\d+)/g, (_, n: string) => values[Number(n) - 1]!)}`;
    if (key !== undefined) {
      if (built.size >= BUILT_MAX) built.clear();
      built.set(key, text);
    }
  }
  return (await db.executeQuery(CompiledQuery.raw(text, []) as CompiledQuery<R>)).rows;
}

/** Statements built, by what they ask (`key`): building and compiling the page's statement
 * takes about as long in JavaScript as a small query, and a search asked again (the popular
 * words of a site) finds its text here. The text holds no state of the database. At most
 * BUILT_MAX texts of 6–15 KB, about 1 MB. */
const built = new Map<string, string>();
const BUILT_MAX = 100;

/** A value as an SQL literal: numbers as themselves, strings dollar-quoted with a tag that
 * appears only where it closes them (neither backslashes nor quotes mean anything inside);
 * undefined for what has no literal here. */
function literal(v: unknown): string | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? `(${v})` : undefined;
  if (typeof v === 'bigint') return `(${v})`;
  if (typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  if (typeof v !== 'string' || v.includes('\0')) return undefined;
  // The literal ends at the tag's first appearance after the opening one: in the value, or
  // made by the value's last characters and the tag ("…$k" + "$k$").
  let tag = '$k$';
  for (let i = 0; (v + tag).indexOf(tag) < v.length; i++) tag = `$k${i}$`;
  return `${tag}${v}${tag}`;
}

/** Whether the title has one of the words, by the rule of the words looked for: SQLite's
 * title-only character index, PostgreSQL's title letters (d.fts_key or d.title_letters). */
function inTitles(kind: DatabaseKind, terms: string[]): Expression<SqlBool> {
  const phrases = terms.map(charPhrase);
  if (phrases.some((p) => p === undefined)) {
    return sql<SqlBool>`(${sql.join(
      terms.map((t) => sql`d.title like ${likePattern(t)} escape '\\'`),
      sql` or `,
    )})`;
  }
  if (kind === 'sqlite')
    return sql<SqlBool>`d.fts_key in (select rowid from search_title_chars where search_title_chars match ${phrases.join(' OR ')})`;
  return sql<SqlBool>`(${sql.join(
    terms.map((t) => sql`strpos(d.title_letters, ${tokenText(t)}) > 0`),
    sql` or `,
  )})`;
}

/** Byte order, as SQLite's, and as PostgreSQL's index search_documents_newest. */
function byDate(kind: DatabaseKind) {
  return kind === 'sqlite' ? sql`published_at` : sql`published_at collate "C"`;
}

/** The pool in one query, the matches found once: for a few hundred matches, cheaper than
 * walking. */
async function smallPool(db: Tx, kind: DatabaseKind, f: CandidateFilter, size: number, titleTerms: string[], cap: number): Promise<Pool> {
  const matches = candidates(db, kind, f).select([
    'd.post_id',
    'd.title',
    'd.published_at',
    kind === 'sqlite' ? 'd.fts_key' : 'd.title_letters',
  ]);
  const order = sql`order by ${byDate(kind)} desc, post_id desc limit ${size}`;
  const { rows } = await sql<PoolRow & { total: number; newest: number; titled: number }>`
    with m as materialized ${matches},
    newest as (select post_id from m ${order}),
    titled as (select post_id from m as d where ${inTitles(kind, titleTerms)} ${order})
    select post_id, title, published_at, (select count(*) from m) as total,
      case when post_id in (select post_id from newest) then 1 else 0 end as newest,
      case when post_id in (select post_id from titled) then 1 else 0 end as titled
    from m where post_id in (select post_id from newest) or post_id in (select post_id from titled)
    order by ${byDate(kind)} desc, post_id desc`.execute(db);
  const pool = rows.map((r) => ({ row: { post_id: Number(r.post_id), title: r.title, published_at: r.published_at }, r }));
  return {
    total: Math.min(cap, Number(rows[0]?.total ?? 0)),
    titled: pool.filter((p) => Number(p.r.titled) === 1).map((p) => p.row),
    newest: pool.filter((p) => Number(p.r.newest) === 1).map((p) => p.row),
  };
}

export interface PoolScore {
  score: number;
}

/** The score of each pool post (search/rank.ts), worked out by the database so that the long
 * texts never leave it: per group, TITLE_WEIGHT when the title has one of its words, plus how
 * often the text has them (non-overlapping, at most MAX_OCCURRENCES). */
export async function scoresOf(db: Tx, kind: DatabaseKind, ids: number[], groups: string[][]): Promise<Map<number, PoolScore>> {
  if (!ids.length) return new Map();
  const { rows } = await scoreQuery(kind, groups, sql`d.post_id in (${sql.join(ids)})`).execute(db);
  return new Map(rows.map((r) => [Number(r.post_id), { score: Number(r.score) }]));
}

/** The scores of the posts that `chosen` (a condition on d.post_id) picks. */
function scoreQuery(kind: DatabaseKind, groups: string[][], chosen: Expression<SqlBool>) {
  const has = (column: string, t: string) =>
    kind === 'sqlite' ? sql`instr(${sql.ref(column)}, ${t}) > 0` : sql`strpos(${sql.ref(column)}, ${t}) > 0`;
  const least = kind === 'sqlite' ? sql.raw('min') : sql.raw('least');
  const groupScores = groups.map((g) => {
    const inTitle = sql.join(
      g.map((t) => has('p.title', t)),
      sql` or `,
    );
    // Occurrences from the bytes replace() removed: octet_length reads the stored size, while
    // length() counts a text's characters one by one (twice per word and post).
    const inBody = sql.join(
      g.map((t) => sql`(p.bytes - octet_length(replace(p.body, ${t}, ''))) / ${sql.lit(Buffer.byteLength(t))}`),
      sql` + `,
    );
    return sql`(case when ${inTitle} then ${sql.lit(TITLE_WEIGHT)} else 0 end + ${least}(${sql.lit(MAX_OCCURRENCES)}, ${inBody}))`;
  });
  // PostgreSQL keeps a long text compressed and unpacks it for every function that reads it
  // (a dozen times a post here); `|| ''` behind OFFSET 0 unpacks it once. SQLite reads the
  // text as stored, and would copy it for every reference (its subquery is flattened).
  return sql<{ post_id: number; score: number }>`
    select p.post_id, ${sql.join(groupScores, sql` + `)} as score
    from (select d.post_id, d.title, ${kind === 'sqlite' ? sql`b.body` : sql`b.body || ''`} as body, octet_length(b.body) as bytes
      from search_documents d join search_bodies b on b.post_id = d.post_id
      where ${chosen} ${kind === 'sqlite' ? sql`` : sql`offset 0`}) p`;
}

/** Bytes the index takes (SQLite: its tables' pages; PostgreSQL: tables and indexes). */
export async function indexSize(db: Tx, kind: DatabaseKind): Promise<number> {
  if (kind === 'sqlite') {
    const { rows } = await sql<{ bytes: number }>`select sum(pgsize) as bytes from dbstat where name like 'search_%'`
      .execute(db)
      .catch(() => ({ rows: [{ bytes: 0 }] }));
    return Number(rows[0]?.bytes ?? 0);
  }
  const { rows } = await sql<{
    bytes: string;
  }>`select pg_total_relation_size('search_documents') + pg_total_relation_size('search_bodies') as bytes`.execute(db);
  return Number(rows[0]?.bytes ?? 0);
}

// ---------------------------------------------------------------------------------------
// SQLite's fast path: when there is no category filter, the whole question is one MATCH
// expression, answered by the character index alone, newest first, stopping at the limit.
// A word with spaces or punctuation inside ("endpoint detection and response") is matched
// by its letters in a row, which also finds it written without them — a small widening
// accepted for speed (the exact LIKE check would read every candidate's text).

export function ftsExpression(f: CandidateFilter): string | undefined {
  if (f.categoryIds) return undefined;
  const unsayable = (t: string) => charPhrase(t) === undefined;
  if (f.groups.some((g) => g.some(unsayable)) || f.excluded.some(unsayable)) return undefined;
  const groups = f.groups.map((g) => `(${g.map((t) => charPhrase(t)!).join(' OR ')})`).join(' AND ');
  return groups + f.excluded.map((t) => ` NOT ${charPhrase(t)!}`).join('');
}

function yearRange(year?: string): [number, number] {
  if (!year) return [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
  const from = startOfYear(Number(year)).getTime() / 1000;
  const to = startOfYear(Number(year) + 1).getTime() / 1000;
  return [from * 2 ** 20, to * 2 ** 20 - 1];
}

/** As countCandidates: counted up to `cap`. */
export async function ftsCount(db: Tx, match: string, cap: number, year?: string): Promise<number> {
  const [lo, hi] = yearRange(year);
  const { rows } = await sql<{
    n: number;
  }>`select count(*) as n from (select 1 from search_chars where search_chars match ${match} and rowid between ${lo} and ${hi} limit ${cap})`.execute(
    db,
  );
  return Number(rows[0]?.n ?? 0);
}

/** The newest matches; with `titleTerms`, only those whose title has one of them. */
export async function ftsNewest(db: Tx, match: string, limit: number, year?: string, titleTerms?: string[]): Promise<PoolRow[]> {
  const [lo, hi] = yearRange(year);
  const inTitles = titleTerms?.map((t) => charPhrase(t)!).join(' OR ');
  // The title words' lists in the full index cover every text that has them, and asking for
  // title matches reads them whole (5–11 ms for a common word no title has); the title-only
  // index says at once whether any title has one.
  if (inTitles && !(await anyTitleHas(db, inTitles, lo, hi))) return [];
  const expression = inTitles ? `(${match}) AND {title} : (${inTitles})` : match;
  const { rows } = await sql<{ post_id: number; title: string; published_at: string }>`
    select d.post_id, d.title, d.published_at
    from (select rowid as k from search_chars where search_chars match ${expression} and rowid between ${lo} and ${hi} order by rowid desc limit ${limit}) m
    join search_documents d on d.fts_key = m.k
    order by m.k desc`.execute(db);
  return rows.map((r) => ({ post_id: Number(r.post_id), title: r.title, published_at: r.published_at }));
}

/** Whether the title of a post in the range has a match for `phrases` (SQLite). */
async function anyTitleHas(db: Tx, phrases: string, lo: number, hi: number): Promise<boolean> {
  const { rows } =
    await sql`select 1 from search_title_chars where search_title_chars match ${phrases} and rowid between ${lo} and ${hi} limit 1`.execute(
      db,
    );
  return rows.length > 0;
}
