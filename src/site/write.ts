// The one way to change what pages show: a transaction that also bumps the content version
// (so other processes' caches let go) and, after commit, tells this process's caches.
import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../db/connection.ts';
import { inTransaction } from '../db/transaction.ts';
import type { Database } from '../db/schema.ts';
import { notifyContentChange } from './changes.ts';
import { bumpContentVersion, writeSettings } from './store.ts';
import type { Settings, SettingsInput } from './settings.ts';

export async function writeContent<T>(db: Db, work: (trx: Kysely<Database> | Transaction<Database>) => Promise<T>): Promise<T> {
  // Inside a batch (db/transaction.ts inBatch) the batch's owner bumps the version once and
  // tells the caches after its commit; bumping per write would also serialise batches
  // written side by side on the one version row.
  if (db.inTransaction) return work(db.kysely);
  const result = await inTransaction(db, async (trx) => {
    const r = await work(trx);
    await bumpContentVersion(trx);
    return r;
  });
  notifyContentChange();
  return result;
}

export async function updateSettings(db: Db, input: Partial<SettingsInput>): Promise<Settings> {
  return writeContent(db, (trx) => writeSettings(trx, input));
}
