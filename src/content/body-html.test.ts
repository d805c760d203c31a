import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateBlocks, type Block } from './blocks.ts';
import { htmlToText, renderBlocksToHtml } from './body-html.tsx';

const html = (blocks: Block[]) => renderBlocksToHtml(validateBlocks(blocks));

describe('rendering blocks', () => {
  it('renders a paragraph with inline Markdown and line breaks', () => {
    assert.equal(html([{ type: 'paragraph', text: '**重要**な\nお知らせ' }]), '<p><strong>重要</strong>な<br>\nお知らせ</p>');
  });

  it('renders headings one level below the page title', () => {
    assert.equal(html([{ type: 'heading', level: 2, text: '概要' }]), '<h3 class="block-heading"><span>概要</span></h3>');
  });

  it('renders ordered and unordered lists', () => {
    assert.equal(html([{ type: 'list', ordered: true, items: ['一', '二'] }]), '<ol class="block-list"><li>一</li><li>二</li></ol>');
    assert.match(html([{ type: 'list', ordered: false, items: ['a'] }]), /^<ul class="block-list"><li>a<\/li><\/ul>$/);
  });

  it('renders an image with its caption and credit line, lazy-loaded with its size', () => {
    const out = html([
      { type: 'image', src: '/m/a.jpg', alt: '画面', caption: '発表', credit: '画像は同社のWebサイトより', width: 800, height: 450 },
    ]);
    assert.match(out, /<img src="\/m\/a.jpg" alt="画面" width="800" height="450" loading="lazy" decoding="async"\/>/);
    assert.match(out, /<span class="caption">発表<\/span><span class="credit">（画像は同社のWebサイトより）<\/span>/);
  });

  it('gathers consecutive sources into one 出典 list', () => {
    const out = html([
      { type: 'source', url: 'https://a.example/', title: 'A', publisher: '委員会' },
      { type: 'source', url: 'https://b.example/' },
      { type: 'paragraph', text: '本文' },
      { type: 'source', url: 'https://c.example/' },
    ]);
    assert.equal(out.match(/class="block-sources"/g)?.length, 2);
    assert.match(
      out,
      /<li><a href="https:\/\/a.example\/" rel="noopener">A<\/a><span class="publisher">（委員会）<\/span><\/li><li><a href="https:\/\/b.example\/" rel="noopener">https:\/\/b.example\/<\/a><\/li>/,
    );
  });

  it('keeps the 出典 list out of the landmarks (an unnamed aside), so many on one page are no duplicate landmarks', () => {
    assert.match(
      html([{ type: 'source', url: 'https://a.example/' }]),
      /^<aside class="block-sources"><p class="block-sources-label">出典<\/p>/,
    );
  });

  it("names a table's scrolling region by its column heads, so two tables on a page are two regions", () => {
    assert.match(
      html([{ type: 'table', header: ['**報告**', '期限'], rows: [['速報', '3〜5日']] }]),
      /^<div class="block-table" role="region" aria-label="表：報告、期限" tabindex="0">/,
    );
  });

  it('labels the commentary 私のコメント', () => {
    assert.match(
      html([{ type: 'commentary', blocks: [{ type: 'paragraph', text: '意見' }] }]),
      /<section class="block-commentary"><h3 class="block-commentary-label">私のコメント<\/h3><p>意見<\/p><\/section>/,
    );
  });

  it('shows addenda after the body in date order, each with its date', () => {
    const out = html([
      { type: 'addendum', date: '2023-06-20', blocks: [{ type: 'paragraph', text: '二つ目' }] },
      { type: 'paragraph', text: '本文' },
      { type: 'addendum', date: '2023-06-17', blocks: [{ type: 'paragraph', text: '一つ目' }] },
    ]);
    const order = ['本文', '2023年6月17日', '一つ目', '2023年6月20日', '二つ目'].map((s) => out.indexOf(s));
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
    );
    assert.match(out, /（<time datetime="2023-06-17">2023年6月17日<\/time>追記）/);
  });

  it('labels an undated addendum （追記） with no date, after the dated one it follows', () => {
    const out = html([
      { type: 'addendum', date: '2023-06-17', blocks: [{ type: 'paragraph', text: '一つ目' }] },
      { type: 'addendum', blocks: [{ type: 'paragraph', text: '日付なし' }] },
      { type: 'paragraph', text: '本文' },
    ]);
    assert.match(out, /<h3 class="block-addendum-label">（追記）<\/h3><p>日付なし<\/p>/);
    assert.ok(out.indexOf('一つ目') < out.indexOf('日付なし'));
    assert.doesNotMatch(out.slice(out.indexOf('日付なし') - 80), /<time/);
  });

  it('renders a call to action as a link styled as a button', () => {
    assert.equal(
      html([{ type: 'cta', label: '資料を見る', url: 'https://example.jp/a', style: 'primary' }]),
      '<p class="block-cta"><a class="cta cta-primary" href="https://example.jp/a">資料を見る</a></p>',
    );
  });

  it("marks a call to action for one of the site's events, for the page to fill in its state", () => {
    assert.equal(
      html([{ type: 'cta', label: '申し込む', url: '/events/a', style: 'primary' }]),
      '<p class="block-cta"><a class="cta cta-primary" href="/events/a">申し込む</a><span class="cta-state" data-event="a"></span></p>',
    );
  });

  it('renders a timeline, a note, a table, code and a divider', () => {
    assert.match(
      html([{ type: 'timeline', entries: [{ when: '6月5日', text: '停止' }] }]),
      /<li><span class="when">6月5日<\/span><span class="what"><span>停止<\/span><\/span><\/li>/,
    );
    assert.match(html([{ type: 'note', text: '※再掲' }]), /<div class="block-note" role="note"><div><p>※再掲<\/p>/);
    assert.match(
      html([{ type: 'table', header: ['a'], rows: [['1']] }]),
      /<th scope="col"><span>a<\/span><\/th>.*<td><span>1<\/span><\/td>/,
    );
    assert.equal(
      html([{ type: 'code', language: 'sh', code: 'echo <b>' }]),
      '<pre class="block-code"><code class="language-sh">echo &lt;b></code></pre>',
    );
    assert.equal(html([{ type: 'divider' }]), '<hr/>');
  });

  it('keeps raw HTML blocks only after sanitising them', () => {
    const out = html([
      {
        type: 'html',
        html: '<p style="x" onclick="a()">ok<script>bad()</script><a href="javascript:alert(1)">l</a><iframe src="https://evil.example/"></iframe><iframe src="https://www.youtube.com/embed/x"></iframe></p>',
      },
    ]);
    assert.equal(out, '<div class="block-html"><p>ok<a>l</a><iframe src="https://www.youtube.com/embed/x"></iframe></p></div>');
  });

  it('escapes raw HTML typed into Markdown and neutralises javascript: links', () => {
    const out = html([{ type: 'paragraph', text: '<img src=x onerror=alert(1)> [x](javascript:alert(1))' }]);
    assert.ok(!out.includes('<img'), out);
    assert.ok(!out.includes('href="javascript:'), out);
  });
});

describe('htmlToText', () => {
  it('drops tags and decodes entities', () => {
    assert.equal(htmlToText('<p>A &amp; B &lt;x&gt; &#12354;</p><p>次</p>'), 'A & B <x> あ\n次');
  });
});
