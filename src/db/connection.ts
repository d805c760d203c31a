// Opens the one Kysely instance the app uses, over better-sqlite3 (default) or pg.
// Start-up problems (unwritable data dir, a file that is not a database, an unreachable
// server) become a DatabaseOpenError with one clear sentence; nothing is created or
// overwritten before the database has proved readable.
import { accessSync, chmodSync, closeSync, constants, existsSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { PoolClient } from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { FairSqliteDialect } from './fair-sqlite-dialect.ts';
import type { Database } from './schema.ts';
import { sqlitePath } from '../config.ts';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  kind: DatabaseKind;
  close(): Promise<void>;
  /** SQLite only: a consistent copy through SQLite's online backup API, while others write. */
  backupTo?(file: string): Promise<void>;
  /** Set on the Db that `inBatch` hands out: its kysely is an open transaction, and write
   * functions given it join that transaction instead of starting their own. */
  inTransaction?: true;
}

export class DatabaseOpenError extends Error {}

export interface OpenOptions {
  /** PostgreSQL only: tables live in this schema (tests use one schema each). */
  schema?: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
}

export async function openDatabase(databaseUrl: string, options: OpenOptions = {}): Promise<Db> {
  return /^postgres(ql)?:\/\//.test(databaseUrl) ? openPostgres(databaseUrl, options) : openSqlite(sqlitePath(databaseUrl));
}

function openSqlite(file: string): Db {
  const dir = path.dirname(file);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    if (existsSync(file)) accessSync(file, constants.R_OK | constants.W_OK);
  } catch (err) {
    throw new DatabaseOpenError(`Cannot write the data directory ${dir}: ${(err as NodeJS.ErrnoException).code ?? err}`);
  }
  let handle: SQLite.Database;
  try {
    // Readable by the owner only (SQLite gives its -wal and -shm files the same mode); an
    // existing file from before is tightened too.
    if (file !== ':memory:') {
      if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
      chmodSync(file, 0o600);
    }
    handle = new SQLite(file);
    // Reading the schema first proves this is a SQLite database before any PRAGMA writes.
    handle.prepare('select count(*) from sqlite_master').get();
    // WAL: readers never block the writer. synchronous=NORMAL in WAL mode loses no
    // committed transaction when the process is killed; only an OS crash or power cut can
    // take the last few, which is the usual trade for a blog (FULL would fsync every commit).
    handle.pragma('journal_mode = WAL');
    handle.pragma('synchronous = NORMAL');
    handle.pragma('foreign_keys = ON');
    handle.pragma('busy_timeout = 5000');
    // SQLite's own page cache (better-sqlite3 sets 16 MB) filled up as a crawler walked the
    // site and stayed resident; the pages a front page or a search reads again fit in 4 MB,
    // and the rest come from the operating system's cache. 10,000-post site, every page
    // fetched once: 146 → 134 MB RSS; search and uncached pages the same within the noise.
    handle.pragma('cache_size = -4000');
  } catch (err) {
    throw new DatabaseOpenError(`Cannot open the SQLite database ${file}: ${(err as Error).message}`);
  }
  const kysely = new Kysely<Database>({ dialect: new FairSqliteDialect({ database: withStatementCache(handle) }) });
  return {
    kysely,
    kind: 'sqlite',
    close: closeOnce(kysely),
    backupTo: async (dest) => {
      if (!existsSync(dest)) closeSync(openSync(dest, 'a', 0o600));
      await handle.backup(dest);
      chmodSync(dest, 0o600);
    },
  };
}

async function openPostgres(url: string, options: OpenOptions): Promise<Db> {
  // Loaded only for PostgreSQL: a SQLite site does not carry the driver.
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5000,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle client that loses its server must not crash the process.
  pool.on('error', () => {});
  pool.on('connect', lastResultOfSeveral);
  try {
    const client = await pool.connect();
    client.release();
  } catch (err) {
    await pool.end().catch(() => {});
    const where = safeUrl(url);
    throw new DatabaseOpenError(
      `Cannot connect to PostgreSQL at ${where}: ${(err as Error).message || (err as NodeJS.ErrnoException).code}`,
    );
  }
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { kysely, kind: 'postgres', close: closeOnce(kysely) };
}

/** A query without parameters goes to the server as one message and may hold several
 * statements ("set local …; select …": one round trip, one implicit transaction); pg then
 * answers with a result per statement, and Kysely, which reads one, gets the last one's. */
function lastResultOfSeveral(client: PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const out = query(...args);
    if (out instanceof Promise) return out.then((r: unknown) => (Array.isArray(r) ? r[r.length - 1] : r));
    return out;
  };
}

/** Kysely prepares every query anew; preparing costs more than running a small query, so
 * statements are kept by their SQL text (the SQL has placeholders, so the set is small). */
function withStatementCache(handle: SQLite.Database) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => handle.close(),
    prepare(sql: string): SQLite.Statement {
      let statement = statements.get(sql);
      if (!statement) {
        if (statements.size >= 1000) statements.clear();
        statement = handle.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

/** Closing twice is harmless (the app and a test may both close the same database). */
function closeOnce(kysely: Kysely<Database>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= kysely.destroy());
}

/** The URL without its password, for messages. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** Cheap liveness query, used by /readyz. */
export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db.kysely);
}
