// All SQL of the search index. The two engines differ only in how candidates are found
// (FTS5 trigram MATCH on SQLite, LIKE served by pg_trgm GIN indexes on PostgreSQL); the
// ranking is one formula on both, so the same corpus ranks the same way.
import { sql, type RawBuilder } from 'kysely';
import type { DatabaseKind } from '../db/connection.ts';
import type { Tx } from '../db/transaction.ts';

export interface SearchDocument {
  post_id: number;
  title: string;
  body: string;
  published_at: string;
  year: string;
}

export async function removeDocument(db: Tx, kind: DatabaseKind, postId: number): Promise<void> {
  if (kind === 'sqlite') {
    const old = await db.selectFrom('search_documents').selectAll().where('post_id', '=', postId).executeTakeFirst();
    // External-content FTS5: the old text must be handed back to delete its entries.
    if (old) await sql`insert into search_fts(search_fts, rowid, title, body) values ('delete', ${postId}, ${old.title}, ${old.body})`.execute(db);
  }
  await db.deleteFrom('search_documents').where('post_id', '=', postId).execute();
}

export async function putDocument(db: Tx, kind: DatabaseKind, doc: SearchDocument): Promise<void> {
  await removeDocument(db, kind, doc.post_id);
  await db.insertInto('search_documents').values(doc).execute();
  if (kind === 'sqlite') {
    await sql`insert into search_fts(rowid, title, body) values (${doc.post_id}, ${doc.title}, ${doc.body})`.execute(db);
  }
}

export async function clearIndex(db: Tx, kind: DatabaseKind): Promise<void> {
  await db.deleteFrom('search_documents').execute();
  if (kind === 'sqlite') await sql`insert into search_fts(search_fts) values ('delete-all')`.execute(db);
}

export async function documentCount(db: Tx): Promise<number> {
  return Number((await db.selectFrom('search_documents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
}

export async function synonymRows(db: Tx): Promise<Array<{ id: number; terms: string }>> {
  return (await db.selectFrom('search_synonyms').select(['id', 'terms']).orderBy('id').execute()).map((r) => ({ id: Number(r.id), terms: r.terms }));
}

export async function replaceSynonyms(db: Tx, groups: string[]): Promise<void> {
  await db.deleteFrom('search_synonyms').execute();
  if (groups.length) await db.insertInto('search_synonyms').values(groups.map((terms) => ({ terms }))).execute();
}

export interface SearchRequest {
  groups: string[][];
  excluded: string[];
  year?: string;
  categoryIds?: number[];
  limit: number;
  offset: number;
}

export interface SearchHit {
  post_id: number;
  score: number;
}

const FTS_MIN = 3; // the trigram tokenizer cannot match fewer characters

function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function contains(kind: DatabaseKind, column: 'title' | 'body', term: string): RawBuilder<number> {
  return kind === 'sqlite' ? sql<number>`instr(${sql.ref(`d.${column}`)}, ${term})` : sql<number>`strpos(${sql.ref(`d.${column}`)}, ${term})`;
}

/** FTS5 phrase syntax: the term in double quotes, inner quotes doubled. */
function ftsPhrase(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

export async function search(db: Tx, kind: DatabaseKind, r: SearchRequest): Promise<{ hits: SearchHit[]; total: number }> {
  let q = db.selectFrom('search_documents as d');
  // Candidates through the index: SQLite's FTS5 for groups whose every alternative is long
  // enough; everything else (and all of PostgreSQL, whose GIN index serves LIKE) by LIKE.
  const ftsGroups = kind === 'sqlite' ? r.groups.filter((g) => g.every((t) => [...t].length >= FTS_MIN)) : [];
  if (ftsGroups.length) {
    const match = ftsGroups.map((g) => `(${g.map(ftsPhrase).join(' OR ')})`).join(' AND ');
    q = q.where('d.post_id', 'in', sql<number>`(select rowid from search_fts where search_fts match ${match})`);
  }
  for (const group of r.groups) {
    if (ftsGroups.includes(group)) continue;
    q = q.where((eb) =>
      eb.or(group.flatMap((t) => [sql<boolean>`d.title like ${likePattern(t)} escape '\\'`, sql<boolean>`d.body like ${likePattern(t)} escape '\\'`])),
    );
  }
  for (const t of r.excluded) {
    q = q.where(sql<boolean>`not (d.title like ${likePattern(t)} escape '\\' or d.body like ${likePattern(t)} escape '\\')`);
  }
  if (r.year) q = q.where('d.year', '=', r.year);
  if (r.categoryIds) {
    q = q.where('d.post_id', 'in', db.selectFrom('post_categories').select('post_id').where('category_id', 'in', r.categoryIds.length ? r.categoryIds : [-1]));
  }
  const total = Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  if (!total) return { hits: [], total };

  // Score: per group, 100 when the title has it, plus its occurrences in the text (at most 10).
  const parts = r.groups.map((group) => {
    const inTitle = group.map((t) => sql`(case when ${contains(kind, 'title', t)} > 0 then 1 else 0 end)`);
    const inBody = group.map((t) => sql`((length(d.body) - length(replace(d.body, ${t}, ''))) / ${[...t].length})`);
    return sql`(100 * (case when ${sql.join(inTitle, sql` + `)} > 0 then 1 else 0 end) + (case when ${sql.join(inBody, sql` + `)} > 10 then 10 else ${sql.join(inBody, sql` + `)} end))`;
  });
  const score = parts.length ? sql<number>`${sql.join(parts, sql` + `)}` : sql<number>`0`;
  const rows = await q
    .select(['d.post_id', score.as('score')])
    .orderBy('score', 'desc')
    .orderBy('d.published_at', 'desc')
    .orderBy('d.post_id', 'desc')
    .limit(r.limit)
    .offset(r.offset)
    .execute();
  return { hits: rows.map((x) => ({ post_id: Number(x.post_id), score: Number(x.score) })), total };
}

/** Bytes the index takes (SQLite: the tables' pages; PostgreSQL: table and indexes). */
export async function indexSize(db: Tx, kind: DatabaseKind): Promise<number> {
  if (kind === 'sqlite') {
    const { rows } = await sql<{ bytes: number }>`select sum(pgsize) as bytes from dbstat where name like 'search_%'`.execute(db).catch(() => ({ rows: [{ bytes: 0 }] }));
    return Number(rows[0]?.bytes ?? 0);
  }
  const { rows } = await sql<{ bytes: string }>`select pg_total_relation_size('search_documents') as bytes`.execute(db);
  return Number(rows[0]?.bytes ?? 0);
}
