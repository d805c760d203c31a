import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closedReason, formatJapaneseDate, holidaysOf, onOrNextWorkingDay } from './japan-calendar.ts';

describe('Japanese calendar', () => {
  it('knows the holidays of 2026, with the substitute holiday and the citizens\u2019 holiday', () => {
    const h = holidaysOf(2026);
    assert.equal(h.size, 18);
    assert.equal(h.get('2026-05-06'), '休日（振替休日）');
    assert.equal(h.get('2026-09-22'), '国民の休日');
    assert.equal(h.get('2026-03-20'), '春分の日');
    assert.equal(h.get('2026-09-23'), '秋分の日');
  });

  it('knows the moved holidays of 2021 and the Monday holidays', () => {
    assert.equal(holidaysOf(2021).get('2021-07-22'), '海の日');
    assert.equal(holidaysOf(2021).get('2021-08-08'), '山の日');
    assert.equal(holidaysOf(2021).get('2021-08-09'), '休日（振替休日）');
    assert.equal(holidaysOf(2023).get('2023-01-09'), '成人の日');
  });

  it('treats weekends, holidays and 12月29日〜1月3日 as closed, and finds the next working day', () => {
    assert.equal(closedReason('2024-12-30'), '年末年始');
    assert.equal(closedReason('2025-01-03'), '年末年始');
    assert.equal(closedReason('2025-01-06'), undefined);
    assert.equal(onOrNextWorkingDay('2024-12-28'), '2025-01-06');
    assert.equal(onOrNextWorkingDay('2023-08-03'), '2023-08-03');
  });

  it('writes dates the Japanese way', () => {
    assert.equal(formatJapaneseDate('2023-06-05'), '2023年6月5日（月）');
  });
});
