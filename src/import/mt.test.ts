import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { decodeLines, detectEncoding } from './encoding.ts';
import { MtFormatError, parseMt, parseMtDate, parseTags, type MtEntry } from './mt.ts';

async function* once(bytes: Uint8Array, chunk = 7): AsyncGenerator<Uint8Array> {
  // Small chunks: characters and lines are cut across chunk boundaries on purpose.
  for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
}

async function entries(text: string, encoding: 'utf-8' | 'shift_jis' | 'euc-jp' = 'utf-8', eol = '\n'): Promise<MtEntry[]> {
  // The legacy tables have one wave dash: Windows' ～ (U+FF5E) is what old files hold.
  const legacy = text.replace(/\n/g, eol).replace(/〜/g, '～');
  const bytes =
    encoding === 'utf-8' ? Buffer.from(text.replace(/\n/g, eol)) : iconv.encode(legacy, encoding === 'shift_jis' ? 'cp932' : 'euc-jp');
  const detected = detectEncoding(bytes.subarray(0, 65536));
  assert.equal(detected.encoding, encoding);
  const out: MtEntry[] = [];
  for await (const e of parseMt(decodeLines(once(bytes), detected.encoding))) out.push(e);
  return out;
}

const SAMPLE = `AUTHOR: 見本 太郎
TITLE: ①②③と㈱と〜の記事
BASENAME: 12345678
STATUS: Publish
ALLOW COMMENTS: 1
CONVERT BREAKS: 1
PRIMARY CATEGORY: 漏えい・事故
CATEGORY: 漏えい・事故
CATEGORY: ISMS
DATE: 06/12/2023 09:30:00 PM
TAGS: "ランサム ウェア",マイナンバー
-----
BODY:
皆さんこんにちは。<br />
①どのウイルス対策ソフト<br />
-----
EXTENDED BODY:
続きです。
-----
EXCERPT:
要約
-----
COMMENT:
AUTHOR: 読者A
EMAIL: reader@example.jp
IP: 192.0.2.1
URL: https://example.jp/
DATE: 06/13/2023 10:00:00 AM
参考になりました。
二行目。
-----
PING:
TITLE: 言及
URL: https://example.com/ping
IP: 192.0.2.2
BLOG NAME: 他のブログ
DATE: 06/14/2023 23:05:00
抜粋
-----
--------
AUTHOR: 見本 太郎
TITLE: 下書き
STATUS: Draft
DATE: 01/02/2009 13:00:00
-----
BODY:
下書きの本文
-----
--------
`;

describe('the Movable Type format', () => {
  for (const [encoding, eol] of [
    ['utf-8', '\n'],
    ['utf-8', '\r\n'],
    ['shift_jis', '\r\n'],
    ['euc-jp', '\n'],
  ] as const) {
    it(`reads every field of ${encoding} with ${eol === '\n' ? 'LF' : 'CRLF'}, vendor characters included`, async () => {
      const [first, second] = await entries(SAMPLE, encoding, eol);
      // The file's wave dash comes back as the decoder's (〜 U+301C), whichever table wrote it.
      assert.equal(first!.title, '①②③と㈱と〜の記事');
      assert.equal(first!.basename, '12345678');
      assert.equal(first!.status, 'publish');
      assert.deepEqual(first!.categories, ['漏えい・事故', 'ISMS']);
      assert.deepEqual(first!.tags, ['ランサム ウェア', 'マイナンバー']);
      assert.equal(first!.date!.toISOString(), '2023-06-12T12:30:00.000Z');
      assert.equal(first!.body, '皆さんこんにちは。<br />\n①どのウイルス対策ソフト<br />');
      assert.equal(first!.extendedBody, '続きです。');
      assert.equal(first!.excerpt, '要約');
      assert.deepEqual(
        first!.comments.map((c) => [c.author, c.email, c.ip, c.url, c.date?.toISOString(), c.body]),
        [['読者A', 'reader@example.jp', '192.0.2.1', 'https://example.jp/', '2023-06-13T01:00:00.000Z', '参考になりました。\n二行目。']],
      );
      assert.equal(first!.pings[0]!.blogName, '他のブログ');
      assert.equal(first!.pings[0]!.date!.toISOString(), '2023-06-14T14:05:00.000Z');
      assert.equal(second!.status, 'draft');
      assert.equal(second!.date!.toISOString(), '2009-01-02T04:00:00.000Z');
    });
  }

  it('reads a UTF-8 file with a byte order mark', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE)]);
    assert.deepEqual(detectEncoding(bytes), { encoding: 'utf-8', bom: true });
    const out: MtEntry[] = [];
    for await (const e of parseMt(decodeLines(once(bytes), 'utf-8'))) out.push(e);
    assert.equal(out[0]!.author, '見本 太郎');
  });

  it('parses both date forms and refuses impossible dates', () => {
    assert.equal(parseMtDate('12/31/2020 12:00:00 AM')!.toISOString(), '2020-12-30T15:00:00.000Z');
    assert.equal(parseMtDate('12/31/2020 12:00:00 PM')!.toISOString(), '2020-12-31T03:00:00.000Z');
    assert.equal(parseMtDate('02/30/2021 10:00:00'), undefined);
    assert.equal(parseMtDate('13/01/2021 10:00:00'), undefined);
    assert.equal(parseMtDate('2021-01-01'), undefined);
  });

  it('reads quoted tags with commas and doubled quotes', () => {
    assert.deepEqual(parseTags('"a, b",c,"say ""hi"""'), ['a, b', 'c', 'say "hi"']);
  });

  it('names the entry and line of a truncated file, another format, an impossible date', async () => {
    await assert.rejects(
      entries(SAMPLE.slice(0, SAMPLE.lastIndexOf('--------'))),
      (e: Error) => e instanceof MtFormatError && /2件目/.test(e.message) && /切れています/.test(e.message),
    );
    await assert.rejects(entries('<?xml version="1.0"?>\n<rss></rss>\n'), /1件目（1行目）: Movable Type 形式として読めない行/);
    await assert.rejects(entries(SAMPLE.replace('01/02/2009 13:00:00', '02/31/2009 13:00:00')), /2件目（.+行目）: ありえない日付/);
    await assert.rejects(entries(''), /記事が一つもありません/);
  });
});
