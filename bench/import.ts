// Import benchmark: a generated Movable Type export of 10,000 posts (Livedoor style HTML with
// an image and credit, a source URL, 私のコメント, a dated 追記, and 0–4 comments each), imported
// by the real CLI (`kawaraban import mt`) into a fresh database. Measures wall time and the
// process's peak memory (maxRSS). The aim: ≤ 60 s and ≤ 300 MB.
//
//   npm run bench:import                        (SQLite, then PostgreSQL when reachable)
//   BENCH_POSTS=2000 BENCH_ENCODING=euc-jp npm run bench:import
//   BENCH_FILE=export.txt npm run bench:import    (keep the generated file, reuse it next time)
//   BENCH_CPU_PROF=DIR npm run bench:import       (CPU profiles of the imports)
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import pg from 'pg';
import { paragraph } from './generate.ts';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const POSTS = Number(process.env.BENCH_POSTS ?? 10000);
const ENCODING = (process.env.BENCH_ENCODING ?? 'utf-8') as 'utf-8' | 'euc-jp' | 'shift_jis';
const pgUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function mtDate(i: number): string {
  const d = new Date(Date.UTC(2010, 0, 1) + i * 8 * 3600_000);
  const h = d.getUTCHours() % 12 || 12;
  return `${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}/${d.getUTCFullYear()} ${String(h).padStart(2, '0')}:00:00 ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;
}

function entry(i: number): string {
  const br = (s: string) => `${s}<br />`;
  const body = [
    br('皆さんこんにちは。'),
    br('見本ブログの見本太郎です。'),
    br(''),
    `<img src="https://img.example.jp/${i}.jpg" alt="${i}.jpg" width="600" height="400" /><br />`,
    br('(画像は発表資料より)'),
    br(''),
    br(`${paragraph(i, 5)}案件番号K${i}。`),
    br(''),
    br(`https://www.example.jp/news/${i}`),
    br(''),
    br('(私のコメント)'),
    br(''),
    br(paragraph(i + 1, 8)),
    br(''),
    br(`(${(i % 12) + 1}月20日追記)`),
    br(paragraph(i + 2, 2)),
    br(''),
    br('この内容が参考になればと思います。'),
  ].join('\n');
  const comments = Array.from(
    { length: i % 5 },
    (_, k) =>
      `COMMENT:\nAUTHOR: 読者${k}\nEMAIL: reader${k}@example.jp\nIP: 192.0.2.${k + 1}\nURL: \nDATE: ${mtDate(i + k + 1)}\n${paragraph(i + k, 1)}\n-----\n`,
  ).join('');
  return `AUTHOR: 見本太郎\nTITLE: 見本記事その${i}　${paragraph(i, 1).slice(0, 20)}\nBASENAME: ${String(10000000 + i)}\nSTATUS: ${i % 50 === 0 ? 'Draft' : 'Publish'}\nALLOW COMMENTS: 1\nCONVERT BREAKS: 1\nPRIMARY CATEGORY: 分類${i % 12}\nCATEGORY: 分類${(i + 5) % 12}\nDATE: ${mtDate(i)}\nTAGS: タグ${i % 30},"複合 タグ${i % 7}"\n-----\nBODY:\n${body}\n-----\nEXTENDED BODY:\n\n-----\nEXCERPT:\n\n-----\nKEYWORDS:\n\n-----\n${comments}--------\n`;
}

/** Writes the file as a stream (the generator never holds it whole either). */
async function writeMt(file: string): Promise<number> {
  const out = createWriteStream(file);
  let comments = 0;
  for (let i = 1; i <= POSTS; i++) {
    comments += i % 5;
    const text = entry(i);
    if (!out.write(ENCODING === 'utf-8' ? text : iconv.encode(text, ENCODING === 'euc-jp' ? 'euc-jp' : 'cp932'))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return comments;
}

interface Run {
  seconds: number;
  maxRssMb: number;
  output: string;
}

/** Runs the CLI under GNU time, which reports the child's peak resident memory. */
async function importWith(env: Record<string, string>, file: string): Promise<Run> {
  // BENCH_CPU_PROF=DIR writes a CPU profile of each import there (for finding where time goes).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
  const child = spawn(
    '/usr/bin/time',
    ['-f', 'TIME %e %M', process.execPath, ...profile, path.join(root, 'bin', 'kawaraban.js'), 'import', 'mt', file, '--blog', 'livedoor'],
    {
      env: { ...process.env, ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const [code] = (await once(child, 'exit')) as [number];
  const m = /TIME ([\d.]+) (\d+)/.exec(err);
  if (code !== 0 || !m) throw new Error(`import failed (${code}): ${err.slice(-2000)}`);
  return { seconds: Number(m[1]), maxRssMb: Number(m[2]) / 1024, output: out.trim() };
}

async function postgresReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

async function withSchema<T>(schema: string, fn: () => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  try {
    return await fn();
  } finally {
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kawaraban-bench-import-'));
  try {
    // BENCH_FILE=PATH keeps the generated file there for later runs (or reuses it).
    const file = process.env.BENCH_FILE ?? path.join(dir, 'export.txt');
    const comments = existsSync(file) ? Math.floor(POSTS / 5) * 10 : await writeMt(file);
    const size = statSync(file).size / 1024 / 1024;
    console.log(
      `File: ${POSTS} posts, ${comments} comments, ${size.toFixed(1)} MiB, ${ENCODING}. Machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}.`,
    );
    const rows: string[] = [];
    const sqlite = await importWith({ KAWARABAN_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '' }, file);
    rows.push(
      `| SQLite | ${sqlite.seconds.toFixed(1)} s | ${sqlite.maxRssMb.toFixed(0)} MB | ${(POSTS / sqlite.seconds).toFixed(0)} posts/s |`,
    );
    console.log(sqlite.output.split('\n').slice(0, 3).join('\n'));
    const again = await importWith({ KAWARABAN_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '' }, file);
    rows.push(
      `| SQLite, same file again (nothing changes) | ${again.seconds.toFixed(1)} s | ${again.maxRssMb.toFixed(0)} MB | ${(POSTS / again.seconds).toFixed(0)} posts/s |`,
    );
    if (await postgresReachable()) {
      const url = `${pgUrl}${pgUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent('-c search_path=bench_import')}`;
      const run = await withSchema('bench_import', () =>
        importWith({ KAWARABAN_DATA_DIR: path.join(dir, 'data-pg'), DATABASE_URL: url }, file),
      );
      rows.push(
        `| PostgreSQL | ${run.seconds.toFixed(1)} s | ${run.maxRssMb.toFixed(0)} MB | ${(POSTS / run.seconds).toFixed(0)} posts/s |`,
      );
    } else console.log('PostgreSQL not reachable: measured on SQLite only.');
    console.log('\n| database | wall time | peak memory (maxRSS) | rate |\n| --- | --- | --- | --- |');
    console.log(rows.join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
