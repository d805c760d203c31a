import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BreachInputError, parseBreachInput, triage, type BreachInput } from './breach.ts';

const base: BreachInput = {
  learned_on: '2024-07-01',
  event: 'leak',
  suspected_only: false,
  sensitive: false,
  financial_harm: false,
  malicious: false,
  people: 10,
  encrypted_high_grade: false,
  entrusted: false,
  my_number: false,
};
const run = (over: Partial<BreachInput>) => triage({ ...base, ...over });

describe('breach triage: which 号 applies', () => {
  it('the 社労夢 case: ransomware at a service provider, about 8.26 million people, マイナンバー included → 3号 and 4号 (and 番号法), 60 days', () => {
    const t = run({ learned_on: '2023-06-05', suspected_only: true, malicious: true, people: 8_260_000, entrusted: true, my_number: true });
    assert.equal(t.reportable, true);
    assert.deepEqual(t.grounds, ['3号', '4号', '番号法規則2条2号', '番号法規則2条4号']);
    // 2023-06-06 is day 1 (the day learned is not counted): 速報 day 3–5, 確報 day 60 (Friday 2023-08-04, a working day).
    assert.deepEqual(t.preliminary_due, { from: '2023-06-08', to: '2023-06-10' });
    assert.equal(t.final_due, '2023-08-04');
    assert.equal(t.notify_individuals, true);
    assert.ok(t.explanations.some((e) => e.basis === '個人情報保護法施行規則7条3号'));
    assert.ok(t.explanations.some((e) => e.basis.includes('26条1項ただし書') && e.text.includes('委託元に速やかに通知')));
  });

  it('1,000 people is not reportable by count; 1,001 is (4号)', () => {
    const at = run({ people: 1000 });
    assert.equal(at.reportable, false);
    assert.deepEqual(at.grounds, []);
    assert.equal(at.final_due, null);
    assert.equal(at.preliminary_due, null);
    assert.equal(at.notify_individuals, false);
    const over = run({ people: 1001 });
    assert.deepEqual(over.grounds, ['4号']);
    assert.equal(over.final_due, '2024-07-31');
  });

  it('要配慮個人情報 (1号) and financial harm (2号) are reportable for one person, with 30 days', () => {
    assert.deepEqual(run({ people: 1, sensitive: true }).grounds, ['1号']);
    assert.deepEqual(run({ people: 1, financial_harm: true }).grounds, ['2号']);
    assert.equal(run({ people: 1, sensitive: true }).final_due, '2024-07-31');
  });

  it('high-grade encryption with the key safe is excluded from every 号; with the key leaked (not high-grade protection) it is reportable', () => {
    const safe = run({ people: 5000, sensitive: true, malicious: true, encrypted_high_grade: true, my_number: true });
    assert.equal(safe.reportable, false);
    assert.ok(safe.explanations.some((e) => e.basis === '個人情報保護法施行規則7条1号括弧書'));
    const leakedKey = run({ people: 5000, sensitive: true, malicious: true, encrypted_high_grade: false });
    assert.deepEqual(leakedKey.grounds, ['1号', '3号', '4号']);
  });

  it('a 委託先 is told it is released once it promptly informs the 委託元; the event stays reportable', () => {
    const t = run({ people: 2000, entrusted: true });
    assert.equal(t.reportable, true);
    assert.ok(t.explanations.some((e) => /委託先自身の報告と本人への通知の義務はなくなります/.test(e.text)));
    assert.ok(!run({ people: 2000 }).explanations.some((e) => e.text.includes('委託元')));
  });

  it('マイナンバー lowers the head count to more than 100: 100 is not reportable, 101 is (番号法規則2条4号)', () => {
    assert.equal(run({ my_number: true, people: 100 }).reportable, false);
    const t = run({ my_number: true, people: 101 });
    assert.deepEqual(t.grounds, ['番号法規則2条4号']);
    assert.equal(t.final_due, '2024-07-31');
  });

  it('loss and damage count as 漏えい等, and a feared event counts like a confirmed one', () => {
    for (const event of ['loss', 'damage'] as const) {
      const t = run({ event, suspected_only: true, people: 1500 });
      assert.deepEqual(t.grounds, ['4号']);
      assert.ok(t.explanations.some((e) => e.text.includes('そのおそれがある段階で報告の対象')));
    }
  });

  it('the 2024 amendment: information being acquired before it became personal data is covered by 3号', () => {
    const t = run({ malicious: true, people: 3 });
    assert.deepEqual(t.grounds, ['3号']);
    assert.ok(t.explanations.some((e) => e.text.includes('2024年4月1日施行の改正') && e.text.includes('取得しようとしていた')));
  });
});

describe('breach triage: dates', () => {
  it('moves day 30 off a weekend: learned 2024-05-31 (day 30 = Sunday 2024-06-30) → Monday 2024-07-01', () => {
    assert.equal(run({ learned_on: '2024-05-31', people: 2000 }).final_due, '2024-07-01');
  });

  it('moves day 30 off a holiday and its substitute: learned 2024-07-15 → day 30 = 2024-08-14 (Wednesday, kept)', () => {
    assert.equal(run({ learned_on: '2024-07-15', people: 2000 }).final_due, '2024-08-14');
  });

  it('moves day 60 past the year-end closure (12月29日〜1月3日) and a weekend', () => {
    // 2024-11-02 is day 1 → day 60 is 2024-12-31 (closure) → first working day 2025-01-06 (Mon).
    assert.equal(run({ learned_on: '2024-11-01', malicious: true }).final_due, '2025-01-06');
  });

  it('moves day 30 off a national holiday: learned 2025-10-14 → day 30 = 2025-11-13 (Thu) kept; learned 2025-10-04 → day 30 = 2025-11-03 (文化の日) → 2025-11-04', () => {
    assert.equal(run({ learned_on: '2025-10-14', people: 2000 }).final_due, '2025-11-13');
    assert.equal(run({ learned_on: '2025-10-04', people: 2000 }).final_due, '2025-11-04');
  });

  it('shows the 速報 range as day 3 to day 5, not moved for holidays', () => {
    assert.deepEqual(run({ learned_on: '2024-12-27', people: 2000 }).preliminary_due, { from: '2024-12-30', to: '2025-01-01' });
  });
});

describe('breach triage: input', () => {
  const good = { ...base };
  const field = (body: unknown) => {
    try {
      parseBreachInput(body);
      return 'ok';
    } catch (e) {
      assert.ok(e instanceof BreachInputError);
      return `${e.field}: ${e.message}`;
    }
  };

  it('accepts the JSON contract as it is', () => {
    assert.equal(field(good), 'ok');
  });

  it('names a missing field, an unknown field and a wrong value in Japanese', () => {
    const { people: _, ...noPeople } = good;
    assert.equal(field(noPeople), 'people: 「people」がありません');
    assert.equal(field({ ...good, extra: 1 }), 'extra: 「extra」という項目はありません');
    assert.equal(field({ ...good, event: 'fire' }), 'event: 「event」が正しくありません（leak, loss, damage のいずれかです）');
    assert.equal(field({ ...good, people: 1.5 }), 'people: 「people」が正しくありません（整数です）');
    assert.equal(field({ ...good, people: '10' }), 'people: 「people」が正しくありません（整数です）');
    assert.equal(field({ ...good, sensitive: 'yes' }), 'sensitive: 「sensitive」が正しくありません（true か false です）');
    assert.equal(field({ ...good, learned_on: '2023-02-30' }), 'learned_on: 「learned_on」が正しくありません（ありえない日付です）');
    assert.equal(
      field({ ...good, learned_on: '2021-12-01' }),
      'learned_on: 「learned_on」が正しくありません（2022年4月1日（報告の義務化）から2099年までの日付を入れてください）',
    );
    assert.equal(field([1]), ': JSON のオブジェクトを送ってください');
  });
});
