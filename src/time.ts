// Time in the site's zone: the one place that knows it. Parsing a wall-clock time the author
// typed, formatting dates in Japanese, "today", and where a day, month or year begins — all
// in the zone from KAWARABAN_TIME_ZONE (default Asia/Tokyo; checked by config.ts), whatever
// time zone the process itself runs in.

export const DEFAULT_TIME_ZONE = 'Asia/Tokyo';

export type DateStyle = 'western' | 'japanese';

/** True when Intl knows the zone (an IANA name such as Asia/Tokyo or UTC). */
export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

interface Formatters {
  zone: string;
  japanese: Intl.DateTimeFormat;
  dateTime: Intl.DateTimeFormat;
  dateTimeMedium: Intl.DateTimeFormat;
  localInput: Intl.DateTimeFormat;
  parts: Intl.DateTimeFormat;
}

function formattersFor(zone: string): Formatters {
  return {
    zone,
    // ja-JP with the Japanese calendar gives 令和5年6月12日 (和暦).
    japanese: new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
      timeZone: zone,
      era: 'long',
      year: 'numeric',
      month: 'long',
      day: 'numeric',
    }),
    dateTime: new Intl.DateTimeFormat('ja-JP', {
      timeZone: zone,
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    }),
    dateTimeMedium: new Intl.DateTimeFormat('ja-JP', { timeZone: zone, dateStyle: 'medium', timeStyle: 'short' }),
    localInput: new Intl.DateTimeFormat('sv-SE', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    }),
    parts: new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }),
  };
}

let current = formattersFor(DEFAULT_TIME_ZONE);

/** Sets the site's zone (start-up wiring, from the validated config). */
export function setSiteTimeZone(zone: string): void {
  if (zone === current.zone) return;
  if (!isValidTimeZone(zone)) throw new RangeError(`unknown time zone: ${zone}`);
  current = formattersFor(zone);
  offsetsByQuarter.clear();
}

export function siteTimeZone(): string {
  return current.zone;
}

/** The zone as the admin names it next to a time field: 日本時間, or the zone's name. */
export function siteTimeZoneLabel(): string {
  return current.zone === 'Asia/Tokyo' ? '日本時間' : current.zone;
}

function toDate(iso: string | Date): Date {
  return typeof iso === 'string' ? new Date(iso) : iso;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock reading of an instant in the site's zone, asked of Intl (slow: a few
 * microseconds a call, and a page shows dozens of dates). */
function wallClockOfIntl(instant: Date): WallClock {
  const out: Record<string, number> = {};
  for (const p of current.parts.formatToParts(instant)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return { year: out.year!, month: out.month!, day: out.day!, hour: out.hour!, minute: out.minute!, second: out.second! };
}

/** Zones change their offset at most a few times a year, on a quarter hour: the offset is
 * asked of Intl once per quarter hour of time shown and then worked out with arithmetic. A
 * quarter whose two ends disagree (it holds a change) is never remembered. */
const QUARTER_HOUR_MS = 900_000;
const offsetsByQuarter = new Map<number, number>();

function offsetOfIntl(ms: number): number {
  const w = wallClockOfIntl(new Date(ms));
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - (ms - (((ms % 1000) + 1000) % 1000));
}

function offsetAt(ms: number): number {
  const quarter = Math.floor(ms / QUARTER_HOUR_MS);
  const known = offsetsByQuarter.get(quarter);
  if (known !== undefined) return known;
  const offset = offsetOfIntl(quarter * QUARTER_HOUR_MS);
  if (offset !== offsetOfIntl((quarter + 1) * QUARTER_HOUR_MS - 1000)) return offsetOfIntl(ms);
  if (offsetsByQuarter.size >= 50_000) offsetsByQuarter.clear(); // about 2 MB; dates shown cluster
  offsetsByQuarter.set(quarter, offset);
  return offset;
}

/** The wall-clock reading of an instant in the site's zone. */
function wallClock(instant: Date): WallClock {
  const ms = instant.getTime();
  const d = new Date(ms + offsetAt(ms));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** The instant a wall-clock time in the site's zone names (two passes, so the offset is the
 * one in force at that instant; next to a change of offset, the earlier candidate). */
function fromWallClock(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): Date {
  const naive = Date.UTC(year, month - 1, day, hour, minute, second);
  let guess = naive - offsetAt(naive);
  const second_ = naive - offsetAt(guess);
  if (second_ !== guess) guess = Math.min(guess, second_);
  return new Date(guess);
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const HAS_ZONE = /(?:[zZ]|[+-]\d\d:?\d\d)$/;

/** A date-time as an author types it: `2026-12-10T14:00` (or with seconds, or a bare date) is
 * read in the site's zone; a value carrying its own offset or Z is taken as it is. Undefined
 * when it cannot be read or names a day that does not exist (2023-02-30). */
export function parseLocalDateTime(value: string): Date | undefined {
  const v = value.trim();
  if (HAS_ZONE.test(v)) {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  const m = WALL.exec(v);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return undefined;
  return fromWallClock(y, mo, d, h, mi, s);
}

/** The wall-clock date of an instant in the site's zone: { year, month, day } (month 1–12). */
export function localParts(iso: string | Date): { year: number; month: number; day: number } {
  const w = wallClock(toDate(iso));
  return { year: w.year, month: w.month, day: w.day };
}

/** YYYY-MM-DD of an instant in the site's zone. */
export function localDate(iso: string | Date): string {
  const { year, month, day } = localParts(iso);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** YYYY-MM of an instant in the site's zone (the archive month). */
export function localMonth(iso: string | Date): string {
  return localDate(iso).slice(0, 7);
}

/** Today's date (YYYY-MM-DD) in the site's zone. */
export function today(now: Date = new Date()): string {
  return localDate(now);
}

/** The instant a calendar day (YYYY-MM-DD) begins in the site's zone. */
export function startOfDay(ymd: string): Date {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  return fromWallClock(y, m, d);
}

/** The instant a year begins in the site's zone. */
export function startOfYear(year: number): Date {
  return fromWallClock(year, 1, 1);
}

/** 2023年6月12日, or 令和5年6月12日 with the 和暦 style. */
export function formatDate(iso: string | Date, style: DateStyle = 'western'): string {
  if (style === 'japanese') return current.japanese.format(toDate(iso));
  const { year, month, day } = localParts(iso); // what ja-JP's long date says, without Intl
  return `${year}年${month}月${day}日`;
}

/** 2026年12月10日(木) 14:00, in the site's zone (events). */
export function formatDateTime(iso: string | Date): string {
  return current.dateTime.format(toDate(iso));
}

/** 2026/12/10 14:00, in the site's zone (sessions, the audit log). */
export function formatDateTimeShort(iso: string | Date): string {
  return current.dateTimeMedium.format(toDate(iso));
}

/** 2023年6月13日 8:15, in the site's time zone (comments). */
export function formatMinute(iso: string | Date): string {
  const w = wallClock(toDate(iso));
  return `${w.year}年${w.month}月${w.day}日 ${w.hour}:${String(w.minute).padStart(2, '0')}`;
}

/** 2026-12-10T14:00 in the site's zone, for <input type="datetime-local">. */
export function localDateTimeInput(iso: string | null): string {
  return iso ? current.localInput.format(new Date(iso)).replace(' ', 'T') : '';
}

/** A calendar date (YYYY-MM-DD, as addenda carry) shown as 2023年6月17日. The date is a
 * label, not an instant: it reads the same in every zone. */
export function formatCalendarDate(ymd: string, style: DateStyle = 'western'): string {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  const noonUtc = new Date(Date.UTC(y, m - 1, d, 12));
  return (style === 'japanese' ? calendarJapanese : calendarWestern).format(noonUtc);
}

const calendarWestern = new Intl.DateTimeFormat('ja-JP', { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' });
const calendarJapanese = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  timeZone: 'UTC',
  era: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
});

/** 2023年6月 from 2023-06. */
export function formatMonth(ym: string): string {
  const [y, m] = ym.split('-');
  return `${Number(y)}年${Number(m)}月`;
}
