import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDb, type TestDb } from '../testing/db.ts';
import { readContentVersion } from '../site/store.ts';
import { BODY_HTML_VERSION } from './body-html.tsx';
import * as read from './read.ts';
import { createAuthor, createPost, refreshStaleBodies } from './service.ts';

describe('bodies stored by an older renderer', () => {
  let t: TestDb;
  let authorId: number;
  before(async () => {
    t = await createTestDb();
    authorId = await createAuthor(t.db, { slug: 'a', displayName: '著者' });
  });
  after(() => t.cleanup());

  it('are re-rendered once with what the renderer writes today, the rest of the post untouched', async () => {
    const post = await createPost(t.db, { title: '旧い本文', markdown: '#### 経緯\n\n本文です。', status: 'published', authorId });
    assert.equal(post.body_version, BODY_HTML_VERSION);
    const today = post.body_html;
    // As a post saved before the upgrade: an h5 straight under the title, version 0.
    const old = '<h5 class="block-heading"><span>経緯</span></h5><p>本文です。</p>';
    await t.db.kysely.updateTable('posts').set({ body_html: old, body_version: 0 }).where('id', '=', post.id).execute();
    const before = await readContentVersion(t.db.kysely);

    assert.equal(await refreshStaleBodies(t.db), 1);
    const found = await read.publishedPost(t.db, post.slug);
    assert.equal(read.bodyHtml(found!.post), today);
    assert.match(today, /<h3 class="block-heading">/);
    assert.equal(found!.post.excerpt, post.excerpt);
    assert.ok((await readContentVersion(t.db.kysely)).version > before.version, 'pages let go of the old markup');
    assert.equal(await refreshStaleBodies(t.db), 0, 'nothing left the second time');
  });

  it('keep their HTML when their blocks cannot be read, and do not stop a start', async () => {
    const post = await createPost(t.db, { title: '壊れた', markdown: '本文', status: 'published', authorId });
    await t.db.kysely
      .updateTable('posts')
      .set({ blocks: '{not json', body_html: '<p>残る</p>', body_version: 0 })
      .where('id', '=', post.id)
      .execute();
    assert.equal(await refreshStaleBodies(t.db), 1);
    const row = await t.db.kysely
      .selectFrom('posts')
      .select(['body_html', 'body_version'])
      .where('id', '=', post.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { body_html: '<p>残る</p>', body_version: BODY_HTML_VERSION });
  });
});
