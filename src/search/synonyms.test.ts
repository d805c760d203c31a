// A search follows the synonyms as saved, at once, whichever connection or process saved
// them: PostgreSQL keeps the synonyms it last read and learns from each search's statement
// whether they are still the saved ones.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../audit/service.ts';
import { createAuthor, createPost } from '../content/service.ts';
import type { Db } from '../db/connection.ts';
import { createTestDb, type TestDb } from '../testing/db.ts';
import { saveSynonyms, searchSite } from './service.ts';

async function slugs(db: Db, q: string): Promise<string[]> {
  return (await searchSite(db, 'https://x.example', { q, page: 1, perPage: 10 })).results.map((r) => r.slug).sort();
}

describe('synonyms in search', () => {
  let t: TestDb;
  let other: Db;
  before(async () => {
    t = await createTestDb();
    other = await t.openAnother();
    const authorId = await createAuthor(t.db, { slug: 'syn', displayName: '同義' });
    const posts: Array<[string, string]> = [
      ['cat', '猫を飼っています。'],
      ['neko', 'ねこの写真。'],
      ['dog', '犬の散歩。'],
    ];
    for (const [slug, markdown] of posts) {
      await createPost(t.db, { title: slug, markdown, slug, status: 'published', publishedAt: '2024-01-01T00:00:00Z', authorId });
    }
  });
  after(async () => {
    await other.close();
    await t.cleanup();
  });

  it('follows every save, from this connection or another', async () => {
    assert.deepEqual(await slugs(t.db, '猫'), ['cat']);
    await saveSynonyms(t.db, '猫,ねこ', systemActor);
    assert.deepEqual(await slugs(t.db, '猫'), ['cat', 'neko']);
    await saveSynonyms(other, '猫,犬', systemActor);
    assert.deepEqual(await slugs(t.db, '猫'), ['cat', 'dog']);
    await saveSynonyms(other, '猫,犬', systemActor);
    assert.deepEqual(await slugs(t.db, '犬'), ['cat', 'dog']);
    await saveSynonyms(other, '', systemActor);
    assert.deepEqual(await slugs(t.db, '猫'), ['cat']);
  });
});
