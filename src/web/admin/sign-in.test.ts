// Sign-in under attack, through the real form: guesses sent at once are counted before any
// is checked; the lock slows strangers but lets the owner in with password and code; the
// second factor is required for owners and editors, renews the session id, and cannot be
// replaced without the current code and the password; its secret is sealed at rest.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { currentTotp } from '../../accounts/totp.ts';
import * as accountStore from '../../accounts/store.ts';
import { listAudit } from '../../audit/store.ts';
import { AdminClient, TEST_PASSWORD, createTestUser, type TestUser } from '../../testing/admin-client.ts';
import { createTestSite, type TestSite } from '../../testing/app.ts';

describe('sign-in throttling under parallel guesses', () => {
  let site: TestSite;
  let owner: TestUser;
  before(async () => {
    site = await createTestSite();
    owner = await createTestUser(site.app.db, 'owner@example.jp', 'owner');
  });
  after(() => site.close());

  async function loginForm(): Promise<{ cookie: string; token: string }> {
    const c = new AdminClient(site.server);
    await c.get('/admin/login');
    return { cookie: `kw_form=${c.cookies.get('kw_form')}`, token: c.tokens()._form! };
  }

  it('lets at most 5 of 50 wrong passwords sent at once reach the password check; the rest get 429', async () => {
    const { cookie, token } = await loginForm();
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        site.server.inject({
          method: 'POST',
          url: '/admin/login',
          // From many addresses, as a botnet would: the account's own limit must hold.
          remoteAddress: `10.7.${Math.floor(i / 10)}.${i % 10}`,
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ _form: token, email: 'owner@example.jp', password: `wrong guess ${i}` }).toString(),
        }),
      ),
    );
    const codes = answers.map((a) => a.statusCode);
    const verified = codes.filter((s) => s === 401).length;
    assert.ok(verified <= 5, `${verified} guesses reached the password check`);
    assert.equal(codes.filter((s) => s === 429).length, 50 - verified);
    const failures = (await listAudit(site.app.db.kysely, { action: 'sign-in.failure' }, 100, 0)).rows.filter(
      (r) => r.detail === 'password',
    );
    assert.ok(failures.length <= 5, `${failures.length} password checks were audited`);
    assert.ok(
      answers.filter((a) => a.statusCode === 429).every((a) => Number(a.headers['retry-after']) > 0 && /試行回数が多すぎます/.test(a.body)),
    );
  });

  it('still refuses the right password alone during the lock, but lets the owner in with password and code', async () => {
    const { cookie, token } = await loginForm();
    const post = (fields: Record<string, string>) =>
      site.server.inject({
        method: 'POST',
        url: '/admin/login',
        remoteAddress: '192.0.2.10',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _form: token, email: 'owner@example.jp', ...fields }).toString(),
      });
    const alone = await post({ password: TEST_PASSWORD });
    assert.equal(alone.statusCode, 429);
    assert.match(alone.body, /name="code"/, 'the locked form asks for the code');
    assert.equal((await post({ password: 'a wrong one, with code', code: '000000' })).statusCode, 429);
    const withCode = await post({ password: TEST_PASSWORD, code: await currentTotp(owner.secret!) });
    assert.equal(withCode.statusCode, 303);
    assert.equal(withCode.headers.location, '/admin/');
    const session = withCode.cookies.find((c) => c.name === 'kw_session')!.value;
    const posts = await site.server.inject({ method: 'GET', url: '/admin/posts', headers: { cookie: `kw_session=${session}` } });
    assert.equal(posts.statusCode, 200, 'signed in fully: password and code were both given');
  });

  it('keeps the per-address limit: 20 tries from one address, then 429 for any account', async () => {
    await createTestUser(site.app.db, 'someone@example.jp', 'author');
    const { cookie, token } = await loginForm();
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const res = await site.server.inject({
        method: 'POST',
        url: '/admin/login',
        remoteAddress: '198.51.100.7',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _form: token, email: `nobody${i}@example.jp`, password: 'not it' }).toString(),
      });
      statuses.push(res.statusCode);
    }
    assert.deepEqual(statuses.slice(0, 20), Array(20).fill(401));
    assert.equal(statuses[20], 429);
  });
});

describe('second factor', () => {
  let site: TestSite;
  let owner: TestUser;
  before(async () => {
    site = await createTestSite();
    owner = await createTestUser(site.app.db, 'owner@example.jp', 'owner');
    await createTestUser(site.app.db, 'editor@example.jp', 'editor', false);
    await createTestUser(site.app.db, 'author@example.jp', 'author', false);
  });
  after(() => site.close());

  it('is required for editors (as for owners) and optional for authors', async () => {
    const editor = new AdminClient(site.server);
    await editor.signIn('editor@example.jp');
    assert.equal((await editor.get('/admin/posts')).headers.location, '/admin/2fa/setup');
    const author = new AdminClient(site.server);
    await author.signIn('author@example.jp');
    assert.equal((await author.get('/admin/posts')).statusCode, 200);
  });

  it('gives a new session id once the second factor is passed', async () => {
    const c = new AdminClient(site.server);
    await c.get('/admin/login');
    await c.post('/admin/login', { email: 'owner@example.jp', password: TEST_PASSWORD });
    const before = c.cookies.get('kw_session')!;
    await c.get('/admin/login/2fa');
    await c.post('/admin/login/2fa', { code: owner.codes.pop()! });
    const after = c.cookies.get('kw_session')!;
    assert.notEqual(after, before);
    const old = await site.server.inject({ method: 'GET', url: '/admin/posts', headers: { cookie: `kw_session=${before}` } });
    assert.equal(old.headers.location, '/admin/login', 'the id from before the second factor is dead');
    assert.equal((await c.get('/admin/posts')).statusCode, 200);
  });

  it('replaces the authenticator only with a current code (or recovery code) and the password', async () => {
    const c = new AdminClient(site.server);
    await c.signIn('owner@example.jp', owner.codes.pop());
    const page = await c.get('/admin/2fa/setup');
    assert.match(page.body, /name="currentCode"/);
    const newSecret = /<code class="secret">([A-Z2-7]+)<\/code>/.exec(page.body)![1]!;
    const before = (await accountStore.findUserById(site.app.db.kysely, owner.id))!.totp_secret;
    const noProof = await c.post('/admin/2fa/setup', { code: await currentTotp(newSecret) });
    assert.equal(noProof.statusCode, 400);
    const page2 = await c.get('/admin/2fa/setup');
    const secret2 = /<code class="secret">([A-Z2-7]+)<\/code>/.exec(page2.body)![1]!;
    const wrongPassword = await c.post('/admin/2fa/setup', {
      code: await currentTotp(secret2),
      currentCode: owner.codes.pop()!,
      password: 'not the password at all',
    });
    assert.equal(wrongPassword.statusCode, 400);
    assert.equal((await accountStore.findUserById(site.app.db.kysely, owner.id))!.totp_secret, before, 'nothing changed');
    const page3 = await c.get('/admin/2fa/setup');
    const secret3 = /<code class="secret">([A-Z2-7]+)<\/code>/.exec(page3.body)![1]!;
    const ok = await c.post('/admin/2fa/setup', {
      code: await currentTotp(secret3),
      currentCode: owner.codes.pop()!,
      password: TEST_PASSWORD,
    });
    assert.equal(ok.statusCode, 200);
    assert.match(ok.body, /回復コード/);
    const stored = (await accountStore.findUserById(site.app.db.kysely, owner.id))!.totp_secret!;
    assert.notEqual(stored, before);
    assert.match(stored, /^v1\./, 'sealed at rest');
    assert.ok(!stored.includes(secret3));
    assert.equal(site.app.sealer.open(stored, `users.totp_secret:${owner.id}`), secret3);
  });
});
