import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitHeadings } from './body-headings.ts';

const levels = (html: string) => [...html.matchAll(/<h(\d)[\s>]/g)].map((m) => Number(m[1]));

describe("fitting a body's headings under a title's h2", () => {
  const body =
    '<h3 class="block-heading">期限</h3><p>本文</p><h4 class="block-heading">速報</h4>' +
    '<section class="block-commentary"><h3 class="block-commentary-label">私のコメント</h3></section>';

  it('keeps levels that already follow on from an h2, attributes and text kept', () => {
    assert.equal(fitHeadings(body), body);
  });

  it('closes a skipped level (### first, an h6 after an h3) and lifts an h1 or h2 from imported HTML below the title', () => {
    assert.deepEqual(levels(fitHeadings('<h4>まず</h4><h6>細目</h6><h3>次</h3>')), [3, 4, 3]);
    assert.deepEqual(levels(fitHeadings('<div class="block-html"><h1>旧見出し</h1><h2>小見出し</h2></div>')), [3, 3]);
    assert.match(fitHeadings('<h5 id="a">小</h5>'), /^<h3 id="a">小<\/h3>$/);
  });

  it('leaves text that only looks like a heading alone', () => {
    const code = '<pre class="block-code"><code>&lt;h4&gt;見出し&lt;/h4&gt;</code></pre>';
    assert.equal(fitHeadings(code), code);
  });
});
