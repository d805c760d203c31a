import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { createPost, updatePost } from '../content/service.ts';
import { createDemoSite, type TestSite } from '../testing/app.ts';
import { updateSettings } from '../site/write.ts';

describe('page caching', () => {
  let site: TestSite;
  before(async () => (site = await createDemoSite()));
  after(() => site.close());
  const get = (url: string, headers: Record<string, string> = {}) => site.server.inject({ url, headers });

  it('sends ETag, Last-Modified and a Cache-Control a CDN can use', async () => {
    for (const url of ['/', '/posts/p-20250918', '/feed.xml', '/api/posts', '/sitemap.xml']) {
      const res = await get(url);
      assert.match(String(res.headers.etag), /^"[\w-]{27}"$/, url);
      assert.ok(!Number.isNaN(Date.parse(String(res.headers['last-modified']))), url);
      assert.match(String(res.headers['cache-control']), /^public, max-age=0, must-revalidate, s-maxage=\d+/, url);
    }
  });

  it('sends the security headers with cached pages, 304 answers and uncached answers alike', async () => {
    const first = await get('/posts/p-20250918');
    const answers = [
      first,
      await get('/posts/p-20250918'),
      await get('/posts/p-20250918', { 'if-none-match': String(first.headers.etag) }),
      await get('/search?q=x'),
      await get('/no-such-page'),
      await get('/static/style.css'),
    ];
    for (const res of answers) {
      assert.match(String(res.headers['content-security-policy']), /default-src 'self'/, res.raw.req.url);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', res.raw.req.url);
      assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN', res.raw.req.url);
      assert.equal(res.headers['strict-transport-security'], 'max-age=31536000', res.raw.req.url);
    }
  });

  it('answers 304 to a matching If-None-Match or a recent If-Modified-Since', async () => {
    const first = await get('/posts/p-20250918');
    const byTag = await get('/posts/p-20250918', { 'if-none-match': String(first.headers.etag) });
    assert.equal(byTag.statusCode, 304);
    assert.equal(byTag.body, '');
    const byDate = await get('/posts/p-20250918', { 'if-modified-since': String(first.headers['last-modified']) });
    assert.equal(byDate.statusCode, 304);
    const stale = await get('/posts/p-20250918', { 'if-none-match': '"other"' });
    assert.equal(stale.statusCode, 200);
  });

  it('serves the same bytes from the cache until content changes', async () => {
    const a = await get('/');
    const b = await get('/');
    assert.equal(a.headers.etag, b.headers.etag);
    assert.ok(site.app.cache.size > 0);
  });

  it('shows a change made through this process at once', async () => {
    const before = await get('/posts/p-20250918');
    const post = await createPost(site.app.db, { title: 'Cache check one', markdown: 'x', status: 'published', authorId: 1 });
    assert.match((await get('/')).body, /Cache check one/);
    await updatePost(site.app.db, Number(post.id), { title: 'Cache check renamed' });
    assert.match((await get('/')).body, /Cache check renamed/);
    // The sidebar of every page changed too.
    const after = await get('/posts/p-20250918');
    assert.notEqual(after.headers.etag, before.headers.etag);
    assert.match(after.body, /Cache check renamed/);
  });

  it('shows a settings change at once', async () => {
    await updateSettings(site.app.db, { title: '新しいサイト名' });
    assert.match((await get('/')).body, /<title>新しいサイト名<\/title>/);
  });

  it('shows a change made by another process within a second', async () => {
    assert.doesNotMatch((await get('/')).body, /From another process/);
    const other = await site.test.openAnother();
    try {
      // A second connection writes as the CLI would, without this process hearing of it.
      await createPost(other, { title: 'From another process', markdown: 'x', status: 'published', authorId: 1 });
    } finally {
      await other.close();
    }
    const deadline = Date.now() + 1000;
    let seen = false;
    while (!seen && Date.now() < deadline) {
      seen = /From another process/.test((await get('/')).body);
      if (!seen) await sleep(25);
    }
    assert.ok(seen, 'the front page did not change within one second');
  });
});
