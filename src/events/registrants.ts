// The owner's view of an event's registrants and their attendance; every look is audited.
import { audit, type Actor } from '../audit/service.ts';
import type { Db } from '../db/connection.ts';
import { inTransaction } from '../db/transaction.ts';
import type { Sealer } from '../privacy/crypto.ts';
import * as store from './store.ts';
import { EventError } from './event.ts';
import { openRegistration, type Registrant } from './registration.ts';

// The owner's view of registrants (every look is audited)

export async function registrants(
  db: Db,
  sealer: Sealer,
  eventId: number,
  actor: Actor,
  purpose: 'view' | 'export',
): Promise<Registrant[]> {
  const rows = await store.registrationsOf(db.kysely, eventId);
  await audit(
    db.kysely,
    actor,
    purpose === 'view' ? 'registrants.view' : 'registrants.export',
    String(eventId),
    `${rows.length} registrations`,
  );
  return rows.map((r) => openRegistration(sealer, r));
}

export async function markAttendance(db: Db, eventId: number, registrationId: number, attended: boolean, actor: Actor): Promise<void> {
  await inTransaction(db, async (trx) => {
    const rows = await store.registrationsOf(trx, eventId);
    if (!rows.some((r) => Number(r.id) === registrationId)) throw new EventError('申込者が見つかりません', 404);
    await store.updateRegistration(trx, registrationId, { attended_at: attended ? new Date().toISOString() : null });
    await audit(trx, actor, 'registrants.attendance', `${eventId}/${registrationId}`, attended ? 'attended' : 'not attended');
  });
}
