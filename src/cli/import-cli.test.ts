// The import and export commands as an operator meets them: child processes, their output and
// exit codes. (Each command opens its own SQLite file: the engines are covered by the service
// tests; here it is the command line.)
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { wordpressFile } from '../import/testdata/wordpress.ts';
import { runCli } from '../testing/cli.ts';

const cli = (args: string[], env: Record<string, string>) => runCli(args, env, 90_000);

describe('kawaraban import and export', () => {
  it('import wxr takes a file with the hard cases of real exports whole (exit 0, a report); export then import json into an empty site; a bad export names the post and the line', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kawaraban-hard-'));
    try {
      const wp = path.join(dir, 'hard.xml');
      writeFileSync(wp, wordpressFile().xml);
      const r = cli(['import', 'wxr', wp], { KAWARABAN_DATA_DIR: dir, DATABASE_URL: path.join(dir, 'site.sqlite') });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /Posts: 8 created/);
      assert.match(r.stdout, /Native blocks: (9[5-9]|100)(\.\d)?% of the text/);
      const out = path.join(dir, 'site.json');
      assert.equal(cli(['export', '--out', out], { KAWARABAN_DATA_DIR: dir, DATABASE_URL: path.join(dir, 'site.sqlite') }).code, 0);
      // Into an empty site (a SQLite file of its own, whichever engine this run tests).
      const back = cli(['import', 'json', out], { KAWARABAN_DATA_DIR: dir, DATABASE_URL: path.join(dir, 'fresh.sqlite') });
      assert.equal(back.code, 0, back.stderr);
      assert.match(back.stdout, /Imported \d+ posts and \d+ comments/);
      const data = JSON.parse(readFileSync(out, 'utf8')) as { posts: Array<{ slug: string; markdown: string }> };
      data.posts[1]!.markdown = ':::timeline\n- 6月5日: サーバーダウン\nこの行は形が違う\n:::\n';
      const badFile = path.join(dir, 'bad.json');
      writeFileSync(badFile, JSON.stringify(data));
      const bad = cli(['import', 'json', badFile], { KAWARABAN_DATA_DIR: dir, DATABASE_URL: path.join(dir, 'other.sqlite') });
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, new RegExp(`^kawaraban: bad\\.json: 記事2件目「${data.posts[1]!.slug}」の本文: 3行目: 年表の行`));
      assert.doesNotMatch(bad.stderr, /unexpected/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
