import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPost } from '../../content/service.ts';
import { AdminClient, TEST_PASSWORD, createTestUser, type TestUser } from '../../testing/admin-client.ts';
import { createTestSite, type TestSite } from '../../testing/app.ts';
import * as accountStore from '../../accounts/store.ts';

describe('admin: categories, tags, profiles, users, site call to action', () => {
  let site: TestSite;
  let owner: TestUser;
  let ownerClient: AdminClient;
  let editor: AdminClient;
  before(async () => {
    site = await createTestSite();
    owner = await createTestUser(site.app.db, 'owner@example.jp', 'owner');
    await createTestUser(site.app.db, 'editor@example.jp', 'editor');
    ownerClient = new AdminClient(site.server);
    await ownerClient.signIn('owner@example.jp', owner.codes.pop());
    editor = new AdminClient(site.server);
    await editor.signIn('editor@example.jp');
  });
  after(() => site.close());

  it('adds categories in a hierarchy, refuses a loop, and shows them on the site', async () => {
    await editor.get('/admin/categories');
    assert.equal((await editor.post('/admin/categories', { name: 'ISMS', slug: 'isms', position: '1' })).statusCode, 303);
    await editor.get('/admin/categories');
    assert.equal((await editor.post('/admin/categories', { name: 'ISO/IEC 27001', slug: 'iso27001', parentSlug: 'isms' })).statusCode, 303);
    const page = (await editor.get('/admin/categories')).body;
    const ismsId = /action="\/admin\/categories\/(\d+)"[\s\S]*?value="isms"/.exec(page)?.[1];
    const loop = await editor.post(`/admin/categories/${ismsId}`, { name: 'ISMS', slug: 'isms', parentSlug: 'iso27001' });
    assert.equal(loop.statusCode, 400);
    assert.match(loop.body, /自分の下に入れることはできません/);
    const duplicate = await editor.post('/admin/categories', { name: 'x', slug: 'isms' });
    assert.equal(duplicate.statusCode, 400);
    assert.match((await site.server.inject('/posts/none')).body, /ページが見つかりません/);
  });

  it('renames a tag everywhere', async () => {
    await createPost(site.app.db, { title: 'Tagged post', markdown: 'x', status: 'published', authorId: 1, tags: ['漏洩'] });
    const tags = (await editor.get('/admin/tags')).body;
    const id = /action="\/admin\/tags\/(\d+)"/.exec(tags)![1];
    assert.equal((await editor.post(`/admin/tags/${id}`, { name: '漏えい' })).statusCode, 303);
    assert.match((await site.server.inject('/posts/tagged-post')).body, /rel="tag">漏えい</);
  });

  it('keeps the greeting and sign-off on the author, shown on every post', async () => {
    await editor.get('/admin/profile');
    const res = await editor.post('/admin/profile', {
      displayName: '編集 太郎',
      profile: '編集者です。',
      greeting: '皆さんこんにちは。',
      signoff: 'また次回。',
    });
    assert.equal(res.statusCode, 303);
    const editorUser = await accountStore.findUserByEmail(site.app.db.kysely, 'editor@example.jp');
    await createPost(site.app.db, {
      title: 'Greeted post',
      markdown: 'ここが記事の中身',
      status: 'published',
      authorId: Number(editorUser!.author_id),
    });
    const whole = (await site.server.inject('/posts/greeted-post')).body;
    const page = whole.slice(whole.indexOf('<div class="post-body">'));
    assert.ok(
      page.indexOf('皆さんこんにちは。') < page.indexOf('ここが記事の中身') &&
        page.indexOf('ここが記事の中身') < page.indexOf('また次回。'),
    );
    assert.match(page, /編集 太郎/);
  });

  it('lets only the owner manage users; the owner cannot demote themself; a disabled user cannot sign in', async () => {
    assert.equal((await editor.get('/admin/users')).statusCode, 403);
    await ownerClient.get('/admin/users');
    const weak = await ownerClient.post('/admin/users', { email: 'new@example.jp', displayName: 'New', role: 'author', password: 'short' });
    assert.equal(weak.statusCode, 400);
    assert.equal(
      (await ownerClient.post('/admin/users', { email: 'new@example.jp', displayName: 'New', role: 'author', password: TEST_PASSWORD }))
        .statusCode,
      303,
    );
    const newUser = await accountStore.findUserByEmail(site.app.db.kysely, 'new@example.jp');
    await ownerClient.get('/admin/users');
    assert.equal((await ownerClient.post(`/admin/users/${newUser!.id}`, { role: 'editor' })).statusCode, 303);
    assert.equal((await accountStore.findUserById(site.app.db.kysely, Number(newUser!.id)))!.role, 'editor');
    await ownerClient.get('/admin/users');
    const self = await ownerClient.post(`/admin/users/${owner.id}`, { role: 'author' });
    assert.equal(self.statusCode, 400);
    await ownerClient.get('/admin/users');
    await ownerClient.post(`/admin/users/${newUser!.id}`, { disabled: '1' });
    const blocked = new AdminClient(site.server);
    assert.equal((await blocked.signIn('new@example.jp')).statusCode, 401);
  });

  it('shows the site-wide call to action under every post once set', async () => {
    await ownerClient.get('/admin/settings');
    const bad = await ownerClient.post('/admin/settings', {
      title: '瓦版',
      postsPerPage: '10',
      dateStyle: 'western',
      defaultCtaLabel: 'x',
      defaultCtaUrl: 'javascript:alert(1)',
    });
    assert.equal(bad.statusCode, 400);
    await ownerClient.get('/admin/settings');
    await ownerClient.post('/admin/settings', {
      title: '瓦版',
      postsPerPage: '10',
      dateStyle: 'western',
      defaultCtaLabel: '次回セミナーに申し込む',
      defaultCtaUrl: '/events/next',
    });
    assert.match(
      (await site.server.inject('/posts/greeted-post')).body,
      /<p class="block-cta site-cta"><a class="cta cta-primary" href="\/events\/next">次回セミナーに申し込む<\/a><\/p>/,
    );
  });

  it('lets an editor add and delete redirects from old URLs, refusing bad ones', async () => {
    await editor.get('/admin/redirects');
    const bad = await editor.post('/admin/redirects', { from: 'archives/1.html', to: '/posts/x' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /で始まるパス/);
    await editor.get('/admin/redirects');
    const evil = await editor.post('/admin/redirects', { from: '/a', to: 'javascript:alert(1)' });
    assert.equal(evil.statusCode, 400);
    await editor.get('/admin/redirects');
    assert.equal((await editor.post('/admin/redirects', { from: '/archives/2023-06.html', to: '/archive/2023/06' })).statusCode, 303);
    const moved = await site.server.inject('/archives/2023-06.html');
    assert.equal(moved.statusCode, 301);
    assert.equal(moved.headers.location, '/archive/2023/06');
    const page = (await editor.get('/admin/redirects')).body;
    const id = /action="\/admin\/redirects\/(\d+)\/delete"/.exec(page)![1];
    await editor.post(`/admin/redirects/${id}/delete`, {});
    assert.equal((await site.server.inject('/archives/2023-06.html')).statusCode, 404);
  });
});
