// All SQL of the outbox.
import type { Insertable } from 'kysely';
import type { MailOutboxTable } from '../db/schema.ts';
import type { Tx } from '../db/transaction.ts';

export async function insertMail(db: Tx, row: Insertable<MailOutboxTable>): Promise<void> {
  await db.insertInto('mail_outbox').values(row).execute();
}

/** Inserts rows; one whose dedupe key is taken is skipped. Returns how many went in. */
export async function insertMailsOnce(db: Tx, rows: Array<Insertable<MailOutboxTable>>): Promise<number> {
  if (!rows.length) return 0;
  const r = await db
    .insertInto('mail_outbox')
    .values(rows)
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0);
}

/** Takes one mail from this second's share of the send rate; false when it is used up. */
export async function takeRateSlot(db: Tx, now: Date, perSecond: number): Promise<boolean> {
  const second = now.toISOString().slice(0, 19);
  await db
    .insertInto('mail_rate')
    .values({ second, used: 0 })
    .onConflict((oc) => oc.column('second').doNothing())
    .execute();
  const r = await db
    .updateTable('mail_rate')
    .set({ used: (eb) => eb('used', '+', 1) })
    .where('second', '=', second)
    .where('used', '<', perSecond)
    .executeTakeFirst();
  if (Math.random() < 0.002)
    await db
      .deleteFrom('mail_rate')
      .where('second', '<', new Date(now.getTime() - 120_000).toISOString().slice(0, 19))
      .execute();
  return Number(r.numUpdatedRows) === 1;
}

export async function dueMail(db: Tx, now: string, limit: number) {
  return db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Takes a message for sending; false when another process took it first. */
export async function claimMail(db: Tx, id: number, now: string, until: string): Promise<boolean> {
  const r = await db
    .updateTable('mail_outbox')
    .set({ locked_until: until })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Sent: the address and the text are emptied, so the outbox keeps no personal data. */
export async function markSent(db: Tx, id: number, at: string): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set({
      status: 'sent',
      sent_at: at,
      locked_until: null,
      recipient: '',
      body: '',
      html: '',
      headers: '',
      attempts: (eb) => eb('attempts', '+', 1),
    })
    .where('id', '=', id)
    .execute();
}

export async function markRetry(db: Tx, id: number, attempts: number, next: string, error: string, failed: boolean): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set({ status: failed ? 'failed' : 'pending', attempts, next_attempt_at: next, last_error: error, locked_until: null })
    .where('id', '=', id)
    .execute();
}
