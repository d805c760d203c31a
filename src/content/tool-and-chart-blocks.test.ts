import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateBlocks } from './blocks.ts';
import { MarkdownSyntaxError, parseChartNumber, parseMarkdown, toMarkdown } from './markdown.ts';

const chartSource = [
  ':::chart{kind="line" title="プライバシーマーク付与事業者数" unit="社" caption="各年度末の数（例示の値）"}',
  '| 年度 | 事業者数 | 新規 |',
  '| --- | --- | --- |',
  '| 2021 | 16,800 | 700 |',
  '| 2022 | １７，１００ | 650 |',
  '| 2023 | 17300.5 | -20 |',
  ':::',
].join('\n');

describe('::tool and :::chart directives', () => {
  it('reads ::tool{name="breach"} and ::tool{name="soa"} as tool blocks', () => {
    assert.deepEqual(parseMarkdown('前置き\n\n::tool{name="breach"}\n::tool{name="soa"}'), [
      { type: 'paragraph', text: '前置き' },
      { type: 'tool', name: 'breach' },
      { type: 'tool', name: 'soa' },
    ]);
  });

  it('refuses an unknown tool name in Japanese', () => {
    assert.throws(() => parseMarkdown('::tool{name="payroll"}'), /ツールの名前は breach か soa です/);
  });

  it('reads a chart table: labels from the first column, one series per further column, numbers with commas and full-width digits', () => {
    const [chart] = parseMarkdown(chartSource);
    assert.deepEqual(chart, {
      type: 'chart',
      kind: 'line',
      title: 'プライバシーマーク付与事業者数',
      unit: '社',
      caption: '各年度末の数（例示の値）',
      labelHeading: '年度',
      labels: ['2021', '2022', '2023'],
      series: [
        { name: '事業者数', values: [16800, 17100, 17300.5] },
        { name: '新規', values: [700, 650, -20] },
      ],
    });
  });

  it('draws a bar chart when no kind is given', () => {
    const [chart] = parseMarkdown(':::chart{title="件数"}\n| 年 | 件 |\n|---|---|\n| 2024 | 3 |\n:::');
    assert.equal(chart?.type === 'chart' && chart.kind, 'bar');
  });

  it('names the line and the cell when a chart value is not a number', () => {
    assert.throws(
      () => parseMarkdown('本文\n\n:::chart{title="件数"}\n| 年 | 件 |\n|---|---|\n| 2024 | 多数 |\n:::'),
      (e: unknown) => e instanceof MarkdownSyntaxError && /3行目: グラフの「2024」の「件」が数値ではありません: 多数/.test(e.message),
    );
  });

  it('asks for a table inside a chart, and for a kind of bar or line', () => {
    assert.throws(() => parseMarkdown(':::chart{title="件数"}\nただの文章\n:::'), /グラフの中には表/);
    assert.throws(
      () => parseMarkdown(':::chart{kind="pie" title="件数"}\n| 年 | 件 |\n|---|---|\n| 2024 | 3 |\n:::'),
      /グラフの種類は bar か line です/,
    );
  });

  it('refuses a chart whose series and labels differ in length (blocks sent as JSON)', () => {
    assert.throws(
      () =>
        validateBlocks([
          { type: 'chart', kind: 'bar', title: 't', labelHeading: '年', labels: ['a', 'b'], series: [{ name: 's', values: [1] }] },
        ]),
      /値の数が行の数と合っていません/,
    );
  });

  it('round-trips tool and chart blocks through Markdown, inside a commentary too', () => {
    const blocks = parseMarkdown(`::tool{name="soa"}\n\n${chartSource}\n\n:::commentary\n::tool{name="breach"}\n:::`);
    assert.deepEqual(parseMarkdown(toMarkdown(blocks)), blocks);
  });

  it('reads numbers as authors write them and nothing else', () => {
    assert.equal(parseChartNumber(' 1,234 '), 1234);
    assert.equal(parseChartNumber('－５．５'), -5.5);
    assert.equal(parseChartNumber('12%'), undefined);
    assert.equal(parseChartNumber(''), undefined);
  });
});
