import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase, type Db } from './connection.ts';

describe('queries queued for the one SQLite connection', () => {
  let dir: string;
  let db: Db;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kawaraban-fair-'));
    db = await openDatabase(path.join(dir, 'fair.sqlite'));
  });
  after(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const query = (n: number) => sql<{ n: number }>`select ${n} as n`.execute(db.kysely).then((r) => r.rows[0]!.n);

  it('are answered in the order they were asked', async () => {
    const done: number[] = [];
    await Promise.all(Array.from({ length: 200 }, (_, i) => query(i).then((n) => done.push(n))));
    assert.deepEqual(
      done,
      Array.from({ length: 200 }, (_, i) => i),
    );
  });

  it('let the event loop read sockets between them, so a long queue never starves a request', async () => {
    let turns = 0;
    const timer = setInterval(() => turns++, 0);
    const started = Date.now();
    // Two hundred "requests" of five queries each, all in flight at once, as under load.
    await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        for (let q = 0; q < 5; q++) await query(i);
      }),
    );
    clearInterval(timer);
    // Before the queue, the whole batch ran as one chain of promise callbacks: no timer ran.
    assert.ok(turns > 10, `the event loop turned ${turns} times in ${Date.now() - started} ms`);
  });

  it('keep a transaction to itself: queries from elsewhere wait until it ends', async () => {
    await sql`create table if not exists t (v integer)`.execute(db.kysely);
    const seen: string[] = [];
    const tx = db.kysely.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      await sql`insert into t (v) values (1)`.execute(conn);
      seen.push('in transaction');
      await new Promise((r) => setTimeout(r, 20));
      await sql`rollback`.execute(conn);
    });
    const outside = sql<{ c: number }>`select count(*) as c from t`.execute(db.kysely).then((r) => {
      seen.push('outside');
      return Number(r.rows[0]!.c);
    });
    await tx;
    assert.equal(await outside, 0, 'the outside query did not see the uncommitted row');
    assert.deepEqual(seen, ['in transaction', 'outside']);
  });
});
