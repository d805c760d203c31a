import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PageCache, etagOf, sizeOf, type CachedPage } from './page-cache.ts';

function page(body: string): CachedPage {
  const b = Buffer.from(body);
  return {
    status: 200,
    body: b,
    etag: etagOf(b),
    lastModified: new Date(0).toUTCString(),
    rawHeaders: [],
    notModifiedHeaders: [],
  };
}

function cacheWithVersion(start = 1, maxBytes?: number) {
  const state = { version: start, changedAt: new Date(0).toISOString() };
  const cache = new PageCache({ enabled: true, pollMs: 1000, maxBytes, readVersion: async () => ({ ...state }) });
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

  it('stays under its byte bound, forgetting the least recently used page first', async () => {
    const one = sizeOf('/a', page('x'.repeat(1000)));
    const { cache } = cacheWithVersion(1, one * 8 + 10);
    await cache.refresh();
    for (const k of ['/a', '/b', '/c', '/d', '/e', '/f', '/g', '/h']) cache.set(k, page('x'.repeat(1000)), cache.version);
    assert.equal(cache.size, 8);
    assert.ok(cache.get('/a')); // /a is now the most recently used; /b the least
    cache.set('/i', page('x'.repeat(1000)), cache.version);
    assert.ok(cache.bytes <= cache.limit);
    assert.equal(cache.has('/b'), false);
    assert.equal(cache.has('/a'), true);
    assert.equal(cache.has('/i'), true);
  });

  it('counts a page once when it is stored again, and keeps no page larger than a quarter of the bound', async () => {
    const { cache } = cacheWithVersion(1, 100_000);
    await cache.refresh();
    cache.set('/a', page('x'.repeat(1000)), cache.version);
    const bytes = cache.bytes;
    cache.set('/a', page('y'.repeat(1000)), cache.version);
    assert.equal(cache.bytes, bytes);
    cache.set('/big', page('z'.repeat(30_000)), cache.version);
    assert.equal(cache.has('/big'), false);
    await cache.invalidate();
    assert.equal(cache.bytes, 0);
  });

  it('puts a fuller copy of a page in its place only while that page is still stored, within the bound', async () => {
    const { cache, state } = cacheWithVersion(1, 12_000);
    await cache.refresh();
    const plain = page('a'.repeat(1500));
    cache.set('/a', plain, cache.version);
    for (const k of ['b', 'c', 'd', 'e']) cache.set(`/${k}`, page(k.repeat(1500)), cache.version);
    cache.set('/f', page('f'.repeat(1400)), cache.version);
    assert.equal(cache.size, 6);
    // Asked for again (so no longer the least recently used), then grown past the bound: the
    // least recently used page goes.
    assert.equal(cache.get('/a'), plain);
    const fuller = { ...plain, gzip: Buffer.alloc(500), br: Buffer.alloc(400) };
    assert.equal(cache.replace('/a', plain, fuller), true);
    assert.ok(cache.bytes <= cache.limit);
    assert.equal(cache.has('/b'), false);
    assert.equal(cache.get('/a'), fuller);
    assert.equal(cache.size, 5);
    // Content moved meanwhile: the copy of the old page is not stored.
    state.version++;
    await cache.refresh();
    assert.equal(cache.replace('/a', fuller, { ...fuller }), false);
    assert.equal(cache.has('/a'), false);
  });

  it('with fromSecondRender, keeps a page from its second render, and again at once after a change', async () => {
    const state = { version: 1, changedAt: new Date(0).toISOString() };
    const cache = new PageCache({ enabled: true, pollMs: 1000, fromSecondRender: true, readVersion: async () => ({ ...state }) });
    await cache.refresh();
    cache.set('/a', page('a1'), cache.version);
    assert.equal(cache.has('/a'), false); // rendered once: remembered, not kept
    cache.set('/b', page('b1'), cache.version);
    cache.set('/a', page('a2'), cache.version);
    assert.equal(cache.get('/a')?.body.toString(), 'a2');
    assert.equal(cache.has('/b'), false);
    cache.set('/a', page('a3'), cache.version); // stored again: replaced at once
    assert.equal(cache.get('/a')?.body.toString(), 'a3');
    // Another process changed content: the pages go, but a page rendered before is kept at
    // its first render after the change.
    state.version++;
    await cache.refresh();
    assert.equal(cache.has('/a'), false);
    cache.set('/a', page('a4'), cache.version);
    assert.equal(cache.get('/a')?.body.toString(), 'a4');
    // A page refused (its render began before the change) does not count as a render.
    cache.set('/c', page('c1'), cache.version - 1);
    cache.set('/c', page('c2'), cache.version);
    assert.equal(cache.has('/c'), false);
    cache.set('/c', page('c3'), cache.version);
    assert.equal(cache.has('/c'), true);
  });

  it('stores nothing when disabled', async () => {
    const cache = new PageCache({
      enabled: false,
      pollMs: 1000,
      readVersion: async () => ({ version: 1, changedAt: new Date().toISOString() }),
    });
    await cache.refresh();
    cache.set('/', page('a'), cache.version);
    assert.equal(cache.size, 0);
  });
});
