// SQL for site-wide rows: settings and the content version that tells every process when
// its page cache is stale.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { settingsFromRows, settingsSchema, type Settings, type SettingsInput } from './settings.ts';

type Q = Kysely<Database> | Transaction<Database>;

export async function readSettings(db: Q): Promise<Settings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
  return settingsFromRows(rows);
}

export async function writeSettings(db: Q, input: Partial<SettingsInput>): Promise<Settings> {
  const current = await readSettings(db);
  const next = settingsSchema.parse({ ...current, ...input });
  for (const [key, value] of Object.entries(next)) {
    await db
      .insertInto('settings')
      .values({ key, value: JSON.stringify(value) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
      .execute();
  }
  return next;
}

export interface ContentVersion {
  version: number;
  changedAt: string;
}

/** Called inside every transaction that changes what a page shows. */
export async function bumpContentVersion(db: Q): Promise<void> {
  await db
    .updateTable('site_state')
    .set((eb) => ({ content_version: eb('content_version', '+', 1), changed_at: new Date().toISOString() }))
    .where('id', '=', 1)
    .execute();
}

export async function readContentVersion(db: Q): Promise<ContentVersion> {
  const row = await db.selectFrom('site_state').select(['content_version', 'changed_at']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { version: Number(row.content_version), changedAt: row.changed_at };
}
