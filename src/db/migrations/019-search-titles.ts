// Search speed (bench/README.md, "Search").
// SQLite: a title-only character index beside search_chars, keyed the same (fts_key). Asking
// search_chars which matches have a word in their title reads the word's whole lists, which
// cover every text; the title-only lists are short and say at once whether any title has it.
// PostgreSQL: the same for titles (search_documents.title_grams, GIN), and a post's keys
// (search_documents.grams, ~5 KB) and text (search_bodies.body) compressed with LZ4 where
// the server has it: a search walking the newest posts unpacks the keys of each post it
// tests, and pglz took ~11 µs a post against ~4 µs.
import { sql, type Kysely } from 'kysely';
import type { DatabaseKind } from '../connection.ts';
import { spaced, titleGrams } from '../search-grams.ts';

export async function up(db: Kysely<unknown>, kind: DatabaseKind): Promise<void> {
  if (kind === 'sqlite') {
    await sql`create virtual table search_title_chars using fts5(title, content='', contentless_delete=1, tokenize='unicode61')`.execute(
      db,
    );
    let after = -1;
    for (;;) {
      const { rows } = await sql<{ post_id: number; fts_key: number; title: string }>`
        select post_id, fts_key, title from search_documents where post_id > ${after} order by post_id limit 500`.execute(db);
      if (!rows.length) break;
      for (const r of rows) {
        await sql`insert into search_title_chars(rowid, title) values (${r.fts_key}, ${spaced(r.title)})`.execute(db);
      }
      after = Number(rows[rows.length - 1]!.post_id);
    }
    return;
  }
  // The keys of each title alone, under their own GIN index: which posts have a word in the
  // title, without walking every post's title when few or none do.
  await sql`alter table search_documents add column title_grams bigint[]`.execute(db);
  const { rows: can } = await sql<{ lz4: boolean }>`
    select 'lz4' = any(enumvals) as lz4 from pg_settings where name = 'default_toast_compression'`.execute(db);
  const lz4 = can[0]?.lz4 === true;
  if (lz4) await sql`alter table search_documents alter column grams set compression lz4`.execute(db);
  // Values already stored keep their compression until written anew (`|| '{}'` makes a new
  // value); they are rewritten in the same pass that fills the title keys. Without the index
  // the pass is cheap, and building the index after it is far cheaper than updating it post
  // by post.
  await sql`drop index search_documents_grams`.execute(db);
  let after = -1;
  for (;;) {
    const { rows } = await sql<{ post_id: number; title: string }>`
      select post_id, title from search_documents where post_id > ${after} order by post_id limit 500`.execute(db);
    if (!rows.length) break;
    const values = rows.map((r) => sql`(${r.post_id}::integer, ${sql.raw(`'{${titleGrams(r.title).join(',')}}'::bigint[]`)})`);
    await sql`update search_documents d set title_grams = v.keys${lz4 ? sql`, grams = d.grams || '{}'::bigint[]` : sql``}
      from (values ${sql.join(values)}) as v(post_id, keys) where d.post_id = v.post_id`.execute(db);
    after = Number(rows[rows.length - 1]!.post_id);
  }
  await sql`create index search_documents_grams on search_documents using gin (grams) with (fastupdate = off)`.execute(db);
  await sql`create index search_documents_title_grams on search_documents using gin (title_grams) with (fastupdate = off)`.execute(db);
  if (lz4) {
    // The pool's texts are unpacked for their scores (200–400 a search): pglz ~3.5 µs a
    // text, LZ4 ~1 µs.
    await sql`alter table search_bodies alter column body set compression lz4`.execute(db);
    await sql`update search_bodies set body = body || ''`.execute(db);
  }
}
