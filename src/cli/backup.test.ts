// backup and restore, as an operator runs them, on both engines.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { runCli } from '../testing/cli.ts';
import { testEngine, testPostgresUrl } from '../testing/db.ts';

function cli(args: string[], env: Record<string, string>) {
  const r = runCli(args, env, 120_000);
  return { code: r.code, out: r.stdout + r.stderr };
}

describe(`backup and restore on ${testEngine}`, () => {
  let dir: string;
  let env: Record<string, string>;
  let database: string | undefined;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kawaraban-backup-'));
    if (testEngine === 'postgres') {
      // A database of its own: a dump is of a whole database.
      database = `kawaraban_backup_${process.pid}`;
      const admin = new pg.Client({ connectionString: testPostgresUrl });
      await admin.connect();
      await admin.query(`create database ${database}`);
      await admin.end();
      const u = new URL(testPostgresUrl);
      u.pathname = `/${database}`;
      env = { DATABASE_URL: u.toString(), KAWARABAN_DATA_DIR: dir };
    } else {
      env = { KAWARABAN_DATA_DIR: dir };
    }
    assert.equal(cli(['demo'], env).code, 0);
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    if (database) {
      const admin = new pg.Client({ connectionString: testPostgresUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${database} with (force)`);
      await admin.end();
    }
  });

  it('backs up, and restores the site as it was after a loss', async () => {
    const file = path.join(dir, 'copy.bak');
    const backup = cli(['backup', '--out', file], env);
    assert.equal(backup.code, 0, backup.out);
    assert.match(backup.out, /Backup written/);
    assert.equal(cli(['backup', '--out', file], env).code, 1, 'an existing file is not overwritten');

    // Lose a post after the backup.
    const { openDatabase } = await import('../db/connection.ts');
    const db = await openDatabase(env.DATABASE_URL ?? path.join(dir, 'kawaraban.sqlite'));
    await db.kysely.deleteFrom('posts').where('slug', '=', 'p-20250918').execute();
    await db.close();

    const restore = cli(['restore', file], env);
    assert.equal(restore.code, 0, restore.out);
    const again = await openDatabase(env.DATABASE_URL ?? path.join(dir, 'kawaraban.sqlite'));
    const post = await again.kysely.selectFrom('posts').select('title').where('slug', '=', 'p-20250918').executeTakeFirst();
    await again.close();
    assert.ok(post, 'the lost post is back');
    if (testEngine === 'sqlite')
      assert.ok(
        readdirSync(dir).some((f) => f.startsWith('kawaraban.sqlite.before-restore-')),
        'the replaced database is kept aside',
      );
  });

  it('refuses to restore a file that is not a backup, and changes nothing', () => {
    const junk = path.join(dir, 'junk.bak');
    writeFileSync(junk, 'not a backup at all\n'.repeat(100));
    const r = cli(['restore', junk], env);
    assert.equal(r.code, 1);
    assert.match(r.out, testEngine === 'sqlite' ? /is not a SQLite backup/ : /pg_restore failed/);
    assert.equal(cli(['restore', path.join(dir, 'missing.bak')], env).code, 1);
    assert.ok(testEngine !== 'sqlite' || existsSync(path.join(dir, 'kawaraban.sqlite')));
  });
});
