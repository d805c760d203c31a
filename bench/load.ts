// Load test: `serve --workers 2` on PostgreSQL with 1,000 posts, a fixed request rate per
// route (front page, posts, archives, feeds, search) for BENCH_SECONDS (300), while an
// editor saves a post through the admin every 3 seconds. Reports errors, p50/p99 and req/s
// per route, and each process's memory over time. Then nginx serves the same pages as
// static files at the same rates, as the ceiling. Loopback only; everything stops itself.
//
//   npm run bench:load                   (needs nginx; PostgreSQL from TEST_DATABASE_URL)
//   BENCH_SECONDS=60 npm run bench:load  (shorter)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { cliActor } from '../src/audit/service.ts';
import { createUser } from '../src/accounts/service.ts';
import { openDatabase } from '../src/db/connection.ts';
import { migrate } from '../src/db/migrate.ts';
import { wire } from '../src/wiring.ts';
import { seedPostsInto } from './generate.ts';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 300);
const NGINX_SECONDS = Math.min(SECONDS, 60);
const pgUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PORT = 39201;
const NGINX_PORT = 39202;
const PASSWORD = 'load test password 2026';

interface Route {
  name: string;
  rate: number;
  paths: string[];
}

function routes(slugs: string[]): Route[] {
  return [
    { name: 'front page', rate: 100, paths: ['/', '/?page=2'] },
    { name: 'posts', rate: 200, paths: slugs.map((s) => `/posts/${s}`) },
    { name: 'archives', rate: 30, paths: ['/archive', '/archive/2020/06', '/archive/2021', '/category/c1'] },
    { name: 'feeds', rate: 30, paths: ['/feed.xml', '/atom.xml', '/feed.json'] },
    {
      name: 'search',
      rate: 20,
      paths: ['漏えい', '委託先 監督', '報告', 'EDR', '暗号化'].map((q) => `/search?q=${encodeURIComponent(q)}`),
    },
  ];
}

async function fire(base: string, route: Route, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: base,
    connections: Math.max(2, Math.ceil(route.rate / 20)),
    overallRate: route.rate,
    duration: seconds,
    requests: route.paths.map((p) => ({ method: 'GET', path: p })),
  });
}

function rssOf(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

function childrenOf(pid: number): number[] {
  const r = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean).map(Number);
}

/** Signs in as the editor and saves a post every 3 seconds until told to stop. */
async function editLoop(base: string, stop: { done: boolean }): Promise<{ saves: number; failures: number }> {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = pair!.split('=');
      jar.set(k!, v!);
    }
  };
  const form = async (url: string, fields: Record<string, string>) => {
    const res = await fetch(`${base}${url}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields),
    });
    keep(res);
    return res;
  };
  const page = async (url: string) => {
    const res = await fetch(`${base}${url}`, { headers: { cookie: cookie() }, redirect: 'manual' });
    keep(res);
    return res.text();
  };
  const token = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1] ?? '';
  const login = await page('/admin/login');
  await form('/admin/login', { _form: token(login, '_form'), email: 'editor@load.test', password: PASSWORD });
  let saves = 0;
  let failures = 0;
  while (!stop.done) {
    const editor = await page('/admin/posts/1');
    const res = await form('/admin/posts/1', {
      _csrf: token(editor, '_csrf'),
      revision: token(editor, 'revision'),
      title: `計測中に編集した記事 ${saves}`,
      markdown: `編集 ${saves} 回目。\n\n:::addendum{date="2020-01-02"}\n追記 ${saves}\n:::`,
      action: 'save',
    });
    if (res.status === 303) saves++;
    else failures++;
    await sleep(3000);
  }
  return { saves, failures };
}

function table(results: Array<{ route: Route; r: autocannon.Result }>): string[] {
  return results.map(({ route, r }) => {
    const errors = r.errors + r.timeouts + r.non2xx;
    return `| ${route.name} | ${route.rate} | ${r.requests.total} | ${errors} | ${r.requests.average.toFixed(0)} | ${r.latency.p50} | ${r.latency.p99} |`;
  });
}

async function main(): Promise<void> {
  const nginx = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).stdout.trim();
  if (!nginx) throw new Error('nginx is not installed (apt-get install -y nginx)');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kawaraban-load-'));
  const database = `kawaraban_load_${process.pid}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create database ${database}`);
  await admin.end();
  const u = new URL(pgUrl);
  u.pathname = `/${database}`;
  const url = u.toString();
  const children: ChildProcess[] = [];
  try {
    const db = await openDatabase(url);
    await migrate(db);
    wire();
    await seedPostsInto(db, 1000);
    await createUser(db, { email: 'editor@load.test', displayName: '計測 編集者', role: 'editor', password: PASSWORD }, cliActor);
    const slugs = (await db.kysely.selectFrom('posts').select('slug').orderBy('id').limit(50).execute()).map((r) => r.slug);
    await db.close();

    const server = spawn(process.execPath, [path.join(root, 'bin', 'kawaraban.js'), 'serve', '--workers', '2'], {
      env: {
        ...process.env,
        DATABASE_URL: url,
        PORT: String(PORT),
        LOG_LEVEL: 'warn',
        KAWARABAN_DATA_DIR: dir,
        SITE_URL: 'http://127.0.0.1',
        KAWARABAN_SEARCH_PER_MINUTE: '100000',
      },
      stdio: 'inherit',
    });
    children.push(server);
    for (let i = 0; i < 100; i++) {
      if ((await fetch(`http://127.0.0.1:${PORT}/readyz`).catch(() => undefined))?.ok) break;
      await sleep(200);
    }
    const base = `http://127.0.0.1:${PORT}`;
    const all = routes(slugs);

    // Memory of the primary and each worker, every 10 seconds.
    const memory: Array<{ t: number; rss: number[] }> = [];
    const started = Date.now();
    const sampler = setInterval(() => {
      const pids = [server.pid!, ...childrenOf(server.pid!)];
      memory.push({ t: Math.round((Date.now() - started) / 1000), rss: pids.map(rssOf) });
    }, 10_000);
    const stop = { done: false };
    const edits = editLoop(base, stop);
    const kawaraban = await Promise.all(all.map(async (route) => ({ route, r: await fire(base, route, SECONDS) })));
    stop.done = true;
    clearInterval(sampler);
    const editResult = await edits;

    // nginx with the same pages as files (a query string becomes part of the file name).
    const www = path.join(dir, 'www');
    mkdirSync(www, { recursive: true });
    const asFile = (p: string) => `/${encodeURIComponent(p).replace(/%/g, '_')}.html`;
    for (const route of all) {
      for (const p of route.paths) {
        const res = await fetch(`${base}${p}`);
        writeFileSync(path.join(www, asFile(p)), Buffer.from(await res.arrayBuffer()));
      }
    }
    writeFileSync(
      path.join(dir, 'nginx.conf'),
      `user root; worker_processes 2; daemon off; pid ${dir}/nginx.pid; error_log ${dir}/nginx-error.log;
events { worker_connections 4096; }
http { access_log off; sendfile on; keepalive_requests 1000000; default_type text/html;
  server { listen 127.0.0.1:${NGINX_PORT}; root ${www};
    location / { try_files $uri =404; } } }\n`,
    );
    const ng = spawn(nginx, ['-c', path.join(dir, 'nginx.conf'), '-p', dir], { stdio: 'inherit' });
    children.push(ng);
    await sleep(500);
    const nginxResults = await Promise.all(
      all.map(async (route) => ({
        route,
        r: await fire(`http://127.0.0.1:${NGINX_PORT}`, { ...route, paths: route.paths.map(asFile) }, NGINX_SECONDS),
      })),
    );

    const lines = [
      `Run ${new Date().toISOString()} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, PostgreSQL on the same machine; 1,000 posts.`,
      `Kawaraban: serve --workers 2 for ${SECONDS} s at fixed rates (autocannon, loopback), an editor saving a post every 3 s (${editResult.saves} saves, ${editResult.failures} failed).`,
      '',
      '| route | rate (req/s) | requests | errors | req/s | p50 ms | p99 ms |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...table(kawaraban),
      '',
      `nginx (2 workers) serving the same pages as static files, same rates, ${NGINX_SECONDS} s:`,
      '',
      '| route | rate (req/s) | requests | errors | req/s | p50 ms | p99 ms |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...table(nginxResults),
      '',
      'Memory (RSS, MiB) of the primary and the two workers:',
      '',
      '| time (s) | primary | worker 1 | worker 2 |',
      '| --- | --- | --- | --- |',
      ...memory
        .filter((_, i) => i % 3 === 0 || i === memory.length - 1)
        .map((m) => `| ${m.t} | ${m.rss.map((r) => r.toFixed(0)).join(' | ')} |`),
      '',
    ];
    console.log(lines.join('\n'));
    const results = path.join(root, 'bench', 'results');
    mkdirSync(results, { recursive: true });
    writeFileSync(path.join(results, `load-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.md`), lines.join('\n'));
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await sleep(1500);
    rmSync(dir, { recursive: true, force: true });
    const cleanup = new pg.Client({ connectionString: pgUrl });
    await cleanup.connect();
    await cleanup.query(`drop database if exists ${database} with (force)`);
    await cleanup.end();
  }
}

await main();
