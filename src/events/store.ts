// All SQL of events and registrations.
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { EventTable, RegistrationStatus, RegistrationTable } from '../db/schema.ts';
import type { Tx } from '../db/transaction.ts';

export type EventRow = Selectable<EventTable>;
export type RegistrationRow = Selectable<RegistrationTable>;

export async function insertEvent(db: Tx, row: Insertable<EventTable>): Promise<number> {
  const r = await db.insertInto('events').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateEventRow(db: Tx, id: number, change: Updateable<EventTable>): Promise<void> {
  await db.updateTable('events').set(change).where('id', '=', id).execute();
}

export async function deleteEventRow(db: Tx, id: number): Promise<void> {
  await db.deleteFrom('events').where('id', '=', id).execute();
}

export async function findEventBySlug(db: Tx, slug: string): Promise<EventRow | undefined> {
  return db.selectFrom('events').selectAll().where('slug', '=', slug).executeTakeFirst();
}

/** Serialises seat-taking on one event. SQLite's write transactions are serial already
 * (BEGIN IMMEDIATE); PostgreSQL locks the event's row until the transaction ends, so two
 * people confirming the last seat at once cannot both get it. */
export async function lockEvent(db: Tx, id: number, kind: 'sqlite' | 'postgres'): Promise<void> {
  if (kind === 'postgres') await db.selectFrom('events').select('id').where('id', '=', id).forUpdate().execute();
}

export async function findEventById(db: Tx, id: number): Promise<EventRow | undefined> {
  return db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listEvents(db: Tx, publishedOnly: boolean): Promise<EventRow[]> {
  let q = db.selectFrom('events').selectAll();
  if (publishedOnly) q = q.where('status', '=', 'published');
  return q.orderBy('starts_at', 'desc').orderBy('id', 'desc').execute();
}

/** Every event in the order they were made (the site export). */
export async function listEventRows(db: Tx): Promise<EventRow[]> {
  return db.selectFrom('events').selectAll().orderBy('id').execute();
}

export async function eventsBySlugs(db: Tx, slugs: string[]): Promise<EventRow[]> {
  if (!slugs.length) return [];
  return db.selectFrom('events').selectAll().where('slug', 'in', slugs).where('status', '=', 'published').execute();
}

/** Registrations per status, for each of the events. */
export async function countsByEvent(db: Tx, eventIds: number[]): Promise<Map<number, Record<RegistrationStatus, number>>> {
  const out = new Map<number, Record<RegistrationStatus, number>>();
  if (!eventIds.length) return out;
  const rows = await db
    .selectFrom('registrations')
    .select(['event_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('event_id', 'in', eventIds)
    .groupBy(['event_id', 'status'])
    .execute();
  for (const id of eventIds) out.set(id, { pending: 0, confirmed: 0, waitlisted: 0 });
  for (const r of rows) out.get(Number(r.event_id))![r.status] = Number(r.n);
  return out;
}

export async function findRegistration(db: Tx, eventId: number, emailHashes: string[]): Promise<RegistrationRow | undefined> {
  return db
    .selectFrom('registrations')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('email_hash', 'in', emailHashes)
    .executeTakeFirst();
}

export async function findRegistrationByRef(db: Tx, ref: string): Promise<RegistrationRow | undefined> {
  return db.selectFrom('registrations').selectAll().where('ref', '=', ref).executeTakeFirst();
}

export async function insertRegistration(db: Tx, row: Insertable<RegistrationTable>): Promise<number> {
  const r = await db.insertInto('registrations').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateRegistration(db: Tx, id: number, change: Updateable<RegistrationTable>): Promise<void> {
  await db.updateTable('registrations').set(change).where('id', '=', id).execute();
}

/** Uses a confirmation nonce once: true for the one caller that emptied it. */
export async function consumeConfirmNonce(db: Tx, id: number, nonceHash: string, change: Updateable<RegistrationTable>): Promise<boolean> {
  const r = await db
    .updateTable('registrations')
    .set({ ...change, confirm_nonce: null })
    .where('id', '=', id)
    .where('confirm_nonce', '=', nonceHash)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function registrationsOf(db: Tx, eventId: number): Promise<RegistrationRow[]> {
  return db.selectFrom('registrations').selectAll().where('event_id', '=', eventId).orderBy('created_at').orderBy('id').execute();
}

export async function registrationsByEmailHash(db: Tx, hashes: string[]): Promise<RegistrationRow[]> {
  return db.selectFrom('registrations').selectAll().where('email_hash', 'in', hashes).orderBy('id').execute();
}

export async function allRegistrations(db: Tx, afterId: number, limit: number): Promise<RegistrationRow[]> {
  return db.selectFrom('registrations').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
}

export async function deleteRegistrations(db: Tx, ids: number[]): Promise<number> {
  if (!ids.length) return 0;
  const r = await db.deleteFrom('registrations').where('id', 'in', ids).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Confirmed registrants of dated events starting before `until` who have had no reminder. */
export async function dueReminders(db: Tx, now: string, until: string) {
  return db
    .selectFrom('registrations')
    .innerJoin('events', 'events.id', 'registrations.event_id')
    .selectAll('registrations')
    .where('registrations.status', '=', 'confirmed')
    .where('registrations.reminded_at', 'is', null)
    .where('events.kind', 'in', ['seminar', 'webinar'])
    .where('events.starts_at', '>', now)
    .where('events.starts_at', '<=', until)
    .execute();
}
