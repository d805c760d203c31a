import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { addAddendum } from '../testing/addendum.ts';
import { createDemoSite, type TestSite } from '../testing/app.ts';

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });
const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

describe('feeds', () => {
  let site: TestSite;
  before(async () => (site = await createDemoSite()));
  after(() => site.close());
  const get = (url: string) => site.server.inject(url);

  it('RSS 2.0 has the site, and each post with link, date, categories and full content', async () => {
    const doc = xml.parse((await get('/feed.xml')).body);
    const channel = doc.rss.channel;
    assert.equal(doc.rss['@version'], '2.0');
    assert.equal(channel.title, '瓦版デモ：個人情報とセキュリティの便り');
    assert.equal(channel.link, 'https://blog.example.jp/');
    const items = list(channel.item);
    assert.equal(items.length, 8);
    const first = items[0];
    assert.equal(first.title, 'EDRを入れる前に決めておく5つのこと');
    assert.equal(first.link, 'https://blog.example.jp/posts/edr-introduction-checklist');
    assert.equal(new Date(first.pubDate).toISOString(), '2025-11-19T22:45:00.000Z');
    assert.match(first['content:encoded'], /私のコメント/);
    // Root-relative image URLs become absolute for feed readers.
    assert.match(first['content:encoded'], /src="https:\/\/blog.example.jp\/static\/demo\/chart.svg"/);
  });

  it('Atom has an updated date per entry and the site link', async () => {
    const feed = xml.parse((await get('/atom.xml')).body).feed;
    assert.equal(feed['@xmlns'], 'http://www.w3.org/2005/Atom');
    const entries = list(feed.entry);
    const incident = entries.find((e: { id: string }) => e.id.endsWith('/posts/p-20250918'));
    assert.equal(incident.published, '2025-09-18T09:30:00.000Z');
    assert.equal(incident.updated, '2025-10-02T15:00:00.000Z');
  });

  it('JSON Feed 1.1 has items with content, dates, authors and tags', async () => {
    const feed = JSON.parse((await get('/feed.json')).body);
    assert.equal(feed.version, 'https://jsonfeed.org/version/1.1');
    assert.equal(feed.feed_url, 'https://blog.example.jp/feed.json');
    const item = feed.items.find((i: { url: string }) => i.url.endsWith('/posts/iso-iec-27001-2022-soa'));
    assert.equal(item.title, 'ISO/IEC 27001:2022の適用宣言書、93の管理策をどう書くか');
    assert.deepEqual(item.authors, [{ name: '見本 太郎', url: 'https://blog.example.jp/author/mihon' }]);
    assert.ok(item.tags.includes('ISO/IEC 27001'));
    assert.match(item.content_html, /<ol class="block-list"><li>組織的管理策（37）<\/li>/);
  });

  it('a category feed holds the posts of that category and of its children only', async () => {
    const rss = xml.parse((await get('/category/isms/feed.xml')).body).rss.channel;
    assert.equal(rss.title, '瓦版デモ：個人情報とセキュリティの便り - ISMS');
    assert.deepEqual(
      list(rss.item)
        .map((i: { title: string }) => i.title)
        .sort(),
      ['EDRを入れる前に決めておく5つのこと', 'ISO/IEC 27001:2022の適用宣言書、93の管理策をどう書くか'],
    );
    const json = JSON.parse((await get('/category/isms/feed.json')).body);
    assert.equal(json.items.length, 2);
    const atom = xml.parse((await get('/category/isms/atom.xml')).body).feed;
    assert.equal(list(atom.entry).length, 2);
  });

  it('shows a post as updated after an addendum, and moves it in the feed', async () => {
    await addAddendum(site.app.db, 'report-deadlines-explained', '2099-01-01', '新しい情報です。');
    const feed = JSON.parse((await get('/feed.json')).body);
    const item = feed.items.find((i: { url: string }) => i.url.endsWith('/posts/report-deadlines-explained'));
    assert.equal(item.date_modified, '2098-12-31T15:00:00.000Z');
    assert.match(item.content_html, /新しい情報です。/);
    const atom = xml.parse((await get('/atom.xml')).body).feed;
    assert.equal(atom.updated, '2098-12-31T15:00:00.000Z');
  });

  it('lists posts, categories and months in the sitemap', async () => {
    const urls = list(xml.parse((await get('/sitemap.xml')).body).urlset.url).map((u: { loc: string }) => u.loc);
    assert.ok(urls.includes('https://blog.example.jp/'));
    assert.ok(urls.includes('https://blog.example.jp/posts/p-20250918'));
    assert.ok(urls.includes('https://blog.example.jp/category/isms') || urls.includes('https://blog.example.jp/category/iso27001'));
    assert.ok(urls.includes('https://blog.example.jp/archive/2025/09'));
    assert.equal(urls.length, 1 + 8 + 6 + 3);
  });

  it('robots.txt points at the sitemap and keeps crawlers out of the admin', async () => {
    const body = (await get('/robots.txt')).body;
    assert.match(body, /^Sitemap: https:\/\/blog.example.jp\/sitemap.xml$/m);
    assert.match(body, /^Disallow: \/admin\/$/m);
  });
});
