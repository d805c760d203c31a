import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../audit/service.ts';
import { createPost, deletePost, trashPost, updatePost } from '../content/service.ts';
import { createDemoSite, type TestSite } from '../testing/app.ts';

describe('search over HTTP', () => {
  let site: TestSite;
  before(async () => (site = await createDemoSite()));
  after(() => site.close());
  const get = (url: string) => site.server.inject(url);
  const api = async (q: string, extra = '') => JSON.parse((await get(`/api/search?q=${encodeURIComponent(q)}${extra}`)).body);

  it('answers the API with title, url, date, a marked and escaped snippet, score, total and paging', async () => {
    const r = await api('報告');
    assert.ok(r.total >= 2);
    const first = r.results[0];
    assert.equal(first.title, '漏えいが起きたら何日以内に報告？〜速報と確報の期限を一枚で〜');
    assert.equal(first.url, 'https://blog.example.jp/posts/report-deadlines-explained');
    assert.match(first.published_at, /^2025-09-0/);
    assert.match(first.snippet, /<mark>報告<\/mark>/);
    assert.equal(typeof first.score, 'number');
    assert.equal(r.page, 1);
    assert.ok(r.total_pages >= 1);
    assert.equal(r.total_exact, true);
  });

  it('filters by category and year', async () => {
    assert.deepEqual((await api('記事', '&category=isms')).results.map((x: { title: string }) => x.title).sort(), []);
    const inIsms = await api('管理策', '&category=isms');
    assert.ok(inIsms.results.every((x: { url: string }) => x.url.includes('iso-iec-27001-2022-soa') || x.url.includes('edr')));
    assert.equal((await api('報告', '&year=2024')).total, 0);
    assert.ok((await api('報告', '&year=2025')).total > 0);
    assert.equal((await get('/api/search?q=x&category=nope')).statusCode, 404);
    assert.equal((await get('/api/search?q=x&year=20x5')).statusCode, 400);
  });

  it('follows every publish, edit, unpublish and delete at once, and never shows drafts', async () => {
    const draft = await createPost(site.app.db, {
      title: 'ドラフトの秘密',
      markdown: 'きわめて珍しい語句ゼブラフィッシュ',
      status: 'draft',
      authorId: 1,
    });
    assert.equal((await api('ゼブラフィッシュ')).total, 0);
    await updatePost(site.app.db, Number(draft.id), { status: 'published' });
    assert.equal((await api('ゼブラフィッシュ')).total, 1);
    await updatePost(site.app.db, Number(draft.id), { markdown: '書き換えた本文オオサンショウウオ' });
    assert.equal((await api('ゼブラフィッシュ')).total, 0);
    assert.equal((await api('オオサンショウウオ')).total, 1);
    await updatePost(site.app.db, Number(draft.id), { status: 'draft' });
    assert.equal((await api('オオサンショウウオ')).total, 0);
    await updatePost(site.app.db, Number(draft.id), { status: 'published' });
    await trashPost(site.app.db, Number(draft.id), systemActor);
    assert.equal((await api('オオサンショウウオ')).total, 0);
    await deletePost(site.app.db, Number(draft.id));
    assert.equal((await api('オオサンショウウオ')).total, 0);
  });

  it('escapes what it shows: a hostile title and text come back as text', async () => {
    await createPost(site.app.db, {
      title: '<img src=x onerror=alert(1)>検索',
      markdown: '<script>alert(1)</script>ハリネズミ',
      status: 'published',
      authorId: 1,
    });
    const page = (await get(`/search?q=${encodeURIComponent('ハリネズミ')}`)).body;
    assert.ok(!page.includes('<img src=x'));
    assert.ok(!page.includes('<script>alert'));
    assert.match(page, /&lt;script&gt;alert\(1\)&lt;\/script&gt;<mark>ハリネズミ<\/mark>/);
  });

  it('answers odd input with a normal page or a clear message, never a 500 or a database error', async () => {
    const cases: Array<[string, number]> = [
      ['/search?q=', 200],
      ['/search', 200],
      [`/search?q=${'あ'.repeat(10000)}`, 200],
      ['/search?q=%22', 200],
      ['/search?q=*', 200],
      ['/search?q=NEAR(a%20b)', 200],
      ['/search?q=a%20OR%20b', 200],
      ['/search?q=(%22x%22):', 200],
      ['/search?q=title:%E5%A0%B1%E5%91%8A', 200],
      ['/search?q=%FF%FE', 200],
      ['/search?q=%ED%A0%80', 200],
      ['/search?q=x&page=-1', 400],
      ['/search?q=x&page=abc', 400],
      ['/search?q=%E5%A0%B1%E5%91%8A&page=99', 404],
      ['/api/search?q=', 400],
      ['/api/search?q=%22*NEAR:(', 200],
      ['/api/search?q=x&page=-1', 400],
    ];
    for (const [url, status] of cases) {
      const res = await get(url);
      assert.equal(res.statusCode, status, url);
      assert.doesNotMatch(res.body, /SQLITE|syntax error|fts5|sqlstate|at .*\.ts:\d+/i, url);
    }
    assert.match((await get('/search?q=')).body, /検索する言葉を入力してください/);
    assert.match((await get('/api/search?q=')).body, /検索する言葉を q に指定してください/);
  });
});
