// Mail leaves through an outbox table: a message is written in the same transaction as the
// change it reports (a registration is never saved without its confirmation mail, nor the
// other way round), then sent by whichever process gets to it, with retries and backoff.
// Recipient and body are sealed at rest: they hold names, addresses and personal links.
import { createHash, randomUUID } from 'node:crypto';
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
  /** The comment the mail is about (a reply notice): it goes when that comment goes. */
  commentId?: number;
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
  /** Closes kept-open connections (the SMTP pool). */
  close?(): void;
}

/** A mail queued as a small row without its text (one per subscriber of a post): the
 * composer registered for its kind makes the message when it is sent. */
export interface LaterMail {
  kind: string;
  subject: string;
  fromName?: string;
  subscriberId?: number;
  postId?: number;
  dedupeKey?: string;
}

/** What a composer makes of a mail queued without its text. */
export interface ComposedMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  fromName?: string;
}

export interface MailToCompose {
  id: number;
  kind: string;
  subscriberId: number | null;
  postId: number | null;
}

/** Makes the messages of a batch of mails queued without their text (a few queries for the
 * batch); null for a mail that must not go any more (its recipient left or is paused). */
export type MailComposer = (mails: MailToCompose[], sealer: Sealer) => Promise<Map<number, ComposedMail | null>>;

const composers = new WeakMap<Db, Map<string, MailComposer>>();

/** Registers how mails of `kind` queued without their text are made, for mail sent through
 * `db`; returns its removal. A process without it leaves such mails to one that has it. */
export function composeMailsOf(db: Db, kind: string, composer: MailComposer): () => void {
  const map = composers.get(db) ?? new Map<string, MailComposer>();
  map.set(kind, composer);
  composers.set(db, map);
  return () => void (map.get(kind) === composer && map.delete(kind));
}

/** Attempts before a message is given up (about a day of backoff in all). */
export const MAX_ATTEMPTS = 8;

/** 30 s, 1 min, 2 min … capped at 6 h. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 6 * 3600_000);
}

function laterRow(mail: LaterMail, now: Date) {
  return {
    ref: randomUUID(),
    registration_id: null,
    kind: mail.kind,
    recipient: '',
    subject: mail.subject,
    body: '',
    ...waiting(now),
    from_name: mail.fromName ?? '',
    subscriber_id: mail.subscriberId ?? null,
    post_id: mail.postId ?? null,
    dedupe_key: mail.dedupeKey ?? null,
  };
}

/** What every queued mail starts as: waiting, never tried, due now. */
function waiting(now: Date) {
  return {
    status: 'pending' as const,
    attempts: 0,
    next_attempt_at: now.toISOString(),
    locked_until: null,
    last_error: '',
    created_at: now.toISOString(),
    sent_at: null,
  };
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
    ...waiting(now),
    html: mail.html ? sealer.seal(mail.html, `mail.html:${ref}`) : '',
    headers: mail.headers ? sealer.seal(JSON.stringify(mail.headers), `mail.headers:${ref}`) : '',
    from_name: mail.fromName ?? '',
    subscriber_id: mail.subscriberId ?? null,
    post_id: mail.postId ?? null,
    dedupe_key: mail.dedupeKey ?? null,
    comment_id: mail.commentId ?? null,
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

/** Rows a multi-row insert carries: far below both engines' limits on bound parameters
 * (PostgreSQL 65,535, SQLite 32,766) at about twenty columns a row. */
const INSERT_CHUNK = 500;

/** Queues mails without their text (made when sent, see composeMailsOf), in multi-row
 * inserts; a mail whose dedupe key is queued already is skipped. Returns how many were queued. */
export async function enqueueLater(trx: Tx, mails: LaterMail[], now = new Date()): Promise<number> {
  let queued = 0;
  for (let i = 0; i < mails.length; i += INSERT_CHUNK)
    queued += await store.insertMailsOnce(
      trx,
      mails.slice(i, i + INSERT_CHUNK).map((m) => laterRow(m, now)),
    );
  return queued;
}

/** SMTP connections at once from one sending process. */
const SMTP_CONNECTIONS = 4;

/** Sends through a small pool of kept-open SMTP connections (no handshake per mail); an
 * idle connection is closed after a few seconds. */
export function smtpTransport(smtpUrl: string): MailTransport {
  // nodemailer is loaded with the first mail sent, not at every start.
  const transport = import('nodemailer').then(({ default: nodemailer }) =>
    nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: SMTP_CONNECTIONS, idleTimeout: 3000 }),
  );
  return {
    async send(m) {
      await (await transport).sendMail(m);
    },
    close: async () => (await transport).close(),
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
  /** Mails claimed in one round (default: one second's share of the rate, at most 100; 50
   * without a rate). */
  batch?: number;
  /** Mails in flight at once (over the transport's pooled connections). */
  concurrency?: number;
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

/** The same Message-ID however often a mail is tried, and for a keyed mail the same one per
 * key (one subscriber, one post): a receiver can tell a repeat. */
function messageId(row: QueuedRow, host: string): string {
  const id = row.dedupe_key ? `k.${createHash('sha256').update(row.dedupe_key).digest('base64url').slice(0, 32)}` : row.ref;
  return `<${id}@${host}>`;
}

type QueuedRow = Awaited<ReturnType<typeof store.claimMails>>[number];

/** The message of each claimed mail: opened from the sealed row, or made by its kind's
 * composer when it was queued without its text (null: it must not go). */
async function messagesOf(rows: QueuedRow[], sealer: Sealer, kinds: Map<string, MailComposer> | undefined) {
  const out = new Map<number, ComposedMail | null>();
  const later = new Map<string, MailToCompose[]>();
  for (const row of rows) {
    if (row.body === '') {
      const list = later.get(row.kind) ?? [];
      list.push({ id: Number(row.id), kind: row.kind, subscriberId: row.subscriber_id, postId: row.post_id });
      later.set(row.kind, list);
      continue;
    }
    out.set(Number(row.id), {
      to: sealer.open(row.recipient, `mail.recipient:${row.ref}`),
      subject: row.subject,
      text: sealer.open(row.body, `mail.body:${row.ref}`),
      ...(row.html ? { html: sealer.open(row.html, `mail.html:${row.ref}`) } : {}),
      ...(row.headers ? { headers: JSON.parse(sealer.open(row.headers, `mail.headers:${row.ref}`)) as Record<string, string> } : {}),
      fromName: row.from_name,
    });
  }
  for (const [kind, list] of later) {
    const made = await kinds?.get(kind)?.(list, sealer);
    for (const m of list) out.set(m.id, made?.get(m.id) ?? null);
  }
  return out;
}

/** Runs `work` over the items with at most `limit` at once. */
async function eachAtMost<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Sends what is due, one batch. Safe in several processes: the batch is claimed (a locked
 * update) before sending, the shared rate is taken from a per-second counter in the database,
 * and each mail is marked sent right after the server accepted it — the only window in which
 * a process killed at that moment leaves a delivered mail to be sent once more. */
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
  const kinds = composers.get(db);
  // With a rate, a round takes at most one second's share (no claim let go again at once).
  let batch = options.batch ?? (options.ratePerMinute ? Math.min(100, perSecond(options.ratePerMinute)) : 50);
  if (options.ratePerMinute) {
    // This second's share used up: nothing is claimed (and let go again) for nothing.
    batch = Math.min(batch, await store.rateLeft(db.kysely, now, perSecond(options.ratePerMinute)));
    if (batch === 0) return { ...result, limited: true };
  }
  const ids = await store.dueMailIds(db.kysely, nowIso, batch, [...(kinds?.keys() ?? [])]);
  if (!ids.length) return result;
  let rows = await store.claimMails(db.kysely, ids, nowIso, new Date(now.getTime() + (options.lockMs ?? 120_000)).toISOString());
  if (options.ratePerMinute && rows.length) {
    // The rate is taken for mails this process holds (none is wasted on a mail another
    // process took first); those beyond this second's share are let go again.
    const granted = await store.takeRateSlots(db.kysely, now, perSecond(options.ratePerMinute), rows.length);
    if (granted < rows.length) {
      result.limited = true;
      await store.releaseMails(
        db.kysely,
        rows.slice(granted).map((r) => Number(r.id)),
      );
      rows = rows.slice(0, granted);
    }
  }
  let messages: Map<number, ComposedMail | null>;
  try {
    messages = await messagesOf(rows, sealer, kinds);
  } catch (err) {
    // A composer that cannot make the batch now (e.g. the database is busy): all retried later.
    for (const row of rows)
      await store.markRetry(
        db.kysely,
        Number(row.id),
        row.attempts + 1,
        new Date(now.getTime() + backoffMs(row.attempts + 1)).toISOString(),
        describe(err),
        false,
      );
    result.retried += rows.length;
    return result;
  }
  await eachAtMost(rows, options.concurrency ?? 4, async (row) => {
    const id = Number(row.id);
    const m = messages.get(id);
    if (!m) {
      await store.markRetry(db.kysely, id, row.attempts, nowIso, 'recipient gone: not sent', true);
      result.failed++;
      return;
    }
    try {
      await transport.send({
        from: m.fromName ? { name: m.fromName, address: from } : from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        ...(m.html ? { html: m.html } : {}),
        ...(m.headers ? { headers: m.headers } : {}),
        messageId: messageId(row, host),
      });
    } catch (err) {
      await failed(db, row, err, now, options, result);
      return;
    }
    await store.markSent(db.kysely, id, new Date().toISOString());
    result.sent++;
  });
  return result;
}

async function failed(db: Db, row: QueuedRow, err: unknown, now: Date, options: DeliveryOptions, result: DeliveryResult): Promise<void> {
  const attempts = row.attempts + 1;
  if (row.subscriber_id !== null && isPermanent(err)) {
    // A subscriber's address refused for good: not tried again; three of these pause them.
    await store.markRetry(db.kysely, Number(row.id), attempts, now.toISOString(), describe(err), true);
    await options.onPermanentFailure?.(Number(row.subscriber_id));
    result.failed++;
    return;
  }
  const gaveUp = attempts >= MAX_ATTEMPTS;
  await store.markRetry(
    db.kysely,
    Number(row.id),
    attempts,
    new Date(now.getTime() + backoffMs(attempts)).toISOString(),
    describe(err),
    gaveUp,
  );
  if (gaveUp) result.failed++;
  else result.retried++;
}
