// Real Chromium for end-to-end tests: Debian's build, driven by playwright-core.
// Where it is missing, browser tests skip with one loud line; under CI=true they fail.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { createApp, type App } from '../src/app.ts';
import type { Config } from '../src/config.ts';
import { testConfig } from '../src/testing/app.ts';
import { createTestDb, type TestDb } from '../src/testing/db.ts';
import { registerSealer } from '../src/testing/sealers.ts';
import { loadDemo } from '../src/demo/load.ts';
import { buildServer } from '../src/web/server.ts';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test-results');

/** undefined when Chromium is absent outside CI (the caller skips); throws in CI. */
export function chromiumAvailable(): boolean {
  if (existsSync(chromiumPath)) return true;
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  if (ci) throw new Error(`Chromium is not at ${chromiumPath}, and CI must run the browser tests (apt-get install -y chromium)`);
  console.error(`!!!!! SKIPPED: browser tests (no Chromium at ${chromiumPath}; apt-get install -y chromium). CI would fail here. !!!!!`);
  return false;
}

export async function launchChromium(): Promise<Browser> {
  mkdirSync(resultsDir, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Serves a test database on a free loopback port, as `serve` would. */
export async function serveOnLoopback(
  t: TestDb,
  overrides: Partial<Config> = {},
): Promise<{ base: string; app: App; stop: () => Promise<void> }> {
  const app = await createApp(testConfig({ ...overrides, databaseUrl: t.url }), t.db);
  // Test users made on this database seal their second factor with the app's keys.
  registerSealer(app.db, app.sealer);
  const server = await buildServer(app, { logLevel: 'silent' });
  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    base,
    app,
    async stop() {
      await server.close();
      await app.close();
    },
  };
}

/** A test database with the demo content, served on loopback, and Chromium: for a describe's
 * before; `close` for its after. */
export async function startDemoInChromium(): Promise<{ base: string; browser: Browser; close(): Promise<void> }> {
  const t = await createTestDb();
  await loadDemo(t.db);
  const { base, stop } = await serveOnLoopback(t);
  const browser = await launchChromium();
  return {
    base,
    browser,
    async close() {
      await browser.close();
      await stop();
      await t.cleanup();
    },
  };
}
