// `kawaraban backup [--out FILE]` and `kawaraban restore FILE`.
// SQLite: SQLite's online backup API (a consistent copy while the site runs). Restoring puts
// the current file aside first (nothing is lost) and must be done with the server stopped.
// PostgreSQL: pg_dump / pg_restore in their custom format.
import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, copyFileSync, existsSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { Config } from '../config.ts';
import { ConfigError, sqlitePath } from '../config.ts';
import { openDatabase, safeUrl } from '../db/connection.ts';

function stamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
}

function defaultOut(config: Config): string {
  return path.join(config.dataDir, 'backups', `kawaraban-${stamp()}.${config.databaseKind === 'sqlite' ? 'sqlite' : 'pgdump'}`);
}

function tool(name: string): string {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new ConfigError(`${name} is not installed (Debian: apt-get install -y postgresql-client)`);
  return r.stdout.trim();
}

/** pg_dump and pg_restore take the URL as is; a password in it stays out of the process list. */
function pgEnv(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  return { ...process.env, ...(u.password ? { PGPASSWORD: decodeURIComponent(u.password) } : {}) };
}

function pgUrlWithoutPassword(url: string): string {
  const u = new URL(url);
  u.password = '';
  return u.toString();
}

export async function backupCommand(config: Config, out?: string): Promise<void> {
  const file = path.resolve(out ?? defaultOut(config));
  if (existsSync(file)) throw new ConfigError(`${file} exists already; choose another --out`);
  const { mkdirSync } = await import('node:fs');
  mkdirSync(path.dirname(file), { recursive: true });
  if (config.databaseKind === 'sqlite') {
    const db = await openDatabase(config.databaseUrl);
    try {
      await db.backupTo!(file);
    } finally {
      await db.close();
    }
  } else {
    // Created first, owner-only: pg_dump keeps the mode of the file it writes into.
    closeSync(openSync(file, 'a', 0o600));
    const r = spawnSync(tool('pg_dump'), ['--format=custom', '--no-owner', `--file=${file}`, pgUrlWithoutPassword(config.databaseUrl)], {
      env: pgEnv(config.databaseUrl),
      encoding: 'utf8',
    });
    if (r.status !== 0) {
      rmSync(file, { force: true });
      throw new ConfigError(`pg_dump failed for ${safeUrl(config.databaseUrl)}: ${r.stderr.trim().split('\n').pop()}`);
    }
  }
  chmodSync(file, 0o600);
  console.log(`Backup written: ${file} (${(statSync(file).size / 1024 / 1024).toFixed(1)} MiB)`);
}

/** Checks that a file is a SQLite database of Kawaraban's, in one piece. */
function checkSqliteBackup(file: string): void {
  let db: SQLite.Database | undefined;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
    const ok = db.pragma('integrity_check', { simple: true });
    if (ok !== 'ok') throw new ConfigError(`${file} is damaged (integrity_check: ${ok})`);
    const tables = db.prepare("select name from sqlite_master where type = 'table' and name in ('posts', 'kysely_migration')").all();
    if (tables.length < 2) throw new ConfigError(`${file} is a SQLite database, but not a Kawaraban backup`);
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(`${file} is not a SQLite backup: ${(err as Error).message}`);
  } finally {
    db?.close();
  }
}

export async function restoreCommand(config: Config, from: string): Promise<void> {
  const file = path.resolve(from);
  if (!existsSync(file)) throw new ConfigError(`${file} does not exist`);
  if (config.databaseKind === 'sqlite') {
    checkSqliteBackup(file);
    const target = sqlitePath(config.databaseUrl);
    const staged = `${target}.restoring`;
    copyFileSync(file, staged);
    chmodSync(staged, 0o600);
    if (existsSync(target)) {
      // The current database is kept beside it, so a mistaken restore loses nothing.
      const aside = `${target}.before-restore-${stamp()}`;
      const current = new SQLite(target);
      try {
        await current.backup(aside);
        chmodSync(aside, 0o600);
      } finally {
        current.close();
      }
      console.log(`The database as it was is kept in ${aside}`);
    }
    rmSync(`${target}-wal`, { force: true });
    rmSync(`${target}-shm`, { force: true });
    renameSync(staged, target);
  } else {
    const r = spawnSync(
      tool('pg_restore'),
      ['--clean', '--if-exists', '--no-owner', `--dbname=${pgUrlWithoutPassword(config.databaseUrl)}`, file],
      { env: pgEnv(config.databaseUrl), encoding: 'utf8' },
    );
    if (r.status !== 0) throw new ConfigError(`pg_restore failed: ${r.stderr.trim().split('\n').slice(-2).join(' ')}`);
  }
  console.log(
    `Restored ${file} into ${config.databaseKind === 'sqlite' ? sqlitePath(config.databaseUrl) : safeUrl(config.databaseUrl)}. Start the server again.`,
  );
}
