import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { AdminClient, createTestUser } from '../../testing/admin-client.ts';
import { createTestSite, type TestSite } from '../../testing/app.ts';
import { multipart } from '../../testing/multipart.ts';
import { listAudit } from '../../audit/store.ts';

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
    return site.server.inject({
      method: 'POST',
      url: `/admin/media?_csrf=${encodeURIComponent(csrf ?? c.tokens()._csrf!)}`,
      payload: body,
      headers: { 'content-type': type, cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
  }

  it('uploads an image and serves its WebP copies under /media/', async () => {
    const png = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#2b4c6f' } })
      .png()
      .toBuffer();
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

  it('lets authors change and delete only their own images, and audits alt changes', async () => {
    await createTestUser(site.app.db, 'author1@example.jp', 'author');
    await createTestUser(site.app.db, 'author2@example.jp', 'author');
    const a1 = new AdminClient(site.server);
    await a1.signIn('author1@example.jp');
    const a2 = new AdminClient(site.server);
    await a2.signIn('author2@example.jp');
    await a1.get('/admin/media');
    const png = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#6f2b4c' } })
      .png()
      .toBuffer();
    assert.equal(
      (await a1.postMultipart('/admin/media', { alt: '自分の図' }, { name: 'mine.png', type: 'image/png', bytes: png })).statusCode,
      303,
    );
    const row = await site.app.db.kysely.selectFrom('media').selectAll().where('original_name', '=', 'mine.png').executeTakeFirstOrThrow();
    const id = Number(row.id);

    await a2.get('/admin/media');
    const alt = await a2.post(`/admin/media/${id}/alt`, { alt: '他人が書き換え' });
    assert.equal(alt.statusCode, 400);
    assert.match(alt.body, /自分がアップロードした画像だけ/);
    assert.equal((await a2.post(`/admin/media/${id}/delete`, {})).statusCode, 400);
    const still = await site.app.db.kysely.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(still.alt, '自分の図');

    await a1.get('/admin/media');
    assert.equal((await a1.post(`/admin/media/${id}/alt`, { alt: '自分の図（改）' })).statusCode, 303);
    await c.get('/admin/media');
    assert.equal((await c.post(`/admin/media/${id}/alt`, { alt: '編集者が整えた説明' })).statusCode, 303, 'editors change any image');
    const log = (await listAudit(site.app.db.kysely, { action: 'media.alt' }, 10, 0)).rows;
    assert.equal(log.length, 2);
    assert.deepEqual(new Set(log.map((r) => r.actor)), new Set(['author1@example.jp', 'editor@example.jp']));
  });
});
