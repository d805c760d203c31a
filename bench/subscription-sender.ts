// A sending process for bench/subscriptions.ts: sends due mail at MAIL_RATE_PER_MINUTE until
// killed. DATABASE_URL, BENCH_PG_SCHEMA, KAWARABAN_DATA_KEYS and SMTP_URL come from the parent.
import { openDatabase } from '../src/db/connection.ts';
import { deliverDue, smtpTransport } from '../src/mail/outbox.ts';
import { createSealer } from '../src/privacy/crypto.ts';
import { parseKeys } from '../src/privacy/keys.ts';

const db = await openDatabase(
  process.env.DATABASE_URL!,
  process.env.BENCH_PG_SCHEMA ? { schema: process.env.BENCH_PG_SCHEMA, poolSize: 2 } : {},
);
const sealer = createSealer(parseKeys(process.env.KAWARABAN_DATA_KEYS!));
const transport = smtpTransport(process.env.SMTP_URL!);
const rate = Number(process.env.MAIL_RATE_PER_MINUTE ?? 6000);
process.send?.('ready');
for (;;) {
  const r = await deliverDue(db, sealer, transport, 'no-reply@bench.example.jp', new Date(), { ratePerMinute: rate, lockMs: 15_000 });
  if (r.limited) await new Promise((res) => setTimeout(res, 1005 - (Date.now() % 1000)));
  else if (r.sent + r.retried + r.failed === 0) await new Promise((res) => setTimeout(res, 200));
}
