// The CLI's commands on the test database (migrate, import, demo), as an operator meets them:
// a child process, its output and its exit code. (keys and privacy: privacy-cli.test.ts; serve:
// serve.test.ts.)
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { cliTestDatabase, runCli } from '../testing/cli.ts';

const cli = runCli;

describe('kawaraban migrate, import and demo on the test database', () => {
  const database = cliTestDatabase();

  it('migrate says the schema is up to date', () => {
    const r = cli(['migrate'], database.env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /is up to date/);
  });

  it('import wxr brings a WordPress export in, and refuses an entity bomb with exit code 1 and one line', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kawaraban-wxr-'));
    try {
      const good = path.join(dir, 'wp.xml');
      writeFileSync(
        good,
        `<?xml version="1.0" encoding="UTF-8"?><rss xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<item><title>CLIから取り込んだ記事</title><link>https://old.example.jp/?p=5</link><dc:creator>admin</dc:creator><content:encoded><![CDATA[本文です。]]></content:encoded><wp:post_id>5</wp:post_id><wp:post_date_gmt>2024-01-02 03:04:05</wp:post_date_gmt><wp:post_name>cli-import</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>
</channel></rss>`,
      );
      const r = cli(['import', 'wxr', good], { ...database.env, KAWARABAN_DATA_DIR: dir });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /1 entries \(utf-8, detected\)/);
      assert.match(r.stdout, /Posts: 1 created/);
      const bomb = path.join(dir, 'bomb.xml');
      writeFileSync(
        bomb,
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><rss><channel><item><title>&b;</title></item></channel></rss>',
      );
      const bad = cli(['import', 'wxr', bomb], { ...database.env, KAWARABAN_DATA_DIR: dir });
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /^kawaraban: bomb\.xml: 1行目: DOCTYPE があります/);
      assert.equal(bad.stderr.trim().split('\n').length, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('demo loads the sample posts once, and a second run creates nothing', () => {
    const first = cli(['demo'], database.env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /8 post\(s\) created, 0 already there/);
    const second = cli(['demo'], database.env);
    assert.match(second.stdout, /0 post\(s\) created, 8 already there/);
  });
});
