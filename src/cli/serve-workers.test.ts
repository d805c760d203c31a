// `kawaraban serve --workers` as an operator meets it: worker processes on the demo site share
// one port, each sees another process's change, and all stop together.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadDemo } from '../demo/load.ts';
import { createTestDb, testEngine, type TestDb } from '../testing/db.ts';

const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'kawaraban.js');

// Run from another directory, as an operator would: nothing may depend on the project being the cwd.
const elsewhere = os.tmpdir();

describe('kawaraban serve with workers on the test database with the demo content', () => {
  let t: TestDb;
  let env: Record<string, string>;
  before(async () => {
    t = await createTestDb();
    // The demo content in-process (cli-database.test.ts runs `kawaraban demo` itself).
    await loadDemo(t.db);
    await t.db.close();
    // PostgreSQL: the CLI reaches the test schema through the connection's search_path.
    env = testEngine === 'postgres' ? { DATABASE_URL: t.url, PGOPTIONS: `-c search_path=${t.schema}` } : { DATABASE_URL: t.url };
  });
  after(() => t.cleanup());

  it("serve --workers 2 shares the port; every worker shows another process's change; SIGTERM stops them all", async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--workers', '2'], {
      cwd: elsewhere,
      env: { ...process.env, ...env, PORT: '0', LOG_LEVEL: 'info', KAWARABAN_CACHE_POLL_MS: '200' },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start within 60 s: ${out}`)), 60_000);
        const check = () => {
          const ports = [...out.matchAll(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/g)];
          if (ports.length >= 2) {
            clearTimeout(timer);
            resolve(ports[0]![1]!);
          }
        };
        child.stdout.on('data', check);
      });
      // Fill both workers' caches.
      for (let i = 0; i < 6; i++) assert.equal((await fetch(`${url}/`)).status, 200);
      const { openDatabase } = await import('../db/connection.ts');
      const other = await openDatabase(t.url, t.schema ? { schema: t.schema } : {});
      const { createPost } = await import('../content/service.ts');
      await createPost(other, { title: 'Seen by every worker', markdown: 'x', status: 'published', authorId: 1 });
      await other.close();
      // Workers poll every 200 ms, so they see it well within a second on an idle machine; the
      // bound is wider because a busy shared machine can starve a worker's loop (how fast is
      // bench's business, not this test's).
      const deadline = Date.now() + 10_000;
      let allSee = false;
      while (!allSee && Date.now() < deadline) {
        const bodies = await Promise.all([1, 2, 3, 4, 5, 6].map(async () => (await fetch(`${url}/`)).text()));
        allSee = bodies.every((b) => b.includes('Seen by every worker'));
      }
      assert.ok(allSee, 'a worker still showed the old front page after ten seconds');
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    assert.equal(code, 0, out);
  });
});
