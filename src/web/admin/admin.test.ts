import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listAudit } from '../../audit/store.ts';
import * as accountStore from '../../accounts/store.ts';
import { createCategory } from '../../content/service.ts';
import { AdminClient, TEST_PASSWORD, createTestUser, type TestUser } from '../../testing/admin-client.ts';
import { createTestSite, type TestSite } from '../../testing/app.ts';
import { THROTTLE } from '../../accounts/service.ts';

describe('admin: first setup', () => {
  let site: TestSite;
  before(async () => (site = await createTestSite()));
  after(() => site.close());

  it('sends an empty site to the setup page, refuses a form without its token, then creates the owner', async () => {
    const c = new AdminClient(site.server);
    assert.equal((await c.get('/admin/')).headers.location, '/admin/setup');
    await c.get('/admin/setup');
    const forged = await c.post('/admin/setup', {
      email: 'o@example.jp',
      displayName: 'O',
      password: TEST_PASSWORD,
      _form: 'x'.repeat(32),
    });
    assert.equal(forged.statusCode, 403);
    assert.equal(await accountStore.countUsers(site.app.db.kysely), 0);
    const weak = await c.post('/admin/setup', { email: 'o@example.jp', displayName: 'O', password: 'password1234' });
    assert.equal(weak.statusCode, 400);
    assert.match(weak.body, /推測されやすい/);
    const ok = await c.post('/admin/setup', { email: 'o@example.jp', displayName: 'O', password: TEST_PASSWORD });
    assert.equal(ok.headers.location, '/admin/2fa/setup');
    // An owner without 2FA can do nothing else until it is set up.
    assert.equal((await c.get('/admin/posts')).headers.location, '/admin/2fa/setup');
  });

  it('closes the setup page once a user exists', async () => {
    const c = new AdminClient(site.server);
    assert.equal((await c.get('/admin/setup')).headers.location, '/admin/login');
    const res = await c.post('/admin/setup', { email: 'second@example.jp', displayName: 'S', password: TEST_PASSWORD }, { csrf: false });
    assert.equal(res.headers.location, '/admin/login');
    assert.equal(await accountStore.countUsers(site.app.db.kysely), 1);
  });
});

describe('admin: signing in and staying safe', () => {
  let site: TestSite;
  let owner: TestUser;
  before(async () => {
    site = await createTestSite();
    owner = await createTestUser(site.app.db, 'owner@example.jp', 'owner');
    await createTestUser(site.app.db, 'editor@example.jp', 'editor');
    await createTestUser(site.app.db, 'author@example.jp', 'author');
    await createTestUser(site.app.db, 'author2@example.jp', 'author');
    await createCategory(site.app.db, { slug: 'news', name: 'ニュース' });
  });
  after(() => site.close());

  it('says the same for an unknown email and a wrong password', async () => {
    const c = new AdminClient(site.server);
    await c.get('/admin/login');
    const wrong = await c.post('/admin/login', { email: 'editor@example.jp', password: 'not the right one' });
    const unknown = await c.post('/admin/login', { email: 'nobody@example.jp', password: 'not the right one' });
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    const message = (b: string) => /<p class="admin-error" role="alert">([^<]+)/.exec(b)?.[1];
    assert.equal(message(wrong.body), 'メールアドレスまたはパスワードが正しくありません。');
    assert.equal(message(unknown.body), message(wrong.body));
  });

  it('answers 429 with Retry-After and a Japanese message past the limit', async () => {
    await createTestUser(site.app.db, 'target@example.jp', 'author');
    const c = new AdminClient(site.server);
    await c.get('/admin/login');
    for (let i = 0; i < THROTTLE.accountFailures; i++)
      await c.post('/admin/login', { email: 'target@example.jp', password: `wrong ${i} password` });
    const res = await c.post('/admin/login', { email: 'target@example.jp', password: TEST_PASSWORD });
    assert.equal(res.statusCode, 429);
    assert.ok(Number(res.headers['retry-after']) > 0);
    assert.match(res.body, /試行回数が多すぎます/);
  });

  it('sets a session cookie that is HttpOnly, SameSite=Lax, Secure and limited to /admin', async () => {
    const res = await new AdminClient(site.server).signIn('editor@example.jp');
    const cookie = String(res.headers['set-cookie'])
      .split(/,(?=\s*kw_)/)
      .find((c) => c.includes('kw_session='))!;
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.match(cookie, /Secure/);
    assert.match(cookie, /Path=\/admin/);
  });

  it('asks the owner for the TOTP code after the password, and lets them in with it', async () => {
    const c = new AdminClient(site.server);
    await c.get('/admin/login');
    const first = await c.post('/admin/login', { email: 'owner@example.jp', password: TEST_PASSWORD });
    assert.equal(first.headers.location, '/admin/login/2fa');
    assert.equal((await c.get('/admin/posts')).headers.location, '/admin/login/2fa');
    await c.get('/admin/login/2fa');
    assert.equal((await c.post('/admin/login/2fa', { code: '000000' })).statusCode, 401);
    const { currentTotp } = await import('../../accounts/totp.ts');
    const ok = await c.post('/admin/login/2fa', { code: await currentTotp(owner.secret!) });
    assert.equal(ok.headers.location, '/admin/');
    assert.equal((await c.get('/admin/posts')).statusCode, 200);
    // Opening the enrolment page again must not switch 2FA off.
    await c.get('/admin/2fa/setup');
    assert.equal(Number((await accountStore.findUserById(site.app.db.kysely, owner.id))!.totp_enabled), 1);
    // The owner reads the audit log; reading it is itself logged.
    const log = await c.get('/admin/audit?action=sign-in');
    assert.equal(log.statusCode, 200);
    assert.match(log.body, /sign-in.failure/);
    assert.ok((await listAudit(site.app.db.kysely, { action: 'audit.view' }, 10, 0)).total >= 1);
  });

  it("refuses every state change without the session's CSRF token, and changes nothing", async () => {
    const c = new AdminClient(site.server);
    await c.signIn('editor@example.jp');
    await c.get('/admin/posts/new');
    const missing = await c.post('/admin/posts/new', { title: 'CSRF', markdown: 'x', action: 'save', _csrf: '' });
    assert.equal(missing.statusCode, 403);
    assert.match(missing.body, /正しくない送信です/);
    const wrong = await c.post('/admin/posts/new', { title: 'CSRF', markdown: 'x', action: 'save', _csrf: 'a'.repeat(32) });
    assert.equal(wrong.statusCode, 403);
    assert.equal((await c.get('/admin/posts?q=CSRF')).body.includes('>CSRF<'), false);
  });

  it('ends a session that has been idle too long', async () => {
    const c = new AdminClient(site.server);
    await c.signIn('editor@example.jp');
    await accountStore.updateSession(
      site.app.db.kysely,
      (await import('node:crypto')).createHash('sha256').update(c.cookies.get('kw_session')!).digest('hex'),
      {
        last_seen_at: new Date(Date.now() - 2 * 3600_000).toISOString(),
      },
    );
    assert.equal((await c.get('/admin/posts')).headers.location, '/admin/login');
  });

  it('keeps authors to writing and submitting their own drafts', async () => {
    const author = new AdminClient(site.server);
    await author.signIn('author@example.jp');
    await author.get('/admin/posts/new');
    const published = await author.post('/admin/posts/new', { title: 'Author tries to publish', markdown: 'x', action: 'publish' });
    assert.equal(published.statusCode, 403);
    await author.get('/admin/posts/new');
    const saved = await author.post('/admin/posts/new', { title: 'Author draft', markdown: 'x', action: 'submit' });
    const url = saved.headers.location!.split('?')[0]!;
    assert.match((await author.get(url)).body, /レビュー待ち/);

    const other = new AdminClient(site.server);
    await other.signIn('author2@example.jp');
    assert.equal((await other.get(url)).statusCode, 403);
    assert.equal((await other.get('/admin/settings')).statusCode, 403);
    assert.doesNotMatch((await other.get('/admin/posts')).body, /Author draft/);
  });

  it('tells the second of two editors saving the same post, and overwrites nothing', async () => {
    const a = new AdminClient(site.server);
    await a.signIn('editor@example.jp');
    await a.get('/admin/posts/new');
    const created = await a.post('/admin/posts/new', { title: 'Shared post', markdown: 'first', action: 'save' });
    const url = created.headers.location!.split('?')[0]!;
    const b = new AdminClient(site.server);
    await b.signIn('owner@example.jp', owner.codes.pop());
    await a.get(url);
    await b.get(url);
    const aSaved = await a.post(url, { title: 'Shared post', markdown: 'edited by A', action: 'save' });
    assert.equal(aSaved.statusCode, 303);
    const bSaved = await b.post(url, { title: 'Shared post', markdown: 'edited by B', action: 'save' });
    assert.equal(bSaved.statusCode, 409);
    assert.match(bSaved.body, /他の人が保存しました/);
    // B's text is still on B's screen, and A's text is what is stored.
    assert.match(bSaved.body, /edited by B/);
    assert.match((await a.get(url)).body, /edited by A/);
  });

  it('refuses a 10,000-character title and an image without alt text at publishing, with a message', async () => {
    const c = new AdminClient(site.server);
    await c.signIn('editor@example.jp');
    await c.get('/admin/posts/new');
    const long = await c.post('/admin/posts/new', { title: 'あ'.repeat(10000), markdown: 'x', action: 'save' });
    assert.equal(long.statusCode, 400);
    assert.match(long.body, /タイトルは300文字までです/);
    await c.get('/admin/posts/new');
    const noAlt = await c.post('/admin/posts/new', { title: 'No alt', markdown: '::image{src="/a.png" alt=""}', action: 'publish' });
    assert.equal(noAlt.statusCode, 400);
    assert.match(noAlt.body, /代替テキスト/);
  });

  it('renders Markdown carrying script, javascript: links and event handlers inert', async () => {
    const c = new AdminClient(site.server);
    await c.signIn('editor@example.jp');
    await c.get('/admin/posts/new');
    const markdown =
      '<script>alert(1)</script>\n\n[click](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n<a href="javascript:alert(2)" onclick="x()">a</a>';
    const res = await c.post('/admin/posts/new', { title: 'Inert markdown', markdown, action: 'publish', categories: 'news' });
    assert.equal(res.statusCode, 303);
    const page = (await site.server.inject('/posts/inert-markdown')).body;
    const body = page.slice(page.indexOf('<div class="post-body">'), page.indexOf('</article>'));
    assert.ok(!/<script/i.test(body));
    assert.ok(!/href="javascript:/i.test(body));
    assert.ok(!/<img[^>]*onerror/i.test(body));
    assert.ok(!/<a[^>]*onclick/i.test(body));
  });

  it('publishes, unpublishes, trashes and restores, writing each to the audit log', async () => {
    const c = new AdminClient(site.server);
    await c.signIn('editor@example.jp');
    await c.get('/admin/posts/new');
    const created = await c.post('/admin/posts/new', { title: 'Lifecycle post', markdown: 'x', action: 'publish' });
    const url = created.headers.location!.split('?')[0]!;
    assert.equal((await site.server.inject('/posts/lifecycle-post')).statusCode, 200);
    await c.get(url);
    await c.post(url, { title: 'Lifecycle post', markdown: 'x', action: 'unpublish' });
    assert.equal((await site.server.inject('/posts/lifecycle-post')).statusCode, 404);
    await c.get(url);
    await c.post(`${url}/trash`, {});
    assert.match((await c.get('/admin/trash')).body, /Lifecycle post/);
    await c.post(`${url}/restore`, {});
    const actions = (await listAudit(site.app.db.kysely, {}, 500, 0)).rows
      .filter((r) => r.target.endsWith('lifecycle-post') || r.target === url.split('/').pop())
      .map((r) => r.action);
    for (const a of ['post.publish', 'post.unpublish', 'post.trash']) assert.ok(actions.includes(a), a);
  });

  it('lets the owner change settings, and logs it', async () => {
    const c = new AdminClient(site.server);
    await c.signIn('owner@example.jp', owner.codes.pop());
    await c.get('/admin/settings');
    const res = await c.post('/admin/settings', {
      title: '新しい名前',
      tagline: '',
      description: '',
      footer: '',
      postsPerPage: '5',
      dateStyle: 'japanese',
    });
    assert.equal(res.statusCode, 303);
    assert.match((await site.server.inject('/')).body, /<title>新しい名前/);
    assert.ok((await listAudit(site.app.db.kysely, { action: 'settings.update' }, 10, 0)).total >= 1);
  });

  it('previews through the public renderer, autosaves drafts, and keeps every save as a revision that can be compared and restored', async () => {
    const c = new AdminClient(site.server);
    await c.signIn('editor@example.jp');
    await c.get('/admin/posts/new');
    const csrf = c.tokens()._csrf!;
    const preview = await site.server.inject({
      method: 'POST',
      url: '/admin/preview',
      headers: {
        cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'content-type': 'application/x-www-form-urlencoded',
        'x-csrf-token': csrf,
      },
      payload: new URLSearchParams({ title: 'P', markdown: ':::commentary\n意見\n:::' }).toString(),
    });
    assert.match(JSON.parse(preview.body).html, /<h3 class="block-commentary-label">私のコメント<\/h3>/);
    const broken = await c.post('/admin/preview', { title: 'P', markdown: ':::commentary\nno end' });
    assert.match(JSON.parse(broken.body).error, /閉じられていません/);

    await c.get('/admin/posts/new');
    const created = await c.post('/admin/posts/new', { title: 'Revisions', markdown: 'version one', action: 'save' });
    const url = created.headers.location!.split('?')[0]!;
    await c.get(url);
    const auto = await c.post(`${url}/autosave`, { title: 'Revisions', markdown: 'version two' });
    assert.equal(auto.statusCode, 200);
    assert.equal(JSON.parse(auto.body).revision, 2);
    await c.get(url);
    const stale = await c.post(`${url}/autosave`, { title: 'Revisions', markdown: 'stale', revision: '1' });
    assert.equal(stale.statusCode, 409);

    const history = await c.get(`${url}/revisions?diff=2`);
    assert.match(history.body, /<del>version one\n?<\/del>/);
    assert.match(history.body, /<ins>version two\n?<\/ins>/);
    await c.get(`${url}/revisions`);
    const restore = await c.post(`${url}/revisions/1/restore`, {});
    assert.equal(restore.statusCode, 303);
    assert.match((await c.get(url)).body, />version one<\/textarea>/);
  });
});
