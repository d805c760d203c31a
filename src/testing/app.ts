// A whole application on a test database, driven with Fastify's inject (no socket).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createApp, type App } from '../app.ts';
import { loadConfig, type Config } from '../config.ts';
import { buildServer, type ServerOptions } from '../web/server.ts';
import { loadDemo } from '../demo/load.ts';
import { startSubscriptionJobs, type SubscriptionJobs } from '../subscriptions/jobs.ts';
import { createTestDb, type TestDb } from './db.ts';
import { registerSealer } from './sealers.ts';

export interface TestSite {
  app: App;
  server: FastifyInstance;
  test: TestDb;
  close(): Promise<void>;
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  // Never the project's ./data: a shared folder under the system's temporary directory.
  const dataDir = path.join(os.tmpdir(), 'kawaraban-test-data');
  // Load shedding answers 503 when the event loop lags, and @fastify/under-pressure counts a
  // second without a single delay sample (a busy machine, a long synchronous SQLite write) as an
  // infinite lag: any test would become a coin toss. 0 turns the delay check off; the tests of
  // shedding itself force it with a health check instead.
  return {
    ...loadConfig({ SITE_URL: 'https://blog.example.jp', LOG_LEVEL: 'silent' }),
    dataDir,
    cachePollMs: 50,
    maxEventLoopDelayMs: 0,
    ...overrides,
  };
}

export async function createTestSite(
  overrides: Partial<Config> = {},
  serverOptions: ServerOptions = { logLevel: 'silent' },
): Promise<TestSite> {
  const test = await createTestDb();
  // Media and other files go to a folder of the test's own.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kawaraban-data-'));
  const app = await createApp(testConfig({ dataDir, ...overrides, databaseUrl: test.url }), test.db);
  registerSealer(app.db, app.sealer);
  const server = await buildServer(app, serverOptions);
  await server.ready();
  return {
    app,
    server,
    test,
    async close() {
      await server.close();
      await app.close();
      await test.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A test site with the demo content loaded (every block type, eight posts). */
export async function createDemoSite(): Promise<TestSite> {
  const site = await createTestSite();
  await loadDemo(site.app.db);
  return site;
}

/** A test app's subscription jobs: sweeps an hour apart (tests run what they need themselves),
 * the mail pump every `pumpMs` (an hour: only when a test nudges it), errors printed. */
export function startTestSubscriptionJobs(app: App, config: Partial<Config> = {}, pumpMs = 3600_000): SubscriptionJobs {
  return startSubscriptionJobs(
    { db: app.db, sealer: app.sealer, config: { ...app.config, ...config }, transport: app.mailTransport },
    (err) => console.error(err),
    3600_000,
    pumpMs,
  );
}
