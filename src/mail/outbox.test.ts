import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Db } from '../db/connection.ts';
import { inTransaction } from '../db/transaction.ts';
import { createSealer } from '../privacy/crypto.ts';
import { newKeyLine, parseKeys } from '../privacy/keys.ts';
import { createTestDb, type TestDb } from '../testing/db.ts';
import { composeMailsOf, deliverDue, enqueueLater, enqueueMail, type MailTransport, type OutgoingMessage } from './outbox.ts';

const sealer = createSealer(parseKeys(newKeyLine('outbox-test')));
const from = 'no-reply@blog.example.jp';

describe('mail outbox', () => {
  let t: TestDb;
  before(async () => void (t = await createTestDb()));
  after(async () => await t.cleanup());
  beforeEach(async () => void (await t.db.kysely.deleteFrom('mail_outbox').execute()));

  const queue = (n: number, key = (i: number) => `test:${i}`) =>
    inTransaction(t.db, async (trx) => {
      for (let i = 0; i < n; i++)
        await enqueueMail(trx, sealer, { to: `r${i}@example.jp`, subject: `件名${i}`, text: '本文', kind: 'test', dedupeKey: key(i) });
    });
  const recorder = () => {
    const sent: OutgoingMessage[] = [];
    const transport: MailTransport = { send: async (m) => void sent.push(m) };
    return { sent, transport };
  };
  const statuses = async () => (await t.db.kysely.selectFrom('mail_outbox').select('status').orderBy('id').execute()).map((r) => r.status);

  it('gives a retried mail the same Message-ID, one per dedupe key', async () => {
    await queue(2);
    const ids: string[] = [];
    let refuse = true;
    const transport: MailTransport = {
      async send(m) {
        ids.push(m.messageId!);
        if (refuse && m.to === 'r0@example.jp') throw Object.assign(new Error('try again later'), { responseCode: 451 });
      },
    };
    const now = new Date();
    assert.deepEqual(await deliverDue(t.db, sealer, transport, from, now, { concurrency: 1 }), { sent: 1, retried: 1, failed: 0 });
    refuse = false;
    assert.deepEqual(await deliverDue(t.db, sealer, transport, from, new Date(now.getTime() + 3600_000)), {
      sent: 1,
      retried: 0,
      failed: 0,
    });
    assert.equal(ids.length, 3);
    assert.equal(ids[2], ids[0], 'the retry carries the first attempt’s Message-ID');
    assert.notEqual(ids[1], ids[0]);
    assert.match(ids[0]!, /^<k\.[\w-]+@blog\.example\.jp>$/);
  });

  it('marks each mail sent as soon as the server accepted it, not after the batch', async () => {
    await queue(3);
    const seen: string[][] = [];
    const transport: MailTransport = { send: async () => void seen.push(await statuses()) };
    await deliverDue(t.db, sealer, transport, from, new Date(), { concurrency: 1 });
    assert.deepEqual(seen, [
      ['pending', 'pending', 'pending'],
      ['sent', 'pending', 'pending'],
      ['sent', 'sent', 'pending'],
    ]);
    assert.deepEqual(await statuses(), ['sent', 'sent', 'sent']);
  });

  it('keeps to the send rate across processes: one second’s share in all', async () => {
    await queue(30);
    const other = await t.openAnother();
    try {
      const { sent, transport } = recorder();
      const now = new Date('2031-01-01T00:00:00.500Z');
      // Each process sends until the rate stops it (or finds nothing it could take).
      const limited: boolean[] = [];
      const pump = async (db: Db) => {
        for (;;) {
          const r = await deliverDue(db, sealer, transport, from, now, { ratePerMinute: 600, batch: 4 });
          if (r.limited || r.sent === 0) return void limited.push(Boolean(r.limited));
        }
      };
      await Promise.all([pump(t.db), pump(other)]);
      assert.equal(sent.length, 10, '600 a minute is 10 in any one second');
      assert.equal(new Set(sent.map((m) => m.to)).size, 10);
      assert.ok(limited.includes(true));
      const next = await deliverDue(t.db, sealer, transport, from, new Date('2031-01-01T00:00:01.100Z'), { ratePerMinute: 600, batch: 50 });
      assert.equal(next.sent, 10, 'the next second has its own share');
    } finally {
      await other.close();
    }
  });

  it('makes a mail queued without its text when it is sent, in a process that can compose its kind', async () => {
    await inTransaction(t.db, (trx) =>
      enqueueLater(trx, [
        { kind: 'later', subject: '後で作る', dedupeKey: 'later:1' },
        { kind: 'later', subject: '送らない', dedupeKey: 'later:2' },
        { kind: 'later', subject: '二度目', dedupeKey: 'later:1' },
      ]),
    );
    const rows = await t.db.kysely.selectFrom('mail_outbox').selectAll().orderBy('id').execute();
    assert.deepEqual(
      rows.map((r) => [r.subject, r.recipient, r.body]),
      [
        ['後で作る', '', ''],
        ['送らない', '', ''],
      ],
      'one row per key, and nothing personal in it',
    );
    const { sent, transport } = recorder();
    assert.deepEqual(await deliverDue(t.db, sealer, transport, from), { sent: 0, retried: 0, failed: 0 }, 'left alone without a composer');
    const remove = composeMailsOf(t.db, 'later', async (mails) => {
      const made = new Map();
      for (const m of mails)
        made.set(m.id, m.id === Number(rows[0]!.id) ? { to: 'later@example.jp', subject: '後で作る', text: '作った本文' } : null);
      return made;
    });
    try {
      assert.deepEqual(await deliverDue(t.db, sealer, transport, from), { sent: 1, retried: 0, failed: 1 });
    } finally {
      remove();
    }
    assert.deepEqual(
      sent.map((m) => [m.to, m.text]),
      [['later@example.jp', '作った本文']],
    );
    assert.deepEqual(await statuses(), ['sent', 'failed']);
  });
});
