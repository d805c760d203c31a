// `kawaraban serve` as an operator meets it: a child process on the demo site, its port and how
// it stops. (Workers: serve-workers.test.ts.)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadDemo } from '../demo/load.ts';
import { cliTestDatabase, startServe } from '../testing/cli.ts';

describe('kawaraban serve on the test database with the demo content', () => {
  // The demo content in-process (cli-database.test.ts runs `kawaraban demo` itself).
  const database = cliTestDatabase(loadDemo);

  it('serve answers on its port and stops cleanly on SIGTERM', async () => {
    const serve = await startServe([], database.env);
    try {
      const res = await fetch(`${serve.url}/`);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /EDRを入れる前に/);
      const ready = await fetch(`${serve.url}/readyz`);
      assert.equal(ready.status, 200);
    } finally {
      assert.equal(await serve.stop(), 0, serve.output());
    }
  });
});
