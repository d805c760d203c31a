// A hostile string in every text field and every block must come out as text everywhere:
// pages, feeds, JSON-LD and the API.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { createAuthor, createCategory, createPost } from '../content/service.ts';
import { createTestSite, type TestSite } from '../testing/app.ts';
import { updateSettings } from '../site/write.ts';

const PAYLOAD = `<script>alert(1)</script>"'><img src=x onerror=alert(1)>`;
// Also a CDATA terminator and a JSON-LD breakout, for the feeds and the script element.
const EXTRA = `]]></description><x>`;
const HOSTILE = `${PAYLOAD}${EXTRA}</script>`;

/** An element or attribute the payload would create if it escaped its text. */
function assertInert(html: string, where: string): void {
  assert.ok(!html.includes('<script>alert'), `${where}: <script> from the payload`);
  assert.ok(!/<img src=x/i.test(html), `${where}: <img> from the payload`);
  assert.ok(!/\sonerror=/i.test(html.replace(/&[a-z#0-9]+;/gi, '')) || !/<[^>]*\sonerror=/i.test(html), `${where}: an onerror attribute`);
  assert.ok(!html.includes('<x>'), `${where}: <x> from the payload`);
  for (const m of html.matchAll(/<script\b([^>]*)>/g))
    assert.match(m[1]!, /type="application\/ld\+json"/, `${where}: a script that is not JSON-LD`);
}

describe('escaping of hostile text', () => {
  let site: TestSite;
  let slug: string;
  before(async () => {
    site = await createTestSite();
    const db = site.app.db;
    await updateSettings(db, { title: HOSTILE, tagline: HOSTILE, description: HOSTILE, footer: HOSTILE });
    const authorId = await createAuthor(db, { slug: 'evil', displayName: HOSTILE, profile: HOSTILE, greeting: HOSTILE, signoff: HOSTILE });
    await createCategory(db, { slug: 'evil-cat', name: HOSTILE, description: HOSTILE });
    const text = { type: 'paragraph', text: HOSTILE };
    const post = await createPost(db, {
      title: HOSTILE,
      status: 'published',
      authorId,
      categories: ['evil-cat'],
      tags: [HOSTILE],
      blocks: [
        text,
        { type: 'heading', level: 2, text: HOSTILE },
        { type: 'list', ordered: false, items: [HOSTILE] },
        { type: 'quote', text: HOSTILE },
        { type: 'table', header: [HOSTILE], rows: [[HOSTILE]] },
        { type: 'image', src: '/a.png', alt: HOSTILE, caption: HOSTILE, credit: HOSTILE },
        { type: 'source', url: 'https://example.com/?q="><script>alert(1)</script>', title: HOSTILE, publisher: HOSTILE },
        { type: 'cta', label: HOSTILE, url: '/x?"><script>', style: 'primary' },
        { type: 'timeline', entries: [{ when: HOSTILE, text: HOSTILE }] },
        { type: 'note', text: HOSTILE },
        { type: 'code', language: '', code: HOSTILE },
        { type: 'html', html: HOSTILE },
        { type: 'commentary', blocks: [text] },
        { type: 'addendum', date: '2024-01-01', blocks: [text] },
      ],
    });
    slug = post.slug;
  });
  after(() => site.close());
  const get = (url: string) => site.server.inject(url);

  it('renders as text on every HTML page', async () => {
    for (const url of [
      '/',
      `/posts/${slug}`,
      '/category/evil-cat',
      '/author/evil',
      '/archive',
      '/archive/2024',
      `/search?q=${encodeURIComponent('alert')}`,
      '/no-such-page',
    ]) {
      const res = await get(url);
      assertInert(res.body, url);
    }
    const page = (await get(`/posts/${slug}`)).body;
    assert.ok(page.includes('&lt;script>alert(1)&lt;/script>') || page.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  });

  it('keeps the title intact inside JSON-LD, which cannot be closed early', async () => {
    const page = (await get(`/posts/${slug}`)).body;
    const blocks = [...page.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].map((m) => m[1]!);
    assert.equal(blocks.length, 2);
    for (const b of blocks) assert.ok(!b.includes('</'), 'JSON-LD contains </');
    const posting = JSON.parse(blocks[0]!);
    assert.equal(posting.headline, HOSTILE);
    assert.equal(posting.author.name, HOSTILE);
  });

  it('keeps titles as text in RSS, Atom and JSON Feed, and their HTML inert', async () => {
    const parser = new XMLParser({ ignoreAttributes: false });
    const rss = parser.parse((await get('/feed.xml')).body).rss.channel;
    assert.equal(rss.item.title, HOSTILE);
    assertInert(rss.item['content:encoded'], 'rss content');
    const atom = parser.parse((await get('/atom.xml')).body).feed;
    assert.equal(atom.entry.title['#text'] ?? atom.entry.title, HOSTILE);
    const json = JSON.parse((await get('/feed.json')).body);
    assert.equal(json.items[0].title, HOSTILE);
    assertInert(json.items[0].content_html, 'json feed content');
  });

  it('keeps the title as data in the API, with inert HTML', async () => {
    const post = JSON.parse((await get(`/api/posts/${slug}`)).body);
    assert.equal(post.title, HOSTILE);
    assert.equal(post.blocks[0].text, HOSTILE);
    assertInert(post.html, 'api html');
  });

  it('sends a Content-Security-Policy that forbids inline script', async () => {
    const csp = String((await get('/')).headers['content-security-policy']);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  });
});
