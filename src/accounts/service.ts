// Accounts: creating users, signing in (password, then a second factor), sessions with
// idle and absolute timeouts, throttling and lockout, TOTP enrolment and recovery codes.
// Every sign-in, failure and change is written to the audit log.
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { audit, type Actor } from '../audit/service.ts';
import type { Db } from '../db/connection.ts';
import { inTransaction, type Tx } from '../db/transaction.ts';
import type { Role } from '../db/schema.ts';
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import * as store from './store.ts';
import { checkTotp, newRecoveryCodes, newTotpSecret, recoveryCodeHash } from './totp.ts';
import type { Sealer } from '../privacy/crypto.ts';

export class AccountError extends Error {}

/** Makes the author profile a new user writes under and returns its id. The content domain
 * hands it in at wiring time (src/wiring.ts), so accounts never calls into content. */
export type AuthorMaker = (trx: Tx, displayName: string) => Promise<number>;
let makeAuthor: AuthorMaker | undefined;

export function useAuthorMaker(maker: AuthorMaker): void {
  makeAuthor = maker;
}

/** Past its limit a sign-in answers 429 with this many seconds to wait. */
export class Throttled extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('試行回数が多すぎます。しばらく待ってからもう一度お試しください。');
  }
}

export const SESSION_IDLE_MS = 60 * 60 * 1000; // an hour without a request ends a session
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000; // and none lasts longer than 12 hours
/** last_seen_at is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 60 * 1000;

export const THROTTLE = {
  windowMs: 15 * 60 * 1000,
  accountFailures: 5,
  ipFailures: 20,
  /** Tries of password + code during an account's lock, per window. */
  unlockTries: 10,
};

export const roles: readonly Role[] = ['owner', 'editor', 'author'];

/** Roles that can see personal data must sign in with a second factor; authors may choose. */
export function secondFactorRequired(role: Role): boolean {
  return role === 'owner' || role === 'editor';
}

const emailSchema = z.string().trim().toLowerCase().max(254).email('メールアドレスの形が正しくありません');

export const newUserSchema = z.object({
  email: emailSchema,
  displayName: z.string().trim().min(1, '表示名を入力してください').max(100),
  role: z.enum(['owner', 'editor', 'author']),
  password: z.string(),
});

export type UserView = Pick<store.UserRow, 'id' | 'email' | 'display_name' | 'role' | 'totp_enabled' | 'author_id'>;

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

export async function hasUsers(db: Db): Promise<boolean> {
  return (await store.countUsers(db.kysely)) > 0;
}

/** Creates a user and the author profile their posts are signed with. */
export async function createUser(db: Db, input: z.input<typeof newUserSchema>, actor: Actor, onlyIfFirst = false): Promise<number> {
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) throw new AccountError(parsed.error.issues[0]!.message);
  const u = parsed.data;
  const problem = passwordProblem(u.password, u.email);
  if (problem) throw new AccountError(problem);
  const passwordHash = await hashPassword(u.password);
  return inTransaction(db, async (trx) => {
    if (onlyIfFirst && (await store.countUsers(trx)) > 0) throw new AccountError('初期設定は済んでいます。ログインしてください。');
    if (await store.findUserByEmail(trx, u.email)) throw new AccountError('このメールアドレスのユーザーは既にいます');
    if (!makeAuthor) throw new Error('accounts: no author maker wired (call wire() at start-up)');
    const authorId = await makeAuthor(trx, u.displayName);
    const id = await store.insertUser(trx, {
      email: u.email,
      display_name: u.displayName,
      role: u.role,
      password_hash: passwordHash,
      author_id: authorId,
      totp_enabled: 0,
      disabled: 0,
      created_at: new Date().toISOString(),
    });
    await audit(trx, actor, 'user.create', u.email, `role=${u.role}`);
    return id;
  });
}

/** The first account, from /admin/setup: refused once any user exists (counted inside the
 * transaction that inserts it). */
export async function createFirstOwner(
  db: Db,
  input: { email: string; displayName: string; password: string },
  ip: string,
): Promise<number> {
  return createUser(db, { ...input, role: 'owner' }, { userId: null, name: input.email.trim().toLowerCase(), ip }, true);
}

// ---------------------------------------------------------------------------------------
// Throttling: failures counted per account and per IP, in the database, so every process
// shares them.

// Every attempt is counted before its password or code is checked, in one statement, so
// guesses sent at once cannot all slip in between a check and a count.

async function countAttempt(db: Db, key: string, limit: number, now: number): Promise<{ over: boolean; retryAfterSeconds: number }> {
  const { attempts, windowStart } = await store.countAttempt(
    db.kysely,
    key,
    new Date(now).toISOString(),
    new Date(now - THROTTLE.windowMs).toISOString(),
  );
  return { over: attempts > limit, retryAfterSeconds: Math.max(1, Math.ceil((Date.parse(windowStart) + THROTTLE.windowMs - now) / 1000)) };
}

async function spendAttempt(db: Db, key: string, limit: number, now: number): Promise<void> {
  const r = await countAttempt(db, key, limit, now);
  if (r.over) throw new Throttled(r.retryAfterSeconds);
}

const accountKey = (email: string) => `account:${sha256(email)}`;
const ipKey = (ip: string) => `ip:${ip}`;
const secondFactorKey = (userId: number) => `2fa:${userId}`;
/** Tries to get past an account's lock with password and code (the owner, not a stranger). */
const unlockKey = (userId: number) => `unlock:${userId}`;

// ---------------------------------------------------------------------------------------
// TOTP secrets, sealed at rest with the data keys (as registrants' fields are). A secret
// from before sealing (plain base32) still opens; sealTotpSecrets seals those at start.

const secretContext = (userId: number, field: 'totp_secret' | 'totp_pending_secret') => `users.${field}:${userId}`;

function openSecret(sealer: Sealer, userId: number, value: string, field: 'totp_secret' | 'totp_pending_secret' = 'totp_secret'): string {
  return value.startsWith('v1.') ? sealer.open(value, secretContext(userId, field)) : value;
}

/** Seals every TOTP secret still in the clear, and re-seals those sealed with an older key
 * (run at start and by `keys rotate`). Returns how many were written. */
export async function sealTotpSecrets(db: Db, sealer: Sealer): Promise<number> {
  let n = 0;
  for (const u of await store.usersWithTotpSecrets(db.kysely)) {
    const change: { totp_secret?: string; totp_pending_secret?: string } = {};
    for (const field of ['totp_secret', 'totp_pending_secret'] as const) {
      const value = u[field];
      if (!value || (value.startsWith('v1.') && !sealer.isOld(value))) continue;
      change[field] = sealer.seal(openSecret(sealer, Number(u.id), value, field), secretContext(Number(u.id), field));
    }
    if (Object.keys(change).length) {
      await store.updateUser(db.kysely, Number(u.id), change);
      n++;
    }
  }
  return n;
}

// ---------------------------------------------------------------------------------------
// Sessions

export interface SessionInfo {
  tokenHash: string;
  user: UserView;
  csrfToken: string;
  secondFactorDone: boolean;
  createdAt: string;
}

export interface NewSession {
  token: string;
  session: SessionInfo;
}

async function openSession(q: store.Q, user: store.UserRow, ip: string, userAgent: string, secondFactorDone: boolean): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const now = Date.now();
  const row = {
    token_hash: sha256(token),
    user_id: Number(user.id),
    created_at: new Date(now).toISOString(),
    last_seen_at: new Date(now).toISOString(),
    expires_at: new Date(now + SESSION_ABSOLUTE_MS).toISOString(),
    second_factor_done: secondFactorDone ? 1 : 0,
    csrf_token: randomBytes(24).toString('base64url'),
    ip,
    user_agent: userAgent.slice(0, 300),
  };
  await store.insertSession(q, row);
  return { token, session: toSessionInfo(row, user) };
}

function toUserView(u: store.UserRow): UserView {
  return {
    id: Number(u.id),
    email: u.email,
    display_name: u.display_name,
    role: u.role,
    totp_enabled: Number(u.totp_enabled),
    author_id: u.author_id,
  };
}

function toSessionInfo(row: store.SessionRow, user: store.UserRow): SessionInfo {
  return {
    tokenHash: row.token_hash,
    user: toUserView(user),
    csrfToken: row.csrf_token,
    secondFactorDone: Number(row.second_factor_done) === 1,
    createdAt: row.created_at,
  };
}

/** The session a cookie names, if it is still alive; touches it (rarely) to keep it alive. */
export async function loadSession(db: Db, token: string | undefined): Promise<SessionInfo | undefined> {
  if (!token || token.length > 100) return undefined;
  const tokenHash = sha256(token);
  const row = await store.findSession(db.kysely, tokenHash);
  if (!row) return undefined;
  const now = Date.now();
  if (Date.parse(row.expires_at) <= now || Date.parse(row.last_seen_at) + SESSION_IDLE_MS <= now) {
    await store.deleteSession(db.kysely, tokenHash);
    return undefined;
  }
  const user = await store.findUserById(db.kysely, row.user_id);
  if (!user || Number(user.disabled) === 1) return undefined;
  if (now - Date.parse(row.last_seen_at) > TOUCH_EVERY_MS) {
    await store.updateSession(db.kysely, tokenHash, { last_seen_at: new Date(now).toISOString() });
  }
  return toSessionInfo(row, user);
}

export type SignInResult = { ok: true; token: string; session: SessionInfo } | { ok: false };

/** Password step. The same answer for an unknown email and a wrong password, in the same
 * time (a dummy hash is verified when there is no account).
 *
 * Each try is counted first, per address and per account, in one statement each. Past the
 * account's limit the password is not checked at all (429) — unless a valid code of the
 * account's second factor comes with it: the lock slows strangers, it does not keep the
 * owner out. Those tries have their own, larger allowance. */
export async function signIn(
  db: Db,
  emailInput: string,
  password: string,
  ip: string,
  userAgent: string,
  withCode?: { code: string; sealer: Sealer },
): Promise<SignInResult> {
  const email = emailInput.trim().toLowerCase().slice(0, 254);
  const now = Date.now();
  await spendAttempt(db, ipKey(ip), THROTTLE.ipFailures, now);
  const account = await countAttempt(db, accountKey(email), THROTTLE.accountFailures, now);
  const user = await store.findUserByEmail(db.kysely, email);
  let codeStep: number | undefined;
  if (account.over) {
    // Locked: only the password and a second-factor code together get through.
    if (!withCode || !user?.totp_secret || Number(user.totp_enabled) !== 1 || !/^\d{6}$/.test(withCode.code.replace(/\s/g, '')))
      throw new Throttled(account.retryAfterSeconds);
    await spendAttempt(db, unlockKey(Number(user.id)), THROTTLE.unlockTries, now);
    codeStep = await checkTotp(
      openSecret(withCode.sealer, Number(user.id), user.totp_secret),
      withCode.code,
      user.totp_last_step === null ? null : Number(user.totp_last_step),
    );
    if (codeStep === undefined) {
      await audit(db.kysely, { userId: Number(user.id), name: email, ip }, 'sign-in.failure', '', 'code during lock');
      throw new Throttled(account.retryAfterSeconds);
    }
  }
  const valid = user ? await verifyPassword(user.password_hash, password) : (await verifyPassword(await dummyHash(), password), false);
  if (!user || !valid || Number(user.disabled) === 1) {
    await audit(db.kysely, { userId: user ? Number(user.id) : null, name: email, ip }, 'sign-in.failure', '', 'password');
    if (account.over) throw new Throttled(account.retryAfterSeconds);
    return { ok: false };
  }
  // The code is spent only once the password is right too (each code works once).
  if (codeStep !== undefined && !(await store.advanceTotpStep(db.kysely, Number(user.id), codeStep)))
    throw new Throttled(account.retryAfterSeconds);
  await store.clearThrottle(db.kysely, accountKey(email));
  await store.uncountAttempt(db.kysely, ipKey(ip));
  const needsSecond = Number(user.totp_enabled) === 1 && codeStep === undefined;
  const { token, session } = await openSession(db.kysely, user, ip, userAgent, !needsSecond);
  await audit(
    db.kysely,
    { userId: Number(user.id), name: email, ip },
    needsSecond ? 'sign-in.password' : 'sign-in.success',
    '',
    codeStep !== undefined ? 'password and code during lock' : '',
  );
  return { ok: true, token, session };
}

/** Second step: a TOTP code (each accepted once) or an unused recovery code. On success the
 * session is replaced by a new one (a new id), which is returned. */
export async function completeSecondFactor(
  db: Db,
  sealer: Sealer,
  session: SessionInfo,
  code: string,
  ip: string,
): Promise<NewSession | undefined> {
  const now = Date.now();
  const key = secondFactorKey(session.user.id);
  await spendAttempt(db, key, THROTTLE.accountFailures, now);
  const user = await store.findUserById(db.kysely, session.user.id);
  if (!user?.totp_secret) return undefined;
  const actor = { userId: Number(user.id), name: user.email, ip };
  const how = await checkSecondFactor(db, sealer, user, code, now);
  if (!how) {
    await audit(db.kysely, actor, 'sign-in.failure', '', 'second factor');
    return undefined;
  }
  await store.clearThrottle(db.kysely, key);
  // A new session id once the second factor is passed: an id seen before this step (planted
  // or watched) is worth nothing afterwards.
  const fresh = await inTransaction(db, async (trx) => {
    const old = await store.findSession(trx, session.tokenHash);
    await store.deleteSession(trx, session.tokenHash);
    return openSession(trx, user, old?.ip ?? ip, old?.user_agent ?? '', true);
  });
  await audit(db.kysely, actor, 'sign-in.success', '', how);
  return fresh;
}

/** A TOTP code of the user's current authenticator or an unused recovery code: which one it
 * was, or undefined. Either is used up. */
async function checkSecondFactor(
  db: Db,
  sealer: Sealer,
  user: store.UserRow,
  code: string,
  now: number,
): Promise<'totp' | 'recovery-code' | undefined> {
  if (!user.totp_secret) return undefined;
  const trimmed = code.trim();
  if (/^\d{6}$/.test(trimmed.replace(/\s/g, ''))) {
    const step = await checkTotp(
      openSecret(sealer, Number(user.id), user.totp_secret),
      trimmed,
      user.totp_last_step === null ? null : Number(user.totp_last_step),
    );
    return step !== undefined && (await store.advanceTotpStep(db.kysely, Number(user.id), step)) ? 'totp' : undefined;
  }
  if (
    trimmed.length <= 40 &&
    (await store.useRecoveryCode(db.kysely, Number(user.id), recoveryCodeHash(trimmed), new Date(now).toISOString()))
  )
    return 'recovery-code';
  return undefined;
}

export async function signOut(db: Db, session: SessionInfo, ip: string): Promise<void> {
  await store.deleteSession(db.kysely, session.tokenHash);
  await audit(db.kysely, { userId: session.user.id, name: session.user.email, ip }, 'sign-out');
}

export async function sessionsOf(db: Db, userId: number): Promise<store.SessionRow[]> {
  await store.deleteExpiredSessions(db.kysely, new Date(Date.now() - 0).toISOString());
  return store.sessionsOfUser(db.kysely, userId);
}

export async function revokeSession(db: Db, session: SessionInfo, tokenHash: string, ip: string): Promise<boolean> {
  const n = await store.deleteSessionOfUser(db.kysely, session.user.id, tokenHash);
  if (n) await audit(db.kysely, { userId: session.user.id, name: session.user.email, ip }, 'session.revoke', tokenHash.slice(0, 8));
  return n > 0;
}

/** Logs out everywhere else (this session stays). */
export async function revokeOtherSessions(db: Db, session: SessionInfo, ip: string): Promise<number> {
  const n = await store.deleteSessionsOfUser(db.kysely, session.user.id, session.tokenHash);
  await audit(db.kysely, { userId: session.user.id, name: session.user.email, ip }, 'session.revoke-all', '', `${n} sessions`);
  return n;
}

// ---------------------------------------------------------------------------------------
// TOTP enrolment

/** A new secret for the user, held as pending (sealed): the current one (if any) stays in
 * force until the new one is confirmed, so opening this page changes nothing. */
export async function beginTotpEnrolment(db: Db, sealer: Sealer, userId: number): Promise<string> {
  const secret = newTotpSecret();
  await store.updateUser(db.kysely, userId, { totp_pending_secret: sealer.seal(secret, secretContext(userId, 'totp_pending_secret')) });
  return secret;
}

export interface EnrolmentInput {
  /** A code from the new authenticator. */
  code: string;
  /** When a second factor is already set up: a code of the current one (or a recovery
   * code) and the password, so a session left open cannot swap the factor. */
  currentCode?: string;
  password?: string;
}

/** Confirms enrolment with a code from the app; returns the ten recovery codes (shown once).
 * Undefined when a code or the password is wrong. */
export async function confirmTotpEnrolment(
  db: Db,
  sealer: Sealer,
  session: SessionInfo,
  input: EnrolmentInput,
  ip: string,
): Promise<string[] | undefined> {
  const user = await store.findUserById(db.kysely, session.user.id);
  if (!user?.totp_pending_secret) return undefined;
  const actor = { userId: Number(user.id), name: user.email, ip };
  const now = Date.now();
  if (Number(user.totp_enabled) === 1) {
    await spendAttempt(db, secondFactorKey(Number(user.id)), THROTTLE.accountFailures, now);
    const passwordOk = await verifyPassword(user.password_hash, input.password ?? '');
    const codeOk = passwordOk && (await checkSecondFactor(db, sealer, user, input.currentCode ?? '', now)) !== undefined;
    if (!codeOk) {
      await audit(db.kysely, actor, '2fa.enrol-failure', '', 'current code or password');
      return undefined;
    }
  }
  const secret = openSecret(sealer, Number(user.id), user.totp_pending_secret, 'totp_pending_secret');
  const step = await checkTotp(secret, input.code, null);
  if (step === undefined) {
    await audit(db.kysely, actor, '2fa.enrol-failure');
    return undefined;
  }
  const codes = newRecoveryCodes();
  await inTransaction(db, async (trx) => {
    await store.updateUser(trx, Number(user.id), {
      totp_secret: sealer.seal(secret, secretContext(Number(user.id), 'totp_secret')),
      totp_pending_secret: null,
      totp_enabled: 1,
      totp_last_step: step,
    });
    await store.replaceRecoveryCodes(trx, Number(user.id), codes.map(recoveryCodeHash));
    await store.updateSession(trx, session.tokenHash, { second_factor_done: 1 });
    // Enrolling ends every other session: whoever else was signed in must pass the new factor.
    await store.deleteSessionsOfUser(trx, Number(user.id), session.tokenHash);
    await audit(trx, actor, '2fa.enable');
  });
  return codes;
}

export async function recoveryCodesLeft(db: Db, userId: number): Promise<number> {
  return store.unusedRecoveryCodes(db.kysely, userId);
}

/** Lost device, from the CLI (the operator has the server): turns 2FA off so the user can
 * sign in with the password and enrol a new device. */
export async function resetSecondFactor(db: Db, email: string, actor: Actor): Promise<void> {
  const user = await store.findUserByEmail(db.kysely, email.trim().toLowerCase());
  if (!user) throw new AccountError(`No user with the email ${email}`);
  await inTransaction(db, async (trx) => {
    await store.updateUser(trx, Number(user.id), { totp_enabled: 0, totp_secret: null, totp_pending_secret: null, totp_last_step: null });
    await store.replaceRecoveryCodes(trx, Number(user.id), []);
    await store.deleteSessionsOfUser(trx, Number(user.id));
    await audit(trx, actor, '2fa.reset', user.email);
  });
}

export async function listUsers(db: Db): Promise<UserView[]> {
  return (await store.listUsers(db.kysely)).map(toUserView);
}

/** The owner changes someone's role, or disables / enables an account (disabling ends its
 * sessions). An owner cannot demote or disable themself, so a site always keeps an owner. */
export async function changeUser(
  db: Db,
  actorSession: SessionInfo,
  userId: number,
  change: { role?: Role; disabled?: boolean },
  ip: string,
): Promise<void> {
  if (userId === actorSession.user.id) throw new AccountError('自分自身の役割や状態は変更できません');
  const user = await store.findUserById(db.kysely, userId);
  if (!user) throw new AccountError('ユーザーが見つかりません');
  if (change.role && !roles.includes(change.role)) throw new AccountError('役割が正しくありません');
  await inTransaction(db, async (trx) => {
    await store.updateUser(trx, userId, {
      ...(change.role ? { role: change.role } : {}),
      ...(change.disabled !== undefined ? { disabled: change.disabled ? 1 : 0 } : {}),
    });
    if (change.disabled) await store.deleteSessionsOfUser(trx, userId);
    const actor = { userId: actorSession.user.id, name: actorSession.user.email, ip };
    if (change.role && change.role !== user.role) await audit(trx, actor, 'user.role', user.email, `${user.role} → ${change.role}`);
    if (change.disabled !== undefined) await audit(trx, actor, change.disabled ? 'user.disable' : 'user.enable', user.email);
  });
}

export async function listUsersWithState(db: Db): Promise<Array<UserView & { disabled: boolean }>> {
  return (await store.listUsers(db.kysely)).map((u) => ({ ...toUserView(u), disabled: Number(u.disabled) === 1 }));
}
