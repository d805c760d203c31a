// The visual editor: bundle size (raw and gzipped) and how long after the page arrives the
// editor is ready, in Chromium on loopback. `npm run bench:editor`.
//
// For each of two posts — a new empty one and a long one (the demo posts, every block type,
// about 15,000 characters, repeated 4 times) — three rounds, each in a fresh browser context
// (nothing cached): the time from the HTML's last byte (navigation responseEnd) to the
// editor's `editor-ready` mark, the part of it spent in the editor's own start-up
// (`editor-start` → `editor-ready`), and the page's DOMContentLoaded in the same load for
// comparison. Medians are printed.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { cliActor } from '../src/audit/service.ts';
import { createPost } from '../src/content/service.ts';
import { demoPosts } from '../src/demo/content.ts';
import { buildEditorBundle, editorBundle } from '../src/editor/build.ts';
import { openEditorSession } from '../e2e/editor-session.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

await buildEditorBundle();
const bundle = readFileSync(editorBundle);
const gzipped = gzipSync(bundle, { level: 9 }).length;
console.log(`bundle: ${(bundle.length / 1024).toFixed(1)} KiB, gzipped ${(gzipped / 1024).toFixed(1)} KiB (limit 250 KB)`);

const s = await openEditorSession();
try {
  const long = Array.from({ length: 4 }, () => demoPosts.map((p) => p.markdown.trim()).join('\n\n')).join('\n\n') + '\n';
  const post = await createPost(s.t.db, { title: '長い記事', markdown: long, status: 'draft', authorId: s.authorId }, cliActor);
  const cases = [
    { name: 'new post', path: '/admin/posts/new', chars: 0 },
    { name: 'long post', path: `/admin/posts/${post.id}`, chars: long.length },
  ];
  const cookies = await s.context.cookies();
  console.log('| page | characters | ready after HTML (ms) | editor start-up (ms) | DOMContentLoaded (ms) |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const c of cases) {
    const ready: number[] = [];
    const startup: number[] = [];
    const dcl: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const context = await s.browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'ja-JP' });
      await context.addCookies(cookies);
      const page = await context.newPage();
      await page.goto(`${s.base}${c.path}`);
      await page.locator('#visual-editor[data-ready="true"]').waitFor({ state: 'attached' });
      const m = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        const readyAt = performance.getEntriesByName('editor-ready')[0]!.startTime;
        const startAt = performance.getEntriesByName('editor-start')[0]!.startTime;
        return { ready: readyAt - nav.responseEnd, startup: readyAt - startAt, dcl: nav.domContentLoadedEventEnd - nav.responseEnd };
      });
      ready.push(m.ready);
      startup.push(m.startup);
      dcl.push(m.dcl);
      await context.close();
    }
    console.log(`| ${c.name} | ${c.chars} | ${median(ready).toFixed(0)} | ${median(startup).toFixed(0)} | ${median(dcl).toFixed(0)} |`);
  }
} finally {
  await s.close();
}
