// All SQL about users, recovery codes, sessions and sign-in throttling.
import { sql, type Insertable, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { Database, SessionTable, UserTable } from '../db/schema.ts';

export type Q = Kysely<Database> | Transaction<Database>;
export type UserRow = Selectable<UserTable>;
export type SessionRow = Selectable<SessionTable>;

export async function countUsers(db: Q): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findUserByEmail(db: Q, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function findUserById(db: Q, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listUsers(db: Q): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().orderBy('id').execute();
}

export async function usersWithTotpSecrets(db: Q): Promise<Array<Pick<UserRow, 'id' | 'totp_secret' | 'totp_pending_secret'>>> {
  return db
    .selectFrom('users')
    .select(['id', 'totp_secret', 'totp_pending_secret'])
    .where((eb) => eb.or([eb('totp_secret', 'is not', null), eb('totp_pending_secret', 'is not', null)]))
    .execute();
}

export async function insertUser(db: Q, row: Insertable<UserTable>): Promise<number> {
  const { id } = await db.insertInto('users').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(id);
}

export async function updateUser(db: Q, id: number, row: Updateable<UserTable>): Promise<void> {
  await db.updateTable('users').set(row).where('id', '=', id).execute();
}

export async function replaceRecoveryCodes(db: Q, userId: number, hashes: string[]): Promise<void> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  if (!hashes.length) return;
  await db
    .insertInto('recovery_codes')
    .values(hashes.map((code_hash) => ({ user_id: userId, code_hash, used_at: null })))
    .execute();
}

/** Adds codes without removing the others (tests' spare codes). */
export async function addRecoveryCodes(db: Q, userId: number, hashes: string[]): Promise<void> {
  await db
    .insertInto('recovery_codes')
    .values(hashes.map((code_hash) => ({ user_id: userId, code_hash, used_at: null })))
    .execute();
}

/** Marks an unused code used; true when there was one. One UPDATE, so a code works once
 * even when two requests race. */
export async function useRecoveryCode(db: Q, userId: number, hash: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('recovery_codes')
    .set({ used_at: at })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function unusedRecoveryCodes(db: Q, userId: number): Promise<number> {
  const row = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Accepts a TOTP time step only when it is newer than the last one (an atomic compare). */
export async function advanceTotpStep(db: Q, userId: number, step: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertSession(db: Q, row: Insertable<SessionTable>): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export async function findSession(db: Q, tokenHash: string): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function updateSession(db: Q, tokenHash: string, row: Updateable<SessionTable>): Promise<void> {
  await db.updateTable('sessions').set(row).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSession(db: Q, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteSessionOfUser(db: Q, userId: number, tokenHash: string): Promise<number> {
  const r = await db.deleteFrom('sessions').where('user_id', '=', userId).where('token_hash', '=', tokenHash).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function deleteSessionsOfUser(db: Q, userId: number, exceptTokenHash?: string): Promise<number> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptTokenHash) q = q.where('token_hash', '!=', exceptTokenHash);
  return Number((await q.executeTakeFirst()).numDeletedRows);
}

export async function sessionsOfUser(db: Q, userId: number): Promise<SessionRow[]> {
  return db.selectFrom('sessions').selectAll().where('user_id', '=', userId).orderBy('last_seen_at', 'desc').execute();
}

export async function deleteExpiredSessions(db: Q, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
}

/** Counts one attempt against `key` and returns the count in the current window, in one
 * statement (an upsert), so attempts sent at once are each counted before any is checked.
 * A window older than `windowStart` starts again at 1. */
export async function countAttempt(
  db: Q,
  key: string,
  now: string,
  windowStart: string,
): Promise<{ attempts: number; windowStart: string }> {
  const row = await db
    .insertInto('sign_in_throttle')
    .values({ key, failures: 1, window_start: now, locked_until: null })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql<number>`case when sign_in_throttle.window_start < ${windowStart} then 1 else sign_in_throttle.failures + 1 end`,
        window_start: sql<string>`case when sign_in_throttle.window_start < ${windowStart} then ${now} else sign_in_throttle.window_start end`,
      }),
    )
    .returning(['failures', 'window_start'])
    .executeTakeFirstOrThrow();
  return { attempts: Number(row.failures), windowStart: row.window_start };
}

/** Gives one attempt back (a sign-in that succeeded does not use up its address's allowance). */
export async function uncountAttempt(db: Q, key: string): Promise<void> {
  await db
    .updateTable('sign_in_throttle')
    .set({ failures: sql<number>`case when failures > 0 then failures - 1 else 0 end` })
    .where('key', '=', key)
    .execute();
}

export async function clearThrottle(db: Q, key: string): Promise<void> {
  await db.deleteFrom('sign_in_throttle').where('key', '=', key).execute();
}
