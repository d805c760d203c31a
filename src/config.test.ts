import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('defaults to port 3000 on 127.0.0.1 with SQLite under ./data', () => {
    const c = loadConfig({});
    assert.equal(c.port, 3000);
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.databaseKind, 'sqlite');
    assert.equal(c.dataDir, path.resolve('data'));
    assert.equal(c.databaseUrl, path.join(path.resolve('data'), 'kawaraban.sqlite'));
    assert.equal(c.siteUrl, 'http://127.0.0.1:3000');
  });

  it('selects PostgreSQL for a postgres:// URL and trims the trailing slash of SITE_URL', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/blog', SITE_URL: 'https://blog.example.jp/' });
    assert.equal(c.databaseKind, 'postgres');
    assert.equal(c.siteUrl, 'https://blog.example.jp');
  });

  it('bounds the page cache at 8 MB and asks V8 for a small heap unless told otherwise', () => {
    const c = loadConfig({});
    assert.equal(c.pageCacheBytes, 8 * 1024 * 1024);
    assert.equal(c.smallHeap, true);
    const d = loadConfig({ KAWARABAN_PAGE_CACHE_MB: '64', KAWARABAN_SMALL_HEAP: 'off' });
    assert.equal(d.pageCacheBytes, 64 * 1024 * 1024);
    assert.equal(d.smallHeap, false);
    assert.throws(() => loadConfig({ KAWARABAN_SMALL_HEAP: 'yes' }), /Invalid KAWARABAN_SMALL_HEAP/);
  });

  it('treats empty values as unset', () => {
    assert.equal(loadConfig({ PORT: '' }).port, 3000);
  });

  it('stops with one line naming the bad variable', () => {
    assert.throws(
      () => loadConfig({ PORT: 'eighty' }),
      (e: Error) => e instanceof ConfigError && /^Invalid PORT="eighty"/.test(e.message),
    );
    assert.throws(() => loadConfig({ PORT: '70000' }), /Invalid PORT/);
    assert.throws(() => loadConfig({ SITE_URL: 'blog.example.jp' }), /Invalid SITE_URL/);
    assert.throws(() => loadConfig({ SITE_URL: 'ftp://blog.example.jp' }), /Invalid SITE_URL/);
    assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), /Invalid DATABASE_URL/);
  });

  it('takes the site time zone from KAWARABAN_TIME_ZONE, Japan by default, and refuses an unknown one', () => {
    assert.equal(loadConfig({}).timeZone, 'Asia/Tokyo');
    assert.equal(loadConfig({ KAWARABAN_TIME_ZONE: 'America/Los_Angeles' }).timeZone, 'America/Los_Angeles');
    assert.throws(
      () => loadConfig({ KAWARABAN_TIME_ZONE: 'Asia/Tokio' }),
      (e: Error) => e instanceof ConfigError && /^Invalid KAWARABAN_TIME_ZONE="Asia\/Tokio"/.test(e.message),
    );
  });
});
