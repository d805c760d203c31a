// Aim: cached pages against nginx. 1,000 generated posts; Kawaraban with the page cache on
// against nginx serving the same bytes from disk — plain, and with `gzip on` when the client
// accepts gzip — in the same run: req/s and bytes on the wire per answer, median of three.
//
//   npm run bench:cached          (about 3 minutes; needs wrk and nginx)
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
const dir = mkdtempSync(path.join(os.tmpdir(), 'kawaraban-bench-cached-'));
const children: ChildProcess[] = [];
const started = machine();
try {
  const [port, nginxPort] = [3721, 3722];
  const pages = await siteBesideNginx(dir, 'on', [port, nginxPort], true, children);
  const encodings: Array<{ name: string; headers: Record<string, string>; nginx: boolean }> = [
    { name: 'plain', headers: {}, nginx: true },
    { name: 'gzip', headers: { 'Accept-Encoding': 'gzip' }, nginx: true },
    { name: 'br (Kawaraban only)', headers: { 'Accept-Encoding': 'gzip, deflate, br' }, nginx: false },
  ];
  const rows: string[] = [];
  for (const p of pages) {
    for (const e of encodings) {
      const runs: { nginx: WrkResult[]; cached: WrkResult[] } = { nginx: [], cached: [] };
      warmUp(`http://127.0.0.1:${port}${p.path}`, e.headers);
      for (let r = 0; r < rounds; r++) {
        if (e.nginx) runs.nginx.push(wrk(`http://127.0.0.1:${nginxPort}${p.path}`, e.headers));
        runs.cached.push(wrk(`http://127.0.0.1:${port}${p.path}`, e.headers));
      }
      const c = median(runs.cached);
      const n = e.nginx ? median(runs.nginx) : undefined;
      const nginxCell = n ? `${n.rps.toFixed(0)} / ${(n.bytesPerRequest / 1024).toFixed(1)} KiB` : '—';
      const ratio = n?.rps ? `${(c.rps / n.rps).toFixed(2)}×` : '—';
      rows.push(
        `| ${p.name} | ${e.name} | ${nginxCell} | ${c.rps.toFixed(0)} / ${(c.bytesPerRequest / 1024).toFixed(1)} KiB | ${ratio} | ${c.p99} | ${(n?.errors ?? 0) + c.errors} |`,
      );
      console.log(rows.at(-1));
    }
  }
  const table = [
    `Run ${new Date().toISOString()} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, SQLite, 1,000 posts, ${started};`,
    `wrk -t1 -c${connections} -d${seconds}s, median of ${rounds} alternating rounds; one Kawaraban process (page cache on), nginx (one worker, gzip on, level 1) serving the same bytes; bytes per answer include headers.`,
    '',
    '| page | Accept-Encoding | nginx req/s / bytes | cached req/s / bytes | cached ÷ nginx | cached p99 | errors |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
  saveResult('cached', table);
} finally {
  await stop(children);
  rmSync(dir, { recursive: true, force: true });
}
