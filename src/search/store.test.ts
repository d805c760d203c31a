// The lists ranking starts from (the newest matches, the newest with a word in the title) and
// the count, on 1,300 indexed posts: enough that a common word has more matches than the cap,
// so PostgreSQL walks the posts from the newest (its titled list
// taken from the title index when under 500 titles have the word, by the walk otherwise),
// and a rare word takes the other way. Both engines must give the lists worked out here.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Db } from '../db/connection.ts';
import { inTransaction } from '../db/transaction.ts';
import { createTestDb, type TestDb } from '../testing/db.ts';
import * as store from './store.ts';

const POSTS = 1300;
const CAP = 1001;
const SIZE = 200;

/** Post i: 鍵 in its text unless i is a multiple of 10 (those say 本文), and in its title when
 * i is a multiple of 7; newer as i grows. */
function doc(i: number, title = i % 7 === 0 ? `鍵の記事 ${i}` : `記事 ${i}`): store.SearchDocument {
  return {
    post_id: i,
    title,
    body: i % 10 === 0 ? `本文 ${i}` : `鍵の管理 ${i}`,
    published_at: new Date(Date.UTC(2020, 0, 1) + i * 3600_000).toISOString(),
    year: '2020',
  };
}

/** What the search service asks for one word: the count and both lists. */
async function pool(db: Db, word: string): Promise<store.Pool> {
  const filter = { groups: [[word]], excluded: [] };
  const fts = db.kind === 'sqlite' ? store.ftsExpression(filter) : undefined;
  if (fts) {
    return {
      total: await store.ftsCount(db.kysely, fts, CAP),
      titled: await store.ftsNewest(db.kysely, fts, SIZE, undefined, [word]),
      newest: await store.ftsNewest(db.kysely, fts, SIZE),
    };
  }
  return store.candidatePool(db.kysely, db.kind, filter, SIZE, [word], CAP);
}

/** Post ids from the newest, of those that pass `test`, at most SIZE. */
function newest(test: (i: number) => boolean): number[] {
  const ids: number[] = [];
  for (let i = POSTS; i >= 1 && ids.length < SIZE; i--) if (test(i)) ids.push(i);
  return ids;
}

const ids = (rows: store.PoolRow[]) => rows.map((r) => r.post_id);

describe('candidate pool', () => {
  let t: TestDb;
  before(async () => {
    t = await createTestDb();
    await inTransaction(t.db, async (trx) => {
      for (let i = 1; i <= POSTS; i++) await store.putDocument(trx, t.db.kind, doc(i));
    });
  });
  after(() => t.cleanup());

  it('lists the newest matches and the newest with the word in the title when most posts match', async () => {
    const p = await pool(t.db, '鍵');
    assert.equal(p.total, CAP);
    assert.deepEqual(
      ids(p.newest),
      newest((i) => i % 10 !== 0 || i % 7 === 0),
    );
    assert.deepEqual(
      ids(p.titled),
      newest((i) => i % 7 === 0),
    );
  });

  it('lists the newest titled matches when most titles have the word', async () => {
    const p = await pool(t.db, '記事');
    assert.equal(p.total, CAP);
    assert.deepEqual(
      ids(p.newest),
      newest(() => true),
    );
    assert.deepEqual(
      ids(p.titled),
      newest(() => true),
    );
  });

  it('lists every match of a rare word, and no titled posts when no title has it', async () => {
    const p = await pool(t.db, '本文');
    assert.equal(p.total, POSTS / 10);
    assert.deepEqual(
      ids(p.newest),
      newest((i) => i % 10 === 0),
    );
    assert.deepEqual(p.titled, []);
  });

  it('follows a title that gains or loses the word, and a post taken out of the index', async () => {
    await inTransaction(t.db, async (trx) => {
      await store.putDocument(trx, t.db.kind, doc(1291, '本文の記事'));
      await store.putDocument(trx, t.db.kind, doc(1295, '管理の記事'));
      await store.removeDocument(trx, t.db.kind, 1290);
    });
    assert.deepEqual(ids((await pool(t.db, '本文')).titled), [1291]);
    assert.deepEqual(ids((await pool(t.db, '管理')).titled), [1295]);
    assert.ok(!ids((await pool(t.db, '本文')).newest).includes(1290));
  });

  it('takes quotes, backslashes and dollar signs in a word as text', async () => {
    const odd = `a'b$k$c\\d$$e`;
    await inTransaction(t.db, (trx) => store.putDocument(trx, t.db.kind, { ...doc(1296), title: `題 ${odd}`, body: odd }));
    const p = await pool(t.db, odd);
    assert.equal(p.total, 1);
    assert.deepEqual(ids(p.titled), [1296]);
    assert.equal((await pool(t.db, `a'b$k$c\\dx`)).total, 0);
    await inTransaction(t.db, (trx) => store.putDocument(trx, t.db.kind, { ...doc(1297), body: '値は x$k です' }));
    assert.deepEqual(ids((await pool(t.db, 'x$k')).newest), [1297]);
    assert.equal((await pool(t.db, `$k$'); drop table search_documents; --`)).total, 0);
    assert.equal((await pool(t.db, '鍵')).total, CAP);
  });
});
