// The incident log's SQL.
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { IncidentTable } from '../db/schema.ts';
import type { Tx } from '../db/transaction.ts';

export type IncidentRow = Selectable<IncidentTable>;

export async function insertIncident(db: Tx, row: Insertable<IncidentTable>): Promise<number> {
  const r = await db.insertInto('incidents').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateIncidentRow(db: Tx, id: number, change: Updateable<IncidentTable>): Promise<void> {
  await db.updateTable('incidents').set(change).where('id', '=', id).execute();
}

export async function deleteIncidentRow(db: Tx, id: number): Promise<void> {
  await db.deleteFrom('incidents').where('id', '=', id).execute();
}

export async function findIncidentRow(db: Tx, id: number): Promise<IncidentRow | undefined> {
  return db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Newest first, at most `limit`. */
export async function listIncidentRows(db: Tx, limit: number): Promise<IncidentRow[]> {
  return db.selectFrom('incidents').selectAll().orderBy('learned_on', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** Open incidents with a report or a notice still to do, soonest final deadline first. */
export async function openIncidentRows(db: Tx, limit: number): Promise<IncidentRow[]> {
  return db
    .selectFrom('incidents')
    .selectAll()
    .where('closed', '=', 0)
    .where('reportable', '=', 1)
    .where((eb) =>
      eb.or([
        eb('final_done_on', 'is', null),
        eb('preliminary_done_on', 'is', null),
        eb.and([eb('notify_required', '=', 1), eb('notified_on', 'is', null)]),
      ]),
    )
    .orderBy('final_due', 'asc')
    .limit(limit)
    .execute();
}
