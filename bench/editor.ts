// The visual editor: bundle size (raw and gzipped) and how long after the page arrives the
// editor is ready, in Chromium on loopback. `npm run bench:editor`.
//
// For each of two posts — a new empty one and a long one (the demo posts, every block type,
// about 15,000 characters, repeated 4 times) — three rounds, each in a fresh browser context
// (nothing cached): the time from navigation start (performance.timeOrigin) to the editor's
// `editor-ready` mark (set once its view is mounted and takes input) — the figure the issue
// bounds at 300 ms —, the part of it spent in the editor's own start-up (`editor-start` →
// `editor-ready`), when the bundle starts running (its first line's `editor-script` mark:
// before it, fetching and compiling), and, for comparison in the same load, the HTML's last byte
// (responseEnd) and DOMContentLoaded. Medians are printed.
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
  console.log(
    '| page | characters | ready after navigation start (ms) | bundle starts running (ms) | editor start-up (ms) | HTML received (ms) | DOMContentLoaded (ms) |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const c of cases) {
    const ready: number[] = [];
    const startup: number[] = [];
    const dcl: number[] = [];
    const html: number[] = [];
    const script: number[] = [];
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
        // Entry times are measured from timeOrigin, the navigation's start.
        const scriptAt = performance.getEntriesByName('editor-script')[0]?.startTime ?? NaN;
        return { ready: readyAt, startup: readyAt - startAt, script: scriptAt, html: nav.responseEnd, dcl: nav.domContentLoadedEventEnd };
      });
      ready.push(m.ready);
      startup.push(m.startup);
      dcl.push(m.dcl);
      html.push(m.html);
      script.push(m.script);
      await context.close();
    }
    console.log(
      `| ${c.name} | ${c.chars} | ${median(ready).toFixed(0)} | ${median(script).toFixed(0)} | ${median(startup).toFixed(0)} | ${median(html).toFixed(0)} | ${median(dcl).toFixed(0)} |`,
    );
  }
} finally {
  await s.close();
}
