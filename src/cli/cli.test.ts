// The CLI as an operator meets it: a child process, its output and its exit code.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { testEngine } from '../testing/db.ts';
import { createTestDb, type TestDb } from '../testing/db.ts';

const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'kawaraban.js');

// Run from another directory, as an operator would: nothing may depend on the project being the cwd.
const elsewhere = os.tmpdir();

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: elsewhere,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

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

describe('kawaraban migrate, demo and serve on the test database', () => {
  let t: TestDb;
  let env: Record<string, string>;
  before(async () => {
    t = await createTestDb();
    await t.db.close();
    // PostgreSQL: the CLI reaches the test schema through the connection's search_path.
    env = testEngine === 'postgres' ? { DATABASE_URL: t.url, PGOPTIONS: `-c search_path=${t.schema}` } : { DATABASE_URL: t.url };
  });
  after(() => t.cleanup());

  it('migrate says the schema is up to date', () => {
    const r = cli(['migrate'], env);
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
      const r = cli(['import', 'wxr', good], { ...env, KAWARABAN_DATA_DIR: dir });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /1 entries \(utf-8, detected\)/);
      assert.match(r.stdout, /Posts: 1 created/);
      const bomb = path.join(dir, 'bomb.xml');
      writeFileSync(bomb, '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><rss><channel><item><title>&b;</title></item></channel></rss>');
      const bad = cli(['import', 'wxr', bomb], { ...env, KAWARABAN_DATA_DIR: dir });
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /^kawaraban: bomb\.xml: 1行目: DOCTYPE があります/);
      assert.equal(bad.stderr.trim().split('\n').length, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keys new prints a key; privacy export/delete answer for an email, delete only with --yes', () => {
    const key = cli(['keys', 'new']);
    assert.equal(key.code, 0);
    assert.match(key.stdout.trim(), /^k\d{8}:[A-Za-z0-9+/]{43}=$/);
    const keyed = { ...env, KAWARABAN_DATA_KEYS: key.stdout.trim() };
    const exported = cli(['privacy', 'export', 'nobody@example.jp'], keyed);
    assert.equal(exported.code, 0, exported.stderr);
    assert.deepEqual(JSON.parse(exported.stdout).registrations, []);
    const refused = cli(['privacy', 'delete', 'nobody@example.jp'], keyed);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /cannot be undone; run again with --yes/);
    const deleted = cli(['privacy', 'delete', 'nobody@example.jp', '--yes'], keyed);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.match(deleted.stdout, /Deleted 0 registrations/);
    const badKey = cli(['privacy', 'export', 'nobody@example.jp'], { ...env, KAWARABAN_DATA_KEYS: 'short:abc' });
    assert.equal(badKey.code, 1);
    assert.match(badKey.stderr, /Invalid KAWARABAN_DATA_KEYS/);
  });

  it('demo loads the sample posts once, and a second run creates nothing', () => {
    const first = cli(['demo'], env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /8 post\(s\) created, 0 already there/);
    const second = cli(['demo'], env);
    assert.match(second.stdout, /0 post\(s\) created, 8 already there/);
  });

  it('serve answers on its port and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'serve'], { cwd: elsewhere, env: { ...process.env, ...env, PORT: '0', LOG_LEVEL: 'info' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start within 20 s: ${out}`)), 20_000);
        child.stdout.on('data', () => {
          const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
      });
      const res = await fetch(`${url}/`);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /EDRを入れる前に/);
      const ready = await fetch(`${url}/readyz`);
      assert.equal(ready.status, 200);
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    assert.equal(code, 0, out);
  });

  it('serve --workers 2 shares the port; every worker shows another process\'s change within a second; SIGTERM stops them all', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--workers', '2'], { cwd: elsewhere, env: { ...process.env, ...env, PORT: '0', LOG_LEVEL: 'info', KAWARABAN_CACHE_POLL_MS: '200' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start within 30 s: ${out}`)), 30_000);
        const check = () => {
          const ports = [...out.matchAll(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/g)];
          if (ports.length >= 2) {
            clearTimeout(timer);
            resolve(ports[0]![1]!);
          }
        };
        child.stdout.on('data', check);
      });
      // Fill both workers' caches.
      for (let i = 0; i < 6; i++) assert.equal((await fetch(`${url}/`)).status, 200);
      const { openDatabase } = await import('../db/connection.ts');
      const other = await openDatabase(t.url, t.schema ? { schema: t.schema } : {});
      const { createPost } = await import('../content/service.ts');
      await createPost(other, { title: 'Seen by every worker', markdown: 'x', status: 'published', authorId: 1 });
      await other.close();
      const deadline = Date.now() + 1000;
      let allSee = false;
      while (!allSee && Date.now() < deadline) {
        const bodies = await Promise.all([1, 2, 3, 4, 5, 6].map(async () => (await fetch(`${url}/`)).text()));
        allSee = bodies.every((b) => b.includes('Seen by every worker'));
      }
      assert.ok(allSee, 'a worker still showed the old front page after one second');
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    assert.equal(code, 0, out);
  });
});
