import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestSite, type TestSite } from '../testing/app.ts';
import { loadDemo } from './load.ts';
import { demoPosts } from './content.ts';

describe('the demo site', () => {
  let site: TestSite;
  before(async () => {
    site = await createTestSite();
    await loadDemo(site.app.db);
    await site.app.cache.refresh();
  });
  after(() => site?.close());

  it('takes comments on its sample posts, although their dates are long past', async () => {
    const oldest = [...demoPosts].sort((a, b) => a.publishedAt.localeCompare(b.publishedAt))[0]!;
    const page = await site.server.inject(`/posts/${oldest.slug}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /確認画面へ進む/);
    assert.doesNotMatch(page.body, /コメントの受付は終了しました/);
  });
});
