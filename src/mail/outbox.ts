// Mail leaves through an outbox table: a message is written in the same transaction as the
// change it reports (a registration is never saved without its confirmation mail, nor the
// other way round), then sent by whichever process gets to it, with retries and backoff.
// Recipient and body are sealed at rest: they hold names, addresses and personal links.
import { randomUUID } from 'node:crypto';
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
  /** An HTML part beside the text (sealed at rest like the text). */
  html?: string;
  /** Extra headers, e.g. List-Unsubscribe (sealed at rest: they may hold personal links). */
  headers?: Record<string, string>;
  /** The sender's display name, shown before MAIL_FROM. */
  fromName?: string;
  subscriberId?: number;
  postId?: number;
  /** When set, a second mail with the same key is not queued (one per subscriber and post). */
  dedupeKey?: string;
}

export interface OutgoingMessage {
  from: string | { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  messageId?: string;
}

export interface MailTransport {
  send(message: OutgoingMessage): Promise<void>;
}

/** Attempts before a message is given up (about a day of backoff in all). */
export const MAX_ATTEMPTS = 8;

/** 30 s, 1 min, 2 min … capped at 6 h. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 6 * 3600_000);
}

function outboxRow(sealer: Sealer, mail: Mail, now: Date) {
  const ref = randomUUID();
  return {
    ref,
    registration_id: mail.registrationId ?? null,
    kind: mail.kind,
    recipient: sealer.seal(mail.to, `mail.recipient:${ref}`),
    subject: mail.subject,
    body: sealer.seal(mail.text, `mail.body:${ref}`),
    status: 'pending' as const,
    attempts: 0,
    next_attempt_at: now.toISOString(),
    locked_until: null,
    last_error: '',
    created_at: now.toISOString(),
    sent_at: null,
    html: mail.html ? sealer.seal(mail.html, `mail.html:${ref}`) : '',
    headers: mail.headers ? sealer.seal(JSON.stringify(mail.headers), `mail.headers:${ref}`) : '',
    from_name: mail.fromName ?? '',
    subscriber_id: mail.subscriberId ?? null,
    post_id: mail.postId ?? null,
    dedupe_key: mail.dedupeKey ?? null,
  };
}

export async function enqueueMail(trx: Tx, sealer: Sealer, mail: Mail, now = new Date()): Promise<void> {
  await store.insertMail(trx, outboxRow(sealer, mail, now));
}

/** Queues many mails in a few statements; a mail whose dedupe key is queued already is
 * skipped. Returns how many were queued. */
export async function enqueueMails(trx: Tx, sealer: Sealer, mails: Mail[], now = new Date()): Promise<number> {
  let queued = 0;
  for (let i = 0; i < mails.length; i += 200)
    queued += await store.insertMailsOnce(
      trx,
      mails.slice(i, i + 200).map((m) => outboxRow(sealer, m, now)),
    );
  return queued;
}

export function smtpTransport(smtpUrl: string): MailTransport {
  // nodemailer is loaded with the first mail sent, not at every start.
  const transport = import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport(smtpUrl));
  return {
    async send(m) {
      await (await transport).sendMail(m);
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
  /** True when the send rate stopped this round before the due mail was done. */
  limited?: boolean;
}

export interface DeliveryOptions {
  /** Mails a minute across all processes (MAIL_RATE_PER_MINUTE); unset: no limit. */
  ratePerMinute?: number;
  /** A subscriber's mail refused for good (5xx): told, to count towards pausing them. */
  onPermanentFailure?: (subscriberId: number) => Promise<void>;
  /** Mails looked at in one round. */
  batch?: number;
  /** How long a claimed mail is kept from other processes (default 2 min): a process that
   * dies while sending leaves it locked that long. */
  lockMs?: number;
}

/** The send rate is spread over seconds: at most ceil(rate / 60) mails in any one second. */
export function perSecond(ratePerMinute: number): number {
  return Math.max(1, Math.ceil(ratePerMinute / 60));
}

function isPermanent(err: unknown): boolean {
  const code = (err as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** Sends what is due. Safe in several processes: each message is claimed before sending, and
 * the shared rate is taken one mail at a time from a per-second counter in the database. */
export async function deliverDue(
  db: Db,
  sealer: Sealer,
  transport: MailTransport,
  from: string,
  now = new Date(),
  options: DeliveryOptions = {},
): Promise<DeliveryResult> {
  const result: DeliveryResult = { sent: 0, retried: 0, failed: 0 };
  const nowIso = now.toISOString();
  const host = from.replace(/^.*@/, '').replace(/>$/, '') || 'localhost';
  for (const row of await store.dueMail(db.kysely, nowIso, options.batch ?? 50)) {
    if (options.ratePerMinute && !(await store.takeRateSlot(db.kysely, new Date(), perSecond(options.ratePerMinute)))) {
      result.limited = true;
      break;
    }
    if (!(await store.claimMail(db.kysely, Number(row.id), nowIso, new Date(now.getTime() + (options.lockMs ?? 120_000)).toISOString())))
      continue;
    try {
      await transport.send({
        from: row.from_name ? { name: row.from_name, address: from } : from,
        to: sealer.open(row.recipient, `mail.recipient:${row.ref}`),
        subject: row.subject,
        text: sealer.open(row.body, `mail.body:${row.ref}`),
        ...(row.html ? { html: sealer.open(row.html, `mail.html:${row.ref}`) } : {}),
        ...(row.headers ? { headers: JSON.parse(sealer.open(row.headers, `mail.headers:${row.ref}`)) as Record<string, string> } : {}),
        // The same id however often it is tried: a receiver can tell a repeat.
        messageId: `<${row.ref}@${host}>`,
      });
      await store.markSent(db.kysely, Number(row.id), new Date().toISOString());
      result.sent++;
    } catch (err) {
      const attempts = row.attempts + 1;
      if (row.subscriber_id !== null && isPermanent(err)) {
        // A subscriber's address refused for good: not tried again; three of these pause them.
        await store.markRetry(db.kysely, Number(row.id), attempts, nowIso, describe(err), true);
        await options.onPermanentFailure?.(Number(row.subscriber_id));
        result.failed++;
        continue;
      }
      const failed = attempts >= MAX_ATTEMPTS;
      await store.markRetry(
        db.kysely,
        Number(row.id),
        attempts,
        new Date(now.getTime() + backoffMs(attempts)).toISOString(),
        describe(err),
        failed,
      );
      if (failed) result.failed++;
      else result.retried++;
    }
  }
  return result;
}
