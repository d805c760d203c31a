// The CLI as an operator meets it: a child process, its output and its exit code.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../testing/cli.ts';

const cli = runCli;

describe('kawaraban CLI', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'kawaraban-cli-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints help with every command and exits 0', () => {
    const r = cli(['--help']);
    assert.equal(r.code, 0);
    for (const c of ['serve', 'migrate', 'demo']) assert.match(r.stdout, new RegExp(`\\b${c}\\b`));
  });

  it('exits 2 with a hint on an unknown command', () => {
    const r = cli(['publsh']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command 'publsh'/);
    assert.match(r.stderr, /--help/);
  });

  it('stops on a bad configuration value with one line naming it', () => {
    const r = cli(['migrate'], { PORT: 'abc', KAWARABAN_DATA_DIR: dir });
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /^kawaraban: Invalid PORT="abc"/);
  });

  it('refuses a file that is not a SQLite database, and leaves it as it was', () => {
    const file = path.join(dir, 'corrupt.sqlite');
    const garbage = Buffer.from('this is not a database, but somebody may need it\n'.repeat(200));
    writeFileSync(file, garbage);
    const r = cli(['migrate'], { DATABASE_URL: file });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^kawaraban: Cannot open the SQLite database .*corrupt\.sqlite: file is not a database/);
    assert.ok(!/\n\s+at /.test(r.stderr), 'no stack trace');
    assert.deepEqual(readFileSync(file), garbage);
  });

  it('refuses a data directory that cannot be written', () => {
    const blocker = path.join(dir, 'a-file');
    writeFileSync(blocker, 'x');
    const r = cli(['migrate'], { KAWARABAN_DATA_DIR: path.join(blocker, 'data') });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^kawaraban: Cannot write the data directory .*: ENOTDIR/);
  });

  it('says PostgreSQL cannot be reached, without the password', () => {
    const r = cli(['migrate'], { DATABASE_URL: 'postgres://kawaraban:secret@127.0.0.1:1/none' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^kawaraban: Cannot connect to PostgreSQL at postgres:\/\/kawaraban:\*\*\*@127\.0\.0\.1:1\/none/);
    assert.ok(!r.stderr.includes('secret'));
  });
});
