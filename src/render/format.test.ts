import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countReadingCharacters, formatCalendarDate, formatDate, formatMonth, localMonth, readingMinutes } from './format.ts';

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

describe('reading time', () => {
  it('counts characters without white space, at 500 a minute, at least one minute', () => {
    assert.equal(countReadingCharacters('個人 情報\n保護'), 6);
    assert.equal(countReadingCharacters('𠮷野家'), 3);
    assert.equal(readingMinutes(0), 1);
    assert.equal(readingMinutes(500), 1);
    assert.equal(readingMinutes(501), 2);
  });
});

describe('comment times', () => {
  it('formats minutes in Japan time like Intl does', async () => {
    const { formatMinute } = await import('./format.ts');
    const intl = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit' });
    for (const iso of ['2023-06-12T23:15:00Z', '2016-03-04T01:02:00Z', '2024-12-31T15:00:00Z', '1999-01-01T00:00:59.999Z']) assert.equal(formatMinute(iso), intl.format(new Date(iso)));
    assert.equal(formatMinute('2023-06-12T23:15:00Z'), '2023年6月13日 8:15');
  });
});
