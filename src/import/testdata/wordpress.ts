// Our own WordPress export for tests and the benchmark, written to hold the cases that real
// exports hold (the kinds of thing WordPress's theme test data and the importer's own test
// files exercise): a post with 200 categories and 200 tags, zero-width and bidi characters in
// logins and slugs, CDATA edge cases ("]]>" split across two sections, empty sections),
// Gutenberg block comments, nested lists, tables, captions, centred and bold seminar links,
// pages, drafts, attachments and comments. Every sentence here is ours.

const ZWSP = '\u200b';
const RLO = '\u202e';
const PDF = '\u202c';

function cdata(text: string): string {
  // "]]>" cannot stand inside one CDATA section: it is split across two, as exporters do.
  // A NUL marks where an empty section stands between two others.
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>').replace(/\0/g, ']]><![CDATA[]]><![CDATA[')}]]>`;
}

interface Item {
  id: number;
  title: string;
  name: string;
  content: string;
  type?: 'post' | 'page' | 'attachment';
  status?: string;
  creator?: string;
  date?: string;
  categories?: string[];
  tags?: string[];
  extra?: string;
}

function item(i: Item): string {
  const date = i.date ?? `2023-0${1 + (i.id % 9)}-1${i.id % 10} 09:00:00`;
  return `
  <item>
    <title>${cdata(i.title)}</title>
    <link>https://wp.example.jp/?p=${i.id}</link>
    <dc:creator>${cdata(i.creator ?? 'editor')}</dc:creator>
    <content:encoded>${cdata(i.content)}</content:encoded>
    <excerpt:encoded><![CDATA[]]></excerpt:encoded>
    <wp:post_id>${i.id}</wp:post_id>
    <wp:post_date>${cdata(date)}</wp:post_date>
    <wp:post_date_gmt>${cdata(date)}</wp:post_date_gmt>
    <wp:post_name>${cdata(i.name)}</wp:post_name>
    <wp:status>${cdata(i.status ?? 'publish')}</wp:status>
    <wp:post_type>${cdata(i.type ?? 'post')}</wp:post_type>
${(i.categories ?? []).map((c, k) => `    <category domain="category" nicename="cat-${k}">${cdata(c)}</category>`).join('\n')}
${(i.tags ?? []).map((t, k) => `    <category domain="post_tag" nicename="tag-${k}">${cdata(t)}</category>`).join('\n')}
${i.extra ?? ''}
  </item>`;
}

const GUTENBERG = `<!-- wp:paragraph -->
<p>ブロックエディターで書いた記事です。<strong>太字</strong>と<em>斜体</em>と<a href="https://www.example.jp/guide">リンク</a>があります。</p>
<!-- /wp:paragraph -->

<!-- wp:heading -->
<h2 class="wp-block-heading">見出しの二段目</h2>
<!-- /wp:heading -->

<!-- wp:list -->
<ul><li>一つ目の項目<ul><li>入れ子の項目A</li><li>入れ子の項目B<ol><li>さらに深い項目</li></ol></li></ul></li><li>二つ目の項目</li></ul>
<!-- /wp:list -->

<!-- wp:table -->
<figure class="wp-block-table"><table><thead><tr><th>項目</th><th>期限</th></tr></thead><tbody><tr><td>速報</td><td>3〜5日以内</td></tr><tr><td>確報</td><td>30日以内</td></tr></tbody></table><figcaption>報告の期限</figcaption></figure>
<!-- /wp:table -->

<!-- wp:image {"id":501,"sizeSlug":"large"} -->
<figure class="wp-block-image size-large"><img src="https://wp.example.jp/wp-content/uploads/2023/05/office.jpg" alt="事務所の入口" class="wp-image-501"/><figcaption class="wp-element-caption">事務所の入口（筆者撮影）</figcaption></figure>
<!-- /wp:image -->

<!-- wp:buttons {"layout":{"type":"flex","justifyContent":"center"}} -->
<div class="wp-block-buttons is-content-justification-center"><!-- wp:button -->
<div class="wp-block-button"><a class="wp-block-button__link wp-element-button" href="https://wp.example.jp/seminar/2023-07">7月のセミナーに申し込む</a></div>
<!-- /wp:button --></div>
<!-- /wp:buttons -->

<!-- wp:quote -->
<blockquote class="wp-block-quote"><p>記録は残してこそ意味がある。</p><cite>ある担当者</cite></blockquote>
<!-- /wp:quote -->

<!-- wp:separator -->
<hr class="wp-block-separator has-alpha-channel-opacity"/>
<!-- /wp:separator -->

<!-- wp:code -->
<pre class="wp-block-code"><code>if (breach) { report(ppc); }</code></pre>
<!-- /wp:code -->

<!-- wp:embed {"url":"https://www.youtube.com/watch?v=abc123"} -->
<figure class="wp-block-embed is-type-video"><div class="wp-block-embed__wrapper">
https://www.youtube.com/watch?v=abc123
</div></figure>
<!-- /wp:embed -->

<!-- wp:html -->
<iframe src="https://www.youtube.com/embed/abc123" title="動画"></iframe>
<!-- /wp:html -->`;

const CLASSIC = `昔のエディターで書いた記事です。
改行はそのまま改行になります。

[caption id="attachment_7" align="aligncenter" width="300"]<img src="https://wp.example.jp/wp-content/uploads/2019/01/chart.png" alt="グラフ" width="300" height="200" /> 件数の推移[/caption]

<ol>
 <li>手順の一
  <ul>
   <li>補足の一</li>
   <li>補足の二</li>
  </ul>
 </li>
 <li>手順の二</li>
</ol>

<table>
<tr><th>年</th><th>件数</th></tr>
<tr><td>2021</td><td>12</td></tr>
<tr><td>2022</td><td>15</td></tr>
</table>

<p style="text-align: center;"><strong><a href="https://wp.example.jp/webinar/isms">ISMSウェビナーに参加する</a></strong></p>

<!--more-->

<b><a href="https://wp.example.jp/download/soa">適用宣言書のひな形をダウンロード</a></b>

記号を含む文: 5 * 3 = 15、_下線_、[角括弧]、#ハッシュ、&amp; アンパサンド、<code>a &lt; b</code>
- ハイフンで始まる行
1. 数字と点で始まる行
:::コロンで始まる行

https://www.example.jp/source-of-news`;

export interface WordPressFile {
  xml: string;
  /** What the tests look for. */
  manyTermsTitle: string;
  cdataText: string;
}

/** The whole file; `posts` extra ordinary posts (for the benchmark). */
export function wordpressFile(posts = 0): WordPressFile {
  const many = Array.from({ length: 200 }, (_, k) => `分類${k + 1}`);
  const manyTags = Array.from({ length: 200 }, (_, k) => `タグ${k + 1}`);
  const cdataText = 'CDATAの終わりの印 ]]> が本文の中にあります。空の節のあとも続きます。';
  const items = [
    item({ id: 101, title: 'ブロックエディターの記事', name: 'block-editor', content: GUTENBERG, categories: ['お知らせ'], tags: ['Gutenberg'] }),
    item({ id: 102, title: '昔のエディターの記事', name: 'classic-editor', content: CLASSIC, categories: ['お知らせ'] }),
    item({ id: 103, title: '分類とタグがとても多い記事', name: 'many-terms', content: '<p>分類200個、タグ200個。</p>', categories: many, tags: manyTags }),
    item({ id: 104, title: `見えない文字${ZWSP}の記事`, name: `invisible${ZWSP}-${RLO}slug${PDF}`, content: `<p>ログインとスラッグに見えない文字${ZWSP}があります。</p>`, creator: `ad${ZWSP}min${RLO}` }),
    item({ id: 105, title: 'CDATA の記事', name: 'cdata-edge', content: `<p>${cdataText.replace('空の節の', '空の節の\0')}</p>` }),
    item({ id: 106, title: '下書きの記事', name: 'a-draft', content: '<p>まだ書きかけです。</p>', status: 'draft' }),
    item({ id: 107, title: '会社概要', name: 'about', content: '<p>固定ページの本文です。</p>', type: 'page' }),
    item({ id: 108, title: '', name: '', content: '', type: 'attachment', extra: '    <wp:attachment_url>https://wp.example.jp/wp-content/uploads/2023/05/office.jpg</wp:attachment_url>' }),
    item({
      id: 109,
      title: 'コメントのある記事',
      name: 'with-comments',
      content: '<p>ご意見をお寄せください。</p>',
      extra: `    <wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_author>${cdata('読者C')}</wp:comment_author><wp:comment_author_email>c@example.jp</wp:comment_author_email><wp:comment_date>2023-05-20 10:00:00</wp:comment_date><wp:comment_date_gmt>2023-05-20 01:00:00</wp:comment_date_gmt><wp:comment_content>${cdata('参考になりました ]]> 記号も。')}</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_type></wp:comment_type></wp:comment>`,
    }),
    ...Array.from({ length: posts }, (_, k) => item({ id: 1000 + k, title: `練習の記事 ${k}`, name: `practice-${k}`, content: k % 2 ? GUTENBERG : CLASSIC, categories: ['お知らせ'] })),
  ];
  const xml = `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>見本のワードプレス</title>
  <link>https://wp.example.jp</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:author><wp:author_id>1</wp:author_id><wp:author_login>${cdata('editor')}</wp:author_login><wp:author_display_name>${cdata('編集担当')}</wp:author_display_name></wp:author>
  <wp:author><wp:author_id>2</wp:author_id><wp:author_login>${cdata(`ad${ZWSP}min${RLO}`)}</wp:author_login><wp:author_display_name>${cdata(`ad${ZWSP}min${RLO}`)}</wp:author_display_name></wp:author>
  <wp:category><wp:term_id>1</wp:term_id><wp:category_nicename>${cdata('news')}</wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name>${cdata('お知らせ')}</wp:cat_name></wp:category>
${items.join('')}
</channel>
</rss>
`;
  return { xml, manyTermsTitle: '分類とタグがとても多い記事', cdataText };
}
