// Aims: memory and start. A 10,000-post site (SQLite); `kawaraban serve` (one process, page
// cache on with its default bound) is timed from spawn to its first 200 on the front page,
// then every page in the sitemap and every page of the front page's listing is fetched
// once (8 at a time), and the process's resident memory (VmRSS) is read from /proc. Three
// starts (median) for the start time.
//
//   npm run bench:memory          (a few minutes: most of it is writing the 10,000 posts)
//
// BENCH_DB=file.sqlite reuses a database seeded before (written there when it does not exist
// yet, and kept); BENCH_PORT sets the port (default 3731); BENCH_SERVER_ENV='K=V K=V' adds
// settings for the server (e.g. KAWARABAN_PAGE_CACHE=off to measure what the process needs
// without pages, or KAWARABAN_PAGE_CACHE_MB=64).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { seedPosts } from './generate.ts';
import { machine, saveResult, startServer, stop } from './http.ts';

const POSTS = Number(process.env.BENCH_POSTS ?? 10000);
const port = Number(process.env.BENCH_PORT ?? 3731);
const reusedDb = process.env.BENCH_DB;
const serverEnv = Object.fromEntries(
  (process.env.BENCH_SERVER_ENV ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
);
// Node's own flags for the server (NODE_OPTIONS holds several, so it cannot go in the list above).
if (process.env.BENCH_NODE_OPTIONS) serverEnv.NODE_OPTIONS = process.env.BENCH_NODE_OPTIONS;
const base = `http://127.0.0.1:${port}`;

function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return kb / 1024;
}

/** Spawns the server and polls the front page: ms from spawn to the first 200. */
async function start(dbFile: string): Promise<{ child: ChildProcess; ms: number }> {
  const t0 = performance.now();
  const child = startServer(dbFile, port, serverEnv);
  for (;;) {
    try {
      if ((await fetch(`${base}/`)).status === 200) return { child, ms: performance.now() - t0 };
    } catch {
      // not listening yet
    }
    if (performance.now() - t0 > 30000) throw new Error('no answer within 30 s');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function fetchAll(urls: string[]): Promise<number> {
  let failed = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < urls.length) {
        const url = urls[next++]!;
        const res = await fetch(url);
        await res.arrayBuffer();
        if (res.status !== 200) failed++;
      }
    }),
  );
  return failed;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'kawaraban-bench-memory-'));
const started = machine();
const children: ChildProcess[] = [];
try {
  const dbFile = reusedDb ?? path.join(dir, 'bench.sqlite');
  if (!reusedDb || !existsSync(reusedDb)) await seedPosts(dbFile, POSTS);
  const starts: number[] = [];
  for (let i = 0; i < 3; i++) {
    const s = await start(dbFile);
    starts.push(s.ms);
    if (i < 2) await stop([s.child]);
    else children.push(s.child);
  }
  const child = children[0]!;
  const afterStart = rssMb(child.pid!);
  const sitemap = await (await fetch(`${base}/sitemap.xml`)).text();
  const urls = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!.replace('http://127.0.0.1', base));
  const perPage = 10;
  for (let p = 2; p <= Math.ceil(POSTS / perPage); p++) urls.push(`${base}/?page=${p}`);
  const t0 = performance.now();
  const failed = await fetchAll(urls);
  const seconds = (performance.now() - t0) / 1000;
  const afterAll = rssMb(child.pid!);
  const again = await fetchAll(urls.slice(0, 2000));
  const afterSecond = rssMb(child.pid!);
  starts.sort((a, b) => a - b);
  const table = [
    `Run ${new Date().toISOString()} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, SQLite, ${POSTS} posts, ${started}; one process, ${[process.env.BENCH_SERVER_ENV, process.env.BENCH_NODE_OPTIONS && `NODE_OPTIONS="${process.env.BENCH_NODE_OPTIONS}"`].filter(Boolean).join(' ') || 'default settings'}.`,
    '',
    '| measure | value |',
    '| --- | --- |',
    `| start → first 200 on / (median of 3; min–max) | ${starts[1]!.toFixed(0)} ms (${starts[0]!.toFixed(0)}–${starts[2]!.toFixed(0)} ms) |`,
    `| RSS after start and first answer | ${afterStart.toFixed(0)} MB |`,
    `| RSS after every page fetched once (${urls.length} pages in ${seconds.toFixed(0)} s, ${failed} not 200) | ${afterAll.toFixed(0)} MB |`,
    `| RSS after 2,000 of them again (${again} not 200) | ${afterSecond.toFixed(0)} MB |`,
    '',
  ].join('\n');
  saveResult('memory', table);
} finally {
  await stop(children);
  rmSync(dir, { recursive: true, force: true });
}
