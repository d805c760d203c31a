import assert from 'node:assert/strict';
import { Agent, createServer, request, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createPost } from '../content/service.ts';
import { loadDemo } from '../demo/load.ts';
import { sizeOf } from '../cache/page-cache.ts';
import { createTestSite, type TestSite } from '../testing/app.ts';
import { answerFromCache, chooseEncoding, pageKey, pageKeyOf } from './page.ts';

/** Collects garbage, so that memory measured after it is what is still held. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe('page cache bound and keys', () => {
  let site: TestSite;
  before(async () => {
    site = await createTestSite({ pageCacheBytes: 3 * 1024 * 1024 });
    await loadDemo(site.app.db);
  });
  after(() => site.close());
  const get = (url: string, headers: Record<string, string> = {}) => site.server.inject({ url, headers });

  it('keys a page by its path and only the query parameters its route reads', () => {
    const front = { page: pageKey };
    assert.equal(pageKeyOf('/?n=1', front), '/');
    assert.equal(pageKeyOf('/?page=1', front), '/');
    assert.equal(pageKeyOf('/?page=0001&utm_source=x', front), '/');
    assert.equal(pageKeyOf('/?page=02&n=3', front), '/?page=2');
    assert.equal(pageKeyOf('/posts/a/?x=1'), '/posts/a');
    assert.equal(pageKeyOf('/feed.xml?n=9'), '/feed.xml');
  });

  it('makes no new entry for 5,000 junk-query URLs: the cache stays under its bound, memory flat, the front page a hit', async () => {
    const slug = (await site.app.db.kysely.selectFrom('posts').select('slug').where('status', '=', 'published').executeTakeFirstOrThrow())
      .slug;
    const routes = ['/', '/sitemap.xml', '/feed.xml', `/posts/${slug}`, '/api/posts'];
    // Over a real socket, as an outsider would send them (inject keeps its own garbage).
    const url = await site.server.listen({ port: 0, host: '127.0.0.1' });
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const status = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${url}${path}`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        });
        req.on('error', reject);
        req.end();
      });
    try {
      // Twice: a page is kept from its second render.
      for (const r of [...routes, ...routes]) assert.equal(await status(r), 200, r);
      const entries = site.app.cache.size;
      collectGarbage();
      const before = process.memoryUsage();
      for (let i = 1; i <= 5000; i += 10) {
        const batch = Array.from({ length: 10 }, (_, j) =>
          status(`${routes[(i + j) % routes.length]}?n=${i + j}&junk=${'x'.repeat((i + j) % 50)}`),
        );
        assert.deepEqual(await Promise.all(batch), Array(10).fill(200));
      }
      collectGarbage();
      const now = process.memoryUsage();
      const grownMb = (now.heapUsed + now.external - before.heapUsed - before.external) / 1024 / 1024;
      assert.equal(site.app.cache.size, entries, 'junk parameters made new entries');
      assert.ok(site.app.cache.bytes <= site.app.cache.limit);
      // Kept per URL, these 5,000 answers (14–50 KiB each) would hold well over 100 MB; what
      // grows here is the driver's and Fastify's own bookkeeping (17 MB in one run on PostgreSQL).
      assert.ok(grownMb < 32, `memory held grew by ${grownMb.toFixed(1)} MB`);
      assert.ok(site.app.cache.has('/'), 'the front page left the cache');
      assert.equal((await get('/?page=1')).headers.etag, (await get('/')).headers.etag);
    } finally {
      agent.destroy();
    }
  });

  it('stays under its byte bound when more real pages are asked for than fit, keeping the recently used', async () => {
    for (let i = 0; i < 60; i++)
      await createPost(site.app.db, {
        title: `埋め草 ${i}`,
        // Text that compresses poorly, so that the posts (plain, gzip and brotli once read three times: ~60 KB each)
        // overflow the 3 MB bound while the front page (ten of them, ~0.65 MB) stays under a
        // quarter of it and is kept.
        markdown: `本文 ${Array.from({ length: 8_000 }, (_, j) => String.fromCharCode(0x4e00 + ((j * 7919 + i * 104_729) % 20_000))).join('')}`,
        status: 'published',
        authorId: 1,
      });
    const slugs = (await site.app.db.kysely.selectFrom('posts').select('slug').where('status', '=', 'published').execute()).map(
      (r) => r.slug,
    );
    for (const s of slugs) {
      // Read three times: the second read keeps the page, the third adds the compressed copies.
      for (let n = 0; n < 3; n++) assert.equal((await get(`/posts/${s}`)).statusCode, 200);
      await get('/'); // read often: stays
      assert.ok(site.app.cache.bytes <= site.app.cache.limit, `${site.app.cache.bytes} > ${site.app.cache.limit}`);
    }
    await compressed(`/posts/${slugs.at(-1)}`);
    assert.ok(site.app.cache.bytes <= site.app.cache.limit);
    assert.ok(site.app.cache.size < slugs.length + 1, 'nothing was evicted: the test pages are too small');
    assert.ok(site.app.cache.has('/'), `the front page left the cache (${site.app.cache.size} pages, ${site.app.cache.bytes} bytes)`);
  });

  it('does not keep the front page under an old WordPress id that has no redirect', async () => {
    const before = site.app.cache.size;
    const res = await get('/?p=987654');
    assert.equal(res.statusCode, 200);
    assert.equal(site.app.cache.has('/?p=987654'), false);
    assert.ok(site.app.cache.size <= before);
  });

  /** The stored page once its compressed copies are there (they are made off the request). */
  async function compressed(key: string) {
    for (let i = 0; i < 200; i++) {
      const stored = site.app.cache.get(key);
      if (stored?.br && stored.gzip) return stored;
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.fail(`no compressed copies of ${key}`);
  }

  it('keeps a page plain from its second render and adds its gzip and brotli copies when it is asked for again', async () => {
    const post = await createPost(site.app.db, {
      title: '二度目に圧縮',
      slug: 'compressed-on-second-request',
      markdown: '本文。'.repeat(2_000),
      status: 'published',
      authorId: 1,
    });
    await site.app.cache.refresh(); // the new version is read (a write only starts reading it)
    const key = `/posts/${post.slug}`;
    const browser = { 'accept-encoding': 'gzip, deflate, br' };
    // Rendered once: remembered, not kept (a crawler's pages do not push out the read ones).
    assert.equal((await get(key, browser)).statusCode, 200);
    assert.equal(site.app.cache.has(key), false);
    const first = await get(key, browser);
    assert.equal(first.statusCode, 200);
    assert.equal(first.headers['content-encoding'], undefined);
    assert.equal(first.headers.vary, 'Accept-Encoding');
    const plain = site.app.cache.get(key)!;
    assert.ok(plain && plain.body.length > 4096, 'the page was not kept');
    assert.equal(plain.br, undefined);
    assert.equal(plain.gzip, undefined);
    const bytesPlain = site.app.cache.bytes;

    const second = await get(key, browser);
    assert.equal(second.statusCode, 200);
    // A page this small is compressed at once: the second answer may already be a copy.
    assert.equal(second.headers['content-encoding'], 'br');
    const fuller = await compressed(key);
    assert.equal(brotliDecompressSync(fuller.br!).toString(), first.body);
    assert.equal(gunzipSync(fuller.gzip!).toString(), first.body);
    assert.equal(fuller.etag, plain.etag);
    assert.equal(site.app.cache.bytes - bytesPlain, sizeOf(key, fuller) - sizeOf(key, plain));
    assert.ok(site.app.cache.bytes <= site.app.cache.limit);

    const third = await get(key, browser);
    assert.equal(third.headers['content-encoding'], 'br');
    assert.equal(third.headers.vary, 'Accept-Encoding');
    assert.equal(third.headers.etag, `W/${plain.etag}`);
    assert.equal(brotliDecompressSync(third.rawPayload).toString(), first.body);
  });

  it('sends the brotli or gzip copy of a page asked for again, by Accept-Encoding, with Vary', async () => {
    const plain = await get('/');
    await get('/'); // kept from its second render (if it was not already)
    await get('/'); // asked for again: the copies are made
    await compressed('/');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.headers.vary, 'Accept-Encoding');
    const br = await get('/', { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(brotliDecompressSync(br.rawPayload).toString(), plain.body);
    assert.ok(br.rawPayload.length < plain.rawPayload.length / 3);
    assert.equal(Number(br.headers['content-length']), br.rawPayload.length);
    const gz = await get('/', { 'accept-encoding': 'gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gz.rawPayload).toString(), plain.body);
    assert.equal((await get('/', { 'accept-encoding': 'br;q=0, gzip;q=0.5' })).headers['content-encoding'], 'gzip');
    assert.equal((await get('/', { 'accept-encoding': 'identity' })).headers['content-encoding'], undefined);
    // A validator of a compressed copy still gives 304.
    assert.equal((await get('/', { 'if-none-match': String(br.headers.etag) })).statusCode, 304);
  });

  it('reads Accept-Encoding as browsers and tools send it', () => {
    assert.equal(chooseEncoding('gzip, deflate, br, zstd'), 'br');
    assert.equal(chooseEncoding('gzip'), 'gzip');
    assert.equal(chooseEncoding('*'), 'br');
    assert.equal(chooseEncoding('br;q=0,gzip'), 'gzip');
    assert.equal(chooseEncoding('deflate'), undefined);
    assert.equal(chooseEncoding(undefined), undefined);
  });

  it('answers a cached page before routing, and leaves every other request to the router', async () => {
    await get('/');
    let routed = 0;
    const server: Server = createServer((req, res) => {
      if (answerFromCache(site.app, req, res)) return;
      routed++;
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const fetchRaw = (path: string, method = 'GET') =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString() }));
        });
        req.on('error', reject);
        req.end();
      });
    try {
      const hit = await fetchRaw('/');
      assert.equal(hit.status, 200);
      assert.ok(hit.body === (await get('/')).body, 'the early answer differs from the routed one');
      assert.equal(routed, 0);
      assert.equal((await fetchRaw('/no-such-page')).status, 404);
      assert.equal((await fetchRaw('/', 'POST')).status, 404);
      assert.equal(routed, 2);
    } finally {
      server.close();
    }
  });
});
