import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PageCache, etagOf, type CachedPage } from './page-cache.ts';

function page(body: string): CachedPage {
  const b = Buffer.from(body);
  return { status: 200, body: b, etag: etagOf(b), lastModified: new Date(0).toUTCString(), headers: {}, rawHeaders: [], notModifiedHeaders: [] };
}

function cacheWithVersion(start = 1, maxEntries?: number) {
  const state = { version: start, changedAt: new Date(0).toISOString() };
  const cache = new PageCache({ enabled: true, pollMs: 1000, maxEntries, readVersion: async () => ({ ...state }) });
  return { cache, state };
}

describe('PageCache', () => {
  it('keeps a page rendered at the current version', async () => {
    const { cache } = cacheWithVersion();
    await cache.refresh();
    cache.set('/', page('a'), cache.version);
    assert.equal(cache.get('/')?.body.toString(), 'a');
  });

  it('drops every page when another process moves the version', async () => {
    const { cache, state } = cacheWithVersion();
    await cache.refresh();
    cache.set('/', page('a'), cache.version);
    state.version++;
    await cache.refresh();
    assert.equal(cache.get('/'), undefined);
  });

  it('refuses a page whose render began before a change (it may be stale)', async () => {
    const { cache, state } = cacheWithVersion();
    await cache.refresh();
    const renderedAt = cache.version;
    state.version++;
    await cache.invalidate();
    cache.set('/', page('old'), renderedAt);
    assert.equal(cache.get('/'), undefined);
    cache.set('/', page('new'), cache.version);
    assert.equal(cache.get('/')?.body.toString(), 'new');
  });

  it('stores nothing while an invalidation is still reading the new version', async () => {
    const { cache } = cacheWithVersion();
    await cache.refresh();
    const pending = cache.invalidate();
    cache.set('/', page('x'), cache.version);
    assert.equal(cache.get('/'), undefined);
    await pending;
  });

  it('forgets the oldest page past its size limit', async () => {
    const { cache } = cacheWithVersion(1, 2);
    await cache.refresh();
    for (const k of ['/a', '/b', '/c']) cache.set(k, page(k), cache.version);
    assert.deepEqual(['/a', '/b', '/c'].map((k) => cache.get(k) !== undefined), [false, true, true]);
  });

  it('stores nothing when disabled', async () => {
    const cache = new PageCache({ enabled: false, pollMs: 1000, readVersion: async () => ({ version: 1, changedAt: new Date().toISOString() }) });
    await cache.refresh();
    cache.set('/', page('a'), cache.version);
    assert.equal(cache.size, 0);
  });
});
