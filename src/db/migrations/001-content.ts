// The content model: authors, categories, tags, posts and site settings.
import { sql, type Kysely } from 'kysely';
import type { DatabaseKind } from '../connection.ts';
import { primaryId } from './columns.ts';

export async function up(db: Kysely<unknown>, kind: DatabaseKind): Promise<void> {
  await db.schema
    .createTable('authors')
    .addColumn('id', 'integer', primaryId(kind))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('profile', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('greeting', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('signoff', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('categories')
    .addColumn('id', 'integer', primaryId(kind))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('parent_id', 'integer', (c) => c.references('categories.id').onDelete('set null'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('tags')
    .addColumn('id', 'integer', primaryId(kind))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .execute();

  await db.schema
    .createTable('posts')
    .addColumn('id', 'integer', primaryId(kind))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'pending', 'scheduled', 'published')`))
    .addColumn('published_at', 'text')
    // YYYY-MM of published_at in the site's time zone, for the monthly archive.
    .addColumn('archive_month', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('author_id', 'integer', (c) => c.notNull().references('authors.id'))
    .addColumn('body_markdown', 'text', (c) => c.notNull())
    .addColumn('blocks', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('plain_text', 'text', (c) => c.notNull())
    .addColumn('excerpt', 'text', (c) => c.notNull())
    .addColumn('reading_chars', 'integer', (c) => c.notNull())
    .addColumn('lead_image', 'text')
    .execute();
  await db.schema.createIndex('posts_status_published').on('posts').columns(['status', 'published_at']).execute();
  await db.schema.createIndex('posts_archive_month').on('posts').columns(['archive_month']).execute();
  await db.schema.createIndex('posts_author').on('posts').column('author_id').execute();

  await db.schema
    .createTable('post_categories')
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('category_id', 'integer', (c) => c.notNull().references('categories.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('post_categories_pk', ['post_id', 'category_id'])
    .execute();
  await db.schema.createIndex('post_categories_category').on('post_categories').column('category_id').execute();

  await db.schema
    .createTable('post_tags')
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('post_tags_pk', ['post_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('post_tags_tag').on('post_tags').column('tag_id').execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('site_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('content_version', 'integer', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();
  await db
    .insertInto('site_state' as never)
    .values({ id: 1, content_version: 1, changed_at: new Date().toISOString() } as never)
    .execute();
}
