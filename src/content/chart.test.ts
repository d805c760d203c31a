import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateBlocks, type Block } from './blocks.ts';
import { renderBlocksToHtml } from './body-html.tsx';
import { niceScale } from './chart.tsx';

const html = (blocks: unknown[]) => renderBlocksToHtml(validateBlocks(blocks as Block[]));

const bar = {
  type: 'chart',
  kind: 'bar',
  title: '付与事業者数',
  unit: '社',
  labelHeading: '年度',
  labels: ['2022', '2023'],
  series: [{ name: '事業者数', values: [17000, 17500] }],
};

describe('rendering charts and tool cards', () => {
  it('draws a bar chart as SVG with one rect per value and a labelled image role, no script', () => {
    const out = html([bar]);
    assert.match(out, /<figure class="block-chart block-chart-bar">/);
    assert.match(
      out,
      /<svg class="block-chart-svg" viewBox="0 0 640 320" role="img" aria-label="棒グラフ: 付与事業者数（単位: 社）。数値は下の表にあります。"/,
    );
    assert.equal(out.match(/<rect /g)?.length, 2);
    assert.match(out, /<title>2023 事業者数: 17,500社<\/title>/);
    assert.doesNotMatch(out, /<script|style=/);
  });

  it('keeps the numbers behind the chart as a table with row and column headers', () => {
    const out = html([bar]);
    assert.match(out, /<details class="block-chart-data"><summary>数値を表で見る<\/summary>/);
    assert.match(out, /<th scope="col">年度<\/th><th scope="col">事業者数（社）<\/th>/);
    assert.match(out, /<tr><th scope="row">2022<\/th><td class="num">17,000<\/td><\/tr>/);
  });

  it('draws a line chart as one polyline per series with a legend when there are several', () => {
    const out = html([
      {
        ...bar,
        kind: 'line',
        series: [
          { name: 'A', values: [1, 2] },
          { name: 'B', values: [3, 4] },
        ],
      },
    ]);
    assert.equal(out.match(/<polyline /g)?.length, 2);
    assert.equal(out.match(/<circle /g)?.length, 4);
    assert.match(out, /<ul class="block-chart-legend" aria-hidden="true">/);
  });

  it('escapes what the author typed in titles and labels', () => {
    const out = html([{ ...bar, title: '<b>x</b>', labels: ['<i>', '2023'] }]);
    assert.doesNotMatch(out, /<b>x<\/b>|<i>/);
    assert.match(out, /&lt;b>x&lt;\/b>|&lt;b&gt;x&lt;\/b&gt;/);
  });

  it('chooses round axis steps that cover the data and zero', () => {
    assert.deepEqual(niceScale(16800, 17500), { min: 0, max: 20000, step: 5000 });
    assert.deepEqual(niceScale(-20, 700), { min: -200, max: 800, step: 200 });
    assert.deepEqual(niceScale(0, 0), { min: 0, max: 1, step: 0.2 });
  });

  it('renders ::tool cards that link to the tool pages, as unnamed asides (no landmark of one name per card on a page)', () => {
    const out = html([
      { type: 'tool', name: 'breach' },
      { type: 'tool', name: 'soa' },
    ]);
    assert.equal(out.match(/<aside class="block-tool">/g)?.length, 2);
    assert.match(out, /href="\/tools\/breach"/);
    assert.match(out, /href="\/tools\/soa"/);
  });
});
