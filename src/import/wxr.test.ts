import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cliActor } from '../audit/service.ts';
import type { Block } from '../content/blocks.ts';
import { isValidSlug } from '../content/slug.ts';
import { createTestSite, type TestSite } from '../testing/app.ts';
import { importWxr, type ImportOptions, type ImportReport } from './service.ts';
import * as store from './store.ts';
import { file, hugeFile } from './testdata/files.ts';
import { wordpressFile } from './testdata/wordpress.ts';

const HEAD = `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
  xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>見本セキュリティブログ</title>
  <link>https://old.example.jp</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[mihon]]></wp:author_login><wp:author_email><![CDATA[mihon@example.jp]]></wp:author_email><wp:author_display_name><![CDATA[見本花子]]></wp:author_display_name></wp:author>
  <wp:category><wp:term_id>2</wp:term_id><wp:category_nicename><![CDATA[security]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[情報セキュリティ]]></wp:cat_name></wp:category>
  <wp:category><wp:term_id>3</wp:term_id><wp:category_nicename><![CDATA[ransomware]]></wp:category_nicename><wp:category_parent><![CDATA[security]]></wp:category_parent><wp:cat_name><![CDATA[ランサムウェア]]></wp:cat_name></wp:category>
  <wp:category><wp:term_id>4</wp:term_id><wp:category_nicename><![CDATA[unused]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[まだ記事のない分類]]></wp:cat_name></wp:category>
  <wp:tag><wp:term_id>5</wp:term_id><wp:tag_slug><![CDATA[pmark]]></wp:tag_slug><wp:tag_name><![CDATA[Pマーク]]></wp:tag_name></wp:tag>
`;

const POST = `
  <item>
    <title>病院でランサムウェア被害、電子カルテが停止</title>
    <link>https://old.example.jp/2023/06/14/%e7%97%85%e9%99%a2-ransom/</link>
    <pubDate>Wed, 14 Jun 2023 00:00:00 +0000</pubDate>
    <dc:creator><![CDATA[mihon]]></dc:creator>
    <content:encoded><![CDATA[皆さんこんにちは。

病院のサーバーが暗号化され、電子カルテが使えなくなったと発表がありました。
<script>alert(1)</script><a href="javascript:alert(2)" onclick="x()">詳細</a>

https://www.example.jp/news/0614

(私のコメント)

バックアップは別の場所に置きましょう。]]></content:encoded>
    <excerpt:encoded><![CDATA[]]></excerpt:encoded>
    <wp:post_id>12</wp:post_id>
    <wp:post_date><![CDATA[2023-06-14 09:00:00]]></wp:post_date>
    <wp:post_date_gmt><![CDATA[2023-06-14 00:00:00]]></wp:post_date_gmt>
    <wp:post_name><![CDATA[%e7%97%85%e9%99%a2-ransom]]></wp:post_name>
    <wp:status><![CDATA[publish]]></wp:status>
    <wp:post_type><![CDATA[post]]></wp:post_type>
    <category domain="category" nicename="ransomware"><![CDATA[ランサムウェア]]></category>
    <category domain="post_tag" nicename="pmark"><![CDATA[Pマーク]]></category>
    <wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key><wp:meta_value><![CDATA[40]]></wp:meta_value></wp:postmeta>
    <wp:comment>
      <wp:comment_id>7</wp:comment_id>
      <wp:comment_author><![CDATA[読者B]]></wp:comment_author>
      <wp:comment_author_email><![CDATA[b@example.jp]]></wp:comment_author_email>
      <wp:comment_author_url>https://b.example.jp/</wp:comment_author_url>
      <wp:comment_author_IP><![CDATA[192.0.2.7]]></wp:comment_author_IP>
      <wp:comment_date><![CDATA[2023-06-15 10:00:00]]></wp:comment_date>
      <wp:comment_date_gmt><![CDATA[2023-06-15 01:00:00]]></wp:comment_date_gmt>
      <wp:comment_content><![CDATA[うちの病院でも見直します &amp; 共有します。]]></wp:comment_content>
      <wp:comment_approved><![CDATA[1]]></wp:comment_approved>
      <wp:comment_type><![CDATA[comment]]></wp:comment_type>
    </wp:comment>
    <wp:comment>
      <wp:comment_id>8</wp:comment_id>
      <wp:comment_author><![CDATA[spam]]></wp:comment_author>
      <wp:comment_date_gmt><![CDATA[2023-06-15 02:00:00]]></wp:comment_date_gmt>
      <wp:comment_content><![CDATA[buy now]]></wp:comment_content>
      <wp:comment_approved><![CDATA[spam]]></wp:comment_approved>
    </wp:comment>
  </item>
  <item>
    <title>下書きの記事</title>
    <link>https://old.example.jp/?p=13</link>
    <dc:creator><![CDATA[mihon]]></dc:creator>
    <content:encoded><![CDATA[まだ書きかけです。]]></content:encoded>
    <wp:post_id>13</wp:post_id>
    <wp:post_date><![CDATA[2023-06-20 09:00:00]]></wp:post_date>
    <wp:post_date_gmt><![CDATA[0000-00-00 00:00:00]]></wp:post_date_gmt>
    <wp:post_name><![CDATA[]]></wp:post_name>
    <wp:status><![CDATA[draft]]></wp:status>
    <wp:post_type><![CDATA[post]]></wp:post_type>
  </item>
  <item>
    <title>このブログについて</title>
    <link>https://old.example.jp/about/</link>
    <dc:creator><![CDATA[mihon]]></dc:creator>
    <content:encoded><![CDATA[個人情報保護とISMSの話題を扱います。]]></content:encoded>
    <wp:post_id>2</wp:post_id>
    <wp:post_date><![CDATA[2020-01-01 09:00:00]]></wp:post_date>
    <wp:post_date_gmt><![CDATA[2020-01-01 00:00:00]]></wp:post_date_gmt>
    <wp:post_name><![CDATA[about]]></wp:post_name>
    <wp:status><![CDATA[publish]]></wp:status>
    <wp:post_type><![CDATA[page]]></wp:post_type>
  </item>
  <item>
    <title>karte.png</title>
    <link>https://old.example.jp/karte/</link>
    <wp:post_id>40</wp:post_id>
    <wp:post_type><![CDATA[attachment]]></wp:post_type>
    <wp:attachment_url><![CDATA[https://old.example.jp/wp-content/uploads/2023/06/karte.png]]></wp:attachment_url>
  </item>
  <item>
    <title>メニュー</title>
    <wp:post_id>90</wp:post_id>
    <wp:post_type><![CDATA[nav_menu_item]]></wp:post_type>
  </item>`;

const TAIL = `
</channel>
</rss>
`;

const WXR = HEAD + POST + TAIL;

function options(open: () => AsyncIterable<Uint8Array>, extra: Partial<ImportOptions> = {}): ImportOptions {
  return { open, fileName: 'wordpress.xml', dryRun: false, keepCommenterContacts: false, actor: cliActor, ...extra };
}

describe('importing a WordPress export (WXR)', () => {
  let site: TestSite;
  let report: ImportReport;
  before(async () => {
    site = await createTestSite();
    report = await importWxr(site.app.db, options(file(WXR)));
  });
  after(() => site.close());

  it('imports posts, drafts and pages, and reports attachments and skipped items', () => {
    assert.deepEqual([report.entries, report.created, report.drafts, report.pages], [3, 3, 1, 1]);
    assert.equal(report.attachments, 1);
    assert.deepEqual(report.skipped, { nav_menu_item: 1 });
    assert.deepEqual(report.authorsCreated, ['見本花子']);
    assert.deepEqual(report.comments, 1);
    assert.equal(report.commentContactsDropped, 1);
  });

  it('creates the declared categories with their parents, even those without posts', async () => {
    assert.deepEqual(report.categoriesCreated, ['情報セキュリティ', 'ランサムウェア', 'まだ記事のない分類']);
    const child = await site.app.db.kysely.selectFrom('categories').selectAll().where('slug', '=', 'ransomware').executeTakeFirstOrThrow();
    const parent = await site.app.db.kysely.selectFrom('categories').selectAll().where('slug', '=', 'security').executeTakeFirstOrThrow();
    assert.equal(child.parent_id, parent.id);
  });

  it('keeps the post whole: date, author, slug, featured image, tags, sanitised body as blocks', async () => {
    const post = await site.app.db.kysely
      .selectFrom('posts')
      .selectAll()
      .where('title', '=', '病院でランサムウェア被害、電子カルテが停止')
      .executeTakeFirstOrThrow();
    // "病院-ransom" is not a Kawaraban slug (ASCII words): a new one is made from the title.
    assert.ok(isValidSlug(post.slug), post.slug);
    assert.equal(post.published_at, '2023-06-14T00:00:00.000Z');
    assert.equal(post.status, 'published');
    const blocks = JSON.parse(post.blocks) as Block[];
    assert.deepEqual(blocks[0], {
      type: 'image',
      src: 'https://old.example.jp/wp-content/uploads/2023/06/karte.png',
      alt: '病院でランサムウェア被害、電子カルテが停止',
    });
    assert.ok(blocks.some((b) => b.type === 'source' && b.url === 'https://www.example.jp/news/0614'));
    assert.ok(blocks.some((b) => b.type === 'commentary'));
    assert.doesNotMatch(post.body_html, /<script|javascript:|onclick/);
    assert.match(post.body_html, /電子カルテが使えなくなった/);
    const tags = await site.app.db.kysely
      .selectFrom('post_tags')
      .innerJoin('tags', 'tags.id', 'post_tags.tag_id')
      .select('tags.name')
      .where('post_id', '=', post.id)
      .execute();
    assert.deepEqual(
      tags.map((t) => t.name),
      ['Pマーク'],
    );
    const [comment] = await store.commentsOf(site.app.db.kysely, Number(post.id));
    // Comment bodies are HTML as WordPress kept it (CDATA: the entity stays as written).
    assert.equal(comment!.body, 'うちの病院でも見直します &amp; 共有します。');
    assert.equal(comment!.created_at, '2023-06-15T01:00:00.000Z');
    assert.equal(comment!.author_email, null);
  });

  it('imports a page as a post tagged 固定ページ and a draft as a draft', async () => {
    const page = await site.app.db.kysely.selectFrom('posts').selectAll().where('slug', '=', 'about').executeTakeFirstOrThrow();
    assert.equal(page.status, 'published');
    const draft = await site.app.db.kysely.selectFrom('posts').selectAll().where('title', '=', '下書きの記事').executeTakeFirstOrThrow();
    assert.equal(draft.status, 'draft');
  });

  it('answers WordPress permalinks (?p=N, ?page_id=N, /YYYY/MM/DD/slug/) with 301 to the new pages', async () => {
    const post = await site.app.db.kysely
      .selectFrom('posts')
      .select('slug')
      .where('title', '=', '病院でランサムウェア被害、電子カルテが停止')
      .executeTakeFirstOrThrow();
    const to = `/posts/${encodeURIComponent(post.slug)}`;
    for (const url of [
      '/?p=12',
      '/2023/06/14/%e7%97%85%e9%99%a2-ransom/',
      '/2023/06/14/%E7%97%85%E9%99%A2-ransom',
      '/2023/06/14/病院-ransom/'.replace('病院', encodeURIComponent('病院')),
    ]) {
      const res = await site.server.inject(url);
      assert.equal(res.statusCode, 301, url);
      assert.equal(res.headers.location, to, url);
    }
    assert.equal((await site.server.inject('/?page_id=2')).headers.location, '/posts/about');
    assert.equal((await site.server.inject('/about/')).headers.location, '/posts/about');
    // Unknown ids and drafts' ids show the front page.
    assert.equal((await site.server.inject('/?p=999')).statusCode, 200);
  });

  it('changes nothing when run again', async () => {
    const again = await importWxr(site.app.db, options(file(WXR)));
    assert.deepEqual([again.created, again.updated, again.unchanged, again.comments], [0, 0, 3, 0]);
  });
});

describe('a bad WXR file', () => {
  let site: TestSite;
  before(async () => {
    site = await createTestSite();
  });
  after(() => site.close());

  const run = (text: string) => importWxr(site.app.db, options(file(text)));

  it('refuses an XML entity bomb before expanding anything', async () => {
    const bomb = `<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rss><channel><item><title>&lol9;</title></item></channel></rss>`;
    await assert.rejects(run(bomb), /DOCTYPE があります/);
    const external = `<?xml version="1.0"?><!DOCTYPE rss SYSTEM "file:///etc/passwd"><rss><channel></channel></rss>`;
    await assert.rejects(run(external), /DOCTYPE/);
    // An entity used without any declaration is not expanded either.
    await assert.rejects(run(`${HEAD}<item><title>&secret;</title></item>${TAIL}`), /XML として読めません/);
  });

  it('names the entry of an impossible date, a cut-off file, another format and garbage', async () => {
    await assert.rejects(run(WXR.replace('2023-06-14 00:00:00', '2023-02-30 00:00:00')), /1件目（\d+行目「病院でランサムウェア被害/);
    await assert.rejects(run(WXR.slice(0, WXR.indexOf('<item>', WXR.indexOf('</item>')) + 40)), /切れています|XML として読めません/);
    await assert.rejects(run('<html><body>not a feed</body></html>'), /WXR ファイルではありません/);
    await assert.rejects(run('TITLE: Movable Type\n-----\n'), /XML として読めません|WXR ファイルではありません/);
    await assert.rejects(
      importWxr(
        site.app.db,
        options(async function* () {
          yield Buffer.from([0, 1, 2, 255, 254, 0x89, 0x50, 0x4e, 0x47]);
        }),
      ),
    );
    assert.equal((await site.app.db.kysely.selectFrom('posts').select('id').execute()).length, 0);
  });

  it('refuses a 50 MB single post and writes nothing', async () => {
    const start = `${HEAD}<item><title>巨大な記事</title><wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type><content:encoded><![CDATA[`;
    const huge = hugeFile(start, '個人情報の保護に関する法律。\n', 50 * 1024 * 1024, `]]></content:encoded></item>${TAIL}`);
    await assert.rejects(importWxr(site.app.db, options(huge)), /1件目（\d+行目「巨大な記事」）: 5,000,000 文字を超えています/);
    assert.equal((await site.app.db.kysely.selectFrom('posts').select('id').execute()).length, 0);
  });
});

describe('importing a WordPress file with the hard cases of real exports', () => {
  let site: TestSite;
  let report: ImportReport;
  const wp = wordpressFile();
  before(async () => {
    site = await createTestSite();
    report = await importWxr(site.app.db, {
      open: file(wp.xml),
      fileName: 'hard.xml',
      dryRun: false,
      keepCommenterContacts: false,
      actor: cliActor,
    });
  });
  after(() => site.close());

  const post = async (slug: string) => {
    const row = await site.app.db.kysely.selectFrom('posts').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow();
    return { ...row, blocks: JSON.parse(row.blocks) as Block[] };
  };

  it('imports the whole file with a report (no item limit)', async () => {
    assert.equal(report.entries, 8); // 6 posts (one a draft), a page, one with comments
    assert.equal(report.created, 8);
    assert.equal(report.comments, 1);
    assert.equal(report.attachments, 1);
    assert.ok(report.nativeShare.percent >= 95, JSON.stringify(report.nativeShare));
  });

  it('gives a post with 200 categories and 200 tags all of them', async () => {
    const row = await post('many-terms');
    const cats = await site.app.db.kysely.selectFrom('post_categories').select('category_id').where('post_id', '=', row.id).execute();
    const tags = await site.app.db.kysely.selectFrom('post_tags').select('tag_id').where('post_id', '=', row.id).execute();
    assert.deepEqual([cats.length, tags.length], [200, 200]);
  });

  it('makes slugs without zero-width or bidi characters', async () => {
    const slugs = (await site.app.db.kysely.selectFrom('posts').select('slug').execute()).map((r) => r.slug);
    assert.ok(slugs.includes('invisible-slug'), slugs.join(' '));
    const authors = (await site.app.db.kysely.selectFrom('authors').select('slug').execute()).map((r) => r.slug);
    assert.ok(authors.includes('admin'), authors.join(' '));
    assert.ok([...slugs, ...authors].every((s) => !/\p{Cf}/u.test(s) && s !== 'a-d-m-i-n'));
  });

  it('reads CDATA split around "]]>" and empty sections as the text they hold', async () => {
    const row = await post('cdata-edge');
    assert.ok(row.plain_text.includes(wp.cdataText), row.plain_text);
    const comment = await site.app.db.kysely.selectFrom('comments').select('body').executeTakeFirstOrThrow();
    assert.equal(comment.body, '参考になりました ]]> 記号も。');
  });

  it('turns a block-editor post into native blocks: paragraph, heading, nested list, table, image with caption, button as call to action, quote, divider, code', async () => {
    const { blocks } = await post('block-editor');
    const types = blocks.map((b) => b.type);
    // The table's caption follows it, where the author put it.
    assert.deepEqual(types.slice(0, 9), ['paragraph', 'heading', 'list', 'table', 'paragraph', 'image', 'cta', 'quote', 'divider']);
    assert.equal(
      blocks[0]!.type === 'paragraph' && blocks[0].text,
      'ブロックエディターで書いた記事です。**太字**と*斜体*と[リンク](https://www.example.jp/guide)があります。',
    );
    const list = blocks[2]!;
    assert.ok(
      list.type === 'list' && list.items[0]!.includes('- 入れ子の項目A') && list.items[0]!.includes('1. さらに深い項目'),
      JSON.stringify(list),
    );
    assert.deepEqual(blocks[3], {
      type: 'table',
      header: ['項目', '期限'],
      rows: [
        ['速報', '3〜5日以内'],
        ['確報', '30日以内'],
      ],
    });
    assert.deepEqual(blocks[5], {
      type: 'image',
      src: 'https://wp.example.jp/wp-content/uploads/2023/05/office.jpg',
      alt: '事務所の入口',
      caption: '事務所の入口（筆者撮影）',
    });
    assert.deepEqual(blocks[6], {
      type: 'cta',
      label: '7月のセミナーに申し込む',
      url: 'https://wp.example.jp/seminar/2023-07',
      style: 'primary',
    });
    assert.ok(types.includes('code') && types.includes('source'));
    // Only the video frame stays raw HTML.
    assert.deepEqual(blocks.filter((b) => b.type === 'html').length, 1);
  });

  it('turns a classic post into native blocks: line breaks, [caption], nested list, table, centred and bold links to a webinar and a download, text that looks like Markdown', async () => {
    const { blocks, body_html } = await post('classic-editor');
    assert.deepEqual(blocks[0], { type: 'paragraph', text: '昔のエディターで書いた記事です。\n改行はそのまま改行になります。' });
    assert.deepEqual(blocks[1], {
      type: 'image',
      src: 'https://wp.example.jp/wp-content/uploads/2019/01/chart.png',
      alt: 'グラフ',
      caption: '件数の推移',
      width: 300,
      height: 200,
    });
    assert.deepEqual(blocks[2], { type: 'list', ordered: true, items: ['手順の一\n- 補足の一\n- 補足の二', '手順の二'] });
    assert.deepEqual(blocks[3], {
      type: 'table',
      header: ['年', '件数'],
      rows: [
        ['2021', '12'],
        ['2022', '15'],
      ],
    });
    assert.deepEqual(
      blocks.filter((b) => b.type === 'cta').map((b) => b.type === 'cta' && b.url),
      ['https://wp.example.jp/webinar/isms', 'https://wp.example.jp/download/soa'],
    );
    assert.ok(!blocks.some((b) => b.type === 'html'));
    for (const text of [
      '5 * 3 = 15、_下線_、[角括弧]、#ハッシュ、&amp; アンパサンド、<code>a &lt; b</code><br>',
      '- ハイフンで始まる行',
      '1. 数字と点で始まる行',
      ':::コロンで始まる行',
    ])
      assert.ok(body_html.includes(text), text);
    assert.equal(blocks.at(-1)!.type, 'source');
  });
});
