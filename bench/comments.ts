// Uncached render of a post page with 300 approved comments (100 on the page, 20 of them
// with an author's reply; the rest on /posts/SLUG/comments?page=2 and 3) against the same
// post without comments, in process with the page cache off. Both are measured in the same
// run, alternating, three rounds; the median round is reported.
//
//   node --import tsx bench/comments.ts            (BENCH_REQUESTS=1000 per side and round)
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../src/app.ts';
import { cliActor } from '../src/audit/service.ts';
import { createAuthor, createPost } from '../src/content/service.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connection.ts';
import { migrate } from '../src/db/migrate.ts';
import { buildServer } from '../src/web/server.ts';

const requests = Number(process.env.BENCH_REQUESTS ?? 1000);
const rounds = 3;
const dir = mkdtempSync(path.join(os.tmpdir(), 'kawaraban-bench-comments-'));
const db = await openDatabase(path.join(dir, 'bench.sqlite'));
await migrate(db);
const author = await createAuthor(db, { slug: 'bench', displayName: '見本' });
const body = '個人情報保護委員会への報告について、速報と確報の期限を整理します。'.repeat(40);
for (const slug of ['with-comments', 'without-comments'])
  await createPost(
    db,
    {
      title: `漏えい等報告の期限（${slug}）`,
      slug,
      status: 'published',
      authorId: author,
      markdown: `${body}\n\n:::commentary\n私のコメントです。\n:::`,
    },
    cliActor,
  );
const post = await db.kysely.selectFrom('posts').select('id').where('slug', '=', 'with-comments').executeTakeFirstOrThrow();
const start = Date.parse('2024-01-01T00:00:00Z');
const rows = Array.from({ length: 300 }, (_, i) => ({
  post_id: post.id,
  author_name: `読者${i + 1}`,
  author_email: null,
  author_ip: null,
  author_url: null,
  body: `${i + 1}番目のコメントです。確報の30日はどこから数えるのでしょうか。\n参考: https://www.ppc.go.jp/personalinfo/legal/`,
  created_at: new Date(start + i * 60_000).toISOString(),
  source_key: `bench:${i}`,
}));
for (let i = 0; i < rows.length; i += 100)
  await db.kysely
    .insertInto('comments')
    .values(rows.slice(i, i + 100))
    .execute();
const tops = await db.kysely.selectFrom('comments').select('id').orderBy('id').limit(20).execute();
await db.kysely
  .insertInto('comments')
  .values(
    tops.map((t, i) => ({
      post_id: post.id,
      author_name: '見本',
      author_email: null,
      author_ip: null,
      author_url: null,
      body: 'ご質問ありがとうございます。',
      created_at: new Date(start + (i + 1) * 3600_000).toISOString(),
      source_key: `bench:reply:${i}`,
      parent_id: t.id,
      by_author: 1,
    })),
  )
  .execute();

const app = await createApp({ ...loadConfig({ LOG_LEVEL: 'silent' }), pageCache: false }, db);
const server = await buildServer(app, { logLevel: 'silent' });
await server.ready();

async function measure(url: string): Promise<{ ms: number; bytes: number }> {
  let bytes = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < requests; i++) {
    // The answer's bytes as a socket would take them: the payload as a string would add a
    // decode of the whole page to the measurement, which no real client costs the server.
    const res = await server.inject({ url, payloadAsStream: true });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
    bytes = 0;
    for await (const chunk of res.stream()) bytes += (chunk as Buffer).length;
  }
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6 / requests, bytes };
}

// Warm up both.
await measure('/posts/without-comments');
await measure('/posts/with-comments');
const results: Array<{ without: number; with: number; bytesWithout: number; bytesWith: number }> = [];
for (let r = 0; r < rounds; r++) {
  const a = await measure('/posts/without-comments');
  const b = await measure('/posts/with-comments');
  results.push({ without: a.ms, with: b.ms, bytesWithout: a.bytes, bytesWith: b.bytes });
}
results.sort((x, y) => x.with / x.without - y.with / y.without);
const m = results[Math.floor(rounds / 2)]!;
const page2 = await measure('/posts/with-comments/comments?page=2');
console.log('| page | uncached ms / request (median of 3 rounds) | HTML |');
console.log('| --- | --- | --- |');
console.log(`| post without comments | ${m.without.toFixed(3)} | ${(m.bytesWithout / 1024).toFixed(0)} KiB |`);
console.log(
  `| same post, 300 approved comments (100 + 20 replies shown) | ${m.with.toFixed(3)} | ${(m.bytesWith / 1024).toFixed(0)} KiB |`,
);
console.log(`| ratio | ${(m.with / m.without).toFixed(2)}× | |`);
console.log(`| /posts/SLUG/comments?page=2 (comments 101–200) | ${page2.ms.toFixed(3)} | ${(page2.bytes / 1024).toFixed(0)} KiB |`);
await server.close();
await app.close();
rmSync(dir, { recursive: true, force: true });
