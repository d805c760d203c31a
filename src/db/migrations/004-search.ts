// The search index: one row per published post, title and text already normalised
// (search/normalize.ts). SQLite adds an FTS5 table with the trigram tokenizer over the same
// rows; PostgreSQL adds pg_trgm GIN indexes. Both find any substring of three characters
// or more through the index; shorter terms are checked on the candidates or by a scan.
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
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('year', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('search_documents_year').on('search_documents').column('year').execute();

  await db.schema
    .createTable('search_synonyms')
    .addColumn('id', 'integer', primaryId(kind))
    .addColumn('terms', 'text', (c) => c.notNull())
    .execute();
  for (const terms of seedSynonyms) {
    await db.insertInto('search_synonyms' as never).values({ terms } as never).execute();
  }

  if (kind === 'sqlite') {
    // External content: the text lives once, in search_documents; the indexer keeps the FTS
    // table in step (search/store.ts). Trigram: any substring of 3+ characters, any script.
    await sql`create virtual table search_fts using fts5(title, body, content='search_documents', content_rowid='post_id', tokenize='trigram')`.execute(db);
  } else {
    // pg_trgm may not be installable (a managed database without the right); search then
    // still works, by scanning. The extension goes to public, shared by every schema.
    await sql`do $$ begin create extension if not exists pg_trgm schema public; exception when others then raise notice 'pg_trgm unavailable: %', sqlerrm; end $$`.execute(db);
    await sql`do $$ begin
      if exists (select 1 from pg_extension where extname = 'pg_trgm') then
        execute 'create index search_documents_title_trgm on search_documents using gin (title public.gin_trgm_ops)';
        execute 'create index search_documents_body_trgm on search_documents using gin (body public.gin_trgm_ops)';
      end if;
    end $$`.execute(db);
  }
}
