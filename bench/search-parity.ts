// Whether SQLite and PostgreSQL give the same search results on the bench corpus: a few
// hundred searches (words of every length, several words, excluded words, a year, a
// category, deeper pages), each run on both engines; prints the searches whose count, pages,
// posts or scores differ, and their number.
//
//   BENCH_SQLITE_FILE=f.sqlite BENCH_PG_SCHEMA=bench_kept npm run bench:search-parity
//       compares the databases kept by `BENCH_KEEP=1 npm run bench:search` (same names);
//       both must exist (seeding 10,000 posts takes minutes, so this script never does).
import { existsSync } from 'node:fs';
import { openDatabase, type Db } from '../src/db/connection.ts';
import { migrate } from '../src/db/migrate.ts';
import { searchSite, type SearchOptions } from '../src/search/service.ts';

const pgUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const sqliteFile = process.env.BENCH_SQLITE_FILE;
const schema = process.env.BENCH_PG_SCHEMA;
if (!sqliteFile || !existsSync(sqliteFile)) throw new Error('BENCH_SQLITE_FILE: a kept bench database is needed');
if (!schema || !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error('BENCH_PG_SCHEMA: a kept bench schema is needed');

// Words of the generated posts (bench/generate.ts), pieces of them, spellings the index must
// treat alike, and words split by characters the index leaves out.
const words = [
  '鍵',
  '漏',
  '訂',
  '報',
  'k',
  '1',
  'ー',
  '報告',
  '監視',
  '暗号',
  '点検',
  '委託',
  '本人',
  'k4',
  '12',
  '漏えい',
  '委託先',
  '誤送信',
  'edr',
  'fax',
  'isms',
  '再委託',
  '取扱担',
  '確認画',
  'ランサムウ',
  '個人情報保',
  'マネジメン',
  'センチネル',
  'sentinelone',
  'ＳｅｎｔｉｎｅｌＯｎｅ',
  'K4321',
  '案件番号K77',
  'k-4321',
  '案件番号 K77',
  'K 1234',
  'サーバー',
  'サーバ',
  'usbメモリ',
  'USB-メモリ',
  '漏・えい',
  '"委託 先"',
  '監査では、記録',
  'について、',
  '点検しました。',
];
const combos = [
  '漏えい 報告',
  '委託先 監督 契約',
  'EDR 誤検知',
  '鍵 紛失',
  'ISMS 内部監査',
  '報告 -漏えい',
  '鍵 -暗号化',
  '委託先 -再委託',
  '漏えい -k4321',
  '点検 -"委託 先"',
  '報告 -案件番号k1',
];
const queries = [...words, ...combos];
const options: Array<Omit<SearchOptions, 'q'>> = [
  { page: 1, perPage: 10 },
  { page: 4, perPage: 10 },
  { page: 1, perPage: 10, year: '2021' },
  { page: 1, perPage: 10, categoryIds: [1] },
  { page: 2, perPage: 50 },
];

async function seen(db: Db, q: string, o: Omit<SearchOptions, 'q'>): Promise<string> {
  const r = await searchSite(db, 'http://x', { q, ...o });
  return JSON.stringify({ total: r.total, pages: r.totalPages, results: r.results.map((x) => `${x.slug} ${x.score}`) });
}

const sqlite = await openDatabase(sqliteFile);
const postgres = await openDatabase(pgUrl, { schema, poolSize: 2 });
try {
  await migrate(sqlite);
  await migrate(postgres);
  let compared = 0;
  const differing: string[] = [];
  for (const q of queries) {
    for (const o of options) {
      compared++;
      const [a, b] = [await seen(sqlite, q, o), await seen(postgres, q, o)];
      if (a !== b) differing.push(`${q} ${JSON.stringify(o)}\n  SQLite     ${a.slice(0, 300)}\n  PostgreSQL ${b.slice(0, 300)}`);
    }
  }
  console.log(differing.join('\n'));
  console.log(`${differing.length} of ${compared} searches differ between SQLite and PostgreSQL`);
} finally {
  await sqlite.close();
  await postgres.close();
}
