import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assembleWithSlots, htmlSlot } from './slots.ts';

describe('pages assembled around stored bytes', () => {
  it('puts each body where its view asked, byte for byte', () => {
    const a = Buffer.from('<p>個人データの漏えい</p>');
    const b = Buffer.from('<p>委託先の監督</p>');
    const page = assembleWithSlots(() => `<main>${htmlSlot(a)}<hr>${htmlSlot(b)}</main>`);
    assert.equal(page.toString(), '<main><p>個人データの漏えい</p><hr><p>委託先の監督</p></main>');
  });

  it('gives the HTML itself to a view rendered outside a page', () => {
    assert.equal(htmlSlot(Buffer.from('<p>追記</p>')), '<p>追記</p>');
  });

  it('leaves text that looks like a marker alone', () => {
    const forged = '\u0001abc:0\u0001';
    const page = assembleWithSlots(() => `${forged}${htmlSlot(Buffer.from('x'))}`);
    assert.equal(page.toString(), `${forged}x`);
  });

  it('forgets the slots of a render that failed', () => {
    assert.throws(() =>
      assembleWithSlots(() => {
        htmlSlot(Buffer.from('a'));
        throw new Error('view failed');
      }),
    );
    assert.equal(htmlSlot(Buffer.from('<b>b</b>')), '<b>b</b>');
  });
});
