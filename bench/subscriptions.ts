// Subscriptions under load: N confirmed subscribers (sealed emails); each round publishes a
// post and times the publish transaction that queues all N mails; then, per sending round, a
// separate sending process (bench/subscription-sender.ts) delivers one post's mails to a local
// SMTP server at MAIL_RATE_PER_MINUTE (6,000 here), is killed with SIGKILL when half of them
// have arrived, and a new one finishes. The receiving server counts distinct and duplicate
// (Message-ID, recipient) pairs — the Message-ID is stable per post and subscriber — so
// missing = N − distinct pairs and duplicates = deliveries − distinct pairs. Bounded: each
// sending phase stops after --limit seconds whatever happened.
//
//   node --import tsx bench/subscriptions.ts [--engine sqlite|postgres] [--subscribers N]
//        [--rounds N] [--send-rounds N] [--limit SECONDS]
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { cliActor } from '../src/audit/service.ts';
import { createAuthor, createPost, updatePost } from '../src/content/service.ts';
import { openDatabase, type Db } from '../src/db/connection.ts';
import { migrate } from '../src/db/migrate.ts';
import { createSealer } from '../src/privacy/crypto.ts';
import { newKeyLine, parseKeys } from '../src/privacy/keys.ts';
import { wireSubscriptions } from '../src/subscriptions/jobs.ts';

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string' },
    subscribers: { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '3' },
    'send-rounds': { type: 'string', default: '1' },
    limit: { type: 'string', default: '150' },
  },
});
const N = Number(args.subscribers);
const ROUNDS = Number(args.rounds);
const SEND_ROUNDS = Math.min(ROUNDS, Number(args['send-rounds']));
const LIMIT_S = Number(args.limit);
const RATE = Number(process.env.MAIL_RATE_PER_MINUTE ?? 6000);
const LOCK_MS = 10_000;
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const engines = args.engine ? [args.engine] : ['sqlite', 'postgres'];
const keys = newKeyLine('bench');
const sealer = createSealer(parseKeys(keys));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The load average as `uptime` shows it (1, 5, 15 minutes). */
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(', ');

interface Opened {
  db: Db;
  url: string;
  schema?: string;
  cleanup(): Promise<void>;
}

async function open(engine: string): Promise<Opened> {
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

/** An SMTP server that reads only each message's headers (the Message-ID) and its envelope
 * recipient: cheap enough not to be the bottleneck at 100 mails a second. */
async function countingSmtp() {
  const got: Array<{ to: string; id: string; at: number }> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      let head = '';
      let done = false;
      stream.on('data', (chunk: Buffer) => {
        if (done) return;
        head += chunk.toString('latin1');
        const end = head.indexOf('\r\n\r\n');
        if (end >= 0) [head, done] = [head.slice(0, end), true];
      });
      stream.on('end', () => {
        const id = /^message-id:\s*(\S+)/im.exec(head.replace(/\r\n[ \t]+/g, ' '))?.[1] ?? '';
        got.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), id, at: performance.now() });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { url: `smtp://127.0.0.1:${port}`, got, close: () => new Promise<void>((r) => server.close(() => r())) };
}

function startSender(t: Opened, smtpUrl: string): Promise<ChildProcess> {
  const child = fork(path.join(import.meta.dirname, 'subscription-sender.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      DATABASE_URL: t.url,
      BENCH_PG_SCHEMA: t.schema ?? '',
      KAWARABAN_DATA_KEYS: keys,
      SMTP_URL: smtpUrl,
      MAIL_RATE_PER_MINUTE: String(RATE),
      BENCH_LOCK_MS: String(LOCK_MS),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve) => child.once('message', () => resolve(child)));
}

async function seed(db: Db): Promise<void> {
  const now = new Date().toISOString();
  const consent = await db.kysely
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
    await db.kysely.insertInto('subscribers').values(rows).execute();
  }
}

const count = async (db: Db, postId: number, status: 'pending' | 'sent' | 'failed') =>
  Number(
    (
      await db.kysely
        .selectFrom('mail_outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('post_id', '=', postId)
        .where('status', '=', status)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Mails of the other posts wait (far in the future) while one post is sent. */
async function holdAllBut(db: Db, postId: number | null, postIds: number[]): Promise<void> {
  const others = postIds.filter((id) => id !== postId);
  if (others.length)
    await db.kysely
      .updateTable('mail_outbox')
      .set({ next_attempt_at: '9999-01-01T00:00:00.000Z' })
      .where('post_id', 'in', others)
      .execute();
  if (postId !== null)
    await db.kysely
      .updateTable('mail_outbox')
      .set({ next_attempt_at: new Date(0).toISOString() })
      .where('post_id', '=', postId)
      .execute();
}

interface SendRound {
  seconds: number;
  steadyPerMinute: number;
  killedAt: number;
  acceptedNotMarked: number;
  delivered: number;
  missing: number;
  duplicates: number;
  failed: number;
  timedOut: boolean;
}

async function sendRound(t: Opened, postId: number): Promise<SendRound> {
  const smtp = await countingSmtp();
  try {
    const start = performance.now();
    const deadline = Date.now() + LIMIT_S * 1000;
    let sender = await startSender(t, smtp.url);
    while (smtp.got.length < N / 2 && Date.now() < deadline) await sleep(10);
    sender.kill('SIGKILL');
    const killedAt = smtp.got.length;
    const steady = killedAt > 1 ? ((killedAt - 1) / (smtp.got.at(-1)!.at - smtp.got[0]!.at)) * 60_000 : 0;
    await sleep(200); // the dead process's last bytes reach the server
    const acceptedNotMarked = smtp.got.length - (await count(t.db, postId, 'sent'));
    sender = await startSender(t, smtp.url);
    while ((await count(t.db, postId, 'pending')) > 0 && Date.now() < deadline) await sleep(250);
    const timedOut = (await count(t.db, postId, 'pending')) > 0;
    await sleep(500);
    sender.kill('SIGKILL');
    const seconds = (performance.now() - start) / 1000;
    const pairs = new Set(smtp.got.map((m) => `${m.id} ${m.to}`));
    return {
      seconds,
      steadyPerMinute: Math.round(steady),
      killedAt,
      acceptedNotMarked,
      delivered: smtp.got.length,
      missing: N - pairs.size,
      duplicates: smtp.got.length - pairs.size,
      failed: await count(t.db, postId, 'failed'),
      timedOut,
    };
  } finally {
    await smtp.close();
  }
}

async function run(engine: string) {
  const loadBefore = load();
  const t = await open(engine);
  try {
    await seed(t.db);
    wireSubscriptions(t.db, sealer, { siteUrl: 'https://bench.example.jp', mailFrom: 'no-reply@bench.example.jp' });
    const author = await createAuthor(t.db, { slug: 'bench', displayName: '計測' });
    const body =
      Array.from({ length: 12 }, (_, i) => `第${i + 1}段落。個人情報保護委員会の発表について、事業者が確認すべき点をまとめます。`).join(
        '\n\n',
      ) + '\n\n::source{url="https://www.ppc.go.jp/" title="発表" publisher="個人情報保護委員会"}\n\n:::commentary\n私の見方です。\n:::';
    const queue: number[] = [];
    const postIds: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const draft = await createPost(
        t.db,
        { title: `計測用の記事 ${round + 1}`, slug: `bench-${round}`, status: 'draft', authorId: author, markdown: body },
        cliActor,
      );
      const start = performance.now();
      await updatePost(t.db, Number(draft.id), { status: 'published' });
      queue.push((performance.now() - start) / 1000);
      const queued = await count(t.db, Number(draft.id), 'pending');
      if (queued !== N) throw new Error(`round ${round + 1} queued ${queued}, not ${N}`);
      postIds.push(Number(draft.id));
      console.error(`${engine}: publish ${round + 1} queued ${queued} in ${queue.at(-1)!.toFixed(2)} s (load ${load()})`);
    }
    const sends: SendRound[] = [];
    for (let round = 0; round < SEND_ROUNDS; round++) {
      await holdAllBut(t.db, postIds[round]!, postIds);
      const s = await sendRound(t, postIds[round]!);
      console.error(`${engine}: send ${round + 1} ${JSON.stringify(s)} (load ${load()})`);
      sends.push(s);
    }
    return { engine, queue, sends, load: `${loadBefore} → ${load()}` };
  } finally {
    await t.cleanup();
  }
}

const results = [];
for (const engine of engines) results.push(await run(engine));

const fmt = (xs: number[], digits: number) => xs.map((x) => x.toFixed(digits)).join(' / ');
console.log(
  `\n${new Date().toISOString().slice(0, 16)} UTC, Node ${process.version}, ${N} confirmed subscribers, MAIL_RATE_PER_MINUTE=${RATE}\n`,
);
console.log(
  '| engine | publish → all queued, s (rounds → median) | send phase, s | mails/min before the kill | killed after | accepted, not marked at the kill | delivered | missing | duplicates | load (1, 5, 15 min) |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of results) {
  const m = (f: (s: SendRound) => number) => median(r.sends.map(f));
  console.log(
    `| ${r.engine} | ${fmt(r.queue, 2)} → **${median(r.queue).toFixed(2)}** | ${fmt(
      r.sends.map((s) => s.seconds),
      1,
    )}${r.sends.some((s) => s.timedOut) ? ' (time limit)' : ''} | ${m((s) => s.steadyPerMinute)} | ${r.sends.map((s) => s.killedAt).join(' / ')} | ${r.sends
      .map((s) => s.acceptedNotMarked)
      .join(' / ')} | ${r.sends.map((s) => s.delivered).join(' / ')} | ${r.sends.map((s) => s.missing).join(' / ')} | ${r.sends
      .map((s) => s.duplicates)
      .join(' / ')} | ${r.load} |`,
  );
}
process.exit(0);
