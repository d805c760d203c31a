// The SQL of the Statement of Applicability versions kept in the admin.
import type { Insertable, Selectable } from 'kysely';
import type { SoaVersionTable } from '../db/schema.ts';
import type { Tx } from '../db/transaction.ts';

export type SoaVersionRow = Selectable<SoaVersionTable>;

export async function insertSoaVersion(db: Tx, row: Insertable<SoaVersionTable>): Promise<number> {
  const r = await db.insertInto('soa_versions').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function findSoaVersionRow(db: Tx, id: number): Promise<SoaVersionRow | undefined> {
  return db.selectFrom('soa_versions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listSoaVersionRows(db: Tx): Promise<Array<Omit<SoaVersionRow, 'controls'>>> {
  return db
    .selectFrom('soa_versions')
    .select(['id', 'name', 'version', 'organisation', 'scope', 'created_by', 'created_at'])
    .orderBy('name')
    .orderBy('created_at', 'desc')
    .limit(500)
    .execute();
}

export async function deleteSoaVersionRow(db: Tx, id: number): Promise<void> {
  await db.deleteFrom('soa_versions').where('id', '=', id).execute();
}
