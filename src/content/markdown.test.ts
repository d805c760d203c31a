import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blockTypes, type Block } from './blocks.ts';
import { MarkdownSyntaxError, parseAttributes, parseMarkdown, timelineEntry, toMarkdown } from './markdown.ts';
import { demoPosts } from '../demo/content.ts';

describe('parseMarkdown', () => {
  it('splits plain Markdown into paragraph, heading, list, quote, table, code and divider blocks', () => {
    const blocks = parseMarkdown(
      [
        '最初の段落です。\n二行目。',
        '## 見出し',
        '- 一つ目\n- 二つ目',
        '1. 手順A\n2. 手順B',
        '> 引用文',
        '| 項目 | 値 |\n| --- | --- |\n| A | 1 |',
        '```js\nconst a = 1;\n```',
        '---',
      ].join('\n\n'),
    );
    assert.deepEqual(blocks, [
      { type: 'paragraph', text: '最初の段落です。\n二行目。' },
      { type: 'heading', level: 2, text: '見出し' },
      { type: 'list', ordered: false, items: ['一つ目', '二つ目'] },
      { type: 'list', ordered: true, items: ['手順A', '手順B'] },
      { type: 'quote', text: '引用文' },
      { type: 'table', header: ['項目', '値'], rows: [['A', '1']] },
      { type: 'code', language: 'js', code: 'const a = 1;' },
      { type: 'divider' },
    ]);
  });

  it('reads image, source and call-to-action directives with their attributes', () => {
    const blocks = parseMarkdown(
      [
        '::image{src="/media/a.jpg" alt="会社の画面" caption="発表の画面" credit="画像は同社のWebサイトより" width=800 height=450}',
        '::source{url="https://www.ppc.go.jp/news/" title="お知らせ" publisher="個人情報保護委員会"}',
        '::cta{label="セミナーに申し込む" url="/events/x" style="secondary"}',
      ].join('\n'),
    );
    assert.deepEqual(blocks, [
      {
        type: 'image',
        src: '/media/a.jpg',
        alt: '会社の画面',
        caption: '発表の画面',
        credit: '画像は同社のWebサイトより',
        width: 800,
        height: 450,
      },
      { type: 'source', url: 'https://www.ppc.go.jp/news/', title: 'お知らせ', publisher: '個人情報保護委員会' },
      { type: 'cta', label: 'セミナーに申し込む', url: '/events/x', style: 'secondary' },
    ]);
  });

  it('reads commentary, dated addendum, timeline, note and html containers', () => {
    const blocks = parseMarkdown(
      [
        ':::commentary',
        'コメント本文',
        '::source{url="https://example.com/a"}',
        ':::',
        ':::addendum{date="2023-06-17"}',
        '追記の本文',
        ':::',
        ':::timeline',
        '- 6月5日早朝: サーバーダウン',
        '- 6月8日：委員会へ報告（速報）',
        ':::',
        ':::note',
        '※再掲です。',
        ':::',
        ':::html',
        '<p onclick="x()">古い<script>alert(1)</script>記事</p>',
        ':::',
      ].join('\n'),
    );
    assert.deepEqual(blocks, [
      {
        type: 'commentary',
        blocks: [
          { type: 'paragraph', text: 'コメント本文' },
          { type: 'source', url: 'https://example.com/a' },
        ],
      },
      { type: 'addendum', date: '2023-06-17', blocks: [{ type: 'paragraph', text: '追記の本文' }] },
      {
        type: 'timeline',
        entries: [
          { when: '6月5日早朝', text: 'サーバーダウン' },
          { when: '6月8日', text: '委員会へ報告（速報）' },
        ],
      },
      { type: 'note', text: '※再掲です。' },
      { type: 'html', html: '<p>古い記事</p>' },
    ]);
  });

  it('leaves directive-looking lines inside a code fence alone', () => {
    const blocks = parseMarkdown('```\n::image{src="/x"}\n:::note\n```');
    assert.deepEqual(blocks, [{ type: 'code', language: '', code: '::image{src="/x"}\n:::note' }]);
  });

  it('names the line of an unclosed container, an unknown directive and an impossible date, in Japanese', () => {
    assert.throws(
      () => parseMarkdown('本文\n\n:::commentary\nコメント'),
      (e: Error) => e instanceof MarkdownSyntaxError && /3行目/.test(e.message),
    );
    assert.throws(() => parseMarkdown('::video{src="/a"}'), /1行目.*video/);
    assert.throws(() => parseMarkdown(':::addendum{date="2023-02-30"}\nx\n:::'), /ありえない日付/);
    assert.throws(() => parseMarkdown(':::timeline\nいつでもない行\n:::'), /2行目/);
  });

  it('refuses javascript: and data: URLs in directives', () => {
    assert.throws(() => parseMarkdown('::cta{label="x" url="javascript:alert(1)"}'), /URL/);
    assert.throws(() => parseMarkdown('::image{src="data:text/html,x" alt="x"}'), /URL/);
    assert.throws(() => parseMarkdown('::source{url="//evil.example/"}'), /URL/);
  });
});

describe('parseAttributes', () => {
  it('reads quoted values with escaped quotes and bare values', () => {
    assert.deepEqual(parseAttributes('a="say \\"hi\\"" b=12 c="x\\\\y"', 1), { a: 'say "hi"', b: '12', c: 'x\\y' });
  });
});

describe('toMarkdown', () => {
  it('round-trips every demo post (blocks → Markdown → the same blocks)', () => {
    const seen = new Set<string>();
    for (const post of demoPosts) {
      const blocks = parseMarkdown(post.markdown);
      const again = parseMarkdown(toMarkdown(blocks));
      assert.deepEqual(again, blocks, post.slug);
      const walk = (list: Block[]) =>
        list.forEach((b) => {
          seen.add(b.type);
          if (b.type === 'commentary' || b.type === 'addendum') walk(b.blocks);
        });
      walk(blocks);
    }
    // The demo is meant to show every block type.
    assert.deepEqual([...seen].sort(), [...blockTypes].sort());
  });

  it('round-trips attribute values with quotes, backslashes and table cells with pipes', () => {
    const blocks: Block[] = [
      { type: 'image', src: '/a.png', alt: 'He said "no" \\ ok', credit: '画面は「X」より' },
      { type: 'table', header: ['a|b', 'c'], rows: [['1', '2|3']] },
      { type: 'timeline', entries: [{ when: '10:30', text: '再開: 一部' }] },
    ];
    assert.deepEqual(parseMarkdown(toMarkdown(blocks)), blocks);
  });

  it('reads back a commentary holding raw HTML, a note and a timeline, and HTML whose lines look like directives or fences', () => {
    const blocks: Block[] = [
      {
        type: 'commentary',
        blocks: [
          { type: 'paragraph', text: '意見です。' },
          { type: 'html', html: '<p>一行目<br />\n:::<br />\n```<br />\n~~~</p>' },
          { type: 'note', text: '※再掲です。' },
          { type: 'timeline', entries: [{ when: '6月5日', text: '停止' }] },
        ],
      },
    ];
    const back = parseMarkdown(toMarkdown(blocks));
    assert.deepEqual(back, blocks);
  });

  it('keeps an undated addendum undated, and refuses a commentary inside a commentary with the line', () => {
    const blocks: Block[] = [{ type: 'addendum', blocks: [{ type: 'paragraph', text: '日付のない追記' }] }];
    assert.equal(toMarkdown(blocks), ':::addendum\n日付のない追記\n:::\n');
    assert.deepEqual(parseMarkdown(toMarkdown(blocks)), blocks);
    assert.throws(
      () => parseMarkdown(':::commentary\nあ\n:::addendum\nい\n:::\n:::'),
      /3行目: 「:::commentary」のブロックの中に「:::addendum」ブロックは置けません/,
    );
  });
});

describe('parsing time on hostile input', () => {
  const LENGTH = 2_000_000;
  /** The fastest of three runs, in ms: the least disturbed by whatever else the machine does. */
  const time = (f: () => unknown) => {
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      try {
        f();
      } catch {
        // Refused with a message (bad line, or too long for a block): only the time matters here.
      }
      runs.push(performance.now() - start);
    }
    return Math.min(...runs);
  };

  it('reads a 2-million-character timeline line in time linear in its length, whatever its shape', () => {
    // The baseline is an ordinary timeline of the same length, measured in the same run, so a
    // busy machine slows both; the old expression took hours on the first shape below.
    const entry = `- 6月5日: ${'あ'.repeat(19_980)}\n`;
    const baseline = time(() => parseMarkdown(`:::timeline\n${entry.repeat(LENGTH / entry.length)}:::`));
    // Generous: a busy CI machine slows one run more than another, and what this guards
    // against — backtracking — takes minutes to hours on these lines, not a few times longer.
    const limit = Math.max(500, 10 * baseline);
    const shapes: Record<string, string> = {
      'dash and spaces': `-${' '.repeat(LENGTH)}x`,
      'spaces and tabs before a colon at the end': `-${' \t'.repeat(LENGTH / 2)}：`,
      'colons without a space': `- a${':'.repeat(LENGTH)}`,
      'words and spaces, no separator': `- ${'a '.repeat(LENGTH / 2)}a`,
      'full-width colons only': `- ${'：'.repeat(LENGTH)}`,
      'line separators': `- ${'a\u2028'.repeat(LENGTH / 2)}: x`,
    };
    for (const [name, line] of Object.entries(shapes)) {
      const ms = time(() => parseMarkdown(`:::timeline\n${line}\n:::`));
      assert.ok(ms < limit, `${name}: ${ms.toFixed(0)} ms, limit ${limit.toFixed(0)} ms (baseline ${baseline.toFixed(0)} ms)`);
    }
  });

  it('reads 2-million-character attribute lists in linear time', () => {
    const baseline = time(() => parseAttributes(`a="${'あ'.repeat(LENGTH)}"`, 1));
    // Generous: a busy CI machine slows one run more than another, and what this guards
    // against — backtracking — takes minutes to hours on these lines, not a few times longer.
    const limit = Math.max(500, 10 * baseline);
    for (const src of [`a="${'\\'.repeat(LENGTH)}`, `a${' '.repeat(LENGTH)}=`, `a=${'b'.repeat(LENGTH)} "`]) {
      const ms = time(() => parseAttributes(src, 1));
      assert.ok(ms < limit, `${ms.toFixed(0)} ms, limit ${limit.toFixed(0)} ms`);
    }
  });

  it('splits timeline lines exactly as before', () => {
    assert.deepEqual(timelineEntry('- 6月5日早朝: サーバーダウン'), { when: '6月5日早朝', text: 'サーバーダウン' });
    assert.deepEqual(timelineEntry('* 10:30：再開: 一部'), { when: '10:30', text: '再開: 一部' });
    assert.deepEqual(timelineEntry('-   ：：'), { when: '', text: '：' });
    assert.equal(timelineEntry('- a：'), undefined);
    assert.equal(timelineEntry('-a: b'), undefined);
    assert.equal(timelineEntry('- a\u2028b: c'), undefined);
    // Against the expression it replaces, on every short line over a small alphabet.
    const old = (line: string) => {
      const m = /^[-*]\s+(.+?)(?::\s|：)\s*(.+)$/.exec(line);
      return m ? { when: m[1]!.trim(), text: m[2]!.trim() } : undefined;
    };
    const alphabet = ['-', ' ', '\r', ':', '：', 'a', '\u2028'];
    const lines = [''];
    for (let length = 0; length < 6; length++) {
      for (const line of lines.splice(0)) for (const c of alphabet) lines.push(line + c);
      for (const line of lines) if (line.trim()) assert.deepEqual(timelineEntry(line.trim()), old(line.trim()), JSON.stringify(line));
    }
  });
});
