// Opening the configured database for a command or the server: connect, then migrate.
// Kept apart from the server's start-up so that CLI commands load only the database layer.
import type { Config } from '../config.ts';
import { openDatabase, safeUrl, type Db } from './connection.ts';
import { migrate } from './migrate.ts';

/** Opens and migrates the configured database. */
export async function openConfiguredDatabase(config: Config): Promise<Db> {
  const db = await openDatabase(config.databaseUrl);
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

export function describeDatabase(config: Config): string {
  return config.databaseKind === 'postgres' ? `PostgreSQL ${safeUrl(config.databaseUrl)}` : `SQLite ${config.databaseUrl}`;
}
