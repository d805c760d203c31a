// The post page and the front page are written as strings (post-html.ts, pages/home.tsx) for
// speed; the shared components (Layout, PostFull, CommentsSection, SubscribeBox) still draw
// every other page, and the pieces both use come from one function each (headHtml,
// postFullParts, commentsSectionHtml). This renders many varied pages both ways — the string renderer and the page as it was composed from the
// components — and asserts the bytes are the same, so the two cannot drift apart.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CommentPage, CommentView } from '../comments/service.ts';
import type { Page, PostView, PostWithNeighbours, Sidebar } from '../content/read.ts';
import { defaultSettings, type Settings } from '../site/settings.ts';
import { CommentsSection } from './comments.tsx';
import { Pagination, PostFull, pageHref, postPath, siteCta } from './components.tsx';
import { renderHome, websiteJsonLd } from './pages/home.tsx';
import { Layout, absoluteUrl, renderDocumentBytes, type SiteContext } from './layout.tsx';
import { renderPostHtml } from './post-html.ts';
import { blogPostingLd, breadcrumbLd } from './seo.ts';
import { SubscribeBox } from './subscribe-box.tsx';

/** The post page composed from the components, as render/pages/post.tsx drew it. */
function renderWithComponents(
  site: SiteContext,
  { post, older, newer }: PostWithNeighbours,
  comments?: { page: CommentPage; notice: string },
): Buffer {
  const s = site.settings;
  const category = post.categories[0];
  const crumbs = [
    { name: 'ホーム', url: `${site.siteUrl}/` },
    ...(category ? [{ name: category.name, url: absoluteUrl(site, `/category/${encodeURIComponent(category.slug)}`) }] : []),
    { name: post.title, url: absoluteUrl(site, postPath(post.slug)) },
  ];
  return renderDocumentBytes(
    <Layout
      site={site}
      meta={{
        title: post.title,
        description: post.excerpt,
        path: postPath(post.slug),
        type: 'article',
        image: post.leadImage,
        publishedAt: post.publishedAt,
        updatedAt: post.updatedAt,
        jsonLd: [blogPostingLd({ siteUrl: site.siteUrl, title: s.title }, post), breadcrumbLd(crumbs)],
      }}
    >
      <nav class="breadcrumbs" aria-label="パンくずリスト">
        <ol>
          {crumbs.slice(0, -1).map((c) => (
            <li>
              <a href={c.url}>{c.name}</a>
            </li>
          ))}
          <li aria-current="page">{post.title}</li>
        </ol>
      </nav>
      <PostFull post={post} dateStyle={s.dateStyle} headingLevel={1} cta={siteCta(s)} />
      <section class="post-subscribe" aria-labelledby="post-subscribe-heading">
        <h2 id="post-subscribe-heading">メールで受け取る</h2>
        <SubscribeBox id="post-follow-email" follow={post.slug} />
        <p>
          <a href="/subscribe">新しい記事をメールで購読する</a>
        </p>
      </section>
      {comments ? <CommentsSection slug={post.slug} page={comments.page} form={{ notice: comments.notice }} /> : null}
      <nav class="post-nav" aria-label="前後の記事">
        {newer ? (
          <a class="newer" rel="next" href={postPath(newer.slug)}>
            <span class="label">次の記事</span>
            {newer.title}
          </a>
        ) : null}
        {older ? (
          <a class="older" rel="prev" href={postPath(older.slug)}>
            <span class="label">前の記事</span>
            {older.title}
          </a>
        ) : null}
      </nav>
    </Layout>,
  );
}

/** The front page composed from the components, as render/pages/home.tsx drew it. */
function renderHomeWithComponents(site: SiteContext, page: Page<PostView>): Buffer {
  const s = site.settings;
  const ld = websiteJsonLd(site);
  return renderDocumentBytes(
    <Layout
      site={site}
      meta={{ title: page.page === 1 ? s.title : `${s.title}（${page.page}ページ目）`, path: pageHref('/', page.page), jsonLd: [ld] }}
    >
      <h1 class="visually-hidden">{s.title} の最新記事</h1>
      {page.items.map((post) => (
        <PostFull post={post} dateStyle={s.dateStyle} headingLevel={2} cta={siteCta(s)} />
      ))}
      <Pagination page={page} base="/" />
    </Layout>,
  );
}

// A small seeded generator: the same thousand cases on every run.
function generator(seed: number) {
  let x = seed;
  const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, pick, chance: (p: number) => next() < p, int: (n: number) => Math.floor(next() * n) };
}

const HOSTILE = ['<script>alert("x")</script>', `O'Reilly & "Sons" <b>`, 'a > b && c < d', '&amp; already &lt;escaped&gt;', '"\'<>&'];
const JAPANESE =
  '個人情報保護委員会は、漏えい等の報告について、委託先の監督と安全管理措置の見直しを求めた。事業者は速やかに本人への通知を行い、再発防止策を公表すること。';
const BODIES = [
  '<p>短い本文。</p>',
  `<h2 id="s1">経緯</h2><p>${JAPANESE.repeat(40)}</p>`,
  '<aside class="addendum"><p class="addendum-date">2024年5月1日 追記</p><p>訂正しました。</p></aside>',
  '<section class="sources"><h2>出典</h2><ol><li><a href="https://example.jp/a?b=1&amp;c=2" rel="noopener">官報</a></li></ol></section>',
  '<div class="block-event" data-event="seminar-2024"><p>セミナー</p><!--kawaraban:event-state--><p class="event-state">残席あり</p></div>',
  '<p>絵文字 🎌 と \u2028 行区切り</p>',
];

function text(g: ReturnType<typeof generator>, max: number): string {
  const parts = [...HOSTILE, JAPANESE.slice(0, 1 + g.int(60)), 'Plain title', '日本語のタイトル', 'a\u2029b'];
  let out = g.pick(parts);
  while (out.length < max && g.chance(0.4)) out += ` ${g.pick(parts)}`;
  return out.slice(0, max);
}

function multiline(g: ReturnType<typeof generator>): string {
  return g.pick(['', 'よろしくお願いします。', `一行目\n二行目\n\n${HOSTILE[1]}`, `\n\n${JAPANESE}\n`, HOSTILE[0]!]);
}

const iso = (g: ReturnType<typeof generator>, base: number) =>
  new Date(base + g.int(400) * 86_400_000 + g.int(86_400) * 1000).toISOString();

function comment(g: ReturnType<typeof generator>, id: number, depth: number): CommentView {
  const body = g.pick([
    'ありがとうございます。',
    `${HOSTILE[0]}`,
    'リンク <a href="https://example.jp/" rel="nofollow ugc noopener">https://example.jp/</a><br/>改行',
  ]);
  return {
    id,
    name: text(g, 30),
    bodyHtml: g.chance(0.5) ? Buffer.from(body) : body,
    createdAt: iso(g, Date.UTC(2024, 0, 1)),
    byAuthor: g.chance(0.2),
    replies: depth === 0 && g.chance(0.4) ? Array.from({ length: 1 + g.int(3) }, (_, i) => comment(g, id * 100 + i, 1)) : [],
  };
}

function caseOf(seed: number): { site: SiteContext; found: PostWithNeighbours; comments?: { page: CommentPage; notice: string } } {
  const g = generator(seed);
  const settings: Settings = {
    ...defaultSettings,
    title: g.chance(0.5) ? 'セキュリティ瓦版' : text(g, 40),
    tagline: g.chance(0.5) ? '' : text(g, 60),
    description: g.chance(0.5) ? '' : text(g, 100),
    footer: multiline(g),
    dateStyle: g.pick(['western', 'japanese'] as const),
    ...(g.chance(0.5) ? { defaultCtaLabel: text(g, 20), defaultCtaUrl: g.pick(['https://example.jp/contact?a=1&b="2"', '/contact']) } : {}),
  };
  const sidebar: Sidebar = {
    ...(g.chance(0.7) ? { author: { slug: 'editor', displayName: text(g, 20), profile: multiline(g), greeting: '', signoff: '' } } : {}),
    categories: g.chance(0.3)
      ? []
      : [
          {
            id: 1,
            slug: 'law',
            name: text(g, 20),
            description: '',
            count: 3,
            children: [{ id: 2, slug: 'ガイドライン', name: '指針', description: '', count: 1, children: [] }],
          },
        ],
    recent: Array.from({ length: g.int(5) }, (_, i) => ({ slug: `recent-${i}`, title: text(g, 40) })),
    months: Array.from({ length: g.pick([0, 3, 30]) }, (_, i) => ({
      month: `20${10 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
      count: i + 1,
    })),
  };
  const site: SiteContext = {
    settings,
    siteUrl: g.pick(['https://blog.example.jp', 'http://localhost:3000']),
    sidebar,
    styleUrl: '/static/style.abc123.css',
  };
  const publishedAt = iso(g, Date.UTC(2023, 0, 1));
  const term = (prefix: string, i: number) => ({ slug: g.pick([`${prefix}-${i}`, `日本語-${i}`, `a b&c<${i}`]), name: text(g, 20) });
  const post: PostView = {
    id: seed + 1,
    slug: g.pick([`post-${seed}`, `個人情報-${seed}`, `a b?c&d=<${seed}>"'`]),
    title: text(g, 80),
    status: 'published',
    publishedAt,
    updatedAt: g.chance(0.5) ? publishedAt : iso(g, Date.parse(publishedAt)),
    body: Buffer.from(Array.from({ length: 1 + g.int(4) }, () => g.pick(BODIES)).join('')),
    excerpt: g.chance(0.2) ? '' : text(g, 120),
    readingChars: g.int(20_000),
    leadImage: g.pick([null, '/media/lead.jpg', 'https://cdn.example.jp/a.png?x=1&y=2']),
    author: { slug: g.pick(['editor', '編集部']), displayName: text(g, 20), profile: '', greeting: multiline(g), signoff: multiline(g) },
    categories: Array.from({ length: g.pick([0, 1, 1, 2]) }, (_, i) => term('cat', i)),
    tags: Array.from({ length: g.pick([0, 0, 1, 3]) }, (_, i) => term('tag', i)),
  };
  const found: PostWithNeighbours = {
    post,
    ...(g.chance(0.8) ? { older: { slug: `older-${seed}`, title: text(g, 50) } } : {}),
    ...(g.chance(0.8) ? { newer: { slug: g.pick([`newer-${seed}`, 'a"b']), title: text(g, 50) } } : {}),
  };
  if (g.chance(0.1)) return { site, found };
  const items = g.chance(0.5) ? [] : Array.from({ length: 1 + g.int(6) }, (_, i) => comment(g, i + 1, 0));
  const totalPages = items.length ? g.pick([1, 1, 3]) : 1;
  const count = items.reduce((n, c) => n + 1 + c.replies.length, 0) + (totalPages - 1) * 50;
  post.commentCount = count;
  const notice = g.pick(['保存する情報\nお名前とコメントは公開されます。\nメールアドレスは公開されません。', `見出し\n${HOSTILE[1]}`]);
  return { site, found, comments: { page: { items, page: 1, totalPages, count, open: g.chance(0.8) }, notice } };
}

describe('the post page and front page written as strings', () => {
  it('gives the same bytes as the page composed from components, for a thousand varied posts', () => {
    for (let seed = 1; seed <= 1000; seed++) {
      const { site, found, comments } = caseOf(seed);
      const expected = renderWithComponents(site, found, comments);
      const actual = renderPostHtml(site, found, comments);
      if (!actual.equals(expected)) assert.equal(actual.toString(), expected.toString(), `post ${seed}`);
    }
  });

  it('gives the front page the same bytes as composed from components, for three hundred varied pages', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const { site, found } = caseOf(seed);
      const items = [found.post, ...Array.from({ length: seed % 10 }, (_, i) => caseOf(seed * 10 + i + 5000).found.post)];
      const page = { items, page: 1 + (seed % 4), perPage: 10, total: 100, totalPages: seed % 5 === 0 ? 1 : 10 };
      const expected = renderHomeWithComponents(site, page);
      const actual = renderHome(site, page);
      if (!actual.equals(expected)) assert.equal(actual.toString(), expected.toString(), `front page ${seed}`);
    }
  });

  it('escapes a hostile title, slug and comment so no markup or script survives', () => {
    const { site, found, comments } = caseOf(3);
    found.post.title = '</title><script>alert(1)</script>';
    found.post.slug = '"><img src=x onerror=alert(1)>';
    const html = renderPostHtml(site, found, comments).toString();
    assert.ok(!html.includes('<script>alert(1)'));
    assert.ok(!html.includes('<img src=x'));
    assert.ok(html.includes('&lt;/title>&lt;script>alert(1)&lt;/script>'));
    assert.ok(html.includes('\\u003c/title>\\u003cscript>'), 'JSON-LD escapes < too');
  });
});
