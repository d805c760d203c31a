import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cliActor } from '../audit/service.ts';
import { listAudit } from '../audit/store.ts';
import { createTestDb, type TestDb } from '../testing/db.ts';
import { sealerOf } from '../testing/sealers.ts';
import { passwordProblem } from './passwords.ts';
import {
  AccountError,
  SESSION_IDLE_MS,
  THROTTLE,
  Throttled,
  beginTotpEnrolment,
  completeSecondFactor,
  confirmTotpEnrolment,
  createFirstOwner,
  createUser,
  loadSession,
  revokeOtherSessions,
  sealTotpSecrets,
  signIn,
} from './service.ts';
import * as store from './store.ts';
import { currentTotp, newTotpSecret } from './totp.ts';

const GOOD = 'correct horse battery staple';

describe('password rules', () => {
  it('asks for twelve characters or more', () => {
    assert.match(passwordProblem('short1!')!, /12文字以上/);
    assert.equal(passwordProblem('十二文字のパスワードを作りました'), undefined);
  });

  it('refuses common passwords, repetitions and the email itself', () => {
    assert.match(passwordProblem('Password1234')!, /よく使われて/);
    assert.match(passwordProblem('qwertyuiop123')!, /よく使われて/);
    assert.match(passwordProblem('abcabcabcabc')!, /よく使われて/);
    assert.match(passwordProblem('tanaka.taro-2024!', 'tanaka.taro@example.jp')!, /メールアドレス/);
    assert.equal(passwordProblem(GOOD, 'owner@example.jp'), undefined);
  });
});

describe('accounts', () => {
  let t: TestDb;
  before(async () => {
    t = await createTestDb();
  });
  after(() => t.cleanup());

  it('creates the first owner once, stores an Argon2id hash, and refuses a second setup', async () => {
    await createFirstOwner(t.db, { email: 'Owner@Example.jp', displayName: 'オーナー', password: GOOD }, '127.0.0.1');
    const user = await store.findUserByEmail(t.db.kysely, 'owner@example.jp');
    assert.match(user!.password_hash, /^\$argon2id\$/);
    assert.ok(user!.author_id);
    await assert.rejects(
      createFirstOwner(t.db, { email: 'other@example.jp', displayName: 'x', password: GOOD }, '127.0.0.1'),
      /初期設定は済んでいます/,
    );
  });

  it('refuses a weak password or a taken email with a Japanese message and creates nothing', async () => {
    await assert.rejects(
      createUser(t.db, { email: 'e@example.jp', displayName: 'E', role: 'editor', password: 'password1234' }, cliActor),
      AccountError,
    );
    await assert.rejects(
      createUser(t.db, { email: 'owner@example.jp', displayName: 'E', role: 'editor', password: GOOD }, cliActor),
      /既にいます/,
    );
    await assert.rejects(
      createUser(t.db, { email: 'not-an-email', displayName: 'E', role: 'editor', password: GOOD }, cliActor),
      /メールアドレス/,
    );
    assert.equal(await store.countUsers(t.db.kysely), 1);
  });

  it('answers a wrong password and an unknown email the same way', async () => {
    assert.deepEqual(await signIn(t.db, 'owner@example.jp', 'wrong password here', '10.0.0.1', 'test'), { ok: false });
    assert.deepEqual(await signIn(t.db, 'nobody@example.jp', 'wrong password here', '10.0.0.1', 'test'), { ok: false });
  });

  it('signs in with the right password and keeps the session until it is idle too long', async () => {
    const r = await signIn(t.db, 'OWNER@example.jp', GOOD, '10.0.0.2', 'test');
    assert.ok(r.ok);
    const session = await loadSession(t.db, r.token);
    assert.equal(session?.user.email, 'owner@example.jp');
    assert.equal(session?.secondFactorDone, true);
    await store.updateSession(t.db.kysely, session!.tokenHash, {
      last_seen_at: new Date(Date.now() - SESSION_IDLE_MS - 1000).toISOString(),
    });
    assert.equal(await loadSession(t.db, r.token), undefined);
  });

  it('ends a session at its absolute limit, however busy', async () => {
    const r = await signIn(t.db, 'owner@example.jp', GOOD, '10.0.0.2', 'test');
    assert.ok(r.ok);
    await store.updateSession(t.db.kysely, r.session.tokenHash, { expires_at: new Date(Date.now() - 1).toISOString() });
    assert.equal(await loadSession(t.db, r.token), undefined);
  });

  it('locks an account after repeated failures, even for the right password, and says how long', async () => {
    await createUser(t.db, { email: 'victim@example.jp', displayName: 'V', role: 'author', password: GOOD }, cliActor);
    for (let i = 0; i < THROTTLE.accountFailures; i++) {
      assert.deepEqual(await signIn(t.db, 'victim@example.jp', `guess number ${i}!!`, `10.1.0.${i}`, 'test'), { ok: false });
    }
    await assert.rejects(
      signIn(t.db, 'victim@example.jp', GOOD, '10.1.0.99', 'test'),
      (e: Error) => e instanceof Throttled && e.retryAfterSeconds > 800,
    );
  });

  it('locks an IP that tries many accounts', async () => {
    for (let i = 0; i < THROTTLE.ipFailures; i++) await signIn(t.db, `user${i}@example.jp`, 'not the password', '10.9.9.9', 'test');
    await assert.rejects(signIn(t.db, 'owner@example.jp', GOOD, '10.9.9.9', 'test'), Throttled);
  });

  it('enrols TOTP, then accepts each code once and each recovery code once', async () => {
    await createUser(t.db, { email: 'twofa@example.jp', displayName: 'T', role: 'editor', password: GOOD }, cliActor);
    const first = await signIn(t.db, 'twofa@example.jp', GOOD, '10.2.0.1', 'test');
    assert.ok(first.ok);
    const secret = await beginTotpEnrolment(t.db, sealerOf(t.db), first.session.user.id);
    assert.equal(await confirmTotpEnrolment(t.db, sealerOf(t.db), first.session, { code: '000000' }, '10.2.0.1'), undefined);
    // Enrol with the code of the previous time step, so the next one is fresh for sign-in.
    const codes = await confirmTotpEnrolment(
      t.db,
      sealerOf(t.db),
      first.session,
      { code: await currentTotp(secret, Math.floor(Date.now() / 1000) - 30) },
      '10.2.0.1',
    );
    assert.equal(codes?.length, 10);

    const second = await signIn(t.db, 'twofa@example.jp', GOOD, '10.2.0.1', 'test');
    assert.ok(second.ok);
    assert.equal(second.session.secondFactorDone, false);
    const code = await currentTotp(secret);
    const passed = await completeSecondFactor(t.db, sealerOf(t.db), second.session, code, '10.2.0.1');
    assert.ok(passed);
    assert.notEqual(passed.token, second.token, 'a new session id after the second factor');
    assert.equal(await loadSession(t.db, second.token), undefined, 'the id from before the second factor is dead');
    assert.equal((await loadSession(t.db, passed.token))?.secondFactorDone, true);

    const third = await signIn(t.db, 'twofa@example.jp', GOOD, '10.2.0.1', 'test');
    assert.ok(third.ok);
    assert.equal(await completeSecondFactor(t.db, sealerOf(t.db), third.session, code, '10.2.0.1'), undefined, 'a replayed code');
    assert.ok(await completeSecondFactor(t.db, sealerOf(t.db), third.session, codes![0]!, '10.2.0.1'));
    const fourth = await signIn(t.db, 'twofa@example.jp', GOOD, '10.2.0.1', 'test');
    assert.ok(fourth.ok);
    assert.equal(
      await completeSecondFactor(t.db, sealerOf(t.db), fourth.session, codes![0]!, '10.2.0.1'),
      undefined,
      'a used recovery code',
    );
  });

  it('seals TOTP secrets written in the clear before sealing, and they still sign in', async () => {
    await createUser(t.db, { email: 'legacy@example.jp', displayName: 'L', role: 'author', password: GOOD }, cliActor);
    const user = (await store.findUserByEmail(t.db.kysely, 'legacy@example.jp'))!;
    const secret = newTotpSecret();
    await store.updateUser(t.db.kysely, Number(user.id), { totp_secret: secret, totp_enabled: 1 });
    assert.equal(await sealTotpSecrets(t.db, sealerOf(t.db)), 1);
    const stored = (await store.findUserById(t.db.kysely, Number(user.id)))!.totp_secret!;
    assert.match(stored, /^v1\./);
    assert.ok(!stored.includes(secret));
    assert.equal(await sealTotpSecrets(t.db, sealerOf(t.db)), 0, 'once sealed, left alone');
    const r = await signIn(t.db, 'legacy@example.jp', GOOD, '10.4.0.1', 'test');
    assert.ok(r.ok);
    assert.ok(await completeSecondFactor(t.db, sealerOf(t.db), r.session, await currentTotp(secret), '10.4.0.1'));
  });

  it('logs out everywhere else', async () => {
    const a = await signIn(t.db, 'owner@example.jp', GOOD, '10.3.0.1', 'a');
    const b = await signIn(t.db, 'owner@example.jp', GOOD, '10.3.0.2', 'b');
    assert.ok(a.ok && b.ok);
    await revokeOtherSessions(t.db, a.session, '10.3.0.1');
    assert.ok(await loadSession(t.db, a.token));
    assert.equal(await loadSession(t.db, b.token), undefined);
  });

  it('writes sign-ins, failures and changes to the audit log, without passwords', async () => {
    const { rows } = await listAudit(t.db.kysely, {}, 500, 0);
    const actions = new Set(rows.map((r) => r.action));
    for (const a of ['user.create', 'sign-in.success', 'sign-in.failure', 'sign-in.password', '2fa.enable', 'session.revoke-all'])
      assert.ok(actions.has(a), a);
    assert.ok(!JSON.stringify(rows).includes(GOOD));
    assert.ok(rows.some((r) => r.ip === '10.0.0.1' && r.action === 'sign-in.failure'));
  });
});
