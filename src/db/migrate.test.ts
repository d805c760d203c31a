import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { createTestDb, testEngine, testPostgresUrl } from '../testing/db.ts';
import { migrate } from './migrate.ts';

describe('migrations', () => {
  it('run again as a no-op', async () => {
    const t = await createTestDb();
    try {
      assert.deepEqual(await migrate(t.db), []);
    } finally {
      await t.cleanup();
    }
  });

  // Kysely reads every schema's catalog to find its tables; a schema dropped meanwhile (as
  // parallel test files do) once failed a migration with "schema … does not exist" (seen in
  // the server log of a full test run). The window is narrow, so this reproduces it rarely;
  // it checks that migrations carry on while schemas come and go.
  if (testEngine === 'postgres') {
    it('succeed while other schemas are being created and dropped', async () => {
      const churn = new pg.Client({ connectionString: testPostgresUrl });
      await churn.connect();
      let stop = false;
      let churned = 0;
      const dropper = (async () => {
        for (let i = 0; !stop; i++) {
          const name = `churn_${process.pid}_${i}`;
          await churn.query(`create schema ${name}; create table ${name}.t (id int); drop schema ${name} cascade`);
          churned++;
        }
      })();
      try {
        for (let i = 0; i < 6; i++) {
          const t = await createTestDb();
          try {
            // Every migration ran: a second run has nothing to do and the tables answer.
            assert.deepEqual(await migrate(t.db), []);
            assert.equal((await t.db.kysely.selectFrom('posts').select('id').execute()).length, 0);
          } finally {
            await t.cleanup();
          }
        }
        assert.ok(churned > 0, 'other schemas were created and dropped meanwhile');
      } finally {
        stop = true;
        await dropper;
        await churn.end();
      }
    });
  }
});
