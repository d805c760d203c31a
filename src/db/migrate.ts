// Migrations live in code and are listed here in order; the same list runs on both engines.
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './connection.ts';
import * as content from './migrations/001-content.ts';

export class MigrationError extends Error {}

function provider(db: Db): MigrationProvider {
  const list: Record<string, Migration> = {
    '001-content': { up: (k) => content.up(k, db.kind) },
  };
  return { getMigrations: async () => list };
}

/** Brings the schema up to date; safe to call from several processes at once. */
export async function migrate(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db: db.kysely, provider: provider(db) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationError(`Migration ${failed} failed: ${(error as Error).message ?? error}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
