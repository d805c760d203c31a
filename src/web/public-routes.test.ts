import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPost } from '../content/service.ts';
import * as read from '../content/read.ts';
import { createDemoSite, createTestSite, type TestSite } from '../testing/app.ts';

describe('an empty site', () => {
  let site: TestSite;
  before(async () => (site = await createTestSite()));
  after(() => site.close());

  it('shows a welcome page that says how to create the first account', async () => {
    const res = await site.server.inject('/');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /瓦版へようこそ/);
    assert.match(res.body, /npx kawaraban user create --email/);
    assert.match(res.body, /npx kawaraban demo/);
  });

  it('answers feeds, the sitemap and the API with empty but valid documents', async () => {
    for (const url of ['/feed.xml', '/atom.xml', '/feed.json', '/sitemap.xml', '/api/posts']) {
      const res = await site.server.inject(url);
      assert.equal(res.statusCode, 200, url);
    }
    assert.deepEqual(JSON.parse((await site.server.inject('/api/posts')).body).posts, []);
  });
});

describe("the reader's pages", () => {
  let site: TestSite;
  before(async () => (site = await createDemoSite()));
  after(() => site.close());

  const get = (url: string, headers: Record<string, string> = {}) => site.server.inject({ url, headers });

  it('serves every public route with its status and content type', async () => {
    const routes: Array<[string, number, RegExp]> = [
      ['/', 200, /^text\/html; charset=utf-8$/],
      ['/posts/report-deadlines-explained', 200, /^text\/html/],
      ['/category/isms', 200, /^text\/html/],
      ['/category/iso27001', 200, /^text\/html/],
      ['/archive', 200, /^text\/html/],
      ['/archive/2025', 200, /^text\/html/],
      ['/archive/2025/09', 200, /^text\/html/],
      ['/author/mihon', 200, /^text\/html/],
      ['/search?q=%E5%A0%B1%E5%91%8A', 200, /^text\/html/],
      ['/feed.xml', 200, /^application\/rss\+xml/],
      ['/atom.xml', 200, /^application\/atom\+xml/],
      ['/feed.json', 200, /^application\/feed\+json/],
      ['/category/ppc/feed.xml', 200, /^application\/rss\+xml/],
      ['/category/ppc/atom.xml', 200, /^application\/atom\+xml/],
      ['/category/ppc/feed.json', 200, /^application\/feed\+json/],
      ['/sitemap.xml', 200, /^application\/xml/],
      ['/robots.txt', 200, /^text\/plain/],
      ['/api/posts', 200, /^application\/json/],
      ['/api/posts/iso-iec-27001-2022-soa', 200, /^application\/json/],
      ['/healthz', 200, /^application\/json/],
      ['/readyz', 200, /^application\/json/],
      ['/static/style.css', 200, /^text\/css/],
      ['/no-such-page', 404, /^text\/html/],
      ['/posts/no-such-post', 404, /^text\/html/],
      ['/api/posts/no-such-post', 404, /^application\/json/],
    ];
    for (const [url, status, type] of routes) {
      const res = await get(url);
      assert.equal(res.statusCode, status, url);
      assert.match(String(res.headers['content-type']), type, url);
    }
  });

  it('tags a tag page by the tag slug made at save time', async () => {
    const post = await read.publishedPost(site.app.db, 'edr-introduction-checklist');
    const tag = post!.post.tags.find((x) => x.name === 'EDR')!;
    assert.equal(tag.slug, 'edr');
    const res = await get('/tag/edr');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /タグ「EDR」の記事/);
    assert.match(res.body, /EDRを入れる前に決めておく5つのこと/);
  });

  it('shows the newest posts in full on the front page, newest first, with a back-to-top link', async () => {
    const body = (await get('/')).body;
    const newest = body.indexOf('EDRを入れる前に決めておく5つのこと');
    const older = body.indexOf('証明書の誤交付はなぜ起きたか');
    assert.ok(newest > 0 && older > newest);
    // In full: the commentary and the author's greeting and sign-off are on the front page.
    assert.match(body, /私のコメント/);
    assert.match(body, /こんにちは。瓦版デモの見本太郎です。/);
    assert.match(body, /↑このページのトップへ/);
  });

  it('paginates by the posts-per-page setting and 404s past the last page', async () => {
    const { updateSettings } = await import('../site/write.ts');
    await updateSettings(site.app.db, { postsPerPage: 3 });
    try {
      const first = await get('/');
      assert.match(first.body, /rel="next" href="\/\?page=2"/);
      const third = await get('/?page=3');
      assert.equal(third.statusCode, 200);
      assert.equal((third.body.match(/<article class="post"/g) ?? []).length, 2);
      assert.equal((await get('/?page=4')).statusCode, 404);
    } finally {
      await updateSettings(site.app.db, { postsPerPage: 10 });
    }
  });

  it('shows a post with dates in Japanese, reading time, categories, tags and previous/next links', async () => {
    const body = (await get('/posts/p-20250918')).body;
    assert.match(body, /<h1 id="post-\d+-title" class="post-title">架空の給与計算クラウドで/);
    assert.match(body, /<time datetime="2025-09-18T09:30:00.000Z">2025年9月18日<\/time>/);
    // The updated date follows the newest addendum (3 October).
    assert.match(body, /更新 <time datetime="2025-10-02T15:00:00.000Z">2025年10月3日<\/time>/);
    assert.match(body, /約\d+分で読めます/);
    assert.match(body, /href="\/category\/incidents"/);
    assert.match(body, /rel="tag"/);
    assert.match(body, /rel="next" href="\/posts\/iso-iec-27001-2022-soa"/);
    assert.match(body, /rel="prev" href="\/posts\/report-deadlines-explained"/);
  });

  it('offers the 和暦 date style as a setting', async () => {
    const { updateSettings } = await import('../site/write.ts');
    await updateSettings(site.app.db, { dateStyle: 'japanese' });
    try {
      assert.match((await get('/posts/p-20250918')).body, />令和7年9月18日</);
    } finally {
      await updateSettings(site.app.db, { dateStyle: 'western' });
    }
  });

  it('has the sidebar: profile, search box, categories with counts, recent posts, monthly archive', async () => {
    const body = (await get('/posts/p-20250918')).body;
    assert.match(body, /<h2>プロフィール<\/h2>/);
    assert.match(body, /<form class="search-form" action="\/search" method="get" role="search">/);
    assert.match(body, /<a href="\/category\/privacy-mark">プライバシーマーク<\/a> <span class="count">\(3\)<\/span>/);
    assert.match(body, /<h2>最新記事<\/h2>/);
    assert.match(body, /<a href="\/archive\/2025\/11">2025年11月<\/a> <span class="count">\(3\)<\/span>/);
  });

  it('puts canonical, Open Graph, Twitter card and JSON-LD (BlogPosting, BreadcrumbList) on a post', async () => {
    const body = (await get('/posts/privacy-mark-online-portal-2fa')).body;
    assert.match(body, /<link rel="canonical" href="https:\/\/blog.example.jp\/posts\/privacy-mark-online-portal-2fa"\/>/);
    assert.match(body, /<meta property="og:type" content="article"\/>/);
    assert.match(body, /<meta property="og:image" content="https:\/\/blog.example.jp\/static\/demo\/lock.svg"\/>/);
    assert.match(body, /<meta name="twitter:card" content="summary_large_image"\/>/);
    const ld = [...body.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/g)].map((m) => JSON.parse(m[1]!));
    const posting = ld.find((x) => x['@type'] === 'BlogPosting');
    assert.equal(posting.headline, 'Pマークの申請がオンラインに、二要素認証のログインに備える');
    assert.equal(posting.author.name, '見本 太郎');
    assert.equal(posting.datePublished, '2025-10-28T00:30:00.000Z');
    const crumbs = ld.find((x) => x['@type'] === 'BreadcrumbList');
    assert.deepEqual(
      crumbs.itemListElement.map((i: { name: string }) => i.name),
      ['ホーム', 'プライバシーマーク', posting.headline],
    );
  });

  it('lists a month and a year, and 404s for months with no posts or impossible ones', async () => {
    assert.match((await get('/archive/2025/10')).body, /2025年10月の記事/);
    assert.equal((await get('/archive/2024/01')).statusCode, 404);
    assert.equal((await get('/archive/2025/13')).statusCode, 404);
    assert.equal((await get('/archive/abcd')).statusCode, 404);
  });

  it('finds Japanese by substring in search, and never shows a draft', async () => {
    await createPost(site.app.db, { title: '未公開の下書き', markdown: '報告の下書き', status: 'draft', authorId: 1 });
    const res = await get(`/search?q=${encodeURIComponent('報告')}`);
    assert.match(res.body, /漏えいが起きたら何日以内に報告/);
    assert.ok(!res.body.includes('未公開の下書き'));
    const full = await get(`/search?q=${encodeURIComponent('ＥＤＲ')}`);
    assert.match(full.body, /EDRを入れる前に/);
  });

  it('answers bad parameters with a Japanese 400 or 404 page, never a 500', async () => {
    const cases: Array<[string, number]> = [
      ['/?page=-1', 400],
      ['/?page=abc', 400],
      ['/?page=0', 400],
      ['/?page=99999999999999999999', 400],
      ['/category/nope', 404],
      ['/category/ppc?page=abc', 400],
      ['/tag/nope', 404],
      ['/author/nope', 404],
      ['/posts/..%2F..%2Fetc%2Fpasswd', 404],
      ['/posts/%FF', 400],
      ['/posts/%E3%81', 400],
      ['/search?q=%FF', 200],
      ['/search?q=%ED%A0%80', 200],
      [`/search?q=${'あ'.repeat(10000)}`, 200],
      ['/search?q=%22*NEAR(OR):', 200],
      ['/search?q=x&page=-1', 400],
      ['/api/posts?page=abc', 400],
      ['/api/posts?limit=1000', 400],
      ['/api/posts?category=nope', 404],
      ['/api/posts?tag=..%2F', 404],
      ['/category/ppc/feed.xml/', 200],
      ['/category/nope/feed.xml', 404],
    ];
    for (const [url, status] of cases) {
      const res = await get(url);
      assert.equal(res.statusCode, status, url);
      assert.ok(!/at .*\.ts:\d+/.test(res.body), `${url} leaks a stack trace`);
      if (!url.startsWith('/api/') && status !== 200) assert.match(res.body, /<html lang="ja">[\s\S]*トップページへ戻る/, url);
    }
  });
});
