// Test databases. The same tests run on SQLite (a temporary file) and on PostgreSQL (a
// schema of their own in the test database, dropped afterwards); KAWARABAN_TEST_DB picks.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Db } from '../db/connection.ts';
import { migrate } from '../db/migrate.ts';
import { wire } from '../wiring.ts';

export const testEngine: 'sqlite' | 'postgres' = process.env.KAWARABAN_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
export const testPostgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDb {
  db: Db;
  /** What DATABASE_URL a second connection (or a child process) would use. */
  url: string;
  /** PostgreSQL: the schema; passed to a second connection. */
  schema?: string;
  /** Opens another connection to the same database, as another process would. */
  openAnother(): Promise<Db>;
  cleanup(): Promise<void>;
}

export async function createTestDb(): Promise<TestDb> {
  wire();
  if (testEngine === 'postgres') {
    const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new pg.Client({ connectionString: testPostgresUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const db = await openDatabase(testPostgresUrl, { schema, poolSize: 4 });
    await migrate(db);
    return {
      db,
      url: testPostgresUrl,
      schema,
      openAnother: () => openDatabase(testPostgresUrl, { schema, poolSize: 2 }),
      async cleanup() {
        await db.close();
        const c = new pg.Client({ connectionString: testPostgresUrl });
        await c.connect();
        await c.query(`drop schema ${schema} cascade`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kawaraban-test-'));
  const url = path.join(dir, 'test.sqlite');
  const db = await openDatabase(url);
  await migrate(db);
  return {
    db,
    url,
    openAnother: () => openDatabase(url),
    async cleanup() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
