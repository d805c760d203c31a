import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../app.ts';
import { loadDemo } from '../demo/load.ts';
import { testConfig } from '../testing/app.ts';
import { createTestDb, type TestDb } from '../testing/db.ts';
import { buildServer } from './server.ts';
import type { FastifyInstance } from 'fastify';

describe('under overload', () => {
  let t: TestDb;
  let server: FastifyInstance;
  let overloaded = false;
  let close: () => Promise<void>;
  before(async () => {
    t = await createTestDb();
    await loadDemo(t.db);
    const app = await createApp(testConfig({ databaseUrl: t.url }), t.db);
    server = await buildServer(app, { logLevel: 'silent', healthCheck: async () => !overloaded });
    await server.ready();
    close = async () => {
      await server.close();
      await app.close();
    };
  });
  after(async () => {
    await close();
    await t.cleanup();
  });

  it('keeps serving cached pages and sheds the rest with 503 and Retry-After', async () => {
    assert.equal((await server.inject('/posts/p-20250918')).statusCode, 200);
    assert.equal((await server.inject('/posts/p-20250918')).statusCode, 200); // kept from its second render
    overloaded = true;
    await sleep(150); // the health check runs every 50 ms
    const cached = await server.inject('/posts/p-20250918');
    assert.equal(cached.statusCode, 200);
    const uncached = await server.inject('/posts/report-deadlines-explained');
    assert.equal(uncached.statusCode, 503);
    assert.equal(uncached.headers['retry-after'], '10');
    assert.match(uncached.body, /ただいま混み合っています/);
    const api = await server.inject('/api/search?q=x');
    assert.equal(api.statusCode, 503);
    assert.match(JSON.parse(api.body).error, /混み合って/);
    overloaded = false;
    await sleep(150);
    assert.equal((await server.inject('/posts/report-deadlines-explained')).statusCode, 200);
  });
});
