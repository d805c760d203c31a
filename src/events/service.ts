// Events and registration: what the owner sets up, what a reader may do, and the rules that
// protect the reader's data — a versioned notice consented to before anything is kept, every
// personal field sealed, double opt-in, links that are signed, personal and expiring, and
// nothing kept longer than the event's retention period.
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { audit, systemActor, type Actor } from '../audit/service.ts';
import type { Db } from '../db/connection.ts';
import type { EventKind, RegistrationStatus } from '../db/schema.ts';
import { inTransaction, type Tx } from '../db/transaction.ts';
import { enqueueMail } from '../mail/outbox.ts';
import type { Sealer } from '../privacy/crypto.ts';
import { notifyContentChange } from '../site/changes.ts';
import { bumpContentVersion } from '../site/store.ts';
import { writeContent } from '../site/write.ts';
import { upsertConsentText } from '../privacy/consent-store.ts';
import { claimJob } from '../site/job-store.ts';
import * as store from './store.ts';
import type { EventRow, RegistrationRow } from './store.ts';
import { toCsv } from '../privacy/csv.ts';
import { signToken, verifyToken } from '../privacy/tokens.ts';
import { accessMail, confirmMail, reminderMail, seatMail, type MailContext } from './mails.ts';

/** A message for the reader or the author, in Japanese; nothing personal in it. */
export class EventError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 | 410 = 400,
  ) {
    super(message);
  }
}

export const EVENT_KINDS: Record<EventKind, string> = {
  seminar: 'セミナー',
  webinar: 'ウェビナー',
  ondemand: '見逃し配信（オンデマンド）',
  download: '資料ダウンロード',
};

export interface Question {
  id: string;
  label: string;
  required: boolean;
}

export interface Event extends Omit<EventRow, 'questions' | 'waitlist'> {
  questions: Question[];
  waitlist: boolean;
}

export function toEvent(row: EventRow): Event {
  return { ...row, id: Number(row.id), questions: JSON.parse(row.questions) as Question[], waitlist: Boolean(row.waitlist) };
}

// ---------------------------------------------------------------------------------------
// The owner's side

// Empty means "none"; a time without a zone is the site's (Japan). A default would skip the
// transforms in zod, so absent values are left undefined and become null when saved.
const dateTime = z
  .string()
  .trim()
  .transform((v) => (v ? v : null))
  .refine((v) => v === null || !Number.isNaN(new Date(/[zZ]|[+-]\d\d:\d\d$/.test(v) ? v : `${v}:00+09:00`).getTime()), '日時の形式が正しくありません（例: 2026-12-10T14:00）')
  .transform((v) => (v === null ? null : new Date(/[zZ]|[+-]\d\d:\d\d$/.test(v) ? v : `${v}:00+09:00`).toISOString()));

const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => v === '' || /^https?:\/\/[^\s]+$/.test(v), 'URL は http:// か https:// で始めてください');

export const eventInputSchema = z
  .object({
    slug: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'スラッグは半角英小文字・数字・- で書いてください'),
    kind: z.enum(['seminar', 'webinar', 'ondemand', 'download']),
    status: z.enum(['draft', 'published']).default('draft'),
    title: z.string().trim().min(1, 'タイトルを入力してください').max(200),
    description: z.string().max(20_000).default(''),
    startsAt: dateTime.optional(),
    endsAt: dateTime.optional(),
    place: z.string().trim().max(500).default(''),
    capacity: z.coerce.number().int().min(1).max(100_000).nullable().default(null),
    waitlist: z.boolean().default(false),
    opensAt: dateTime.optional(),
    closesAt: dateTime.optional(),
    joinUrl: httpUrl.default(''),
    videoUrl: httpUrl.default(''),
    questions: z.array(z.object({ label: z.string().trim().min(1).max(300), required: z.boolean() })).max(20).default([]),
    purpose: z.string().trim().min(1, '個人情報の利用目的を書いてください').max(2000),
    providedTo: z.string().trim().max(2000).default(''),
    retentionDays: z.coerce.number().int().min(1, '保存期間は1日以上にしてください').max(3650),
    contact: z.string().trim().min(1, '開示・訂正・削除の窓口を書いてください').max(1000),
    accessDays: z.coerce.number().int().min(1).max(365).default(30),
  })
  .superRefine((e, ctx) => {
    if ((e.kind === 'seminar' || e.kind === 'webinar') && !e.startsAt) ctx.addIssue({ code: 'custom', message: 'セミナーとウェビナーには開始日時が必要です', path: ['startsAt'] });
    if (e.kind === 'seminar' && !e.place) ctx.addIssue({ code: 'custom', message: 'セミナーには会場が必要です', path: ['place'] });
    if (e.kind === 'webinar' && !e.joinUrl) ctx.addIssue({ code: 'custom', message: 'ウェビナーには参加用URLが必要です（申込者にだけ送られます）', path: ['joinUrl'] });
    if (e.kind === 'ondemand' && !e.videoUrl) ctx.addIssue({ code: 'custom', message: '見逃し配信には動画のURLが必要です（申込者にだけ示されます）', path: ['videoUrl'] });
    if (e.startsAt && e.endsAt && e.endsAt < e.startsAt) ctx.addIssue({ code: 'custom', message: '終了日時が開始日時より前です', path: ['endsAt'] });
    if (e.opensAt && e.closesAt && e.closesAt < e.opensAt) ctx.addIssue({ code: 'custom', message: '受付終了が受付開始より前です', path: ['closesAt'] });
  });

export type EventInput = z.input<typeof eventInputSchema>;

export interface EventFile {
  path: string;
  name: string;
  type: string;
}

function parseEventInput(raw: EventInput) {
  const parsed = eventInputSchema.safeParse(raw);
  if (!parsed.success) throw new EventError(parsed.error.issues[0]!.message);
  return parsed.data;
}

function eventColumns(e: ReturnType<typeof parseEventInput>) {
  return {
    slug: e.slug,
    kind: e.kind,
    status: e.status,
    title: e.title,
    description: e.description,
    starts_at: e.startsAt ?? null,
    ends_at: e.endsAt ?? null,
    place: e.place,
    capacity: e.capacity,
    waitlist: e.waitlist ? 1 : 0,
    opens_at: e.opensAt ?? null,
    closes_at: e.closesAt ?? null,
    join_url: e.joinUrl,
    video_url: e.videoUrl,
    questions: JSON.stringify(e.questions.map((q, i) => ({ id: `q${i + 1}`, label: q.label, required: q.required }))),
    purpose: e.purpose,
    provided_to: e.providedTo,
    retention_days: e.retentionDays,
    contact: e.contact,
    access_days: e.accessDays,
  };
}

export async function createEvent(db: Db, raw: EventInput, file: EventFile | undefined, actor: Actor): Promise<number> {
  const e = parseEventInput(raw);
  if (e.kind === 'download' && !file) throw new EventError('資料ダウンロードにはファイルが必要です');
  const now = new Date().toISOString();
  return writeContent(db, async (trx) => {
    if (await store.findEventBySlug(trx, e.slug)) throw new EventError(`スラッグ「${e.slug}」のイベントは既にあります`, 409);
    const id = await store.insertEvent(trx, { ...eventColumns(e), file_path: file?.path ?? null, file_name: file?.name ?? null, file_type: file?.type ?? null, created_at: now, updated_at: now });
    await audit(trx, actor, 'event.create', `${id} ${e.slug}`);
    return id;
  });
}

/** Saves an event; its state may change what posts' calls to action show, so pages go. */
export async function updateEvent(db: Db, id: number, raw: EventInput, file: EventFile | undefined, actor: Actor): Promise<void> {
  const e = parseEventInput(raw);
  await writeContent(db, async (trx) => {
    const before = await store.findEventById(trx, id);
    if (!before) throw new EventError('イベントが見つかりません', 404);
    const other = await store.findEventBySlug(trx, e.slug);
    if (other && Number(other.id) !== id) throw new EventError(`スラッグ「${e.slug}」のイベントは既にあります`, 409);
    if (e.kind === 'download' && !file && !before.file_path) throw new EventError('資料ダウンロードにはファイルが必要です');
    await store.updateEventRow(trx, id, { ...eventColumns(e), ...(file ? { file_path: file.path, file_name: file.name, file_type: file.type } : {}), updated_at: new Date().toISOString() });
    await audit(trx, actor, 'event.update', `${id} ${e.slug}`);
  });
}

/** Gives an event a new file to hand out (e.g. a workbook the site made), nothing else changed. */
export async function attachEventFile(db: Db, id: number, file: EventFile, actor: Actor): Promise<void> {
  await writeContent(db, async (trx) => {
    const before = await store.findEventById(trx, id);
    if (!before) throw new EventError('イベントが見つかりません', 404);
    await store.updateEventRow(trx, id, { file_path: file.path, file_name: file.name, file_type: file.type, updated_at: new Date().toISOString() });
    await audit(trx, actor, 'event.file', `${id} ${before.slug}`, file.name);
  });
}

export async function deleteEvent(db: Db, id: number, actor: Actor): Promise<void> {
  await writeContent(db, async (trx) => {
    await store.deleteEventRow(trx, id);
    await audit(trx, actor, 'event.delete', String(id));
  });
}

export async function listEvents(db: Db, publishedOnly: boolean): Promise<Array<Event & { state: EventState; counts: Record<RegistrationStatus, number> }>> {
  const rows = (await store.listEvents(db.kysely, publishedOnly)).map(toEvent);
  const counts = await store.countsByEvent(db.kysely, rows.map((e) => e.id));
  const now = new Date();
  return rows.map((e) => ({ ...e, counts: counts.get(e.id)!, state: eventState(e, counts.get(e.id)!.confirmed, now) }));
}

export async function findEvent(db: Db, slug: string, publishedOnly = true): Promise<(Event & { state: EventState; confirmed: number }) | undefined> {
  const row = await store.findEventBySlug(db.kysely, slug);
  if (!row || (publishedOnly && row.status !== 'published')) return undefined;
  const e = toEvent(row);
  const confirmed = (await store.countsByEvent(db.kysely, [e.id])).get(e.id)!.confirmed;
  return { ...e, confirmed, state: eventState(e, confirmed, new Date()) };
}

export async function findEventById(db: Db, id: number): Promise<Event | undefined> {
  const row = await store.findEventById(db.kysely, id);
  return row ? toEvent(row) : undefined;
}

// ---------------------------------------------------------------------------------------
// State

/** before: not open yet; open; waitlist: full, waiting list open; full; closed: past the
 * close; ended: the event is over (on-demand and downloads end only by closing). */
export type EventState = 'before' | 'open' | 'waitlist' | 'full' | 'closed' | 'ended';

export const STATE_LABELS: Record<EventState, string> = {
  before: '受付前',
  open: '受付中',
  waitlist: '満席（キャンセル待ち受付中）',
  full: '満席',
  closed: '受付終了',
  ended: '終了',
};

export function eventState(e: Pick<Event, 'opens_at' | 'closes_at' | 'starts_at' | 'ends_at' | 'capacity' | 'waitlist' | 'kind'>, confirmed: number, now: Date): EventState {
  const t = now.toISOString();
  const end = e.ends_at ?? e.starts_at;
  if ((e.kind === 'seminar' || e.kind === 'webinar') && end && end < t) return 'ended';
  if (e.closes_at && e.closes_at < t) return 'closed';
  // A dated event stops taking registrations when it starts, unless a later close is set.
  if (!e.closes_at && e.starts_at && (e.kind === 'seminar' || e.kind === 'webinar') && e.starts_at < t) return 'closed';
  if (e.opens_at && e.opens_at > t) return 'before';
  if (e.capacity !== null && confirmed >= e.capacity) return e.waitlist ? 'waitlist' : 'full';
  return 'open';
}

/** States of the events named by slug (a post's calls to action). */
export async function statesOf(db: Db, slugs: string[]): Promise<Map<string, EventState>> {
  const rows = (await store.eventsBySlugs(db.kysely, slugs)).map(toEvent);
  const counts = await store.countsByEvent(db.kysely, rows.map((e) => e.id));
  const now = new Date();
  return new Map(rows.map((e) => [e.slug, eventState(e, counts.get(e.id)!.confirmed, now)]));
}

/** The moments when some event's state changes by the clock, between two instants: pages
 * showing those states must be rendered again. */
export async function clockChangedStates(db: Db, from: Date, to: Date): Promise<boolean> {
  const a = from.toISOString();
  const b = to.toISOString();
  const rows = await store.listEvents(db.kysely, true);
  return rows.some((e) => [e.opens_at, e.closes_at, e.starts_at, e.ends_at].some((t) => t !== null && t > a && t <= b));
}

// ---------------------------------------------------------------------------------------
// The privacy notice and consent

/** The notice shown above the form; its exact text is what a registrant consents to. */
export function privacyNotice(e: Pick<Event, 'purpose' | 'provided_to' | 'retention_days' | 'contact'>, siteTitle: string): string {
  return [
    `個人情報の取り扱いについて（${siteTitle}）`,
    `利用目的: ${e.purpose}`,
    `第三者への提供: ${e.provided_to || 'ご本人の同意なく第三者に提供することはありません。'}`,
    `保存期間: イベント終了（日時のないものはお申し込み）から ${e.retention_days} 日後に削除します。`,
    `開示・訂正・利用停止・削除のご請求先: ${e.contact}`,
  ].join('\n');
}

// ---------------------------------------------------------------------------------------
// Registration

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

function sealRegistration(sealer: Sealer, ref: string, fields: Record<'email' | 'name' | 'company' | 'department' | 'phone' | 'answers', string>) {
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
    await enqueueMail(trx, ctx.sealer, { ...confirmMail(ctx, event, confirmToken(ctx, ref, nonce, now), state === 'waitlist'), to: input.email, registrationId: id }, now);
    return 'pending';
  });
}

async function mailExisting(ctx: RegisterContext, trx: Tx, event: Event, r: RegistrationRow, now: Date): Promise<void> {
  const person = openRegistration(ctx.sealer, r);
  if (r.status === 'pending') {
    // A new link replaces the old one (the old nonce no longer matches).
    const nonce = randomUUID();
    await store.updateRegistration(trx, Number(r.id), { confirm_nonce: sha(nonce) });
    await enqueueMail(trx, ctx.sealer, { ...confirmMail(ctx, event, confirmToken(ctx, r.ref, nonce, now), false, true), to: person.email, registrationId: Number(r.id) }, now);
  } else {
    await enqueueMail(trx, ctx.sealer, { ...accessMail(ctx, event, person.name, accessToken(ctx, event, r.ref, now), r.status === 'waitlisted', true), to: person.email, registrationId: Number(r.id) }, now);
  }
}

function accessExpiry(event: Event, now: Date): Date {
  const days = new Date(now.getTime() + event.access_days * 86_400_000);
  const end = event.ends_at ?? event.starts_at;
  // A webinar's link must work until the webinar is over.
  return end && new Date(end).getTime() + 86_400_000 > days.getTime() ? new Date(new Date(end).getTime() + 86_400_000) : days;
}

function accessToken(ctx: { sealer: Sealer }, event: Event, ref: string, now: Date): string {
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
    if (r.confirm_nonce !== sha(check.body.nonce)) throw new EventError(r.status === 'pending' ? TOKEN_MESSAGES.invalid : TOKEN_MESSAGES.used, 409);
    await store.lockEvent(trx, Number(r.event_id), ctx.db.kind);
    const event = toEvent((await store.findEventById(trx, Number(r.event_id)))!);
    const confirmed = (await store.countsByEvent(trx, [event.id])).get(event.id)!.confirmed;
    const seat = event.capacity === null || confirmed < event.capacity;
    const status = seat ? 'confirmed' : 'waitlisted';
    if (!(await store.consumeConfirmNonce(trx, Number(r.id), sha(check.body.nonce), { status, confirmed_at: now.toISOString() }))) throw new EventError(TOKEN_MESSAGES.used, 409);
    const person = openRegistration(ctx.sealer, r);
    const link = status === 'confirmed' ? accessToken(ctx, event, r.ref, now) : undefined;
    await enqueueMail(trx, ctx.sealer, { ...accessMail(ctx, event, person.name, link, status === 'waitlisted'), to: person.email, registrationId: Number(r.id) }, now);
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
  if (!check.ok) throw new EventError(check.reason === 'expired' ? 'このリンクの有効期限が切れています。' : TOKEN_MESSAGES.invalid, check.reason === 'expired' ? 410 : 400);
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
  if (!check.ok) throw new EventError(check.reason === 'expired' ? 'このリンクの有効期限が切れています。' : TOKEN_MESSAGES.invalid, check.reason === 'expired' ? 410 : 400);
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
        await enqueueMail(trx, ctx.sealer, { ...seatMail(ctx, event, person.name, accessToken(ctx, event, next.ref, now)), to: person.email, registrationId: Number(next.id) }, now);
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

// ---------------------------------------------------------------------------------------
// The owner's view of registrants (every look is audited)

export async function registrants(db: Db, sealer: Sealer, eventId: number, actor: Actor, purpose: 'view' | 'export'): Promise<Registrant[]> {
  const rows = await store.registrationsOf(db.kysely, eventId);
  await audit(db.kysely, actor, purpose === 'view' ? 'registrants.view' : 'registrants.export', String(eventId), `${rows.length} registrations`);
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

const STATUS_LABELS: Record<RegistrationStatus, string> = { pending: '確認待ち', confirmed: '確定', waitlisted: 'キャンセル待ち' };

/** Registrants as CSV for Excel: UTF-8 with a BOM (Excel then reads Japanese right), CRLF. */
export function registrantsCsv(event: Event, people: Registrant[]): string {
  const head = ['申込日時', '状態', 'お名前', '会社名', '部署名', 'メールアドレス', '電話番号', ...event.questions.map((q) => q.label), '同意した文面の版', '同意日時', '出席'];
  const rows = people.map((p) => [p.createdAt, STATUS_LABELS[p.status], p.name, p.company, p.department, p.email, p.phone, ...event.questions.map((q) => p.answers[q.id] ?? ''), String(p.consentId), p.consentedAt, p.attendedAt ? '出席' : '']);
  return toCsv([head, ...rows]);
}

// ---------------------------------------------------------------------------------------
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
      const n = await store.deleteRegistrations(trx, expired.map((r) => Number(r.id)));
      await audit(trx, { ...systemActor, name: 'retention' }, 'registrations.purge', String(e.id), `${n} registrations deleted (retention ${e.retention_days} days)`);
      total += n;
    });
  }
  return total;
}

/** A reminder the day before a seminar or webinar, once per registrant. */
export async function queueReminders(ctx: { db: Db; sealer: Sealer } & MailContext, now = new Date()): Promise<number> {
  const due = await store.dueReminders(ctx.db.kysely, now.toISOString(), new Date(now.getTime() + 24 * 3600_000).toISOString());
  for (const r of due) {
    await inTransaction(ctx.db, async (trx) => {
      const event = toEvent((await store.findEventById(trx, Number(r.event_id)))!);
      const person = openRegistration(ctx.sealer, r);
      await store.updateRegistration(trx, Number(r.id), { reminded_at: now.toISOString() });
      const link = event.kind === 'webinar' ? accessToken(ctx, event, r.ref, now) : undefined;
      await enqueueMail(trx, ctx.sealer, { ...reminderMail(ctx, event, person.name, link), to: person.email, registrationId: Number(r.id) }, now);
    });
  }
  return due.length;
}
