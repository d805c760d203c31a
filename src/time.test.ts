import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import {
  DEFAULT_TIME_ZONE,
  formatCalendarDate,
  formatDate,
  formatDateTime,
  formatMinute,
  formatMonth,
  isValidTimeZone,
  localDate,
  localDateTimeInput,
  localMonth,
  parseLocalDateTime,
  setSiteTimeZone,
  siteTimeZone,
  startOfDay,
  startOfYear,
  today,
} from './time.ts';

describe('Japanese dates', () => {
  it('formats an instant in Japan time, western style', () => {
    assert.equal(formatDate('2023-06-12T01:00:00Z'), '2023年6月12日');
    // 20:00 UTC on 30 June is already 1 July in Japan.
    assert.equal(formatDate('2023-06-30T20:00:00Z'), '2023年7月1日');
  });

  it('formats with the Japanese era (和暦) when asked', () => {
    assert.equal(formatDate('2023-06-12T01:00:00Z', 'japanese'), '令和5年6月12日');
    assert.equal(formatDate('2019-04-30T03:00:00Z', 'japanese'), '平成31年4月30日');
  });

  it('formats calendar dates and months', () => {
    assert.equal(formatCalendarDate('2023-06-17'), '2023年6月17日');
    assert.equal(formatMonth('2023-06'), '2023年6月');
  });

  it('files a post under the month it was published in Japan', () => {
    assert.equal(localMonth('2023-06-30T20:00:00Z'), '2023-07');
    assert.equal(localMonth('2023-06-30T14:00:00Z'), '2023-06');
  });
});

describe('the site time zone', () => {
  afterEach(() => setSiteTimeZone(DEFAULT_TIME_ZONE));

  it('is Japan unless configured, whatever zone the process runs in', () => {
    assert.equal(siteTimeZone(), 'Asia/Tokyo');
    assert.equal(parseLocalDateTime('2026-12-10T14:00')?.toISOString(), '2026-12-10T05:00:00.000Z');
    assert.equal(localDateTimeInput('2026-12-10T05:00:00.000Z'), '2026-12-10T14:00');
    assert.equal(formatDateTime('2026-12-10T05:00:00.000Z'), '2026年12月10日(木) 14:00');
  });

  it('reads a typed time in the zone, keeps an explicit offset, and refuses days that do not exist', () => {
    assert.equal(parseLocalDateTime('2026-12-10 14:00:30')?.toISOString(), '2026-12-10T05:00:30.000Z');
    assert.equal(parseLocalDateTime('2026-12-10')?.toISOString(), '2026-12-09T15:00:00.000Z');
    assert.equal(parseLocalDateTime('2026-12-10T14:00Z')?.toISOString(), '2026-12-10T14:00:00.000Z');
    assert.equal(parseLocalDateTime('2026-12-10T14:00:00+01:00')?.toISOString(), '2026-12-10T13:00:00.000Z');
    assert.equal(parseLocalDateTime('2023-02-30T10:00'), undefined);
    assert.equal(parseLocalDateTime('2023-13-01T10:00'), undefined);
    assert.equal(parseLocalDateTime('明日'), undefined);
  });

  it('knows where days and years begin, and what day it is', () => {
    assert.equal(startOfDay('2023-07-01').toISOString(), '2023-06-30T15:00:00.000Z');
    assert.equal(startOfYear(2024).toISOString(), '2023-12-31T15:00:00.000Z');
    assert.equal(today(new Date('2023-06-30T15:00:00Z')), '2023-07-01');
    assert.equal(today(new Date('2023-06-30T14:59:59Z')), '2023-06-30');
  });

  it('follows a configured zone, summer time included', () => {
    setSiteTimeZone('America/Los_Angeles');
    assert.equal(siteTimeZone(), 'America/Los_Angeles');
    // Winter: UTC-8; summer: UTC-7.
    assert.equal(parseLocalDateTime('2026-01-15T09:00')?.toISOString(), '2026-01-15T17:00:00.000Z');
    assert.equal(parseLocalDateTime('2026-07-15T09:00')?.toISOString(), '2026-07-15T16:00:00.000Z');
    assert.equal(startOfDay('2026-03-08').toISOString(), '2026-03-08T08:00:00.000Z');
    assert.equal(startOfDay('2026-03-09').toISOString(), '2026-03-09T07:00:00.000Z');
    assert.equal(localDate('2023-07-01T03:00:00Z'), '2023-06-30');
    assert.equal(formatDate('2023-07-01T03:00:00Z'), '2023年6月30日');
    // A calendar date is a label, the same in every zone.
    assert.equal(formatCalendarDate('2023-06-17'), '2023年6月17日');
    setSiteTimeZone('UTC');
    assert.equal(localMonth('2023-06-30T20:00:00Z'), '2023-06');
  });

  it('refuses a zone Intl does not know', () => {
    assert.equal(isValidTimeZone('Asia/Tokyo'), true);
    assert.equal(isValidTimeZone('Mars/Olympus'), false);
    assert.throws(() => setSiteTimeZone('Mars/Olympus'), RangeError);
    assert.equal(siteTimeZone(), 'Asia/Tokyo');
  });
});

describe('comment times', () => {
  afterEach(() => setSiteTimeZone(DEFAULT_TIME_ZONE));

  it('formats minutes in Japan time like Intl does', () => {
    const intl = new Intl.DateTimeFormat('ja-JP', {
      timeZone: 'Asia/Tokyo',
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
    });
    for (const iso of ['2023-06-12T23:15:00Z', '2016-03-04T01:02:00Z', '2024-12-31T15:00:00Z', '1999-01-01T00:00:59.999Z'])
      assert.equal(formatMinute(iso), intl.format(new Date(iso)));
    assert.equal(formatMinute('2023-06-12T23:15:00Z'), '2023年6月13日 8:15');
  });

  it('follows a configured zone', () => {
    setSiteTimeZone('America/Los_Angeles');
    assert.equal(formatMinute('2023-06-12T23:15:00Z'), '2023年6月12日 16:15');
  });
});

describe('dates worked out without Intl', () => {
  afterEach(() => setSiteTimeZone(DEFAULT_TIME_ZONE));

  // Every minute around two summer-time changes and a half-hour zone, compared with what
  // Intl itself says: the remembered offsets must never leak across a change.
  for (const [zone, around] of [
    ['America/Los_Angeles', ['2023-03-12T10:00:00Z', '2023-11-05T09:00:00Z']],
    ['Australia/Lord_Howe', ['2023-04-01T15:00:00Z', '2023-09-30T15:30:00Z']],
    ['Asia/Tokyo', ['2024-12-31T15:00:00Z']],
  ] as const) {
    it(`agree with Intl minute by minute around offset changes in ${zone}`, () => {
      setSiteTimeZone(zone);
      const intl = new Intl.DateTimeFormat('ja-JP', {
        timeZone: zone,
        year: 'numeric',
        month: 'long',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
      });
      const day = new Intl.DateTimeFormat('ja-JP', { timeZone: zone, year: 'numeric', month: 'long', day: 'numeric' });
      for (const iso of around) {
        const centre = Date.parse(iso);
        for (let m = -150; m <= 150; m++) {
          const instant = new Date(centre + m * 60_000 + 17_000);
          assert.equal(formatMinute(instant), intl.format(instant), `${zone} ${instant.toISOString()}`);
          assert.equal(formatDate(instant), day.format(instant), `${zone} ${instant.toISOString()}`);
        }
      }
    });
  }
});
