// All SQL about categories and tags.
import type { Selectable } from 'kysely';
import type { CategoryTable, TagTable } from '../db/schema.ts';
import type { Q } from './post-store.ts';

export type CategoryRow = Selectable<CategoryTable>;
export type TagRow = Selectable<TagTable>;

export async function allCategories(db: Q): Promise<CategoryRow[]> {
  return db.selectFrom('categories').selectAll().orderBy('position').orderBy('name').execute();
}

/** Every tag's id, slug and name. */
export async function allTags(db: Q): Promise<Array<Pick<TagRow, 'id' | 'slug' | 'name'>>> {
  return db.selectFrom('tags').select(['id', 'slug', 'name']).execute();
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

export async function updateCategoryRow(db: Q, id: number, row: Partial<Omit<CategoryRow, 'id'>>): Promise<void> {
  await db.updateTable('categories').set(row).where('id', '=', id).execute();
}

export async function deleteCategoryRow(db: Q, id: number): Promise<void> {
  // Children move up to the deleted category's parent; posts simply lose the category.
  const row = await db.selectFrom('categories').select('parent_id').where('id', '=', id).executeTakeFirst();
  await db
    .updateTable('categories')
    .set({ parent_id: row?.parent_id ?? null })
    .where('parent_id', '=', id)
    .execute();
  await db.deleteFrom('categories').where('id', '=', id).execute();
}

export async function findCategoryById(db: Q, id: number): Promise<CategoryRow | undefined> {
  return db.selectFrom('categories').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function allTagsWithCounts(db: Q): Promise<Array<TagRow & { count: number }>> {
  const rows = await db
    .selectFrom('tags')
    .leftJoin('post_tags', 'post_tags.tag_id', 'tags.id')
    .select((eb) => ['tags.id', 'tags.slug', 'tags.name', eb.fn.count('post_tags.post_id').as('n')])
    .groupBy(['tags.id', 'tags.slug', 'tags.name'])
    .orderBy('tags.name')
    .execute();
  return rows.map((r) => ({ id: Number(r.id), slug: r.slug, name: r.name, count: Number(r.n) }));
}

export async function updateTagRow(db: Q, id: number, row: Partial<Omit<TagRow, 'id'>>): Promise<void> {
  await db.updateTable('tags').set(row).where('id', '=', id).execute();
}

export async function deleteTagRow(db: Q, id: number): Promise<void> {
  await db.deleteFrom('tags').where('id', '=', id).execute();
}
