// Search benchmark: 10,000 generated posts of about 2,000 characters, on SQLite and on
// PostgreSQL; median and p95 latency of searchSite() for 1-, 2-, 3- and 5-character words and
// multi-word queries; the index's size. In process, one query at a time.
//
//   npm run bench:search                        (both engines; PostgreSQL from TEST_DATABASE_URL)
//   BENCH_POSTS=2000 npm run bench:search       (a smaller corpus)
//   BENCH_KEEP=1 BENCH_SQLITE_FILE=f.sqlite BENCH_PG_SCHEMA=bench_kept npm run bench:search
//       seeds once and keeps the database; a later run with the same names reuses it (writing
//       10,000 posts takes minutes). Without BENCH_KEEP a named file or schema is removed at the end.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase, type Db } from '../src/db/connection.ts';
import { migrate } from '../src/db/migrate.ts';
import { indexStats, searchSite } from '../src/search/service.ts';
import { seedPostsInto } from './generate.ts';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const POSTS = Number(process.env.BENCH_POSTS ?? 10000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const pgUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const queries: Array<{ kind: string; q: string[] }> = [
  { kind: '1 character', q: ['鍵', '漏', '訂'] },
  { kind: '2 characters', q: ['報告', '監視', '暗号'] },
  { kind: '3 characters', q: ['漏えい', '委託先', '誤送信'] },
  { kind: '5 characters', q: ['ランサムウ', '個人情報保', 'マネジメン'] },
  { kind: 'multi-word', q: ['漏えい 報告', '委託先 監督 契約', 'EDR 誤検知'] },
  { kind: 'rare word', q: ['K4321', '案件番号K77'] },
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

async function measure(db: Db): Promise<Array<{ kind: string; median: number; p95: number; hits: number }>> {
  const out = [];
  for (const { kind, q } of queries) {
    const times: number[] = [];
    let hits = 0;
    for (const query of q) {
      await searchSite(db, 'http://x', { q: query, page: 1, perPage: 10 }); // warm-up
      for (let i = 0; i < RUNS; i++) {
        const t0 = process.hrtime.bigint();
        const r = await searchSite(db, 'http://x', { q: query, page: 1, perPage: 10 });
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        hits = Math.max(hits, r.total);
      }
    }
    times.sort((a, b) => a - b);
    out.push({ kind, median: percentile(times, 0.5), p95: percentile(times, 0.95), hits });
  }
  return out;
}

const keep = process.env.BENCH_KEEP === '1';

async function adminQuery<T extends pg.QueryResultRow>(text: string): Promise<T[]> {
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  try {
    return (await admin.query<T>(text)).rows;
  } finally {
    await admin.end();
  }
}

async function run(engine: 'sqlite' | 'postgres'): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kawaraban-bench-search-'));
  const sqliteFile = process.env.BENCH_SQLITE_FILE ?? path.join(dir, 'search.sqlite');
  const schema = process.env.BENCH_PG_SCHEMA ?? `bench_search_${process.pid}`;
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`BENCH_PG_SCHEMA: ${schema} is not a plain schema name`);
  let db: Db;
  let reused: boolean;
  if (engine === 'sqlite') {
    reused = existsSync(sqliteFile);
    db = await openDatabase(sqliteFile);
  } else {
    reused = (await adminQuery(`select 1 from information_schema.schemata where schema_name = '${schema}'`)).length > 0;
    if (!reused) await adminQuery(`create schema ${schema}`);
    db = await openDatabase(pgUrl, { schema, poolSize: 2 });
  }
  try {
    await migrate(db);
    if (reused) {
      process.stderr.write(`${engine}: reusing the kept database\n`);
    } else {
      await seedPostsInto(db, POSTS, (n) => process.stderr.write(`\r${engine}: ${n}/${POSTS} posts`));
      process.stderr.write('\n');
    }
    const { documents, bytes } = await indexStats(db);
    const rows = await measure(db);
    const lines = [
      `**${engine === 'sqlite' ? 'SQLite (FTS5 over characters)' : 'PostgreSQL (character, pair and triple index, GIN)'}** — ${documents} posts indexed, index ${(bytes / 1024 / 1024).toFixed(1)} MiB`,
      '',
      '| query | median ms | p95 ms | matches (max) |',
      '| --- | --- | --- | --- |',
    ];
    for (const r of rows) lines.push(`| ${r.kind} | ${r.median.toFixed(2)} | ${r.p95.toFixed(2)} | ${r.hits} |`);
    console.log(lines.join('\n') + '\n');
    return lines;
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
    if (!keep) {
      if (engine === 'sqlite') for (const f of [sqliteFile, `${sqliteFile}-wal`, `${sqliteFile}-shm`]) rmSync(f, { force: true });
      else await adminQuery(`drop schema if exists ${schema} cascade`);
    }
  }
}

const header = `Run ${new Date().toISOString()} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; ${POSTS} generated posts of ~2,000 characters; ${RUNS} runs per query (3 queries per row), page of 10 results with snippets.`;
const sections = [header, ''];
if (process.env.BENCH_SKIP_SQLITE !== '1') sections.push(...(await run('sqlite')), '');
if (process.env.BENCH_SKIP_POSTGRES !== '1') sections.push(...(await run('postgres')), '');
const results = path.join(root, 'bench', 'results');
mkdirSync(results, { recursive: true });
writeFileSync(path.join(results, `search-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.md`), sections.join('\n'));
