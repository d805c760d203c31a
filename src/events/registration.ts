// Registration: the rules that protect the reader's data — a versioned notice consented to
// before anything is kept, every personal field sealed, double opt-in, links that are signed,
// personal and expiring; confirming, opening what was registered for, and cancelling.
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { audit, systemActor } from '../audit/service.ts';
import type { Db } from '../db/connection.ts';
import type { RegistrationStatus } from '../db/schema.ts';
import { inTransaction, type Tx } from '../db/transaction.ts';
import { enqueueMail } from '../mail/outbox.ts';
import type { Sealer } from '../privacy/crypto.ts';
import { notifyContentChange } from '../site/changes.ts';
import { bumpContentVersion } from '../site/store.ts';
import * as store from './store.ts';
import type { RegistrationRow } from './store.ts';
import { signToken, verifyToken } from '../privacy/tokens.ts';
import { upsertConsentText } from '../privacy/consent-store.ts';
import { accessMail, confirmMail, seatMail, type MailContext } from './mails.ts';
import { eventState } from './state.ts';
import { findEvent } from './event.ts';
import { privacyNotice } from './notice.ts';
import { EventError, toEvent, type Event } from './event.ts';

export const registrationSchema = z.object({
  name: z.string().trim().min(1, 'お名前を入力してください').max(100, 'お名前は100文字までです'),
  company: z.string().trim().min(1, '会社名を入力してください').max(200, '会社名は200文字までです'),
  department: z.string().trim().min(1, '部署名を入力してください').max(200, '部署名は200文字までです'),
  email: z.string().trim().max(254, 'メールアドレスが長すぎます').email('メールアドレスの形式が正しくありません'),
  phone: z
    .string()
    .trim()
    .max(30)
    .refine((v) => v === '' || /^[0-9０-９+＋\-－ー() （）]{6,30}$/.test(v), '電話番号は数字とハイフンで入力してください'),
  answers: z.record(z.string(), z.string().max(2000, '回答は2000文字までです')),
  // A boolean in, so that "not ticked" reaches this check and gets its message.
  consent: z.boolean().refine((v) => v, '個人情報の取り扱いに同意いただく必要があります'),
});

export type RegistrationInput = z.input<typeof registrationSchema>;

export interface RegisterContext extends MailContext {
  db: Db;
  sealer: Sealer;
  now?: Date;
}

export type RegisterOutcome = 'pending' | 'duplicate';

const CONFIRM_HOURS = 48;

function sha(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

function sealRegistration(
  sealer: Sealer,
  ref: string,
  fields: Record<'email' | 'name' | 'company' | 'department' | 'phone' | 'answers', string>,
) {
  const out = {} as typeof fields;
  for (const [k, v] of Object.entries(fields) as Array<[keyof typeof fields, string]>) out[k] = sealer.seal(v, `registration.${k}:${ref}`);
  return out;
}

export interface Registrant {
  id: number;
  ref: string;
  status: RegistrationStatus;
  email: string;
  name: string;
  company: string;
  department: string;
  phone: string;
  answers: Record<string, string>;
  consentId: number;
  consentedAt: string;
  createdAt: string;
  confirmedAt: string | null;
  attendedAt: string | null;
  accessCount: number;
}

export function openRegistration(sealer: Sealer, r: RegistrationRow): Registrant {
  const open = (k: string, v: string) => sealer.open(v, `registration.${k}:${r.ref}`);
  return {
    id: Number(r.id),
    ref: r.ref,
    status: r.status,
    email: open('email', r.email),
    name: open('name', r.name),
    company: open('company', r.company),
    department: open('department', r.department),
    phone: open('phone', r.phone),
    answers: JSON.parse(open('answers', r.answers)) as Record<string, string>,
    consentId: Number(r.consent_id),
    consentedAt: r.consented_at,
    createdAt: r.created_at,
    confirmedAt: r.confirmed_at,
    attendedAt: r.attended_at,
    accessCount: r.access_count,
  };
}

function confirmToken(ctx: RegisterContext, ref: string, nonce: string, now: Date): string {
  return signToken(ctx.sealer.tokenKeys, 'confirm', ref, new Date(now.getTime() + CONFIRM_HOURS * 3600_000), nonce);
}

/** A registration: checked, sealed, saved with its consent and its confirmation mail in one
 * transaction. A second registration with the same email is not saved again: the first is
 * mailed its links anew (the screen says the same either way, so nobody learns from it who
 * has registered). */
export async function register(ctx: RegisterContext, slug: string, raw: RegistrationInput): Promise<RegisterOutcome> {
  const now = ctx.now ?? new Date();
  const event = await findEvent(ctx.db, slug);
  if (!event) throw new EventError('イベントが見つかりません', 404);
  const parsed = registrationSchema.safeParse(raw);
  if (!parsed.success) throw new EventError(parsed.error.issues[0]!.message);
  const input = parsed.data;
  const answers: Record<string, string> = {};
  for (const q of event.questions) {
    const a = (input.answers[q.id] ?? '').trim();
    if (q.required && !a) throw new EventError(`「${q.label}」に回答してください`);
    answers[q.id] = a;
  }
  const state = eventState(event, event.confirmed, now);
  if (state === 'before') throw new EventError('まだ受付を始めていません');
  if (state === 'closed' || state === 'ended') throw new EventError('受付は終了しました', 410);
  if (state === 'full') throw new EventError('満席のため受付を終了しました', 409);

  const notice = privacyNotice(event, ctx.siteTitle);
  return inTransaction(ctx.db, async (trx) => {
    const existing = await store.findRegistration(trx, event.id, ctx.sealer.emailHashes(input.email));
    if (existing) {
      await mailExisting(ctx, trx, event, existing, now);
      return 'duplicate';
    }
    const consentId = await upsertConsentText(trx, sha(notice), notice, now.toISOString());
    const ref = randomUUID();
    const nonce = randomUUID();
    const sealed = sealRegistration(ctx.sealer, ref, {
      email: input.email,
      name: input.name,
      company: input.company,
      department: input.department,
      phone: input.phone,
      answers: JSON.stringify(answers),
    });
    const id = await store.insertRegistration(trx, {
      ref,
      event_id: event.id,
      status: 'pending',
      email_hash: ctx.sealer.emailHash(input.email),
      ...sealed,
      consent_id: consentId,
      consented_at: now.toISOString(),
      created_at: now.toISOString(),
      confirmed_at: null,
      attended_at: null,
      reminded_at: null,
      confirm_nonce: sha(nonce),
      access_count: 0,
      last_access_at: null,
    });
    await enqueueMail(
      trx,
      ctx.sealer,
      { ...confirmMail(ctx, event, confirmToken(ctx, ref, nonce, now), state === 'waitlist'), to: input.email, registrationId: id },
      now,
    );
    return 'pending';
  });
}

async function mailExisting(ctx: RegisterContext, trx: Tx, event: Event, r: RegistrationRow, now: Date): Promise<void> {
  const person = openRegistration(ctx.sealer, r);
  if (r.status === 'pending') {
    // A new link replaces the old one (the old nonce no longer matches).
    const nonce = randomUUID();
    await store.updateRegistration(trx, Number(r.id), { confirm_nonce: sha(nonce) });
    await enqueueMail(
      trx,
      ctx.sealer,
      { ...confirmMail(ctx, event, confirmToken(ctx, r.ref, nonce, now), false, true), to: person.email, registrationId: Number(r.id) },
      now,
    );
  } else {
    await enqueueMail(
      trx,
      ctx.sealer,
      {
        ...accessMail(ctx, event, person.name, accessToken(ctx, event, r.ref, now), r.status === 'waitlisted', true),
        to: person.email,
        registrationId: Number(r.id),
      },
      now,
    );
  }
}

function accessExpiry(event: Event, now: Date): Date {
  const days = new Date(now.getTime() + event.access_days * 86_400_000);
  const end = event.ends_at ?? event.starts_at;
  // A webinar's link must work until the webinar is over.
  return end && new Date(end).getTime() + 86_400_000 > days.getTime() ? new Date(new Date(end).getTime() + 86_400_000) : days;
}

export function accessToken(ctx: { sealer: Sealer }, event: Event, ref: string, now: Date): string {
  return signToken(ctx.sealer.tokenKeys, 'access', ref, accessExpiry(event, now));
}

export type ConfirmResult = { event: Event; status: 'confirmed' | 'waitlisted'; accessToken: string | undefined };

const TOKEN_MESSAGES = {
  invalid: 'このリンクは正しくありません。メールに書かれたリンクをそのまま開いてください。',
  expired: 'このリンクの有効期限が切れています。お手数ですが、もう一度お申し込みください。',
  used: 'このリンクは既に使われています。お申し込みは確定済みです（メールをご確認ください）。',
};

/** Opens a confirmation link once: the registration is confirmed (or waitlisted when the
 * seats went meanwhile) and the access mail queued. */
export async function confirm(ctx: RegisterContext, token: unknown): Promise<ConfirmResult> {
  const now = ctx.now ?? new Date();
  const check = verifyToken(ctx.sealer.tokenKeys, token, 'confirm', now);
  if (!check.ok) throw new EventError(TOKEN_MESSAGES[check.reason], check.reason === 'expired' ? 410 : 400);
  let filled = false;
  const result = await inTransaction(ctx.db, async (trx) => {
    const r = await store.findRegistrationByRef(trx, check.body.subject);
    if (!r) throw new EventError(TOKEN_MESSAGES.invalid);
    if (r.confirm_nonce !== sha(check.body.nonce))
      throw new EventError(r.status === 'pending' ? TOKEN_MESSAGES.invalid : TOKEN_MESSAGES.used, 409);
    await store.lockEvent(trx, Number(r.event_id), ctx.db.kind);
    const event = toEvent((await store.findEventById(trx, Number(r.event_id)))!);
    const confirmed = (await store.countsByEvent(trx, [event.id])).get(event.id)!.confirmed;
    const seat = event.capacity === null || confirmed < event.capacity;
    const status = seat ? 'confirmed' : 'waitlisted';
    if (!(await store.consumeConfirmNonce(trx, Number(r.id), sha(check.body.nonce), { status, confirmed_at: now.toISOString() })))
      throw new EventError(TOKEN_MESSAGES.used, 409);
    const person = openRegistration(ctx.sealer, r);
    const link = status === 'confirmed' ? accessToken(ctx, event, r.ref, now) : undefined;
    await enqueueMail(
      trx,
      ctx.sealer,
      { ...accessMail(ctx, event, person.name, link, status === 'waitlisted'), to: person.email, registrationId: Number(r.id) },
      now,
    );
    // The last seat taken: posts' calls to action now say 満席, so cached pages must go.
    filled = seat && event.capacity !== null && confirmed + 1 >= event.capacity;
    if (filled) await bumpContentVersion(trx);
    return { event, status, accessToken: link } as ConfirmResult;
  });
  if (filled) notifyContentChange();
  return result;
}

export type Access = { event: Event; registrant: Registrant };

/** What an access link opens (the join URL, the video, the file), for a confirmed registrant. */
export async function access(ctx: { db: Db; sealer: Sealer; now?: Date }, token: unknown): Promise<Access> {
  const now = ctx.now ?? new Date();
  const check = verifyToken(ctx.sealer.tokenKeys, token, 'access', now);
  if (!check.ok)
    throw new EventError(
      check.reason === 'expired' ? 'このリンクの有効期限が切れています。' : TOKEN_MESSAGES.invalid,
      check.reason === 'expired' ? 410 : 400,
    );
  const r = await store.findRegistrationByRef(ctx.db.kysely, check.body.subject);
  if (!r || r.status !== 'confirmed') throw new EventError('このリンクは使えません（お申し込みが見つからないか、確定していません）。', 404);
  const event = toEvent((await store.findEventById(ctx.db.kysely, Number(r.event_id)))!);
  await store.updateRegistration(ctx.db.kysely, Number(r.id), { access_count: r.access_count + 1, last_access_at: now.toISOString() });
  return { event, registrant: openRegistration(ctx.sealer, r) };
}

/** A registrant gives up their place (from their own link). The registration is deleted —
 * nothing is kept that is no longer needed — and the first on the waiting list gets the seat
 * and a mail. */
export async function cancel(ctx: RegisterContext, token: unknown): Promise<{ event: Event; promoted: boolean }> {
  const now = ctx.now ?? new Date();
  const check = verifyToken(ctx.sealer.tokenKeys, token, 'access', now);
  if (!check.ok)
    throw new EventError(
      check.reason === 'expired' ? 'このリンクの有効期限が切れています。' : TOKEN_MESSAGES.invalid,
      check.reason === 'expired' ? 410 : 400,
    );
  let changed = false;
  const result = await inTransaction(ctx.db, async (trx) => {
    const r = await store.findRegistrationByRef(trx, check.body.subject);
    if (!r) throw new EventError('お申し込みは既に取り消されています。', 410);
    await store.lockEvent(trx, Number(r.event_id), ctx.db.kind);
    const event = toEvent((await store.findEventById(trx, Number(r.event_id)))!);
    await store.deleteRegistrations(trx, [Number(r.id)]);
    await audit(trx, { ...systemActor, name: 'registrant' }, 'registration.cancel', String(event.id));
    let promoted = false;
    if (r.status === 'confirmed') {
      const next = (await store.registrationsOf(trx, event.id)).find((x) => x.status === 'waitlisted');
      if (next) {
        await store.updateRegistration(trx, Number(next.id), { status: 'confirmed' });
        const person = openRegistration(ctx.sealer, next);
        await enqueueMail(
          trx,
          ctx.sealer,
          {
            ...seatMail(ctx, event, person.name, accessToken(ctx, event, next.ref, now)),
            to: person.email,
            registrationId: Number(next.id),
          },
          now,
        );
        promoted = true;
      } else if (event.capacity !== null) {
        // A full event has a seat again: posts' calls to action change.
        await bumpContentVersion(trx);
        changed = true;
      }
    }
    return { event, promoted };
  });
  if (changed) notifyContentChange();
  return result;
}
