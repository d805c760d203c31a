// SQLite and PostgreSQL find posts differently (FTS5 phrases over characters; GIN over
// characters and their pairs), but a reader must get the same page from either: the same
// posts in the same order, the same scores, the same count. The same 300 posts go into both
// engines, written so that the cases where the two ways could part are common: a long word
// whose pairs a text has without the word (漏え… えい), a word split by punctuation or a line
// (K-4321, 漏・えい), full-width and half-width spellings, words only in titles, excluded
// words, quoted phrases, categories and years. On the PostgreSQL pass both engines are opened
// here; every pass also checks that a category filter naming every category changes nothing
// (on SQLite that takes another way through the index than no filter).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAuthor, createCategory, createPost } from '../content/service.ts';
import { openDatabase, type Db } from '../db/connection.ts';
import { migrate } from '../db/migrate.ts';
import { createTestDb, testEngine, type TestDb } from '../testing/db.ts';
import { searchSite, type SearchOptions } from './service.ts';
import { seededRandom } from '../testing/random.ts';

const POSTS = 300;

/** Pieces of text; each post draws some of them. Several hold a long word's pairs without
 * the word, or the word split by characters the index leaves out. */
const FRAGMENTS = [
  '個人データの漏えいが発覚しました。',
  '漏えた情報は三件、えいぎょう部門から報告がありました。', // 漏え + えい, not 漏えい
  '漏・えいの疑いがある。', // 漏えい through a middle dot
  '漏\nえい事案の続報。', // across a line
  '案件番号K4321の報告。',
  '案件番号 K-4321 の対応。',
  'K43と4321は別の番号です。', // k4 43 32 21, not k4321
  'ISO27001の認証を取得しました。',
  'ISO/IEC 27001:2022 への移行。',
  'ISO 27017 はクラウド向けです。',
  'ＥＤＲを導入しました。',
  'EDRの誤検知が続いた。',
  'E.D.R.という略し方もある。',
  'ｾﾝﾁﾈﾙﾜﾝの評価版を試しました。',
  'センチネルワンの本番導入。',
  'センチネル・ワンと書く記事もある。',
  'ランサムウェアの被害が広がりました。',
  'ランサム ウェア対策の基本。',
  '委託先の監督は委託元の責任です。',
  '委託の先にある再委託先も点検します。', // 委託 + 託先 pairs
  '暗号化の鍵を別に保管します。',
  '鍵の管理台帳を見直した。',
  'マネジメントレビューの記録。',
  'マネジ・メントの誤記。',
  'サーバーの障害から復旧した。',
  'サーバの再起動。',
  'ファイルの誤送信を防ぐ。',
  'フアイル共有の設定。',
  '本人確認の手順を改めた。',
  '語句の定義を改めた。',
  '用語集を作る。',
  'メールの宛先を確認する画面。',
];

const TITLES = [
  '漏えい事案の報告',
  '漏・えいの経緯',
  'K4321の件',
  'K-4321 続報',
  'ISO27001 移行の手引き',
  'ISO/IEC 27001 の審査',
  'ＥＤＲ導入記',
  'ｾﾝﾁﾈﾙﾜﾝ評価',
  'ランサムウェア対策',
  '委託先の点検',
  '鍵の管理',
  '用語の整理',
  'お知らせ',
  '月次の報告',
  '定例会の記録',
];

interface Seeded {
  categoryIds: number[];
  /** Slugs of the posts with a category. */
  categorised: Set<string>;
}

async function seed(db: Db): Promise<Seeded> {
  const authorId = await createAuthor(db, { slug: 'agree', displayName: '比較' });
  const categoryIds: number[] = [];
  const categorised = new Set<string>();
  for (const [i, name] of ['事故', '認証', '道具'].entries()) categoryIds.push(await createCategory(db, { slug: `k${i}`, name }));
  const rnd = seededRandom(17);
  for (let i = 0; i < POSTS; i++) {
    const pick = () => FRAGMENTS[Math.floor(rnd() * FRAGMENTS.length)]!;
    const sentences = Array.from({ length: 3 + Math.floor(rnd() * 6) }, pick);
    // Most posts say 報告 somewhere, so it has more matches than a page of ranking holds.
    if (rnd() < 0.8) sentences.push('報告を受けました。');
    const title = `${TITLES[Math.floor(rnd() * TITLES.length)]} ${i + 1}`;
    const categories = rnd() < 0.2 ? [] : [`k${i % 3}`];
    if (categories.length) categorised.add(`p${i + 1}`);
    await createPost(db, {
      title,
      markdown: sentences.join(rnd() < 0.5 ? '\n\n' : ''),
      status: 'published',
      // Three years, a post every four days; some on the same second, so the order falls
      // back to the id.
      publishedAt: new Date(Date.UTC(2023, 0, 1) + Math.floor(i / 2) * 8 * 864e5).toISOString(),
      authorId,
      categories,
      tags: rnd() < 0.1 ? ['語彙'] : [],
      slug: `p${i + 1}`,
    });
  }
  return { categoryIds, categorised };
}

const WORDS = [
  // one character
  '鍵',
  '漏',
  'k',
  '語',
  // two
  '報告',
  'え い',
  'ｅｄ',
  '27',
  // three and more
  '漏えい',
  '委託先',
  'edr',
  'ＥＤＲ',
  'e.d.r',
  'iso',
  'k4321',
  'K-4321',
  'ISO27001',
  'iso/iec 27001',
  '"ISO 27001"',
  '「漏 えい」',
  'センチネルワン',
  'ｾﾝﾁﾈﾙﾜﾝ',
  'センチネル・ワン',
  'ランサムウ',
  'ランサムウェア',
  'マネジメン',
  'サーバー',
  'ファイル',
  // several words, and excluded words
  '漏えい 報告',
  '委託先 監督 点検',
  'EDR 誤検知',
  '報告 -語',
  '報告 -漏えい',
  '報告 -k4321',
  '報告 -"k-4321"',
  '鍵 -管理台帳',
  '漏えい -漏・えい',
  'iso -27017',
  '-報告 鍵',
  // nothing in this corpus
  '量子暗号',
];

const OPTIONS: Array<Omit<SearchOptions, 'q' | 'categoryIds'> & { categories?: 'first' | 'all' }> = [
  { page: 1, perPage: 10 },
  { page: 3, perPage: 10 },
  { page: 1, perPage: 50 },
  { page: 5, perPage: 50 },
  { page: 1, perPage: 10, year: '2024' },
  { page: 1, perPage: 20, categories: 'first' },
];

/** What a reader sees of a search, without the snippets (their cutting is not the engines'). */
async function seen(db: Db, seeded: Seeded, q: string, o: (typeof OPTIONS)[number]) {
  const categoryIds = o.categories === 'first' ? seeded.categoryIds.slice(0, 1) : o.categories === 'all' ? seeded.categoryIds : undefined;
  const r = await searchSite(db, 'https://x.example', { q, page: o.page, perPage: o.perPage, year: o.year, categoryIds });
  return { total: r.total, totalPages: r.totalPages, results: r.results.map((x) => `${x.slug} ${x.score}`) };
}

function describeOptions(q: string, o: (typeof OPTIONS)[number]): string {
  return `${q} ${JSON.stringify(o)}`;
}

describe('both engines give the same results', () => {
  let t: TestDb;
  let seeded: Seeded;
  before(async () => {
    t = await createTestDb();
    seeded = await seed(t.db);
  });
  after(() => t.cleanup());

  it('gives the same results with a filter naming every category as with none (posts without a category aside)', async () => {
    // Every post with a category is in the filter; the ones without one are not, so compare
    // against the filtered results with those taken out.
    const all = { categories: 'all' as const };
    for (const q of WORDS) {
      for (const o of [
        { page: 1, perPage: 300 },
        { page: 1, perPage: 300, year: '2024' },
      ]) {
        const filtered = await seen(t.db, seeded, q, { ...o, ...all });
        const none = await seen(t.db, seeded, q, o);
        const kept = none.results.filter((r) => seeded.categorised.has(r.split(' ')[0]!));
        assert.deepEqual(filtered.results, kept, describeOptions(q, o));
        assert.equal(filtered.total, kept.length, describeOptions(q, o));
      }
    }
  });

  if (testEngine === 'postgres')
    it('gives the same ordered posts, scores, counts and pages on SQLite as on PostgreSQL', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'kawaraban-agree-'));
      const sqlite = await openDatabase(path.join(dir, 'agree.sqlite'));
      try {
        await migrate(sqlite);
        const sqliteSeeded = await seed(sqlite);
        const differing: string[] = [];
        let compared = 0;
        for (const q of WORDS) {
          for (const o of OPTIONS) {
            const a = await seen(sqlite, sqliteSeeded, q, o);
            const b = await seen(t.db, seeded, q, o);
            compared++;
            if (JSON.stringify(a) !== JSON.stringify(b))
              differing.push(`${describeOptions(q, o)}: SQLite ${JSON.stringify(a)} PostgreSQL ${JSON.stringify(b)}`);
          }
        }
        assert.ok(compared >= 200);
        assert.deepEqual(differing, [], `${differing.length} of ${compared} searches differ`);
      } finally {
        await sqlite.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
});
