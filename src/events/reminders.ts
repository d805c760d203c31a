// The day-before reminder to each registrant of a seminar or webinar.
import type { Db } from '../db/connection.ts';
import { inTransaction } from '../db/transaction.ts';
import { enqueueMail } from '../mail/outbox.ts';
import type { Sealer } from '../privacy/crypto.ts';
import * as store from './store.ts';
import { reminderMail, type MailContext } from './mails.ts';
import { toEvent } from './event.ts';
import { openRegistration, accessToken } from './registration.ts';

/** A reminder the day before a seminar or webinar, once per registrant. */
export async function queueReminders(ctx: { db: Db; sealer: Sealer } & MailContext, now = new Date()): Promise<number> {
  const due = await store.dueReminders(ctx.db.kysely, now.toISOString(), new Date(now.getTime() + 24 * 3600_000).toISOString());
  for (const r of due) {
    await inTransaction(ctx.db, async (trx) => {
      const event = toEvent((await store.findEventById(trx, Number(r.event_id)))!);
      const person = openRegistration(ctx.sealer, r);
      await store.updateRegistration(trx, Number(r.id), { reminded_at: now.toISOString() });
      const link = event.kind === 'webinar' ? accessToken(ctx, event, r.ref, now) : undefined;
      await enqueueMail(
        trx,
        ctx.sealer,
        { ...reminderMail(ctx, event, person.name, link), to: person.email, registrationId: Number(r.id) },
        now,
      );
    });
  }
  return due.length;
}
