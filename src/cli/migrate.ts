// `kawaraban migrate`: bring the schema up to date and say what was applied.
import type { Config } from '../config.ts';
import { openDatabase } from '../db/connection.ts';
import { migrate } from '../db/migrate.ts';
import { describeDatabase } from '../db/open.ts';

export async function migrateCommand(config: Config): Promise<void> {
  const db = await openDatabase(config.databaseUrl);
  try {
    const applied = await migrate(db);
    console.log(
      applied.length
        ? `Applied ${applied.length} migration(s) to ${describeDatabase(config)}: ${applied.join(', ')}`
        : `${describeDatabase(config)} is up to date.`,
    );
  } finally {
    await db.close();
  }
}
