// All SQL about authors.
import type { Selectable } from 'kysely';
import type { AuthorTable } from '../db/schema.ts';
import type { Q } from './post-store.ts';

export type AuthorRow = Selectable<AuthorTable>;

export async function findAuthorBySlug(db: Q, slug: string): Promise<AuthorRow | undefined> {
  return db.selectFrom('authors').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function authorsByIds(db: Q, ids: number[]): Promise<Map<number, AuthorRow>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('authors')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [Number(r.id), r]));
}

/** Every author (a site has a handful), by id. */
export async function allAuthors(db: Q): Promise<Map<number, AuthorRow>> {
  const rows = await db.selectFrom('authors').selectAll().execute();
  return new Map(rows.map((r) => [Number(r.id), r]));
}

export async function firstAuthor(db: Q): Promise<AuthorRow | undefined> {
  return db.selectFrom('authors').selectAll().orderBy('id').limit(1).executeTakeFirst();
}

export async function insertAuthor(db: Q, row: Omit<AuthorRow, 'id'>): Promise<number> {
  const { id } = await db.insertInto('authors').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(id);
}

export async function updateAuthorRow(db: Q, id: number, row: Partial<Omit<AuthorRow, 'id'>>): Promise<void> {
  await db.updateTable('authors').set(row).where('id', '=', id).execute();
}

export async function listAuthors(db: Q): Promise<AuthorRow[]> {
  return db.selectFrom('authors').selectAll().orderBy('display_name').execute();
}
