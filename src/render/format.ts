// Dates, reading time and other small formatting in Japanese.

export const SITE_TIME_ZONE = 'Asia/Tokyo';

export type DateStyle = 'western' | 'japanese';

const western = new Intl.DateTimeFormat('ja-JP', { timeZone: SITE_TIME_ZONE, year: 'numeric', month: 'long', day: 'numeric' });
// ja-JP with the Japanese calendar gives 令和5年6月12日 (和暦).
const japanese = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  timeZone: SITE_TIME_ZONE,
  era: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
});
const monthDay = new Intl.DateTimeFormat('ja-JP', { timeZone: SITE_TIME_ZONE, month: 'long', day: 'numeric' });
const parts = new Intl.DateTimeFormat('en-CA', { timeZone: SITE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** 2023年6月12日, or 令和5年6月12日 with the 和暦 style. */
export function formatDate(iso: string | Date, style: DateStyle = 'western'): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  return (style === 'japanese' ? japanese : western).format(d);
}

const dateTime = new Intl.DateTimeFormat('ja-JP', { timeZone: SITE_TIME_ZONE, year: 'numeric', month: 'long', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit' });
const localInput = new Intl.DateTimeFormat('sv-SE', { timeZone: SITE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });

/** 2026年12月10日(木) 14:00, in the site's time zone (events). */
export function formatDateTime(iso: string | Date): string {
  return dateTime.format(typeof iso === 'string' ? new Date(iso) : iso);
}

/** Japan has kept UTC+9 all year since 1951, so comment times (a hundred to a page) are
 * worked out with arithmetic rather than Intl, which cost most of a long page's time. */
const JST_OFFSET_MS = 9 * 3600_000;

/** 2023年6月13日 8:15, in the site's time zone (comments). */
export function formatMinute(iso: string | Date): string {
  const d = new Date((typeof iso === 'string' ? Date.parse(iso) : iso.getTime()) + JST_OFFSET_MS);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${d.getUTCHours()}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/** 2026-12-10T14:00 in the site's time zone, for <input type="datetime-local">. */
export function localDateTimeInput(iso: string | null): string {
  return iso ? localInput.format(new Date(iso)).replace(' ', 'T') : '';
}

/** A calendar date (YYYY-MM-DD, as addenda carry) shown as 2023年6月17日. */
export function formatCalendarDate(ymd: string, style: DateStyle = 'western'): string {
  return formatDate(new Date(`${ymd}T12:00:00+09:00`), style);
}

export function formatMonthDay(ymd: string): string {
  return monthDay.format(new Date(`${ymd}T12:00:00+09:00`));
}

/** YYYY-MM-DD of an instant in the site's time zone. */
export function localDate(iso: string | Date): string {
  return parts.format(typeof iso === 'string' ? new Date(iso) : iso);
}

/** YYYY-MM of an instant in the site's time zone (the archive month). */
export function localMonth(iso: string | Date): string {
  return localDate(iso).slice(0, 7);
}

/** 2023年6月 from 2023-06. */
export function formatMonth(ym: string): string {
  const [y, m] = ym.split('-');
  return `${Number(y)}年${Number(m)}月`;
}

/** Japanese is read at roughly 500 characters a minute; never less than one minute. */
export const CHARACTERS_PER_MINUTE = 500;

export function readingMinutes(characters: number): number {
  return Math.max(1, Math.ceil(characters / CHARACTERS_PER_MINUTE));
}

/** Characters as a reader counts them: code points, without white space. */
export function countReadingCharacters(text: string): number {
  let n = 0;
  for (const ch of text) if (!/\s/.test(ch)) n++;
  return n;
}

/** 10MB, 195KB … for messages about sizes. */
export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.floor(bytes / 1024 / 1024)}MB` : `${Math.max(1, Math.floor(bytes / 1024))}KB`;
}
