// What moving in from another blog brings: comments (kept now, shown when comments come),
// redirects from the old blog's URLs, and which imported entry became which post (so a
// second run of the same file updates instead of duplicating).
import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../connection.ts';
import { primaryId } from './columns.ts';

export async function up(db: Kysely<unknown>, kind: DatabaseKind): Promise<void> {
  await db.schema
    .createTable('comments')
    .addColumn('id', 'integer', primaryId(kind))
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('author_name', 'text', (c) => c.notNull())
    // Personal data: kept only when the owner chose so at import.
    .addColumn('author_email', 'text')
    .addColumn('author_ip', 'text')
    .addColumn('author_url', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('source_key', 'text', (c) => c.notNull().unique())
    .execute();
  await db.schema.createIndex('comments_post').on('comments').column('post_id').execute();

  await db.schema
    .createTable('redirects')
    .addColumn('id', 'integer', primaryId(kind))
    .addColumn('from_path', 'text', (c) => c.notNull().unique())
    .addColumn('to_path', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('imported_entries')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_key', 'text', (c) => c.notNull())
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('imported_entries_pk', ['source', 'source_key'])
    .execute();
}
