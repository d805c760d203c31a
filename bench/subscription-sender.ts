// A sending process for bench/subscriptions.ts: wired as a serving process is (it can make
// post mails queued without their text), it sends due mail at MAIL_RATE_PER_MINUTE until
// killed. DATABASE_URL, BENCH_PG_SCHEMA, KAWARABAN_DATA_KEYS, SMTP_URL and BENCH_LOCK_MS
// come from the parent.
import { openDatabase } from '../src/db/connection.ts';
import { deliverDue, smtpTransport } from '../src/mail/outbox.ts';
import { createSealer } from '../src/privacy/crypto.ts';
import { parseKeys } from '../src/privacy/keys.ts';
import { wireSubscriptions } from '../src/subscriptions/jobs.ts';

// The pool a serving process has (PostgreSQL: 10 connections).
const db = await openDatabase(process.env.DATABASE_URL!, process.env.BENCH_PG_SCHEMA ? { schema: process.env.BENCH_PG_SCHEMA } : {});
const sealer = createSealer(parseKeys(process.env.KAWARABAN_DATA_KEYS!));
const mailFrom = 'no-reply@bench.example.jp';
wireSubscriptions(db, sealer, { siteUrl: 'https://bench.example.jp', mailFrom });
const transport = smtpTransport(process.env.SMTP_URL!);
const rate = Number(process.env.MAIL_RATE_PER_MINUTE ?? 6000);
const lockMs = Number(process.env.BENCH_LOCK_MS ?? 10_000);
process.send?.('ready');
for (;;) {
  const r = await deliverDue(db, sealer, transport, mailFrom, new Date(), { ratePerMinute: rate, lockMs });
  if (r.limited) await new Promise((res) => setTimeout(res, 1005 - (Date.now() % 1000)));
  else if (r.sent + r.retried + r.failed === 0) await new Promise((res) => setTimeout(res, 100));
}
