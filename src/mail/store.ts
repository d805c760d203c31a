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

/** Takes up to `wanted` mails from this second's share of the send rate, across processes;
 * returns how many it got (0 when this second's share is used up). */
export async function takeRateSlots(db: Tx, now: Date, perSecond: number, wanted: number): Promise<number> {
  const second = now.toISOString().slice(0, 19);
  await db
    .insertInto('mail_rate')
    .values({ second, used: 0 })
    .onConflict((oc) => oc.column('second').doNothing())
    .execute();
  if (Math.random() < 0.01)
    await db
      .deleteFrom('mail_rate')
      .where('second', '<', new Date(now.getTime() - 120_000).toISOString().slice(0, 19))
      .execute();
  // Compare and set: another process taking slots between the read and the write makes the
  // write miss, and this one reads again.
  for (let tries = 0; tries < 8; tries++) {
    const row = await db.selectFrom('mail_rate').select('used').where('second', '=', second).executeTakeFirst();
    const used = Number(row?.used ?? perSecond);
    const take = Math.min(wanted, perSecond - used);
    if (take <= 0) return 0;
    const r = await db
      .updateTable('mail_rate')
      .set({ used: used + take })
      .where('second', '=', second)
      .where('used', '=', used)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 1) return take;
  }
  return 0;
}

/** What is left of this second's share of the send rate (a read: nothing is taken). */
export async function rateLeft(db: Tx, now: Date, perSecond: number): Promise<number> {
  const row = await db.selectFrom('mail_rate').select('used').where('second', '=', now.toISOString().slice(0, 19)).executeTakeFirst();
  return Math.max(0, perSecond - Number(row?.used ?? 0));
}

/** Ids of mails due now and not held by a process, oldest first. Mails queued without their
 * text (body '') are left to a process that can compose their kind. */
export async function dueMailIds(db: Tx, now: string, limit: number, composable: string[]): Promise<number[]> {
  const rows = await db
    .selectFrom('mail_outbox')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .where((eb) => (composable.length ? eb.or([eb('body', '!=', ''), eb('kind', 'in', composable)]) : eb('body', '!=', '')))
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => Number(r.id));
}

/** Takes mails for sending until `until`; returns those this process got (another process
 * may have taken some of them first: they are not returned). */
export async function claimMails(db: Tx, ids: number[], now: string, until: string) {
  if (!ids.length) return [];
  const rows = await db
    .updateTable('mail_outbox')
    .set({ locked_until: until })
    .where('id', 'in', ids)
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .returningAll()
    .execute();
  return rows.sort((a, b) => Number(a.id) - Number(b.id));
}

/** Lets claimed mails go again (unsent), for any process to take. */
export async function releaseMails(db: Tx, ids: number[]): Promise<void> {
  if (!ids.length) return;
  await db.updateTable('mail_outbox').set({ locked_until: null }).where('id', 'in', ids).where('status', '=', 'pending').execute();
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
