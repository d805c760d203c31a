// How much of imported text lands in the product's own blocks, and how long the import takes:
// the reference site (../shared/reference, as a Livedoor-style Movable Type file) and our own
// WordPress file with the hard cases of real exports (block-editor and classic posts, captions,
// tables, nested lists, 200 categories …), plus that file with 500 more posts for timing.
// Each import runs into a fresh database, three rounds; the table shows the median time.
//
//   npm run bench:import-fidelity              (SQLite; KAWARABAN_TEST_DB=postgres for PostgreSQL)
import { existsSync, readFileSync } from 'node:fs';
import { cliActor } from '../src/audit/service.ts';
import { importMt, importWxr, type ImportOptions, type ImportReport } from '../src/import/service.ts';
import { file } from '../src/import/testdata/files.ts';
import { seedAsMt, seedFile } from '../src/import/testdata/reference.ts';
import { wordpressFile } from '../src/import/testdata/wordpress.ts';
import { createTestDb, testEngine } from '../src/testing/db.ts';

interface Case {
  name: string;
  run: (db: Parameters<typeof importMt>[0], o: ImportOptions) => Promise<ImportReport>;
  open: ImportOptions['open'];
}

const cases: Case[] = [];
if (existsSync(seedFile)) {
  const { mt } = seedAsMt(readFileSync(seedFile, 'utf8'));
  cases.push({ name: 'reference site (MT, UTF-8, 12 posts)', run: importMt, open: file(mt) });
  cases.push({ name: 'reference site (MT, EUC-JP, 12 posts)', run: importMt, open: file(mt, 'euc-jp') });
} else console.log('SKIP the reference site: ../shared/reference/seed-frontpage.txt is not here.');
cases.push({ name: 'WordPress hard cases (WXR, 8 posts)', run: importWxr, open: file(wordpressFile().xml) });
cases.push({ name: 'WordPress hard cases + 500 posts (WXR)', run: importWxr, open: file(wordpressFile(500).xml) });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log(`| file | engine | entries | native blocks | raw HTML characters | import time (median of 3) |`);
console.log(`| --- | --- | --- | --- | --- | --- |`);
for (const c of cases) {
  const times: number[] = [];
  let report: ImportReport | undefined;
  for (let round = 0; round < 3; round++) {
    const t = await createTestDb();
    try {
      const start = process.hrtime.bigint();
      report = await c.run(t.db, {
        open: c.open,
        fileName: c.name,
        dryRun: false,
        keepCommenterContacts: false,
        blog: 'livedoor',
        actor: cliActor,
      });
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    } finally {
      await t.cleanup();
    }
  }
  const r = report!;
  console.log(
    `| ${c.name} | ${testEngine} | ${r.entries} | ${r.nativeShare.percent}% | ${r.nativeShare.html} of ${r.nativeShare.native + r.nativeShare.html} | ${(median(times) / 1000).toFixed(2)} s |`,
  );
}
