// bin/compiled.js: the sources are compiled once, reused while unchanged, compiled again when
// a file they were made from changes, and run through tsx when asked.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'bin', 'kawaraban.js');
const manifestFile = path.join(root, '.build', 'server.json');

function help(env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, '--help'], {
    cwd: os.tmpdir(),
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\bserve\b/);
  return r;
}

const manifest = () =>
  JSON.parse(readFileSync(manifestFile, 'utf8')) as { dir: string; inputs: Record<string, string>; packages: string[] };

describe('compiled sources', () => {
  it('reuses the build while its sources are unchanged', () => {
    help();
    const first = manifest().dir;
    help();
    assert.equal(manifest().dir, first);
  });

  it('compiles again when a source it was made from changed', () => {
    help();
    const m = manifest();
    assert.ok(m.inputs['src/cli/main.ts'], 'the entry is among the inputs');
    writeFileSync(manifestFile, JSON.stringify({ ...m, inputs: { ...m.inputs, 'src/cli/main.ts': '0:0' } }));
    help();
    assert.notEqual(manifest().dir, m.dir);
  });

  it('runs the sources through tsx with KAWARABAN_TSX=1', () => {
    help({ KAWARABAN_TSX: '1' });
  });
});

describe('the compiled program', () => {
  it('imports no package but the native addons (the rest is bundled in, for a quick start)', () => {
    help();
    // esbuild (native) builds the editor's script; pg-native is pg's optional driver, only
    // loaded when asked for.
    assert.deepEqual(manifest().packages, ['@node-rs/argon2', 'better-sqlite3', 'esbuild', 'pg-native', 'sharp']);
  });
});
