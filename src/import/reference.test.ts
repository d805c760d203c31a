// The flagship site's front page (../shared/reference/seed-frontpage.txt), turned into a
// Movable Type file here and imported: every post arrives with its parts as blocks.
// Skips with one line where ../shared is absent (a user's own clone).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cliActor } from '../audit/service.ts';
import type { Block } from '../content/blocks.ts';
import { createTestSite, type TestSite } from '../testing/app.ts';
import { importMt, type ImportReport } from './service.ts';

const seedFile = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'reference', 'seed-frontpage.txt');
const present = existsSync(seedFile);
if (!present) console.log('SKIP reference import test: ../shared/reference/seed-frontpage.txt is not here (a clone outside the workplace).');

const GREETING = '皆さんこんにちは。';
const IMAGE_FILE = /^[\w.-]+\.(jpe?g|png|gif)$/i;
const CREDIT = /^[（(].*より[)）]$/;

/** The seed as posts: a post's title is the line above its greeting, past image names,
 * credit lines and button labels; its body runs to the next post's title. */
function seedAsMt(text: string): { mt: string; titles: string[] } {
  const lines = text.split('\n');
  const greetings = lines.flatMap((l, i) => (l.trim() === GREETING ? [i] : []));
  const titleAt = (g: number) => {
    let i = g - 1;
    while (i > 0 && (!lines[i]!.trim() || IMAGE_FILE.test(lines[i]!.trim()) || CREDIT.test(lines[i]!.trim()) || /する$|を見る$/.test(lines[i]!.trim()))) i--;
    return i;
  };
  const titles: string[] = [];
  const entries = greetings.map((g, k) => {
    const t = titleAt(g);
    const end = k + 1 < greetings.length ? titleAt(greetings[k + 1]!) : lines.findIndex((l) => l.includes('このページのトップ'));
    const header = lines.slice(t + 1, g).filter((l) => l.trim());
    // The crawl kept the credit lines but lost the pictures above them: put one back.
    const body = [...header, ...lines.slice(g, end)].flatMap((l, i, all) => {
      const s = l.trim();
      if (IMAGE_FILE.test(s)) return [`<img src="https://img.example.jp/${s}" alt="${s}" />`];
      const escaped = s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
      if (CREDIT.test(s) && !IMAGE_FILE.test(all[i - 1]?.trim() ?? '')) return [`<img src="https://img.example.jp/post-${k}.jpg" alt="" />`, escaped];
      return [escaped];
    });
    titles.push(lines[t]!.trim());
    const date = `06/${String(28 - k * 2).padStart(2, '0')}/2023 09:00:00 AM`;
    return `AUTHOR: プライバシーザムライ\nTITLE: ${lines[t]!.trim()}\nBASENAME: ${String(1000 + k)}\nSTATUS: Publish\nCONVERT BREAKS: 1\nDATE: ${date}\n-----\nBODY:\n${body.join('<br />\n')}\n-----\n--------\n`;
  });
  return { mt: entries.join(''), titles };
}

describe('importing the reference site', { skip: !present }, () => {
  let site: TestSite;
  let report: ImportReport;
  let titles: string[];
  before(async () => {
    site = await createTestSite();
    const { mt, titles: t } = seedAsMt(readFileSync(seedFile, 'utf8'));
    titles = t;
    report = await importMt(site.app.db, {
      open: async function* () {
        yield Buffer.from(mt);
      },
      fileName: 'seed.mt',
      dryRun: false,
      keepCommenterContacts: false,
      blog: 'livedoor',
      actor: cliActor,
    });
  });
  after(() => site?.close());

  it('imports all twelve posts with their titles', async () => {
    assert.equal(report.entries, 12);
    assert.equal(report.created, 12);
    const rows = await site.app.db.kysely.selectFrom('posts').select('title').execute();
    assert.deepEqual(rows.map((r) => r.title).sort(), [...titles].sort());
    assert.ok(titles.some((t) => t.includes('1000万人マイナンバーは無事か')));
  });

  it('recognises the greeting and sign-off as the author\'s, and the parts of each post as blocks', async () => {
    assert.ok(report.greeting.includes('皆さんこんにちは。'), JSON.stringify(report.greeting));
    const all = (await site.app.db.kysely.selectFrom('posts').select(['title', 'blocks']).execute()).map((r) => ({ title: r.title, blocks: JSON.parse(r.blocks) as Block[] }));
    const count = (type: string) => all.filter((p) => p.blocks.some((b) => b.type === type)).length;
    assert.ok(count('commentary') >= 7, `commentaries in ${count('commentary')} posts`);
    assert.ok(count('source') >= 6, `sources in ${count('source')} posts`);
    assert.ok(count('image') >= 3, `images in ${count('image')} posts`);
    const first = all.find((p) => p.title.includes('1000万人マイナンバー'))!;
    const image = first.blocks.find((b) => b.type === 'image');
    assert.equal(image?.type === 'image' ? image.credit : undefined, '画像は同社のWebサイトより');
    const addendum = first.blocks.find((b) => b.type === 'addendum');
    assert.equal(addendum?.type === 'addendum' ? addendum.date : undefined, '2023-06-17');
    // Nothing is lost: the body text is all there.
    const text = (await site.app.db.kysely.selectFrom('posts').select('plain_text').where('title', '=', first.title).executeTakeFirstOrThrow()).plain_text;
    assert.match(text, /826万人分のデータ/);
  });
});
