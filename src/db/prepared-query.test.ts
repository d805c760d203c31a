import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDb, type TestDb } from '../testing/db.ts';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';
import type { DatabaseKind } from './connection.ts';
import { preparedQuery } from './prepared-query.ts';

type Q = Kysely<Database> | Transaction<Database>;

describe('a query compiled once and run with new values', () => {
  let t: TestDb;
  before(async () => {
    t = await createTestDb();
    const now = new Date().toISOString();
    await t.db.kysely
      .insertInto('authors')
      .values({ slug: 'a', display_name: '著者', profile: '', greeting: '', signoff: '', created_at: now } as never)
      .execute();
  });
  after(() => t.cleanup());

  const bySlug = preparedQuery((db: Q, _kind: DatabaseKind, slug: string) =>
    db.selectFrom('authors').select(['slug', 'display_name']).where('slug', '=', slug).where('display_name', '!=', ''),
  );

  it('answers each call with its own values, the constants staying as built', async () => {
    assert.deepEqual(await bySlug(t.db.kysely, t.db.kind, 'a'), [{ slug: 'a', display_name: '著者' }]);
    assert.deepEqual(await bySlug(t.db.kysely, t.db.kind, 'nobody'), []);
    assert.deepEqual(await bySlug(t.db.kysely, t.db.kind, 'a'), [{ slug: 'a', display_name: '著者' }]);
  });

  it('runs inside a transaction too', async () => {
    const rows = await t.db.kysely.transaction().execute((trx) => bySlug(trx, t.db.kind, 'a'));
    assert.equal(rows.length, 1);
  });

  it('refuses a builder that does not pass each value to the query once', async () => {
    const twice = preparedQuery((db: Q, _kind: DatabaseKind, slug: string) =>
      db.selectFrom('authors').select('slug').where('slug', '=', slug).where('display_name', '=', slug),
    );
    await assert.rejects(twice(t.db.kysely, t.db.kind, 'a'), /used twice/);
    const unused = preparedQuery((db: Q, _kind: DatabaseKind, _slug: string) => db.selectFrom('authors').select('slug'));
    await assert.rejects(unused(t.db.kysely, t.db.kind, 'a'), /every value/);
  });
});
