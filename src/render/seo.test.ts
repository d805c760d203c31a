import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scriptSafeJson } from './seo.ts';

describe('structured data in a script element', () => {
  it('escapes every character that could close the element or end a line in old parsers, and keeps the data', () => {
    const data = { headline: '</script><script>alert(1)</script>', note: 'a\u2028b\u2029c' };
    const json = scriptSafeJson(data);
    assert.doesNotMatch(json, /[<\u2028\u2029]/);
    assert.deepEqual(JSON.parse(json), data);
  });
});
