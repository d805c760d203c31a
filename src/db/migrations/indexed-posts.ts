// What search migrations derive new columns or tables from: every indexed post's title and
// text, read in batches so that a large site never sits in memory at once.
import { sql, type Kysely } from 'kysely';

export interface IndexedPost {
  post_id: number;
  title: string;
  body: string;
}

/** Calls `each` with the indexed posts, 500 at a time, in id order. */
export async function forEachIndexedBatch(db: Kysely<unknown>, each: (rows: IndexedPost[]) => Promise<void>): Promise<void> {
  let after = -1;
  for (;;) {
    const { rows } = await sql<IndexedPost>`
      select d.post_id, d.title, b.body from search_documents d join search_bodies b on b.post_id = d.post_id
      where d.post_id > ${after} order by d.post_id limit 500`.execute(db);
    if (!rows.length) return;
    await each(rows);
    after = Number(rows[rows.length - 1]!.post_id);
  }
}
