import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { demoPosts } from '../demo/content.ts';
import { corpus } from '../search/testdata/corpus.ts';
import { checkLine } from './mojibake.ts';

/** What a decoder that did not know NEC's row 13 made of EUC-JP text: the lead byte of every
 * ①②③ dropped, so the following bytes pair up wrongly (Node's decoder resynchronises at the
 * next ASCII byte). */
function misread(text: string): string {
  const bytes = iconv.encode(text, 'euc-jp');
  return new TextDecoder('euc-jp').decode(Uint8Array.from([...bytes].filter((b) => b !== 0xad)));
}

describe('mojibake', () => {
  it('repairs EUC-JP read a byte out of step, losing only the characters whose bytes are gone', () => {
    const damaged = misread('①どのウイルス対策ソフトを選べばよいか');
    assert.notEqual(damaged.slice(0, 3), '①どの');
    const found = checkLine(damaged);
    assert.equal(found?.repaired, true);
    assert.ok(found!.after.startsWith('①どのウイルス対'), found!.after);
    assert.match(found!.after, /〓/);
  });

  it('repairs a damaged run inside markup and leaves the markup alone', () => {
    const found = checkLine(`<li>${misread('③個人なら無料のソフトでも十分かもしれない')}</li>`);
    assert.equal(found?.repaired, true);
    assert.ok(found!.after.startsWith('<li>③個人なら無料の'), found!.after);
    assert.ok(found!.after.endsWith('</li>'));
  });

  it('repairs UTF-8 that was read as Shift_JIS', () => {
    const damaged = new TextDecoder('shift_jis').decode(Buffer.from('よろしくお願いいたします。'));
    const found = checkLine(damaged);
    assert.equal(found?.repaired, true);
    // Two bytes were thrown away at each U+FFFD: those characters become 〓, the rest returns.
    assert.match(found!.after, /^よろしくお願い.*します/);
  });

  it('leaves ordinary Japanese alone (demo posts, the search corpus)', () => {
    const lines = [...demoPosts.flatMap((p) => [p.title, ...p.markdown.split('\n')]), ...corpus.flatMap((p) => [p.title, ...p.body.split('\n')])];
    assert.ok(lines.length > 150, String(lines.length));
    const flagged = lines.filter((l) => checkLine(l));
    assert.deepEqual(flagged, []);
  });

  const seedFile = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'reference', 'seed-frontpage.txt');
  const present = existsSync(seedFile);
  if (!present) console.log('SKIP mojibake test on the reference site: ../shared/reference/seed-frontpage.txt is not here.');
  it('finds exactly the damaged lines of the reference site and repairs them', { skip: !present }, () => {
    const lines = readFileSync(seedFile, 'utf8').split('\n');
    const found = lines.flatMap((l, i) => {
      const r = checkLine(l);
      return r ? [{ line: i + 1, ...r }] : [];
    });
    // The fourth post's list: ① and ③ lost their lead byte (the crawl also flattened the
    // full-width comma and digit the damage began with).
    assert.equal(found.length, 2, JSON.stringify(found));
    assert.ok(found.every((f) => f.repaired));
    assert.ok(found[0]!.after.startsWith('①どのウイルス対'), found[0]!.after);
    assert.match(found[0]!.after, /ソフトを入れればいいのか分からない。$/);
    assert.ok(found[1]!.after.startsWith('③個人なら無料'), found[1]!.after);
  });
});
