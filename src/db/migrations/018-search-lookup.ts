// PostgreSQL: the keys of the character index (013's search_grams) move into
// search_documents, so that one query over one table finds the matches, orders them by date
// and counts them — on 10,000 posts, joining the two tables by post cost more than finding
// the matches (bench/README.md). The keys stay under a GIN index; the array is kept out of
// line, so choosing and ordering posts still reads only the narrow row.
// SQLite needs nothing here.
import { sql, type Kysely } from 'kysely';
import type { DatabaseKind } from '../connection.ts';

export async function up(db: Kysely<unknown>, kind: DatabaseKind): Promise<void> {
  if (kind === 'sqlite') return;
  await sql`alter table search_documents add column grams bigint[]`.execute(db);
  await sql`update search_documents d set grams = g.grams from search_grams g where g.post_id = d.post_id`.execute(db);
  // fastupdate off, as in 013: a post's keys go into the index at once rather than into a
  // pending list that every search must read.
  await sql`create index search_documents_grams on search_documents using gin (grams) with (fastupdate = off)`.execute(db);
  await sql`drop table search_grams`.execute(db);
  // Newest first in byte order (search/store.ts): a word found in more than a thousand posts
  // is answered by walking the posts from the newest and stopping at the page's end.
  await sql`create index search_documents_newest on search_documents (published_at collate "C" desc, post_id desc)`.execute(db);
  await sql`analyze search_documents`.execute(db);
}
