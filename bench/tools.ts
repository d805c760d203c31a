// The compliance tools' costs per request: a breach triage, building a full SoA workbook
// (93 rows, every control decided with text), and reading it back. Workbooks are built and
// read on the event loop, so these numbers bound how long one download or upload holds it.
// Median of three rounds of N operations each.
//
//   node --import tsx bench/tools.ts
import { performance } from 'node:perf_hooks';
import { triage } from '../src/tools/breach.ts';
import { controls } from '../src/tools/soa-controls.ts';
import type { SoaDocument } from '../src/tools/soa.ts';
import { buildWorkbook, readWorkbook } from '../src/tools/soa-workbook.ts';
import { shaRoumuCase } from '../src/testing/breach-cases.ts';

const doc: SoaDocument = {
  organisation: '株式会社ベンチマーク',
  scope: '本社および全拠点の受託開発業務',
  version: '1.0',
  date: '2026-12-01',
  entries: controls.map((c, i) => ({
    id: c.id,
    applicable: i % 7 !== 0,
    justification: `${c.title.ja}について、当社のリスク評価の結果から判断した理由をここに書きます。`.repeat(3),
    implemented: (['yes', 'partly', 'planned', 'no'] as const)[i % 4]!,
    owner: '情報セキュリティ委員会',
    evidence: '規程第3版、記録（2026年度）、https://intra.example.jp/isms/evidence',
  })),
};

async function median(label: string, n: number, op: () => Promise<unknown> | unknown): Promise<void> {
  const rounds: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await op();
    rounds.push((performance.now() - t0) / n);
  }
  rounds.sort((a, b) => a - b);
  console.log(`${label}: median ${rounds[1]!.toFixed(2)} ms per operation (rounds ${rounds.map((x) => x.toFixed(2)).join(' / ')}, n=${n})`);
}

const xlsx = await buildWorkbook(doc);
console.log(`workbook: ${xlsx.length.toLocaleString()} bytes`);
await median('triage (社労夢 case)', 2000, () => triage(shaRoumuCase));
await median('build workbook (93 decided rows)', 20, () => buildWorkbook(doc));
await median('read workbook back', 20, () => readWorkbook(xlsx));
