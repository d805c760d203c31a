// The CLI as an operator meets it in tests: a child process started from another directory
// (nothing may depend on the project being the cwd), its output and its exit code.
import { execFile, spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/connection.ts';
import { createTestDb, type TestDb } from './db.ts';

export const kawarabanBin = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'kawaraban.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function options(env: Record<string, string>, timeout: number) {
  return {
    cwd: os.tmpdir(),
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8' as const,
    timeout,
  };
}

/** Runs `kawaraban ARGS` and waits for it (the test's event loop is blocked meanwhile). */
export function runCli(args: string[], env: Record<string, string> = {}, timeout = 60_000): CliResult {
  const r = spawnSync(process.execPath, [kawarabanBin, ...args], options(env, timeout));
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same without blocking: for tests with a server running in the test's own process. */
export function runCliAsync(args: string[], env: Record<string, string> = {}, timeout = 60_000): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [kawarabanBin, ...args], options(env, timeout), (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** The settings that point a CLI process at a test database; on PostgreSQL the test's schema
 * is reached through the connection's search_path. */
export function cliDatabaseEnv(t: Pick<TestDb, 'url' | 'schema'>): Record<string, string> {
  return t.schema ? { DATABASE_URL: t.url, PGOPTIONS: `-c search_path=${t.schema}` } : { DATABASE_URL: t.url };
}

export interface CliTestDatabase {
  /** Set in the suite's `before`. */
  t: TestDb;
  env: Record<string, string>;
}

/** A test database for CLI processes in the calling suite: made (and filled by `prepare`) before
 * its tests, closed so that only the CLI processes hold it, removed after them. */
export function cliTestDatabase(prepare?: (db: Db) => Promise<unknown>): CliTestDatabase {
  const held = {} as CliTestDatabase;
  before(async () => {
    held.t = await createTestDb();
    if (prepare) await prepare(held.t.db);
    await held.t.db.close();
    held.env = cliDatabaseEnv(held.t);
  });
  after(() => held.t.cleanup());
  return held;
}

export interface RunningServe {
  /** The first address a process listens on. */
  url: string;
  /** Everything the processes printed so far. */
  output(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `kawaraban serve ARGS` on a free port and waits until `listeners` processes (the
 * primary and its workers each print one line) say where they listen. */
export async function startServe(args: string[], env: Record<string, string>, listeners = 1): Promise<RunningServe> {
  const child = spawn(process.execPath, [kawarabanBin, 'serve', ...args], {
    cwd: os.tmpdir(),
    env: { ...process.env, ...env, PORT: '0', LOG_LEVEL: 'info' },
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const stop = async () => {
    child.kill('SIGTERM');
    return exited;
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start within 60 s: ${out}`)), 60_000);
      child.stdout.on('data', () => {
        const addresses = [...out.matchAll(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/g)];
        if (addresses.length < listeners) return;
        clearTimeout(timer);
        resolve(addresses[0]![1]!);
      });
      void exited.then((code) => reject(new Error(`serve exited with ${code} before listening: ${out}`)));
    });
    return { url, output: () => out, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
