// All SQL about uploaded images.
import type { Insertable, Selectable } from 'kysely';
import type { MediaTable } from '../db/schema.ts';
import type { Tx } from '../db/transaction.ts';

export type MediaRow = Selectable<MediaTable>;

export async function insertMedia(db: Tx, row: Insertable<MediaTable>): Promise<number> {
  const { id } = await db.insertInto('media').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(id);
}

export async function listMedia(db: Tx, limit: number, offset: number): Promise<MediaRow[]> {
  return db.selectFrom('media').selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute();
}

export async function findMedia(db: Tx, id: number): Promise<MediaRow | undefined> {
  return db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findMediaBySha(db: Tx, sha256: string): Promise<MediaRow | undefined> {
  return db.selectFrom('media').selectAll().where('sha256', '=', sha256).executeTakeFirst();
}

export async function updateMediaAlt(db: Tx, id: number, alt: string): Promise<void> {
  await db.updateTable('media').set({ alt }).where('id', '=', id).execute();
}

export async function deleteMediaRow(db: Tx, id: number): Promise<void> {
  await db.deleteFrom('media').where('id', '=', id).execute();
}

/** Whether any post (in any state, trash included) mentions the image's files. Stems are
 * [a-z0-9/] only, so the LIKE pattern needs no escaping. */
export async function mediaInUse(db: Tx, stem: string): Promise<boolean> {
  const row = await db.selectFrom('posts').select('id').where('body_markdown', 'like', `%/media/${stem}-%`).limit(1).executeTakeFirst();
  return row !== undefined;
}
