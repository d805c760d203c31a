// The CLI as an operator meets it in tests: a child process started from another directory
// (nothing may depend on the project being the cwd), its output and its exit code.
import { execFile, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestDb } from './db.ts';

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
