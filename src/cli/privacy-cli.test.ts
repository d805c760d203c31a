// `kawaraban keys` and `kawaraban privacy` as an operator meets them: a child process, its output
// and its exit code.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cliTestDatabase, runCli } from '../testing/cli.ts';

const cli = runCli;

describe('kawaraban keys and privacy on the test database', () => {
  const database = cliTestDatabase();

  it('keys new prints a key; privacy export/delete answer for an email, delete only with --yes', () => {
    const key = cli(['keys', 'new']);
    assert.equal(key.code, 0);
    assert.match(key.stdout.trim(), /^k\d{8}:[A-Za-z0-9+/]{43}=$/);
    const keyed = { ...database.env, KAWARABAN_DATA_KEYS: key.stdout.trim() };
    const exported = cli(['privacy', 'export', 'nobody@example.jp'], keyed);
    assert.equal(exported.code, 0, exported.stderr);
    assert.deepEqual(JSON.parse(exported.stdout).registrations, []);
    const refused = cli(['privacy', 'delete', 'nobody@example.jp'], keyed);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /cannot be undone; run again with --yes/);
    const deleted = cli(['privacy', 'delete', 'nobody@example.jp', '--yes'], keyed);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.match(deleted.stdout, /Deleted 0 registrations/);
    const badKey = cli(['privacy', 'export', 'nobody@example.jp'], { ...database.env, KAWARABAN_DATA_KEYS: 'short:abc' });
    assert.equal(badKey.code, 1);
    assert.match(badKey.stderr, /Invalid KAWARABAN_DATA_KEYS/);
  });
});
