// Helpers shared by the HTTP benchmarks: start a Kawaraban process or nginx, wait for it,
// run wrk and take the median round. Loopback only; ports 3700-3799.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { seedPosts } from './generate.ts';

export const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const seconds = Number(process.env.BENCH_SECONDS ?? 8);
export const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
/** The machine is shared by wrk, nginx and Node: each target is measured several times,
 * alternating, and the median round is reported. */
export const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

export function need(cmd: string): string {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(`${cmd} is not installed (apt-get install -y wrk nginx-light)`);
    process.exit(1);
  }
  return r.stdout.trim();
}

export function startServer(dbFile: string, port: number, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [path.join(root, 'bin', 'kawaraban.js'), 'serve'], {
    env: { ...process.env, DATABASE_URL: dbFile, PORT: String(port), LOG_LEVEL: 'warn', SITE_URL: 'http://127.0.0.1', ...env },
    stdio: 'inherit',
  });
}

export async function waitFor(url: string, tries = 300): Promise<void> {
  for (let i = 0; i < tries; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  throw new Error(`${url} did not answer`);
}

/** nginx with one worker serving `www` on `port`; gzip on or off. */
export function startNginx(dir: string, www: string, port: number, gzip: boolean): ChildProcess {
  const conf = path.join(dir, `nginx-${port}.conf`);
  writeFileSync(
    conf,
    `user root; worker_processes 1; daemon off; pid ${dir}/nginx-${port}.pid; error_log ${dir}/nginx-error-${port}.log;
events { worker_connections 4096; }
http { access_log off; sendfile on; tcp_nopush on; keepalive_requests 1000000; types { text/html html; application/rss+xml xml; }
  ${gzip ? 'gzip on; gzip_types application/rss+xml; gzip_vary on;' : ''}
  server { listen 127.0.0.1:${port}; root ${www}; location / { try_files $uri $uri.html $uri/index.html =404; } } }\n`,
  );
  return spawn(need('nginx'), ['-c', conf, '-p', dir], { stdio: 'inherit' });
}

export interface WrkResult {
  rps: number;
  p50: string;
  p99: string;
  p50ms: number;
  p99ms: number;
  /** Bytes read per request (headers and body), as wrk counted them. */
  bytesPerRequest: number;
  errors: number;
}

function toMs(v: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(v);
  if (!m) return NaN;
  return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
}

function toBytes(v: string): number {
  const m = /^([\d.]+)([KMG]?B)$/.exec(v);
  if (!m) return NaN;
  return Number(m[1]) * ({ B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 } as Record<string, number>)[m[2]!]!;
}

export function wrk(url: string, headers: Record<string, string> = {}): WrkResult {
  const h = Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
  const r = spawnSync('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', ...h, url], { encoding: 'utf8' });
  const out = r.stdout;
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
  const p50 = /\s50%\s+([\d.]+\w+)/.exec(out)?.[1] ?? '?';
  const p99 = /\s99%\s+([\d.]+\w+)/.exec(out)?.[1] ?? '?';
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  const read = toBytes(/requests in [\d.]+\w+, ([\d.]+\w+) read/.exec(out)?.[1] ?? '0B');
  const errors = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0) + Number(/Socket errors: connect (\d+)/.exec(out)?.[1] ?? 0);
  return { rps, p50, p99, p50ms: toMs(p50), p99ms: toMs(p99), bytesPerRequest: requests ? read / requests : 0, errors };
}

/** Load before measuring, not counted: a fresh process compiles its hot code (JIT) in the
 * first second, and those slow answers would otherwise land in the first round's p99. */
export function warmUp(url: string, headers: Record<string, string> = {}): void {
  const h = Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
  spawnSync('wrk', ['-t1', `-c${connections}`, '-d2s', ...h, url], { encoding: 'utf8' });
}

export function median(results: WrkResult[]): WrkResult {
  const sorted = [...results].sort((a, b) => a.rps - b.rps);
  const errors = results.reduce((n, r) => n + r.errors, 0);
  return { ...sorted[Math.floor(sorted.length / 2)]!, errors };
}

export function machine(): string {
  const os =
    process.platform === 'linux'
      ? spawnSync('sh', ['-c', 'cat /proc/loadavg'], { encoding: 'utf8' }).stdout.trim().split(' ').slice(0, 3).join(' ')
      : '?';
  return `load average at start ${os}`;
}

export async function stop(children: ChildProcess[]): Promise<void> {
  for (const c of children) c.kill('SIGTERM');
  await sleep(500);
}

/** Saves a result table under bench/results/ as NAME-time.md. */
export function saveResult(name: string, table: string): void {
  console.log(`\n${table}`);
  mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(path.join(root, 'bench', 'results', `${name}-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.md`), table);
}

export interface BenchPage {
  name: string;
  path: string;
  /** Where nginx's copy is, under the run's www/. */
  file: string;
}

/** 1,000 generated posts; one Kawaraban process (page cache on or off) and nginx serving
 * the same bytes of the front page and a post page from disk. */
export async function siteBesideNginx(
  dir: string,
  cache: 'on' | 'off',
  ports: [number, number],
  gzip: boolean,
  children: ChildProcess[],
): Promise<BenchPage[]> {
  const dbFile = path.join(dir, 'bench.sqlite');
  const slug = await seedPosts(dbFile, 1000);
  const [port, nginxPort] = ports;
  children.push(startServer(dbFile, port, { KAWARABAN_PAGE_CACHE: cache }));
  await waitFor(`http://127.0.0.1:${port}/readyz`);
  const www = path.join(dir, 'www');
  mkdirSync(path.join(www, 'posts'), { recursive: true });
  const pages = [
    { name: 'post page', path: `/posts/${slug}`, file: `posts/${slug}.html` },
    { name: 'front page', path: '/', file: 'index.html' },
  ];
  for (const p of pages)
    writeFileSync(path.join(www, p.file), Buffer.from(await (await fetch(`http://127.0.0.1:${port}${p.path}`)).arrayBuffer()));
  children.push(startNginx(dir, www, nginxPort, gzip));
  await waitFor(`http://127.0.0.1:${nginxPort}/`);
  return pages;
}
