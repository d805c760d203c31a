// Aim: uncached pages. 1,000 generated posts; Kawaraban with the page cache off (every
// request renders) against nginx serving the same bytes from disk, in the same run; the front
// page and a post page; req/s, p50 and p99 at 50 connections, median of three rounds.
//
//   npm run bench:uncached        (about 2 minutes; needs wrk and nginx)
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import {
  connections,
  machine,
  median,
  need,
  rounds,
  saveResult,
  seconds,
  siteBesideNginx,
  stop,
  warmUp,
  wrk,
  type WrkResult,
} from './http.ts';

need('wrk');
need('nginx');
const dir = mkdtempSync(path.join(os.tmpdir(), 'kawaraban-bench-uncached-'));
const children: ChildProcess[] = [];
const started = machine();
try {
  const [port, nginxPort] = [3711, 3712];
  const pages = await siteBesideNginx(dir, 'off', [port, nginxPort], false, children);
  const rows: string[] = [];
  for (const p of pages) {
    const runs: { nginx: WrkResult[]; uncached: WrkResult[] } = { nginx: [], uncached: [] };
    warmUp(`http://127.0.0.1:${port}${p.path}`);
    for (let r = 0; r < rounds; r++) {
      runs.nginx.push(wrk(`http://127.0.0.1:${nginxPort}${p.path}`));
      runs.uncached.push(wrk(`http://127.0.0.1:${port}${p.path}`));
    }
    const [n, u] = [median(runs.nginx), median(runs.uncached)];
    rows.push(
      `| ${p.name} | ${n.rps.toFixed(0)} | ${u.rps.toFixed(0)} | ${u.p50} / ${u.p99} | ${(u.p99ms / u.p50ms).toFixed(1)}× | ${n.errors + u.errors} |`,
    );
    console.log(rows.at(-1));
  }
  const table = [
    `Run ${new Date().toISOString()} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, SQLite, 1,000 posts, ${started};`,
    `wrk -t1 -c${connections} -d${seconds}s, median of ${rounds} alternating rounds; Kawaraban with KAWARABAN_PAGE_CACHE=off (one process), nginx (one worker) serving the same bytes.`,
    '',
    '| page | nginx req/s | uncached req/s | uncached p50 / p99 | p99 ÷ p50 | errors |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
  saveResult('uncached', table);
} finally {
  await stop(children);
  rmSync(dir, { recursive: true, force: true });
}
