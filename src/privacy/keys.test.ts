import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { testConfig } from '../testing/app.ts';
import { createSealer, SealError } from './crypto.ts';
import { addKeyToFile, keyFile, KeyError, loadKeys, parseKeys } from './keys.ts';

describe('data keys', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kawaraban-keys-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses keys of the wrong length, empty lists and repeated ids', () => {
    assert.throws(() => parseKeys('a:short'), KeyError);
    assert.throws(() => parseKeys(''), /no data key/);
    const k = Buffer.alloc(32, 1).toString('base64');
    assert.throws(() => parseKeys(`a:${k},a:${k}`), /same id/);
  });

  it('makes a key file readable only by its owner on first use, and keeps it', () => {
    const config = testConfig({ dataDir: dir, dataKeys: undefined });
    const first = loadKeys(config);
    assert.equal(statSync(keyFile(config)).mode & 0o777, 0o600);
    assert.deepEqual(loadKeys(config), first);
    const added = addKeyToFile(config);
    const now = loadKeys(config);
    assert.equal(now[0]!.id, added.id);
    assert.equal(now[1]!.id, first[0]!.id);
    assert.equal(readFileSync(keyFile(config), 'utf8').trim().split('\n').length, 2);
    assert.throws(
      () => addKeyToFile(testConfig({ dataDir: dir, dataKeys: `x:${Buffer.alloc(32).toString('base64')}` })),
      /KAWARABAN_DATA_KEYS/,
    );
  });

  it('seals with the first key, opens with any, and notices tampering', () => {
    const a = parseKeys(`a:${Buffer.alloc(32, 1).toString('base64')}`);
    const b = parseKeys(`b:${Buffer.alloc(32, 2).toString('base64')}`);
    const old = createSealer(a);
    const sealed = old.seal('山田花子', 'registration.name:r1');
    const both = createSealer([...b, ...a]);
    assert.equal(both.open(sealed, 'registration.name:r1'), '山田花子');
    assert.ok(both.isOld(sealed));
    assert.ok(!both.isOld(both.seal('x', 'c')));
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[3]!, 'base64url');
    flipped[0]! ^= 1;
    assert.throws(() => old.open([...parts.slice(0, 3), flipped.toString('base64url')].join('.'), 'registration.name:r1'), SealError);
    assert.throws(() => createSealer(b).open(sealed, 'registration.name:r1'), /key "a" is not configured/);
    assert.notEqual(old.emailHash('a@example.jp'), createSealer(b).emailHash('a@example.jp'));
    assert.equal(old.emailHash(' A@Example.JP'), old.emailHash('a@example.jp'));
  });
});
