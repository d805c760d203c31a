import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countReadingCharacters, readingMinutes } from './reading-time.ts';

describe('reading time', () => {
  it('counts characters without white space, at 500 a minute, at least one minute', () => {
    assert.equal(countReadingCharacters('個人 情報\n保護'), 6);
    assert.equal(countReadingCharacters('𠮷野家'), 3);
    assert.equal(readingMinutes(0), 1);
    assert.equal(readingMinutes(500), 1);
    assert.equal(readingMinutes(501), 2);
  });
});
