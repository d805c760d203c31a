// Subscriptions under load, on SQLite and PostgreSQL in one run: 10,000 confirmed
// subscribers; a publish queues all their mails in its transaction (timed, median of three
// posts); then a separate sending process delivers the first post's mails to a local SMTP
// server at 6,000 a minute, is killed with SIGKILL halfway, and a new one finishes. Counts
// missing and duplicate deliveries per subscriber. Bounded: each sending phase stops after
// BENCH_SEND_LIMIT_S (default 240) seconds whatever happened.
//
//   node --import tsx bench/subscriptions.ts        (BENCH_SUBSCRIBERS, BENCH_ENGINES=sqlite,postgres)
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { cliActor } from '../src/audit/service.ts';
import { createAuthor, createPost, updatePost } from '../src/content/service.ts';
import { openDatabase, type Db } from '../src/db/connection.ts';
import { migrate } from '../src/db/migrate.ts';
import { createSealer } from '../src/privacy/crypto.ts';
import { newKeyLine, parseKeys } from '../src/privacy/keys.ts';
import { wireSubscriptions } from '../src/subscriptions/jobs.ts';
import { startTestSmtp } from '../src/testing/smtp.ts';

const N = Number(process.env.BENCH_SUBSCRIBERS ?? 10_000);
const RATE = Number(process.env.MAIL_RATE_PER_MINUTE ?? 6000);
const LIMIT_S = Number(process.env.BENCH_SEND_LIMIT_S ?? 240);
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const engines = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',');
const keys = newKeyLine('bench');
const sealer = createSealer(parseKeys(keys));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function open(engine: string): Promise<{ db: Db; url: string; schema?: string; cleanup: () => Promise<void> }> {
  if (engine === 'postgres') {
    const schema = `bench_subs_${process.pid}`;
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`create schema ${schema}`);
    await c.end();
    const db = await openDatabase(PG_URL, { schema, poolSize: 4 });
    await migrate(db);
    return {
      db,
      url: PG_URL,
      schema,
      async cleanup() {
        await db.close();
        const d = new pg.Client({ connectionString: PG_URL });
        await d.connect();
        await d.query(`drop schema ${schema} cascade`);
        await d.end();
      },
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kawaraban-bench-subs-'));
  const url = path.join(dir, 'bench.sqlite');
  const db = await openDatabase(url);
  await migrate(db);
  return { db, url, cleanup: async () => (await db.close(), rmSync(dir, { recursive: true, force: true })) };
}

function startSender(url: string, schema: string | undefined, smtpUrl: string): Promise<ChildProcess> {
  const child = fork(path.join(import.meta.dirname, 'subscription-sender.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      DATABASE_URL: url,
      BENCH_PG_SCHEMA: schema ?? '',
      KAWARABAN_DATA_KEYS: keys,
      SMTP_URL: smtpUrl,
      MAIL_RATE_PER_MINUTE: String(RATE),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve) => child.once('message', () => resolve(child)));
}

async function run(engine: string) {
  const t = await open(engine);
  const smtp = await startTestSmtp();
  try {
    const now = new Date().toISOString();
    const consent = await t.db.kysely
      .insertInto('consent_texts')
      .values({ hash: 'bench', text: 'bench notice', created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let i = 0; i < N; i += 500) {
      const rows = Array.from({ length: Math.min(500, N - i) }, (_, k) => {
        const ref = `bench-${i + k}`;
        const email = `reader${i + k}@bench.example.jp`;
        return {
          ref,
          email_hash: sealer.emailHash(email),
          email: sealer.seal(email, `subscriber.email:${ref}`),
          status: 'confirmed' as const,
          frequency: 'each' as const,
          categories: '[]',
          consent_id: Number(consent.id),
          consented_at: now,
          created_at: now,
          confirmed_at: now,
          confirm_nonce: null,
          failures: 0,
        };
      });
      await t.db.kysely.insertInto('subscribers').values(rows).execute();
    }
    wireSubscriptions(t.db, sealer, { siteUrl: 'https://bench.example.jp', mailFrom: 'no-reply@bench.example.jp' });
    const author = await createAuthor(t.db, { slug: 'bench', displayName: '計測' });
    const body =
      Array.from({ length: 12 }, (_, i) => `第${i + 1}段落。個人情報保護委員会の発表について、事業者が確認すべき点をまとめます。`).join(
        '\n\n',
      ) + '\n\n::source{url="https://www.ppc.go.jp/" title="発表" publisher="個人情報保護委員会"}\n\n:::commentary\n私の見方です。\n:::';
    const times: number[] = [];
    const postIds: number[] = [];
    for (let round = 0; round < 3; round++) {
      const draft = await createPost(
        t.db,
        { title: `計測用の記事 ${round + 1}`, slug: `bench-${round}`, status: 'draft', authorId: author, markdown: body },
        cliActor,
      );
      const start = performance.now();
      await updatePost(t.db, Number(draft.id), { status: 'published' });
      times.push((performance.now() - start) / 1000);
      const queued = Number(
        (
          await t.db.kysely
            .selectFrom('mail_outbox')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('post_id', '=', Number(draft.id))
            .executeTakeFirstOrThrow()
        ).n,
      );
      if (queued !== N) throw new Error(`round ${round + 1} queued ${queued}, not ${N}`);
      postIds.push(Number(draft.id));
    }
    // Only the first post's mails are sent.
    await t.db.kysely.deleteFrom('mail_outbox').where('post_id', 'in', postIds.slice(1)).execute();

    const start = performance.now();
    const deadline = Date.now() + LIMIT_S * 1000;
    let sender = await startSender(t.url, t.schema, smtp.url);
    while (smtp.messages.length < N / 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    sender.kill('SIGKILL');
    const killedAt = smtp.messages.length;
    sender = await startSender(t.url, t.schema, smtp.url);
    const pending = async () =>
      Number(
        (
          await t.db.kysely
            .selectFrom('mail_outbox')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('status', '=', 'pending')
            .executeTakeFirstOrThrow()
        ).n,
      );
    while ((await pending()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    await new Promise((r) => setTimeout(r, 500));
    sender.kill('SIGKILL');
    const seconds = (performance.now() - start) / 1000;
    const per = new Map<string, number>();
    for (const m of smtp.messages) per.set(m.to, (per.get(m.to) ?? 0) + 1);
    let missing = 0;
    for (let i = 0; i < N; i++) if (!per.has(`reader${i}@bench.example.jp`)) missing++;
    const duplicates = [...per.values()].reduce((a, n) => a + n - 1, 0);
    const distinctIds = new Set(smtp.messages.map((m) => m.messageId)).size;
    return {
      engine,
      queue: times,
      send: seconds,
      delivered: smtp.messages.length,
      killedAt,
      missing,
      duplicates,
      distinctIds,
      perMinute: Math.round((smtp.messages.length / seconds) * 60),
    };
  } finally {
    await smtp.close();
    await t.cleanup();
  }
}

const rows = [];
for (const engine of engines) {
  const r = await run(engine);
  console.error(JSON.stringify(r));
  rows.push(r);
}
console.log(
  `| engine | subscribers | publish → queued (s, 3 rounds, median) | send time (s) | mails/min | killed after | delivered | missing | duplicates | distinct Message-IDs |`,
);
console.log(`| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`);
for (const r of rows)
  console.log(
    `| ${r.engine} | ${N} | ${r.queue.map((x) => x.toFixed(2)).join(' / ')} → **${median(r.queue).toFixed(2)}** | ${r.send.toFixed(1)} | ${r.perMinute} | ${r.killedAt} | ${r.delivered} | ${r.missing} | ${r.duplicates} | ${r.distinctIds} |`,
  );
process.exit(0);
