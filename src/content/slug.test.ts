import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isValidSlug, proposeSlug, slugFromTitle, uniqueSlug } from './slug.ts';

describe('slugs', () => {
  it('takes the ASCII words of a title, lower-cased', () => {
    assert.equal(slugFromTitle('ISO/IEC 27001:2022 移行の注意点'), 'iso-iec-27001-2022');
    assert.equal(slugFromTitle('Apple IDの乗っ取りに注意'), 'apple-id');
  });

  it('folds full-width letters first (ＩＳＭＳ is ISMS)', () => {
    assert.equal(slugFromTitle('ＩＳＭＳ認証の話'), 'isms');
  });

  it('drops combining marks and invisible characters, so a login stacked with marks is one word', () => {
    const stacked =
      'A\u0338\u0330\u0305d\u0334\u0330\u035dm\u0335\u034e\u033di\u0335\u0331\u030bn\u0337\u0330\u030e \u200b\u200d\u200c\u200e';
    assert.equal(slugFromTitle(stacked), 'admin');
    assert.equal(slugFromTitle('Café Résumé'), 'cafe-resume');
  });

  it('gives no slug for titles without ASCII words, or with numbers only', () => {
    assert.equal(slugFromTitle('個人情報保護委員会が注意喚起'), '');
    assert.equal(slugFromTitle('6月1日開催のお知らせ'), '');
  });

  it('falls back to a short id that is never percent-encoded Japanese', () => {
    const slug = proposeSlug('マイナンバーは無事か');
    assert.match(slug, /^p-[a-z2-9]{8}$/);
    assert.equal(encodeURIComponent(slug), slug);
  });

  it('keeps long titles to a readable length', () => {
    assert.ok(slugFromTitle('a '.repeat(100) + 'b').length <= 60);
  });

  it('adds -2, -3 … when a slug is taken', async () => {
    const taken = new Set(['isms', 'isms-2']);
    assert.equal(await uniqueSlug('isms', async (s) => taken.has(s)), 'isms-3');
    assert.equal(await uniqueSlug('free', async (s) => taken.has(s)), 'free');
  });

  it('accepts author-typed slugs in any script but not paths or punctuation', () => {
    assert.ok(isValidSlug('マイナンバー'));
    assert.ok(isValidSlug('edr_2025-guide'));
    for (const bad of ['../etc', 'a/b', '', '-x', 'a b', 'a%2F', '\u0000']) assert.ok(!isValidSlug(bad), bad);
  });
});
