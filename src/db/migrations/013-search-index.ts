// PostgreSQL's own character index for search (search/store.ts): one row per indexed post
// with the keys of its characters and character pairs (db/search-grams.ts), under a GIN
// index, written in the same transaction as the post. pg_trgm cannot index words of one or
// two characters, and pg_bigm / PGroonga are not in Debian's PostgreSQL; measured in
// bench/README.md. SQLite keeps its FTS5 table and needs nothing here.
import { sql, type Kysely } from 'kysely';
import type { DatabaseKind } from '../connection.ts';
import { forEachIndexedBatch } from './indexed-posts.ts';
import { documentGrams } from '../search-grams.ts';

export async function up(db: Kysely<unknown>, kind: DatabaseKind): Promise<void> {
  if (kind === 'sqlite') return;
  await sql`create table search_grams (post_id integer primary key, grams bigint[] not null)`.execute(db);
  // fastupdate off: a post's keys go into the index at once rather than into a pending list
  // that every search must read.
  await sql`create index search_grams_keys on search_grams using gin (grams) with (fastupdate = off)`.execute(db);
  // Posts indexed before this migration.
  await forEachIndexedBatch(db, async (rows) => {
    for (const r of rows) {
      await sql`insert into search_grams (post_id, grams) values (${r.post_id}, ${documentGrams(r.title, r.body)})`.execute(db);
    }
  });
}
