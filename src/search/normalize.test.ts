import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalize, normalizeWithMap } from './normalize.ts';
import { parseQuery, synonymGroups } from './query.ts';
import { snippet } from './snippet.ts';

describe('normalisation for search', () => {
  it('folds width and case (ＩＳＭＳ = ISMS, ｾﾝﾁﾈﾙﾜﾝ = センチネルワン)', () => {
    assert.equal(normalize('ＩＳＭＳ認証'), 'isms認証');
    assert.equal(normalize('ｾﾝﾁﾈﾙﾜﾝ'), 'センチネルワン');
    assert.equal(normalize('ｶﾞｲﾄﾞﾗｲﾝ'), normalize('ガイドライン'));
  });

  it('reads small kana as large and drops a long vowel ending a katakana word', () => {
    assert.equal(normalize('ウィルス'), normalize('ウイルス'));
    assert.equal(normalize('サーバー'), normalize('サーバ'));
    assert.equal(normalize('コンピューター室'), normalize('コンピュータ室'));
    assert.notEqual(normalize('ルール'), normalize('ルル'));
  });

  it('maps every output character back to the text as written', () => {
    const n = normalizeWithMap('前ｾﾝﾁﾈﾙﾜﾝ後');
    const i = n.text.indexOf('センチネルワン');
    assert.equal('前ｾﾝﾁﾈﾙﾜﾝ後'.slice(n.from[i]!, n.to[i + 'センチネルワン'.length - 1]!), 'ｾﾝﾁﾈﾙﾜﾝ');
  });
});

describe('query parsing', () => {
  const syn = synonymGroups(['漏えい,漏洩', 'pマーク,プライバシーマーク']);

  it('ANDs words, keeps phrases, excludes with a minus and expands synonyms', () => {
    const q = parseQuery('漏洩 "報告 期限" -ランサムウェア Ｐマーク', syn);
    assert.deepEqual(q.groups, [['漏洩', '漏えい'], ['報告 期限'], ['pマーク', 'プライバシーマーク']]);
    assert.deepEqual(q.excluded, [normalize('ランサムウェア')]);
  });

  it('treats search-engine syntax as plain text and limits length and count', () => {
    // "*:" has no letter or digit: nothing to search for, so it is left out.
    assert.deepEqual(parseQuery('NEAR(a b) OR *:').groups, [['near(a'], ['b)'], ['or']]);
    assert.deepEqual(parseQuery('! 、。 … -?').groups, []);
    assert.equal(parseQuery(Array.from({ length: 100 }, (_, i) => `x${i}`).join(' ')).groups.length, 10);
    assert.equal(parseQuery('x '.repeat(100)).groups.length, 1); // the same word once
    assert.equal(parseQuery('あ'.repeat(10000)).groups[0]![0]!.length, 100);
    assert.deepEqual(parseQuery('\uD800 -').groups, []);
  });
});

describe('snippets', () => {
  it('cuts around the first match, marks every match inside and escapes the rest', () => {
    const text = `${'前置き'.repeat(30)}<b>ｻｰﾊﾞｰ</b>が停止し、サーバの復旧を待つ。${'後書き'.repeat(40)}`;
    const s = snippet(text, [normalize('サーバ')]);
    assert.match(s, /^…/);
    assert.match(s, /&lt;b&gt;<mark>ｻｰﾊﾞｰ<\/mark>&lt;\/b&gt;が停止し、<mark>サーバ<\/mark>の復旧/);
    assert.match(s, /…$/);
  });
});
