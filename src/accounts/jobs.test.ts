import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cliActor } from '../audit/service.ts';
import { createTestDb, type TestDb } from '../testing/db.ts';
import { startAccountJobs } from './jobs.ts';
import { createUser, signIn } from './service.ts';
import * as store from './store.ts';

describe('accounts jobs', () => {
  let t: TestDb;
  before(async () => {
    t = await createTestDb();
  });
  after(() => t.cleanup());

  it('deletes sessions past their absolute limit and keeps the others', async () => {
    const id = await createUser(
      t.db,
      { email: 'jobs@example.jp', displayName: 'ジョブ', role: 'editor', password: 'correct horse battery staple 9' },
      cliActor,
    );
    const old = await signIn(t.db, 'jobs@example.jp', 'correct horse battery staple 9', '10.0.0.1', 'test');
    const fresh = await signIn(t.db, 'jobs@example.jp', 'correct horse battery staple 9', '10.0.0.2', 'test');
    assert.ok(old.ok && fresh.ok);
    await store.updateSession(t.db.kysely, old.session.tokenHash, { expires_at: new Date(Date.now() - 1000).toISOString() });
    const jobs = startAccountJobs(t.db, (err) => assert.fail(String(err)), 3_600_000);
    try {
      await jobs.tick();
    } finally {
      jobs.stop();
    }
    const left = await store.sessionsOfUser(t.db.kysely, id);
    assert.deepEqual(
      left.map((s) => s.token_hash),
      [fresh.session.tokenHash],
    );
  });
});
