// All SQL about categories and tags.
import type { Selectable } from 'kysely';
import type { CategoryTable, TagTable } from '../db/schema.ts';
import type { Q } from './post-store.ts';

export type CategoryRow = Selectable<CategoryTable>;
export type TagRow = Selectable<TagTable>;

export async function allCategories(db: Q): Promise<CategoryRow[]> {
  return db.selectFrom('categories').selectAll().orderBy('position').orderBy('name').execute();
}

export async function findCategoryBySlug(db: Q, slug: string): Promise<CategoryRow | undefined> {
  return db.selectFrom('categories').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function insertCategory(db: Q, row: Omit<CategoryRow, 'id'>): Promise<number> {
  const { id } = await db.insertInto('categories').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(id);
}

/** Published posts per category (direct membership). */
export async function categoryCounts(db: Q): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('post_categories')
    .innerJoin('posts', 'posts.id', 'post_categories.post_id')
    .select((eb) => ['post_categories.category_id', eb.fn.countAll().as('n')])
    .where('posts.status', '=', 'published')
    .groupBy('post_categories.category_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.category_id), Number(r.n)]));
}

export async function findTagBySlug(db: Q, slug: string): Promise<TagRow | undefined> {
  return db.selectFrom('tags').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function findTagByName(db: Q, name: string): Promise<TagRow | undefined> {
  return db.selectFrom('tags').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function insertTag(db: Q, row: Omit<TagRow, 'id'>): Promise<number> {
  const { id } = await db.insertInto('tags').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(id);
}

export async function tagSlugTaken(db: Q, slug: string): Promise<boolean> {
  return (await db.selectFrom('tags').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined;
}

/** Tags that have at least one published post, with counts. */
export async function tagsInUse(db: Q): Promise<Array<TagRow & { count: number }>> {
  const rows = await db
    .selectFrom('tags')
    .innerJoin('post_tags', 'post_tags.tag_id', 'tags.id')
    .innerJoin('posts', 'posts.id', 'post_tags.post_id')
    .select((eb) => ['tags.id', 'tags.slug', 'tags.name', eb.fn.countAll().as('n')])
    .where('posts.status', '=', 'published')
    .groupBy(['tags.id', 'tags.slug', 'tags.name'])
    .orderBy('tags.name')
    .execute();
  return rows.map((r) => ({ id: Number(r.id), slug: r.slug, name: r.name, count: Number(r.n) }));
}
