import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VersionMemo } from './version-memo.ts';

function counter() {
  let calls = 0;
  return { load: async () => ++calls, calls: () => calls };
}

describe('VersionMemo', () => {
  it('reads once per content version', async () => {
    let version = 1;
    const memo = new VersionMemo(() => version);
    const c = counter();
    assert.equal(await memo.get('k', c.load), 1);
    assert.equal(await memo.get('k', c.load), 1);
    version = 2;
    assert.equal(await memo.get('k', c.load), 2);
    assert.equal(c.calls(), 2);
  });

  it('keeps nothing while a change is being read', async () => {
    let version = -1;
    const memo = new VersionMemo(() => version);
    const c = counter();
    await memo.get('k', c.load);
    await memo.get('k', c.load);
    assert.equal(c.calls(), 2);
    version = 3;
    await memo.get('k', c.load);
    await memo.get('k', c.load);
    assert.equal(c.calls(), 3);
  });

  it('does not remember a failed read', async () => {
    const memo = new VersionMemo(() => 1);
    let fail = true;
    const load = async () => {
      if (fail) throw new Error('database busy');
      return 'ok';
    };
    await assert.rejects(memo.get('k', load));
    fail = false;
    assert.equal(await memo.get('k', load), 'ok');
  });

  it('starts again past its bound instead of growing', async () => {
    const memo = new VersionMemo(() => 1, 3);
    for (let i = 0; i < 10; i++) await memo.get(`k${i}`, async () => i);
    assert.ok(memo.size <= 3);
  });
});
