// Both engines give the same results (src/search/engines-agree.test.ts). A word of three
// letters or more matches a text when its letters and digits stand in a row among the text's
// letters and digits (what SQLite's phrase query over one-character tokens says). PostgreSQL's
// pairs say only that each neighbouring two are somewhere; the texts' letters and digits alone
// (search/store.ts: lettersOf) let it say the rest in the statement itself, for the count, the
// lists, excluded words and title matches alike.
import { sql, type Kysely } from 'kysely';
import type { DatabaseKind } from '../connection.ts';
import { forEachIndexedBatch } from './indexed-posts.ts';
import { tokenText } from '../search-grams.ts';

export async function up(db: Kysely<unknown>, kind: DatabaseKind): Promise<void> {
  if (kind === 'sqlite') return;
  await sql`alter table search_documents add column title_letters text`.execute(db);
  await sql`alter table search_bodies add column body_letters text`.execute(db);
  const { rows: can } = await sql<{ lz4: boolean }>`
    select 'lz4' = any(enumvals) as lz4 from pg_settings where name = 'default_toast_compression'`.execute(db);
  if (can[0]?.lz4 === true) await sql`alter table search_bodies alter column body_letters set compression lz4`.execute(db);
  await forEachIndexedBatch(db, async (rows) => {
    const values = rows.map((r) => sql`(${r.post_id}::integer, ${tokenText(r.title)}, ${tokenText(r.body)})`);
    await sql`update search_documents d set title_letters = v.t from (values ${sql.join(values)}) as v(post_id, t, b)
      where d.post_id = v.post_id`.execute(db);
    await sql`update search_bodies d set body_letters = v.b from (values ${sql.join(values)}) as v(post_id, t, b)
      where d.post_id = v.post_id`.execute(db);
  });
}
