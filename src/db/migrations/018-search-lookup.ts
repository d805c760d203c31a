// PostgreSQL: the posts having every key of a word, always through the GIN index of
// search_grams (013). The planner does not count the cost of unpacking a post's keys (a
// compressed array of some 12 KB kept out of line), so for a common word, or two words
// joined by OR (a synonym), it chose to read every row and unpack it: 150–600 ms at 10,000
// posts where the index answers in about a millisecond (bench/README.md). A function with
// its own setting keeps the index in every plan, and no other query's plans change.
// SQLite needs nothing here.
import { sql, type Kysely } from 'kysely';
import type { DatabaseKind } from '../connection.ts';

export async function up(db: Kysely<unknown>, kind: DatabaseKind): Promise<void> {
  if (kind === 'sqlite') return;
  await sql`create function search_posts_having(keys bigint[]) returns setof integer
    language sql stable set enable_seqscan = off
    as 'select post_id from search_grams where grams @> keys'`.execute(db);
}
