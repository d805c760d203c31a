// Uploaded images: the original is kept privately; the site serves WebP copies without
// metadata, at several widths.
import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../connection.ts';
import { primaryId } from './columns.ts';

export async function up(db: Kysely<unknown>, kind: DatabaseKind): Promise<void> {
  await db.schema
    .createTable('media')
    .addColumn('id', 'integer', primaryId(kind))
    /** Path stem under media/, e.g. 2025/11/k3m9x2ab (files are STEM-WIDTH.webp). */
    .addColumn('stem', 'text', (c) => c.notNull().unique())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('original_path', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('widths', 'text', (c) => c.notNull())
    .addColumn('alt', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('media_sha256').on('media').column('sha256').execute();
}
