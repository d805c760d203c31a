import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { AdminClient, createTestUser } from '../../testing/admin-client.ts';
import { createTestSite, type TestSite } from '../../testing/app.ts';
import { multipart } from '../../testing/multipart.ts';

describe('admin: media library over HTTP', () => {
  let site: TestSite;
  let c: AdminClient;
  before(async () => {
    site = await createTestSite({ maxUploadBytes: 200_000 });
    await createTestUser(site.app.db, 'editor@example.jp', 'editor');
    c = new AdminClient(site.server);
    await c.signIn('editor@example.jp');
  });
  after(() => site.close());

  async function upload(file: { name: string; type: string; bytes: Buffer }, csrf?: string) {
    await c.get('/admin/media');
    // As the page's form: the token in the address (checked before the body is read).
    const { body, type } = await multipart({ alt: '説明' }, file);
    return site.server.inject({ method: 'POST', url: `/admin/media?_csrf=${encodeURIComponent(csrf ?? c.tokens()._csrf!)}`, payload: body, headers: { 'content-type': type, cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
  }

  it('uploads an image and serves its WebP copies under /media/', async () => {
    const png = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#2b4c6f' } }).png().toBuffer();
    const res = await upload({ name: 'diagram.png', type: 'image/png', bytes: png });
    assert.equal(res.statusCode, 303);
    const library = (await c.get('/admin/media')).body;
    const src = /<img src="(\/media\/[^"]+-640\.webp)"/.exec(library)?.[1];
    assert.ok(src, 'the library shows the upload');
    const served = await site.server.inject(src!);
    assert.equal(served.statusCode, 200);
    assert.equal(served.headers['content-type'], 'image/webp');
    assert.match(String(served.headers['cache-control']), /immutable/);
  });

  it('refuses a text file named .jpg, a file over the limit, and an upload without the CSRF token', async () => {
    const text = await upload({ name: 'photo.jpg', type: 'image/jpeg', bytes: Buffer.from('hello, not an image\n'.repeat(10)) });
    assert.equal(text.statusCode, 400);
    assert.match(text.body, /画像として読めない/);
    const big = await upload({ name: 'big.png', type: 'image/png', bytes: Buffer.alloc(300_000, 1) });
    assert.equal(big.statusCode, 413);
    assert.match(big.body, /ファイルが大きすぎます（上限/);
    const forged = await upload({ name: 'x.png', type: 'image/png', bytes: Buffer.alloc(10) }, 'f'.repeat(32));
    assert.equal(forged.statusCode, 403);
  });
});
