// Nothing kept longer than said: registrations past their event's retention period go.
import { audit, systemActor } from '../audit/service.ts';
import type { Db } from '../db/connection.ts';
import { inTransaction } from '../db/transaction.ts';
import { claimJob } from '../site/job-store.ts';
import * as store from './store.ts';
import { toEvent } from './event.ts';

// Time-driven work

/** Registrations past their event's retention period are deleted (and unconfirmed ones after
 * a week); the audit log gets counts per event, never names. Once a day across processes. */
export async function purgeExpired(db: Db, now = new Date(), force = false): Promise<number> {
  if (!force && !(await claimJob(db.kysely, 'retention', now.toISOString(), new Date(now.getTime() - 86_400_000).toISOString()))) return 0;
  let total = 0;
  for (const row of await store.listEvents(db.kysely, false)) {
    const e = toEvent(row);
    const rows = await store.registrationsOf(db.kysely, e.id);
    const end = e.ends_at ?? e.starts_at;
    const expired = rows.filter((r) => {
      const base = end ?? r.created_at;
      const keepUntil = new Date(base).getTime() + e.retention_days * 86_400_000;
      const unconfirmedUntil = new Date(r.created_at).getTime() + 7 * 86_400_000;
      return keepUntil < now.getTime() || (r.status === 'pending' && unconfirmedUntil < now.getTime());
    });
    if (!expired.length) continue;
    await inTransaction(db, async (trx) => {
      const n = await store.deleteRegistrations(
        trx,
        expired.map((r) => Number(r.id)),
      );
      await audit(
        trx,
        { ...systemActor, name: 'retention' },
        'registrations.purge',
        String(e.id),
        `${n} registrations deleted (retention ${e.retention_days} days)`,
      );
      total += n;
    });
  }
  return total;
}
