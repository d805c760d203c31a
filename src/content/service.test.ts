import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDb, type TestDb } from '../testing/db.ts';
import { readContentVersion } from '../site/store.ts';
import * as read from './read.ts';
import { searchSite } from '../search/service.ts';
import { ContentError, createAuthor, createCategory, createPost, deletePost, updatePost } from './service.ts';

describe('content service', () => {
  let t: TestDb;
  let authorId: number;
  before(async () => {
    t = await createTestDb();
    authorId = await createAuthor(t.db, { slug: 'author', displayName: '著者', greeting: 'こんにちは。', signoff: 'では、また。' });
    await createCategory(t.db, { slug: 'isms', name: 'ISMS' });
    await createCategory(t.db, { slug: 'iso27001', name: 'ISO/IEC 27001', parentSlug: 'isms' });
  });
  after(() => t.cleanup());

  it('stores blocks, rendered HTML, text, excerpt, reading length and lead image at save time', async () => {
    const post = await createPost(t.db, {
      title: 'ISMS認証の更新',
      markdown: '::image{src="/m/a.png" alt="図"}\n\n本文です。',
      status: 'published',
      authorId,
      categories: ['iso27001'],
      tags: ['ISMS', 'ＩＳＭＳ'],
    });
    assert.equal(post.slug, 'isms');
    assert.deepEqual(JSON.parse(post.blocks), [
      { type: 'image', src: '/m/a.png', alt: '図' },
      { type: 'paragraph', text: '本文です。' },
    ]);
    assert.match(post.body_html, /<figure class="block-image">/);
    assert.equal(post.plain_text, '本文です。');
    assert.equal(post.reading_chars, 5);
    assert.equal(post.lead_image, '/m/a.png');
    const found = await read.publishedPost(t.db, 'isms');
    // NFKC folds ＩＳＭＳ into ISMS: one tag, not two.
    assert.deepEqual(
      found?.post.tags.map((x) => x.name),
      ['ISMS'],
    );
    assert.deepEqual(
      found?.post.categories.map((c) => c.slug),
      ['iso27001'],
    );
  });

  it('files a post of a child category under its parent too', async () => {
    const tree = await read.categoryTree(t.db);
    const isms = read.findCategory(tree, 'isms')!;
    const page = await read.publishedPage(t.db, { categoryIds: read.descendantIds(isms.node) }, 1, 10);
    assert.ok(page.items.some((p) => p.slug === 'isms'));
  });

  it('makes the updated date follow the newest addendum', async () => {
    const post = await createPost(t.db, {
      title: '続報のある記事',
      markdown: '本文\n\n:::addendum{date="2023-06-20"}\n二度目\n:::\n\n:::addendum{date="2023-06-17"}\n一度目\n:::',
      status: 'published',
      publishedAt: '2023-06-12T09:00:00+09:00',
      authorId,
    });
    assert.equal(post.published_at, '2023-06-12T00:00:00.000Z');
    assert.equal(post.updated_at, '2023-06-19T15:00:00.000Z'); // 2023-06-20 00:00 in Japan
    assert.equal(post.archive_month, '2023-06');
  });

  it('gives posts with the same title distinct slugs, and an id slug to Japanese-only titles', async () => {
    const a = await createPost(t.db, { title: '個人情報の話', markdown: 'a', status: 'published', authorId });
    const b = await createPost(t.db, { title: 'EDR guide', markdown: 'b', status: 'published', authorId });
    const c = await createPost(t.db, { title: 'EDR guide', markdown: 'c', status: 'published', authorId });
    assert.match(a.slug, /^p-[a-z2-9]{8}$/);
    assert.equal(b.slug, 'edr-guide');
    assert.equal(c.slug, 'edr-guide-2');
  });

  it('refuses bad input with a Japanese message and writes nothing', async () => {
    const before = await readContentVersion(t.db.kysely);
    const count = (await read.publishedPage(t.db, {}, 1, 50)).total;
    await assert.rejects(createPost(t.db, { title: '', markdown: 'x', authorId }), /タイトルを入力/);
    await assert.rejects(createPost(t.db, { title: 'x'.repeat(10000), markdown: 'x', authorId }), /300文字/);
    await assert.rejects(
      createPost(t.db, { title: 'x', markdown: 'x', authorId, categories: ['nope'], status: 'published' }),
      (e: Error) => e instanceof ContentError && /カテゴリー「nope」/.test(e.message),
    );
    await assert.rejects(createPost(t.db, { title: 'x', markdown: ':::commentary\nx', authorId }), /閉じられていません/);
    await assert.rejects(createPost(t.db, { title: 'x', markdown: 'x', authorId, slug: '../etc' }), /スラッグ/);
    assert.equal((await read.publishedPage(t.db, {}, 1, 50)).total, count);
    assert.deepEqual(await readContentVersion(t.db.kysely), before);
  });

  it('bumps the content version on every write, and only then', async () => {
    const v0 = (await readContentVersion(t.db.kysely)).version;
    const post = await createPost(t.db, { title: 'Version test', markdown: 'x', status: 'draft', authorId });
    const v1 = (await readContentVersion(t.db.kysely)).version;
    await updatePost(t.db, Number(post.id), { markdown: 'y' });
    const v2 = (await readContentVersion(t.db.kysely)).version;
    await deletePost(t.db, Number(post.id));
    const v3 = (await readContentVersion(t.db.kysely)).version;
    assert.deepEqual([v1 - v0, v2 - v1, v3 - v2], [1, 1, 1]);
  });

  it('keeps drafts out of every public read', async () => {
    const draft = await createPost(t.db, { title: 'Secret draft', markdown: 'secret', status: 'draft', authorId });
    assert.equal(await read.publishedPost(t.db, draft.slug), undefined);
    const all = await read.publishedPage(t.db, {}, 1, 50);
    assert.ok(!all.items.some((p) => p.slug === draft.slug));
    assert.equal((await searchSite(t.db, 'https://x.example', { q: 'secret', page: 1, perPage: 10 })).total, 0);
  });

  it('updates a post: new body, new slug, and an updated date of now', async () => {
    const post = await createPost(t.db, {
      title: 'Old title',
      markdown: 'old',
      status: 'published',
      publishedAt: '2020-01-01T00:00:00Z',
      authorId,
    });
    const updated = await updatePost(t.db, Number(post.id), { title: 'New title', markdown: 'new', slug: 'new-title' });
    assert.equal(updated.slug, 'new-title');
    assert.equal(updated.plain_text, 'new');
    assert.equal(updated.published_at, '2020-01-01T00:00:00.000Z');
    assert.ok(Date.now() - Date.parse(updated.updated_at) < 60_000);
    await assert.rejects(updatePost(t.db, Number(post.id), { slug: 'isms' }), /他の記事が使っています/);
  });
});
