// Aim: uncached pages. 1,000 generated posts; Kawaraban with the page cache off (every
// request renders) against nginx serving the same bytes from disk, in the same run; the front
// page and a post page; req/s, p50 and p99 at 50 connections, median of three rounds. The
// p99 has a second reference: a bare node:http server (bench/bare-server.mjs) that spends as
// much CPU per request as Kawaraban did in that round and sends the same bytes.
//
//   npm run bench:uncached        (about 2 minutes; needs wrk and nginx)
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import {
  connections,
  machine,
  median,
  need,
  rounds,
  root,
  saveResult,
  seconds,
  siteBesideNginx,
  startServer,
  stop,
  waitFor,
  warmUp,
  wrk,
  type BenchPage,
  type WrkResult,
} from './http.ts';

need('wrk');
need('nginx');
const dir = mkdtempSync(path.join(os.tmpdir(), 'kawaraban-bench-uncached-'));
const children: ChildProcess[] = [];
/** The bare server's own cost per request, by page (measured once, with no busy wait). */
const bareCost: Record<string, number> = {};
const started = machine();
try {
  // 3713-3715: the bare server, one port a round (a stopped server's port may linger).
  const [port, nginxPort, barePort, twoPort] = [3711, 3712, 3713, 3716];
  const pages = await siteBesideNginx(dir, 'off', [port, nginxPort], false, children);
  // The same site served by two processes (`serve --workers 2`), as one machine would scale.
  children.push(startServer(path.join(dir, 'bench.sqlite'), twoPort, { KAWARABAN_PAGE_CACHE: 'off', KAWARABAN_WORKERS: '2' }));
  await waitFor(`http://127.0.0.1:${twoPort}/readyz`);
  const rows: string[] = [];
  for (const p of pages) {
    const runs: { nginx: WrkResult[]; uncached: WrkResult[]; bare: WrkResult[]; two: WrkResult[] } = {
      nginx: [],
      uncached: [],
      bare: [],
      two: [],
    };
    warmUp(`http://127.0.0.1:${port}${p.path}`);
    warmUp(`http://127.0.0.1:${twoPort}${p.path}`);
    for (let r = 0; r < rounds; r++) {
      runs.nginx.push(wrk(`http://127.0.0.1:${nginxPort}${p.path}`));
      const u = wrk(`http://127.0.0.1:${port}${p.path}`);
      runs.uncached.push(u);
      runs.bare.push(await bareRound(p, u.rps, barePort + r));
      runs.two.push(wrk(`http://127.0.0.1:${twoPort}${p.path}`));
    }
    const [n, u, b, two] = [median(runs.nginx), median(runs.uncached), median(runs.bare), median(runs.two)];
    rows.push(
      `| ${p.name} | ${n.rps.toFixed(0)} | ${u.rps.toFixed(0)} | ${u.p50} / ${u.p99} | ${(u.p99ms / u.p50ms).toFixed(1)}× | ${b.rps.toFixed(0)}: ${b.p50} / ${b.p99} (${(b.p99ms / b.p50ms).toFixed(1)}×) | ${two.rps.toFixed(0)}: ${two.p50} / ${two.p99} | ${n.errors + u.errors + two.errors} |`,
    );
    console.log(rows.at(-1));
  }
  const table = [
    `Run ${new Date().toISOString()} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, SQLite, 1,000 posts, ${started};`,
    `wrk -t1 -c${connections} -d${seconds}s, median of ${rounds} alternating rounds; Kawaraban with KAWARABAN_PAGE_CACHE=off (one process), nginx (one worker) serving the same bytes.`,
    '',
    '| page | nginx req/s | uncached req/s | uncached p50 / p99 | p99 ÷ p50 | bare Node, same CPU per request: req/s: p50 / p99 (p99 ÷ p50) | two processes: req/s: p50 / p99 | errors |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
  saveResult('uncached', table);
} finally {
  await stop(children);
  rmSync(dir, { recursive: true, force: true });
}

/** One wrk run of the bare server on a page's bytes, busy `micros` per request. */
async function bare(p: BenchPage, micros: number, port: number): Promise<WrkResult> {
  const file = path.join(dir, 'www', p.file);
  const server = spawn(process.execPath, [path.join(root, 'bench', 'bare-server.mjs'), String(port), file, String(micros)], {
    stdio: 'inherit',
  });
  try {
    await waitFor(`http://127.0.0.1:${port}/`);
    warmUp(`http://127.0.0.1:${port}/`);
    return wrk(`http://127.0.0.1:${port}/`);
  } finally {
    await stop([server]);
  }
}

/** The bare server spending what one Kawaraban request cost in this round (1 / req/s, as
 * the process was saturated) less what the bare server costs by itself. */
async function bareRound(p: BenchPage, kawarabanRps: number, port: number): Promise<WrkResult> {
  const own = (bareCost[p.path] ??= 1e6 / (await bare(p, 0, port)).rps);
  return bare(p, Math.max(0, Math.round(1e6 / kawarabanRps - own)), port);
}
