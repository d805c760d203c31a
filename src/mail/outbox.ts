// Mail leaves through an outbox table: a message is written in the same transaction as the
// change it reports (a registration is never saved without its confirmation mail, nor the
// other way round), then sent by whichever process gets to it, with retries and backoff.
// Recipient and body are sealed at rest: they hold names, addresses and personal links.
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Db } from '../db/connection.ts';
import type { Tx } from '../db/transaction.ts';
import type { Sealer } from '../privacy/crypto.ts';
import * as store from './store.ts';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  kind: string;
  registrationId?: number;
}

export interface MailTransport {
  send(message: { from: string; to: string; subject: string; text: string }): Promise<void>;
}

/** Attempts before a message is given up (about a day of backoff in all). */
export const MAX_ATTEMPTS = 8;

/** 30 s, 1 min, 2 min … capped at 6 h. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 6 * 3600_000);
}

export async function enqueueMail(trx: Tx, sealer: Sealer, mail: Mail, now = new Date()): Promise<void> {
  const ref = randomUUID();
  await store.insertMail(trx, {
    ref,
    registration_id: mail.registrationId ?? null,
    kind: mail.kind,
    recipient: sealer.seal(mail.to, `mail.recipient:${ref}`),
    subject: mail.subject,
    body: sealer.seal(mail.text, `mail.body:${ref}`),
    status: 'pending',
    attempts: 0,
    next_attempt_at: now.toISOString(),
    locked_until: null,
    last_error: '',
    created_at: now.toISOString(),
    sent_at: null,
  });
}

export function smtpTransport(smtpUrl: string): MailTransport {
  const t = nodemailer.createTransport(smtpUrl);
  return {
    async send(m) {
      await t.sendMail(m);
    },
  };
}

/** An error as it may be stored and logged: the SMTP reply code and the first words, never
 * the addresses the server may echo back. */
function describe(err: unknown): string {
  const e = err as { responseCode?: number; code?: string; message?: string };
  const message = (e.message ?? String(err)).replace(/[^\s<>@]+@[^\s<>@]+/g, '(address)');
  return `${e.responseCode ?? e.code ?? 'error'}: ${message}`.slice(0, 200);
}

export interface DeliveryResult {
  sent: number;
  retried: number;
  failed: number;
}

/** Sends what is due. Safe in several processes: each message is claimed before sending. */
export async function deliverDue(db: Db, sealer: Sealer, transport: MailTransport, from: string, now = new Date()): Promise<DeliveryResult> {
  const result: DeliveryResult = { sent: 0, retried: 0, failed: 0 };
  const nowIso = now.toISOString();
  for (const row of await store.dueMail(db.kysely, nowIso, 50)) {
    if (!(await store.claimMail(db.kysely, Number(row.id), nowIso, new Date(now.getTime() + 120_000).toISOString()))) continue;
    try {
      await transport.send({
        from,
        to: sealer.open(row.recipient, `mail.recipient:${row.ref}`),
        subject: row.subject,
        text: sealer.open(row.body, `mail.body:${row.ref}`),
      });
      await store.markSent(db.kysely, Number(row.id), new Date().toISOString());
      result.sent++;
    } catch (err) {
      const attempts = row.attempts + 1;
      const failed = attempts >= MAX_ATTEMPTS;
      await store.markRetry(db.kysely, Number(row.id), attempts, new Date(now.getTime() + backoffMs(attempts)).toISOString(), describe(err), failed);
      if (failed) result.failed++;
      else result.retried++;
    }
  }
  return result;
}
