// `kawaraban serve --workers` as an operator meets it: worker processes on the demo site share
// one port, each sees another process's change, and all stop together.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPost } from '../content/service.ts';
import { openDatabase } from '../db/connection.ts';
import { loadDemo } from '../demo/load.ts';
import { cliTestDatabase, startServe } from '../testing/cli.ts';

describe('kawaraban serve with workers on the test database with the demo content', () => {
  // The demo content in-process (cli-database.test.ts runs `kawaraban demo` itself).
  const database = cliTestDatabase(loadDemo);

  it("serve --workers 2 shares the port; every worker shows another process's change; SIGTERM stops them all", async () => {
    const serve = await startServe(['--workers', '2'], { ...database.env, KAWARABAN_CACHE_POLL_MS: '200' }, 2);
    try {
      // Fill both workers' caches.
      for (let i = 0; i < 6; i++) assert.equal((await fetch(`${serve.url}/`)).status, 200);
      const { t } = database;
      const other = await openDatabase(t.url, t.schema ? { schema: t.schema } : {});
      await createPost(other, { title: 'Seen by every worker', markdown: 'x', status: 'published', authorId: 1 });
      await other.close();
      // Workers poll every 200 ms, so they see it well within a second on an idle machine; the
      // bound is wider because a busy shared machine can starve a worker's loop (how fast is
      // bench's business, not this test's).
      const deadline = Date.now() + 10_000;
      let allSee = false;
      while (!allSee && Date.now() < deadline) {
        const bodies = await Promise.all([1, 2, 3, 4, 5, 6].map(async () => (await fetch(`${serve.url}/`)).text()));
        allSee = bodies.every((b) => b.includes('Seen by every worker'));
      }
      assert.ok(allSee, 'a worker still showed the old front page after ten seconds');
    } finally {
      assert.equal(await serve.stop(), 0, serve.output());
    }
  });
});
