// Page benchmark: 1,000 generated posts; the front page, a post page and the RSS feed served
// by Kawaraban with the page cache on and off, and the same saved HTML served by nginx from
// disk, all in one run on loopback. Also the median in-process render time of a post page.
//
//   npm run bench                 (needs wrk and nginx: apt-get install -y wrk nginx)
//   BENCH_SECONDS=5 npm run bench (shorter runs)
//
// Prints a Markdown table and saves it under bench/results/.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connection.ts';
import { buildServer } from '../src/web/server.ts';
import { seedPosts } from './generate.ts';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
// The machine is shared by wrk, nginx and Node: every target is measured several times,
// alternating, and the median round is reported.
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const POSTS = 1000;

function need(cmd: string): string {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(`${cmd} is not installed (apt-get install -y wrk nginx)`);
    process.exit(1);
  }
  return r.stdout.trim();
}

function startServer(dbFile: string, port: number, cache: 'on' | 'off'): ChildProcess {
  return spawn(process.execPath, [path.join(root, 'bin', 'kawaraban.js'), 'serve'], {
    env: {
      ...process.env,
      DATABASE_URL: dbFile,
      PORT: String(port),
      KAWARABAN_PAGE_CACHE: cache,
      LOG_LEVEL: 'warn',
      SITE_URL: 'http://127.0.0.1',
    },
    stdio: 'inherit',
  });
}

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  throw new Error(`${url} did not answer`);
}

interface WrkResult {
  rps: number;
  p50: string;
  p99: string;
  errors: number;
}

function wrk(url: string): WrkResult {
  const r = spawnSync('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', url], { encoding: 'utf8' });
  const out = r.stdout;
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
  const p50 = /\s50%\s+([\d.]+\w+)/.exec(out)?.[1] ?? '?';
  const p99 = /\s99%\s+([\d.]+\w+)/.exec(out)?.[1] ?? '?';
  const errors = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0) + Number(/Socket errors: connect (\d+)/.exec(out)?.[1] ?? 0);
  return { rps, p50, p99, errors };
}

function median(results: WrkResult[]): WrkResult {
  const sorted = [...results].sort((a, b) => a.rps - b.rps);
  const errors = results.reduce((n, r) => n + r.errors, 0);
  return { ...sorted[Math.floor(sorted.length / 2)]!, errors };
}

async function renderTimes(dbFile: string, slug: string): Promise<{ median: number; p99: number }> {
  const db = await openDatabase(dbFile);
  const app = await createApp({ ...loadConfig({ LOG_LEVEL: 'silent' }), pageCache: false }, db);
  const server = await buildServer(app, { logLevel: 'silent' });
  await server.ready();
  const times: number[] = [];
  for (let i = 0; i < 1200; i++) {
    const t0 = process.hrtime.bigint();
    const res = await server.inject(`/posts/${slug}`);
    const t1 = process.hrtime.bigint();
    if (res.statusCode !== 200) throw new Error(`render failed: ${res.statusCode}`);
    if (i >= 200) times.push(Number(t1 - t0) / 1e6);
  }
  await server.close();
  await app.close();
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, p99: times[Math.floor(times.length * 0.99)]! };
}

async function main(): Promise<void> {
  need('wrk');
  const nginx = need('nginx');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kawaraban-bench-'));
  const children: ChildProcess[] = [];
  try {
    const dbFile = path.join(dir, 'bench.sqlite');
    const slug = await seedPosts(dbFile, POSTS);
    const render = await renderTimes(dbFile, slug);

    const [cachedPort, uncachedPort, nginxPort] = [39101, 39102, 39103];
    children.push(startServer(dbFile, cachedPort, 'on'), startServer(dbFile, uncachedPort, 'off'));
    await waitFor(`http://127.0.0.1:${cachedPort}/readyz`);
    await waitFor(`http://127.0.0.1:${uncachedPort}/readyz`);

    // nginx serves the very bytes Kawaraban sends, saved as files.
    const www = path.join(dir, 'www');
    mkdirSync(path.join(www, 'posts'), { recursive: true });
    const pages = [
      { name: 'front page', path: '/', file: 'index.html' },
      { name: 'post page', path: `/posts/${slug}`, file: `posts/${slug}.html` },
      { name: 'RSS feed', path: '/feed.xml', file: 'feed.xml' },
    ];
    for (const p of pages) {
      const body = Buffer.from(await (await fetch(`http://127.0.0.1:${cachedPort}${p.path}`)).arrayBuffer());
      writeFileSync(path.join(www, p.file), body);
      console.log(`${p.name}: ${(body.length / 1024).toFixed(1)} KiB`);
    }
    writeFileSync(
      path.join(dir, 'nginx.conf'),
      `user root; worker_processes 1; daemon off; pid ${dir}/nginx.pid; error_log ${dir}/nginx-error.log;
events { worker_connections 4096; }
http { access_log off; sendfile on; tcp_nopush on; keepalive_requests 1000000; types { text/html html; application/rss+xml xml; }
  server { listen 127.0.0.1:${nginxPort}; root ${www}; location / { try_files $uri $uri.html $uri/index.html =404; } } }\n`,
    );
    const ng = spawn(nginx, ['-c', path.join(dir, 'nginx.conf'), '-p', dir], { stdio: 'inherit' });
    children.push(ng);
    await waitFor(`http://127.0.0.1:${nginxPort}/`);

    const rows: string[] = [];
    for (const p of pages) {
      const runs: Record<'nginx' | 'cached' | 'uncached', WrkResult[]> = { nginx: [], cached: [], uncached: [] };
      for (let r = 0; r < rounds; r++) {
        runs.nginx.push(wrk(`http://127.0.0.1:${nginxPort}${p.path}`));
        runs.cached.push(wrk(`http://127.0.0.1:${cachedPort}${p.path}`));
        runs.uncached.push(wrk(`http://127.0.0.1:${uncachedPort}${p.path}`));
      }
      const [nginxResult, cached, uncached] = [median(runs.nginx), median(runs.cached), median(runs.uncached)];
      const ratio = nginxResult.rps ? (cached.rps / nginxResult.rps).toFixed(2) : '?';
      rows.push(
        `| ${p.name} | ${nginxResult.rps.toFixed(0)} / ${nginxResult.p99} | ${cached.rps.toFixed(0)} / ${cached.p99} | ${ratio}× | ${uncached.rps.toFixed(0)} / ${uncached.p99} | ${nginxResult.errors + cached.errors + uncached.errors} |`,
      );
      console.log(rows.at(-1));
    }
    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    const table = [
      `Run ${new Date().toISOString()} — ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, SQLite, ${POSTS} posts;`,
      `wrk -t1 -c${connections} -d${seconds}s on loopback, median of ${rounds} alternating rounds (errors summed over all); one Kawaraban process per mode, nginx with one worker; wrk shares the same cores.`,
      '',
      '| page | nginx req/s / p99 | cached req/s / p99 | cached ÷ nginx | uncached req/s / p99 | errors |',
      '| --- | --- | --- | --- | --- | --- |',
      ...rows,
      '',
      `Post page render with the page cache off, in process (fastify.inject, 1,000 requests): median ${render.median.toFixed(3)} ms, p99 ${render.p99.toFixed(3)} ms.`,
      '',
    ].join('\n');
    console.log(`\n${table}`);
    const results = path.join(root, 'bench', 'results');
    mkdirSync(results, { recursive: true });
    writeFileSync(path.join(results, `pages-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.md`), table);
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await sleep(500);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
