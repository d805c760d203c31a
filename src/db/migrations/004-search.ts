// The search index: one row per published post, title and text already normalised
// (search/normalize.ts). search_documents is narrow (title, date) so that choosing and
// ordering candidates never reads the long texts, which live in search_bodies.
//
// SQLite: an FTS5 table over the text written one character per token ("漏 え い"), so a
// phrase query finds any substring of any length, one character included. Measured on
// 10,000 posts of ~2,000 characters (bench/README.md): the trigram tokenizer was ~1.3×
// faster for 3+ characters but cannot match 1–2 characters (which then cost a 30 ms scan)
// and its index was twice the size (31 MiB against 14 MiB), so characters won.
// PostgreSQL: pg_trgm GIN indexes serve LIKE '%…%' for 3+ characters; shorter terms scan.
import { sql, type Kysely } from 'kysely';
import type { DatabaseKind } from '../connection.ts';
import { primaryId } from './columns.ts';

/** Pairs writers use interchangeably; the owner edits the list in the admin. */
export const seedSynonyms = [
  '漏えい,漏洩,ろうえい',
  'マイナンバー,個人番号',
  'pマーク,プライバシーマーク',
  'isms,情報セキュリティマネジメントシステム',
  'ppc,個人情報保護委員会',
  'ランサムウェア,ransomware',
  '不正アクセス,不正侵入',
  '二要素認証,二段階認証,2fa,多要素認証',
  '生成ai,生成系ai',
  'edr,endpoint detection and response',
];

export async function up(db: Kysely<unknown>, kind: DatabaseKind): Promise<void> {
  await db.schema
    .createTable('search_documents')
    .addColumn('post_id', 'integer', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('year', 'text', (c) => c.notNull())
    // SQLite: the post's row number in the character index, newest highest (search/store.ts).
    .addColumn('fts_key', 'bigint')
    .execute();
  await db.schema.createIndex('search_documents_fts_key').on('search_documents').column('fts_key').execute();
  await db.schema.createIndex('search_documents_published').on('search_documents').column('published_at').execute();
  await db.schema.createIndex('search_documents_year').on('search_documents').column('year').execute();
  await db.schema
    .createTable('search_bodies')
    .addColumn('post_id', 'integer', (c) => c.primaryKey())
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('search_synonyms')
    .addColumn('id', 'integer', primaryId(kind))
    .addColumn('terms', 'text', (c) => c.notNull())
    .execute();
  for (const terms of seedSynonyms) {
    await db
      .insertInto('search_synonyms' as never)
      .values({ terms } as never)
      .execute();
  }

  if (kind === 'sqlite') {
    // Contentless (the text is in search_bodies), with plain DELETE allowed. Two columns, so
    // a query can ask for title matches alone.
    await sql`create virtual table search_chars using fts5(title, body, content='', contentless_delete=1, tokenize='unicode61')`.execute(
      db,
    );
  } else {
    // pg_trgm may not be installable (a managed database without the right); search then
    // still works, by scanning. The extension goes to public, shared by every schema.
    await sql`do $$ begin create extension if not exists pg_trgm schema public; exception when others then raise notice 'pg_trgm unavailable: %', sqlerrm; end $$`.execute(
      db,
    );
    await sql`do $$ begin
      if exists (select 1 from pg_extension where extname = 'pg_trgm') then
        execute 'create index search_documents_title_trgm on search_documents using gin (title public.gin_trgm_ops)';
        execute 'create index search_bodies_body_trgm on search_bodies using gin (body public.gin_trgm_ops)';
      end if;
    end $$`.execute(db);
  }
}
