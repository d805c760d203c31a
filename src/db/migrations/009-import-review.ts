// Lines an import found damaged and could not repair with certainty: kept in the post exactly
// as they were, and listed here (the admin's 要確認) until the author has fixed them by hand.
import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../connection.ts';
import { primaryId } from './columns.ts';

export async function up(db: Kysely<unknown>, kind: DatabaseKind): Promise<void> {
  await db.schema
    .createTable('import_review')
    .addColumn('id', 'integer', primaryId(kind))
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    /** The file, the entry (1-based) and the line in the file where the text was. */
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('entry', 'integer', (c) => c.notNull())
    .addColumn('line', 'integer', (c) => c.notNull())
    /** The line as it stands in the post. */
    .addColumn('text', 'text', (c) => c.notNull())
    /** What a repair would have made of it (not certain, so never published); '' for none. */
    .addColumn('guess', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    /** When the author marked it fixed; null while it waits. */
    .addColumn('resolved_at', 'text')
    .addUniqueConstraint('import_review_line', ['post_id', 'line', 'text'])
    .execute();
  await db.schema.createIndex('import_review_open').on('import_review').columns(['resolved_at', 'post_id']).execute();
}
