// Write transactions. On SQLite they begin IMMEDIATE: a deferred transaction that reads and
// then writes fails at once with SQLITE_BUSY when another process wrote in between, while an
// immediate one takes the write lock first and waits its turn (busy_timeout).
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Db } from './connection.ts';
import type { Database } from './schema.ts';

export type Tx = Kysely<Database> | Transaction<Database>;

/** Runs `work` in one transaction and hands it a Db whose writes join that transaction (an
 * import's batch of posts): on SQLite a second transaction would wait for the one
 * connection forever, and on PostgreSQL a commit per post costs a flush each. Content
 * writes inside do not bump the content version: the caller does, once (site/write.ts). */
export async function inBatch<T>(db: Db, work: (batch: Db) => Promise<T>): Promise<T> {
  return begin(db, (trx) => work({ ...db, kysely: trx as Kysely<Database>, inTransaction: true }));
}

export async function inTransaction<T>(db: Db, work: (trx: Tx) => Promise<T>): Promise<T> {
  if (db.inTransaction) return work(db.kysely);
  return begin(db, work);
}

async function begin<T>(db: Db, work: (trx: Tx) => Promise<T>): Promise<T> {
  if (db.kind !== 'sqlite') return db.kysely.transaction().execute(work);
  return withinBegun(db.kysely, sql`begin immediate`, work);
}

/** Runs `work` on one connection after `opening` (a begin, with any settings of its own),
 * then commits; rolls back when the work fails. */
export async function withinBegun<T>(
  kysely: Kysely<Database>,
  opening: RawBuilder<unknown>,
  work: (conn: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return kysely.connection().execute(async (conn) => {
    await opening.execute(conn);
    try {
      const result = await work(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (err) {
      await sql`rollback`.execute(conn).catch(() => {});
      throw err;
    }
  });
}
