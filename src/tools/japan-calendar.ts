// Calendar dates (YYYY-MM-DD) and Japan's public holidays, for report deadlines.
//
// Dates here are calendar dates without a time of day: arithmetic runs on UTC midnight so no
// time zone or daylight-saving shift can move a date. The holidays follow the 国民の祝日に関する
// 法律 as it stands (fixed days, the Monday holidays, the equinoxes by the usual formula valid
// 1980–2099, 振替休日 and 国民の休日), plus the one-off days of 2019–2021.

const DAY = 86_400_000;

export function parseDate(d: string): Date {
  return new Date(`${d}T00:00:00Z`);
}

export function formatDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return formatDate(new Date(parseDate(date).getTime() + days * DAY));
}

/** The n-th Monday (1-based) of a month (1-12). */
function nthMonday(year: number, month: number, n: number): string {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const day = 1 + ((8 - first) % 7) + (n - 1) * 7;
  return formatDate(new Date(Date.UTC(year, month - 1, day)));
}

function ymd(year: number, month: number, day: number): string {
  return formatDate(new Date(Date.UTC(year, month - 1, day)));
}

function equinox(year: number, base: number): number {
  return Math.floor(base + 0.242194 * (year - 1980) - Math.floor((year - 1980) / 4));
}

/** The named holidays of a year (before 振替休日 and 国民の休日 are added). */
function namedHolidays(year: number): Map<string, string> {
  const h = new Map<string, string>();
  h.set(ymd(year, 1, 1), '元日');
  h.set(nthMonday(year, 1, 2), '成人の日');
  h.set(ymd(year, 2, 11), '建国記念の日');
  if (year >= 2020) h.set(ymd(year, 2, 23), '天皇誕生日');
  else if (year <= 2018) h.set(ymd(year, 12, 23), '天皇誕生日');
  h.set(ymd(year, 3, equinox(year, 20.8431)), '春分の日');
  h.set(ymd(year, 4, 29), '昭和の日');
  h.set(ymd(year, 5, 3), '憲法記念日');
  h.set(ymd(year, 5, 4), 'みどりの日');
  h.set(ymd(year, 5, 5), 'こどもの日');
  const special: Record<number, { umi: string; yama: string; sports: string }> = {
    2020: { umi: ymd(2020, 7, 23), yama: ymd(2020, 8, 10), sports: ymd(2020, 7, 24) },
    2021: { umi: ymd(2021, 7, 22), yama: ymd(2021, 8, 8), sports: ymd(2021, 7, 23) },
  };
  const s = special[year];
  h.set(s?.umi ?? nthMonday(year, 7, 3), '海の日');
  if (year >= 2016) h.set(s?.yama ?? ymd(year, 8, 11), '山の日');
  h.set(nthMonday(year, 9, 3), '敬老の日');
  h.set(ymd(year, 9, equinox(year, 23.2488)), '秋分の日');
  h.set(s?.sports ?? nthMonday(year, 10, 2), year >= 2020 ? 'スポーツの日' : '体育の日');
  h.set(ymd(year, 11, 3), '文化の日');
  h.set(ymd(year, 11, 23), '勤労感謝の日');
  if (year === 2019) {
    h.set(ymd(2019, 4, 30), '国民の休日');
    h.set(ymd(2019, 5, 1), '天皇の即位の日');
    h.set(ymd(2019, 5, 2), '国民の休日');
    h.set(ymd(2019, 10, 22), '即位礼正殿の儀の行われる日');
  }
  return h;
}

const byYear = new Map<number, Map<string, string>>();

/** All holidays of a year, 振替休日 and 国民の休日 included. */
export function holidaysOf(year: number): Map<string, string> {
  let h = byYear.get(year);
  if (h) return h;
  h = namedHolidays(year);
  // 振替休日: a holiday on a Sunday moves to the next day that is not a holiday.
  for (const date of [...h.keys()].sort()) {
    if (parseDate(date).getUTCDay() !== 0) continue;
    let next = addDays(date, 1);
    while (h.has(next)) next = addDays(next, 1);
    h.set(next, '休日（振替休日）');
  }
  // 国民の休日: a weekday between two holidays.
  for (const date of [...h.keys()].sort()) {
    const between = addDays(date, 1);
    if (!h.has(between) && h.has(addDays(date, 2)) && parseDate(between).getUTCDay() !== 0 && between.startsWith(String(year))) {
      h.set(between, '国民の休日');
    }
  }
  byYear.set(year, h);
  return h;
}

export function holidayName(date: string): string | undefined {
  return holidaysOf(Number(date.slice(0, 4))).get(date);
}

/** 12月29日〜1月3日: the government's year-end closure (行政機関の休日). */
export function isYearEndClosure(date: string): boolean {
  const md = date.slice(5);
  return md >= '12-29' || md <= '01-03';
}

/** Why the day is not a working day of the authorities, or undefined when it is one. */
export function closedReason(date: string): string | undefined {
  const dow = parseDate(date).getUTCDay();
  if (dow === 6) return '土曜日';
  if (dow === 0) return '日曜日';
  return holidayName(date) ?? (isYearEndClosure(date) ? '年末年始' : undefined);
}

/** The first working day on or after the date. */
export function onOrNextWorkingDay(date: string): string {
  let d = date;
  for (let i = 0; i < 30 && closedReason(d); i++) d = addDays(d, 1);
  return d;
}

const weekdays = ['日', '月', '火', '水', '木', '金', '土'];

/** 2023年6月5日（月） */
export function formatJapaneseDate(date: string): string {
  const d = parseDate(date);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日（${weekdays[d.getUTCDay()]}）`;
}
