// PostgreSQL: the character index (search_documents.grams and title_grams) gains a key for
// every three neighbouring characters (db/search-grams.ts). A word of three characters is
// then found exactly by the index, as one or two were, and a longer one through its triples
// leaves far fewer posts whose letters must be checked (search/store.ts). The keys of every
// indexed post are written anew; the GIN indexes are dropped for the pass and built after it,
// far cheaper than updating them post by post. SQLite needs nothing here.
// Measured on 10,000 posts (bench/search.ts): index 106 → 144 MiB; a word of three
// characters no longer checks up to a thousand posts' letters to count its matches.
import { sql, type Kysely } from 'kysely';
import type { DatabaseKind } from '../connection.ts';
import { forEachIndexedBatch } from './indexed-posts.ts';
import { documentGrams, titleGrams } from '../search-grams.ts';

const keys = (k: number[]) => sql.raw(`'{${k.join(',')}}'::bigint[]`);

export async function up(db: Kysely<unknown>, kind: DatabaseKind): Promise<void> {
  if (kind === 'sqlite') return;
  // The row a search reads for every post it finds or walks past stays narrow (about 250
  // bytes rather than 650, so 2.5 times as many to a page): the title's keys, larger with
  // their triples and read only through their index, are kept apart in the TOAST table, and
  // the title and its letters, read for every post, stay in the row.
  await sql`alter table search_documents alter column title_grams set storage external`.execute(db);
  await sql`alter table search_documents alter column title set storage main`.execute(db);
  await sql`alter table search_documents alter column title_letters set storage main`.execute(db);
  await sql`alter table search_documents set (toast_tuple_target = 256)`.execute(db);
  await sql`drop index if exists search_documents_grams`.execute(db);
  await sql`drop index if exists search_documents_title_grams`.execute(db);
  await forEachIndexedBatch(db, async (rows) => {
    const values = rows.map((r) => sql`(${r.post_id}::integer, ${keys(documentGrams(r.title, r.body))}, ${keys(titleGrams(r.title))})`);
    await sql`update search_documents d set grams = v.grams, title_grams = v.title_grams
      from (values ${sql.join(values)}) as v(post_id, grams, title_grams) where d.post_id = v.post_id`.execute(db);
  });
  // fastupdate off, as in 013: a post's keys go into the index at once rather than into a
  // pending list that every search must read.
  await sql`create index search_documents_grams on search_documents using gin (grams) with (fastupdate = off)`.execute(db);
  await sql`create index search_documents_title_grams on search_documents using gin (title_grams) with (fastupdate = off)`.execute(db);
  await sql`analyze search_documents`.execute(db);
}
