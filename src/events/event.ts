// Events as the owner sets them up: what each is, its dates, capacity and privacy notice's
// parts, the file it gives away; saving one changes what posts' calls to action show.
import { z } from 'zod';
import { audit, type Actor } from '../audit/service.ts';
import type { Db } from '../db/connection.ts';
import type { RegistrationStatus } from '../db/schema.ts';
import { writeContent } from '../site/write.ts';
import { parseLocalDateTime } from '../time.ts';
import * as store from './store.ts';
import type { EventRow } from './store.ts';
import { eventState, type EventState } from './state.ts';

/** A message for the reader or the author, in Japanese; nothing personal in it. */
export class EventError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 | 410 = 400,
  ) {
    super(message);
  }
}

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

// Empty means "none"; a time without a zone is the site's. A default would skip the
// transforms in zod, so absent values are left undefined and become null when saved.
const dateTime = z
  .string()
  .trim()
  .transform((v) => (v ? v : null))
  .refine((v) => v === null || parseLocalDateTime(v) !== undefined, '日時の形式が正しくありません（例: 2026-12-10T14:00）')
  .transform((v) => (v === null ? null : parseLocalDateTime(v)!.toISOString()));

const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => v === '' || /^https?:\/\/[^\s]+$/.test(v), 'URL は http:// か https:// で始めてください');

export const eventInputSchema = z
  .object({
    slug: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'スラッグは半角英小文字・数字・- で書いてください'),
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
    questions: z
      .array(z.object({ label: z.string().trim().min(1).max(300), required: z.boolean() }))
      .max(20)
      .default([]),
    purpose: z.string().trim().min(1, '個人情報の利用目的を書いてください').max(2000),
    providedTo: z.string().trim().max(2000).default(''),
    retentionDays: z.coerce.number().int().min(1, '保存期間は1日以上にしてください').max(3650),
    contact: z.string().trim().min(1, '開示・訂正・削除の窓口を書いてください').max(1000),
    accessDays: z.coerce.number().int().min(1).max(365).default(30),
  })
  .superRefine((e, ctx) => {
    if ((e.kind === 'seminar' || e.kind === 'webinar') && !e.startsAt)
      ctx.addIssue({ code: 'custom', message: 'セミナーとウェビナーには開始日時が必要です', path: ['startsAt'] });
    if (e.kind === 'seminar' && !e.place) ctx.addIssue({ code: 'custom', message: 'セミナーには会場が必要です', path: ['place'] });
    if (e.kind === 'webinar' && !e.joinUrl)
      ctx.addIssue({ code: 'custom', message: 'ウェビナーには参加用URLが必要です（申込者にだけ送られます）', path: ['joinUrl'] });
    if (e.kind === 'ondemand' && !e.videoUrl)
      ctx.addIssue({ code: 'custom', message: '見逃し配信には動画のURLが必要です（申込者にだけ示されます）', path: ['videoUrl'] });
    if (e.startsAt && e.endsAt && e.endsAt < e.startsAt)
      ctx.addIssue({ code: 'custom', message: '終了日時が開始日時より前です', path: ['endsAt'] });
    if (e.opensAt && e.closesAt && e.closesAt < e.opensAt)
      ctx.addIssue({ code: 'custom', message: '受付終了が受付開始より前です', path: ['closesAt'] });
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
    const id = await store.insertEvent(trx, {
      ...eventColumns(e),
      file_path: file?.path ?? null,
      file_name: file?.name ?? null,
      file_type: file?.type ?? null,
      created_at: now,
      updated_at: now,
    });
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
    await store.updateEventRow(trx, id, {
      ...eventColumns(e),
      ...(file ? { file_path: file.path, file_name: file.name, file_type: file.type } : {}),
      updated_at: new Date().toISOString(),
    });
    await audit(trx, actor, 'event.update', `${id} ${e.slug}`);
  });
}

/** Gives an event a new file to hand out (e.g. a workbook the site made), nothing else changed. */
export async function attachEventFile(db: Db, id: number, file: EventFile, actor: Actor): Promise<void> {
  await writeContent(db, async (trx) => {
    const before = await store.findEventById(trx, id);
    if (!before) throw new EventError('イベントが見つかりません', 404);
    await store.updateEventRow(trx, id, {
      file_path: file.path,
      file_name: file.name,
      file_type: file.type,
      updated_at: new Date().toISOString(),
    });
    await audit(trx, actor, 'event.file', `${id} ${before.slug}`, file.name);
  });
}

export async function deleteEvent(db: Db, id: number, actor: Actor): Promise<void> {
  await writeContent(db, async (trx) => {
    await store.deleteEventRow(trx, id);
    await audit(trx, actor, 'event.delete', String(id));
  });
}

export async function listEvents(
  db: Db,
  publishedOnly: boolean,
): Promise<Array<Event & { state: EventState; counts: Record<RegistrationStatus, number> }>> {
  const rows = (await store.listEvents(db.kysely, publishedOnly)).map(toEvent);
  const counts = await store.countsByEvent(
    db.kysely,
    rows.map((e) => e.id),
  );
  const now = new Date();
  return rows.map((e) => ({ ...e, counts: counts.get(e.id)!, state: eventState(e, counts.get(e.id)!.confirmed, now) }));
}

export async function findEvent(
  db: Db,
  slug: string,
  publishedOnly = true,
): Promise<(Event & { state: EventState; confirmed: number }) | undefined> {
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

/** States of the events named by slug (a post's calls to action). */
export async function statesOf(db: Db, slugs: string[]): Promise<Map<string, EventState>> {
  const rows = (await store.eventsBySlugs(db.kysely, slugs)).map(toEvent);
  const counts = await store.countsByEvent(
    db.kysely,
    rows.map((e) => e.id),
  );
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
