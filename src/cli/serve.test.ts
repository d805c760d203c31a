// `kawaraban serve` as an operator meets it: a child process on the demo site, its port and how
// it stops. (Workers: serve-workers.test.ts.)
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

describe('kawaraban serve on the test database with the demo content', () => {
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

  it('serve answers on its port and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'serve'], {
      cwd: elsewhere,
      env: { ...process.env, ...env, PORT: '0', LOG_LEVEL: 'info' },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start within 60 s: ${out}`)), 60_000);
        child.stdout.on('data', () => {
          const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
      });
      const res = await fetch(`${url}/`);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /EDRを入れる前に/);
      const ready = await fetch(`${url}/readyz`);
      assert.equal(ready.status, 200);
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    assert.equal(code, 0, out);
  });
});
