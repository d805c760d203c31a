import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMarkdown } from '../content/markdown.ts';
import { demoPosts } from '../demo/content.ts';
import {
  blocksToDoc,
  docToCheckedMarkdown,
  docToMarkdown,
  markdownToDoc,
  nodesToInline,
  inlineToNodes,
  type PMMark,
  type PMNode,
} from './convert.ts';
import { schema } from './schema.ts';

/** Markdown → doc, checked against the schema. */
function open(markdown: string): PMNode {
  const opened = markdownToDoc(markdown);
  assert.ok('doc' in opened, `opens visually: ${'problem' in opened ? opened.problem : ''}`);
  schema.nodeFromJSON(opened.doc).check();
  return opened.doc;
}

/** Editor → Markdown → editor gives the same document (compared as ProseMirror nodes). */
function assertLossless(doc: PMNode): string {
  const node = schema.nodeFromJSON(doc);
  node.check();
  const markdown = docToMarkdown(node.toJSON() as PMNode);
  const again = schema.nodeFromJSON(open(markdown));
  assert.ok(node.eq(again), `same document after the trip through:\n${markdown}\n${JSON.stringify(again.toJSON())}`);
  return markdown;
}

const t = (text: string, ...marks: string[]): PMNode =>
  marks.length ? { type: 'text', text, marks: marks.map((type) => ({ type })) } : { type: 'text', text };
const p = (...content: PMNode[]): PMNode => ({ type: 'paragraph', content });

const EVERY_BLOCK = `::image{src="/media/a-960.webp" alt="鍵の写真" caption="南京錠" credit="画像は同社のWebサイトより" width=960 height=540}

事故は**6月5日**に起きました。*速報*は[委員会のサイト](https://www.ppc.go.jp/)へ。
二行目は\`コード\`と~~取り消し~~。

## 経緯

### 細かい経緯

- 一つ目
- **二つ目**

1. 手順A
2. 手順B

> 引用の一段落目
>
> 二段落目

| 項目 | 内容 |
| --- | --- |
| 速報 | 3〜5日 |
| 確報 | **30日** |

::source{url="https://www.ppc.go.jp/news/" title="漏えい等の報告" publisher="個人情報保護委員会"}

::source{url="https://example.jp/a" title="二つ目の出典"}

::cta{label="セミナーに申し込む" url="/events/pmark-seminar" style="primary"}

:::timeline
- 6月5日早朝: サーバーが停止
- 6月8日: 委員会へ報告（**速報**）
:::

:::note
※この記事は以前に公開したものを再掲します。
:::

\`\`\`js
const a = 1;
\`\`\`

---

:::html
<p>古いブログの<strong>HTML</strong></p>
:::

:::commentary
私の意見です。**ここが大事**です。

::image{src="/media/b.webp" alt="図"}

::source{url="https://example.jp/b"}

- 箇条書き

> 引用

| A | B |
| --- | --- |
| 1 | 2 |

::cta{label="資料をダウンロード" url="/events/dl" style="secondary"}

---

\`\`\`
plain
\`\`\`
:::

:::addendum{date="2023-06-17"}
委員会が公表しました。

::source{url="https://www.ppc.go.jp/x" title="公表資料"}
:::
`;

describe('editor document ⇄ Markdown', () => {
  it('opens every block type, at the top and inside a commentary and an addendum, and writes the same blocks back', () => {
    const doc = open(EVERY_BLOCK);
    const types = (doc.content ?? []).map((n) => n.type);
    for (const type of [
      'image',
      'paragraph',
      'heading',
      'list',
      'quote',
      'table',
      'sources',
      'cta',
      'timeline',
      'note',
      'code_block',
      'divider',
      'html',
      'commentary',
      'addendum',
    ]) {
      assert.ok(types.includes(type), `top level has ${type}`);
    }
    const commentary = doc.content!.find((n) => n.type === 'commentary')!;
    assert.deepEqual(
      commentary.content!.map((n) => n.type),
      ['paragraph', 'image', 'sources', 'list', 'quote', 'table', 'cta', 'divider', 'code_block'],
    );
    // Two consecutive sources are one sources block with two rows, as the page shows them.
    const sources = doc.content!.find((n) => n.type === 'sources')!;
    assert.equal((sources.attrs!.items as unknown[]).length, 2);
    // The stored blocks are exactly the same after the trip.
    assert.deepEqual(parseMarkdown(docToMarkdown(doc)), parseMarkdown(EVERY_BLOCK));
    assertLossless(doc);
  });

  it('keeps the Markdown text of an untouched post as it was', () => {
    assert.equal(docToMarkdown(open(EVERY_BLOCK)), EVERY_BLOCK);
  });

  it('turns inline Markdown into marks and back', () => {
    assert.deepEqual(inlineToNodes('これは**重要**で*強調*、[リンク](https://example.jp/a "題")と`code`。\n次の行'), [
      t('これは'),
      t('重要', 'strong'),
      t('で'),
      t('強調', 'em'),
      t('、'),
      { type: 'text', text: 'リンク', marks: [{ type: 'link', attrs: { href: 'https://example.jp/a', title: '題' } }] },
      t('と'),
      t('code', 'code'),
      t('。'),
      { type: 'hard_break' },
      t('次の行'),
    ]);
    assert.equal(
      nodesToInline(inlineToNodes('**太字の*中の斜体***と[**太字のリンク**](/about)')),
      '**太字の*中の斜体***と[**太字のリンク**](/about)',
    );
  });

  it('escapes what the author typed so that it shows as typed: Markdown characters, directives, numbers and signs at a line start', () => {
    const tricky = [
      '2 * 3 = 6 と a_b_c と [括弧] と <https://x> と `記号` と ~~波~~ と \\ と &amp;',
      '# 見出しではない',
      '- 箇条書きではない',
      '1. 番号ではない',
      '> 引用ではない',
      '::image{src="/x"} は画像ではない',
      ':::note',
      '---',
      '===',
    ];
    const doc: PMNode = { type: 'doc', content: [p(...tricky.flatMap((line, i) => (i ? [{ type: 'hard_break' }, t(line)] : [t(line)])))] };
    const markdown = assertLossless(doc);
    assert.equal(parseMarkdown(markdown).length, 1, 'still one paragraph');
  });

  it('keeps full-width spaces, leading spaces and a space before a line break', () => {
    assertLossless({
      type: 'doc',
      content: [
        p(t('　全角の字下げ　と　全角空白')),
        p(t('  半角の字下げ と末尾の空白 ')),
        p(t('行末 '), { type: 'hard_break' }, t(' 次の行')),
      ],
    });
  });

  it('keeps links with parentheses and spaces, code with backticks, and marks that meet', () => {
    assertLossless({
      type: 'doc',
      content: [
        p(
          {
            type: 'text',
            text: 'ウィキペディア',
            marks: [{ type: 'link', attrs: { href: 'https://ja.wikipedia.org/wiki/Foo_(bar)', title: null } }],
          },
          t('と'),
          t('a `b` c', 'code'),
          t('と'),
          t('太字', 'strong'),
          t('太字斜体', 'strong', 'em'),
          t('と'),
          t('斜体', 'em'),
        ),
        { type: 'heading', attrs: { level: 3 }, content: [t('C# と F#')] },
      ],
    });
  });

  // Every pair and triple of adjacent spans, each with its own marks (bold, italic, a link,
  // two different links, code), Japanese on both sides or at the paragraph's edges, and span
  // texts that start or end with CJK punctuation, a full-width space or a half-width word:
  // the cases where CommonMark's flanking rules decide whether `*` opens or closes.
  describe('round-trips every combination of adjacent and nested marks', () => {
    const link = (href: string) => ({ type: 'link', attrs: { href, title: null } });
    const markSets: PMMark[][] = [[], [{ type: 'code' }]];
    for (const l of [null, link('https://example.jp/a'), link('/events/b')])
      for (const strong of [false, true])
        for (const em of [false, true]) {
          const marks: PMMark[] = [];
          if (l) marks.push(l);
          if (strong) marks.push({ type: 'strong' });
          if (em) marks.push({ type: 'em' });
          if (marks.length) markSets.push(marks);
        }
    const texts = ['重要', '「重要」', '　字下げ', '（注）。', 'ABC', 'です、', '*星*'];
    const contexts: Array<[string, string]> = [
      ['', ''],
      ['これは', 'です。'],
      ['「', '」'],
    ];
    const span = (text: string, marks: PMMark[]): PMNode => (marks.length ? { type: 'text', text, marks } : { type: 'text', text });
    const paragraphOf = (spans: PMNode[], [before, after]: [string, string]): PMNode =>
      p(...(before ? [t(before)] : []), ...spans, ...(after ? [t(after)] : []));

    /** Round-trips `doc` and says, for the report, what failed (undefined: lossless). */
    function failure(doc: PMNode): string | undefined {
      const node = schema.nodeFromJSON(doc);
      const { markdown, lost } = docToCheckedMarkdown(node.toJSON() as PMNode);
      const opened = markdownToDoc(markdown);
      if (lost.length || !('doc' in opened) || !node.eq(schema.nodeFromJSON(opened.doc))) return `${JSON.stringify(doc)}\n→ ${markdown}`;
      return undefined;
    }

    it('pairs: every text on each side, in every context', () => {
      const failures: string[] = [];
      let cases = 0;
      for (const a of markSets)
        for (const b of markSets)
          for (const ta of texts)
            for (const tb of texts)
              for (const c of contexts) {
                cases++;
                const f = failure({ type: 'doc', content: [paragraphOf([span(ta, a), span(tb, b)], c)] });
                if (f) failures.push(f);
              }
      assert.deepEqual(failures.slice(0, 5), [], `${failures.length} of ${cases} lose something`);
    });

    it('triples: every mark set in each place, texts rotating', () => {
      const failures: string[] = [];
      let cases = 0;
      markSets.forEach((a, i) =>
        markSets.forEach((b, j) =>
          markSets.forEach((c, k) =>
            contexts.forEach((ctx, m) => {
              cases++;
              const pick = (x: number) => texts[x % texts.length]!;
              const spans = [span(pick(i + m), a), span(pick(j + 2 * m + 1), b), span(pick(k + 3 * m + 2), c)];
              const f = failure({ type: 'doc', content: [paragraphOf(spans, ctx)] });
              if (f) failures.push(f);
            }),
          ),
        ),
      );
      assert.deepEqual(failures.slice(0, 5), [], `${failures.length} of ${cases} lose something`);
    });

    it('bold touching bold-italic touching italic (**a*b*** then *c*) survives, with Japanese around', () => {
      for (const c of contexts) {
        const doc = { type: 'doc', content: [paragraphOf([t('あ', 'strong'), t('い', 'strong', 'em'), t('う', 'em')], c)] };
        assert.equal(failure(doc), undefined);
      }
      assert.equal(nodesToInline([t('a', 'strong'), t('b', 'strong', 'em'), t('c', 'em')]), '**a*b***&#8288;*c*');
      assert.equal(nodesToInline([t('これは'), t('「重要」', 'strong'), t('です')]), 'これは&#8288;**「重要」**&#8288;です');
      // Only the joiners beside a run are the editor's: one in the text itself stays.
      assert.deepEqual(open('語\u2060中**太**\n').content, [p(t('語\u2060中'), t('太', 'strong'))]);
    });
  });

  it('says which passage loses its formatting when the Markdown cannot hold it, and writes it as plain text, not stray asterisks', () => {
    // A code span of spaces only at a paragraph's end does not survive Markdown.
    const doc = { type: 'doc', content: [p(t('強調', 'em'), t('    ', 'code'), t('~~'))] };
    const { markdown, lost } = docToCheckedMarkdown(doc);
    assert.deepEqual(lost, ['強調    ~~']);
    assert.ok(!markdown.includes('*'), markdown);
    assert.equal(parseMarkdown(markdown)[0]?.type, 'paragraph');
    assert.deepEqual(docToCheckedMarkdown(open('**太字**と*斜体*\n')).lost, []);
  });

  it('keeps table cells with pipes and marks, headings of every level, and lists with line breaks', () => {
    const cell = (type: string, ...content: PMNode[]): PMNode => (content.length ? { type, content } : { type });
    assertLossless({
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [t('二')] },
        { type: 'heading', attrs: { level: 3 }, content: [t('三')] },
        { type: 'heading', attrs: { level: 4 }, content: [t('四')] },
        {
          type: 'table',
          content: [
            { type: 'table_row', content: [cell('table_header', t('A|B')), cell('table_header', t('太', 'strong'))] },
            { type: 'table_row', content: [cell('table_cell'), cell('table_cell', t('x\\|y'))] },
          ],
        },
        {
          type: 'list',
          attrs: { ordered: true },
          content: [
            { type: 'list_item', content: [p(t('一行目'), { type: 'hard_break' }, t('二行目'))] },
            { type: 'list_item', content: [p(t('- 二つ目'))] },
          ],
        },
      ],
    });
  });

  it('keeps the typed blocks’ fields, quotes in attributes included', () => {
    assertLossless({
      type: 'doc',
      content: [
        {
          type: 'image',
          attrs: {
            src: '/media/x.webp',
            alt: '「引用符"と\\」の説明',
            caption: 'キャプション',
            credit: '画像は同社より',
            width: 800,
            height: 600,
          },
        },
        {
          type: 'sources',
          attrs: {
            items: [
              { url: 'https://a.example/', title: 'A "題"', publisher: '' },
              { url: '/about', title: '', publisher: '発行元' },
            ],
          },
        },
        { type: 'cta', attrs: { label: 'ウェビナー', url: '/events/w', style: 'secondary' } },
        { type: 'timeline', attrs: { entries: [{ when: '6月5日', text: '**停止**' }] } },
        { type: 'addendum', attrs: { date: '2024-01-31' }, content: [p(t('追記です'))] },
      ],
    });
  });

  it('leaves out empty paragraphs and forms nobody filled in', () => {
    const markdown = docToMarkdown({
      type: 'doc',
      content: [
        p(),
        { type: 'image', attrs: { src: '', alt: '' } },
        p(t('本文')),
        { type: 'sources', attrs: { items: [{ url: '' }] } },
        { type: 'commentary', content: [p()] },
      ],
    });
    assert.equal(markdown, '本文\n');
  });

  it('opens an empty post as one empty paragraph', () => {
    assert.deepEqual(open(''), { type: 'doc', content: [{ type: 'paragraph' }] });
    assert.deepEqual(blocksToDoc([]), { type: 'doc', content: [{ type: 'paragraph' }] });
  });

  it('sends a post it cannot show to the ソース view, saying why', () => {
    for (const markdown of ['- 親\n  - 子', '文中の![画像](/a.png)', '> - 引用の中のリスト', ':::commentary\n閉じていない']) {
      const opened = markdownToDoc(markdown);
      assert.ok('problem' in opened, markdown);
      assert.match(opened.problem, /[ぁ-んァ-ン一-龠]/, 'says why in Japanese');
    }
  });

  it('opens tool and chart blocks (#18) as forms and writes them back unchanged', () => {
    const markdown = `::tool{name="soa"}

:::chart{kind="line" title="付与事業者数" unit="社" caption="架空の数値"}
| 年度 | 事業者数 | 更新 |
| --- | --- | --- |
| 2022 | 16500 | 3.5 |
| 2023 | 17000 | -1 |
:::

:::commentary
::tool{name="breach"}
:::
`;
    const doc = open(markdown);
    assert.deepEqual(
      doc.content!.map((n) => n.type),
      ['tool', 'chart', 'commentary'],
    );
    assert.equal(docToMarkdown(doc), markdown);
    assertLossless(doc);
  });

  it('opens every demo post visually', () => {
    for (const post of demoPosts) {
      const doc = open(post.markdown);
      assert.deepEqual(parseMarkdown(docToMarkdown(doc)), parseMarkdown(post.markdown), post.title);
    }
  });
});
