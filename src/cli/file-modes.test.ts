// The database file, backups and exports hold personal data (sealed) and everything else:
// they are written readable by their owner only (0600), in process (the CLI's own functions).
// Files are what is tested, so this runs on a SQLite file under either engine's run.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openConfiguredDatabase } from '../db/open.ts';
import { testConfig } from '../testing/app.ts';
import { backupCommand } from './backup.ts';
import { exportCommand } from './import.ts';

const mode = (f: string) => (statSync(f).mode & 0o777).toString(8);

describe('files written owner-only', () => {
  let dir: string;
  let config: ReturnType<typeof testConfig>;
  const quiet = console.log;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kawaraban-modes-'));
    config = { ...testConfig({ dataDir: dir }), databaseUrl: path.join(dir, 'kawaraban.sqlite'), databaseKind: 'sqlite' };
    console.log = () => {};
  });
  after(() => {
    console.log = quiet;
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the SQLite database and its -wal/-shm files 0600, and tightens an older 0644 file', async () => {
    const db = await openConfiguredDatabase(config);
    await db.kysely.selectFrom('posts').select('id').execute();
    const files = readdirSync(dir).filter((f) => f.startsWith('kawaraban.sqlite'));
    assert.ok(files.length >= 1);
    for (const f of files) assert.equal(mode(path.join(dir, f)), '600', f);
    await db.close();
    const old = path.join(dir, 'old.sqlite');
    writeFileSync(old, '');
    chmodSync(old, 0o644);
    const again = await openConfiguredDatabase({ ...config, databaseUrl: old });
    await again.close();
    assert.equal(mode(old), '600');
  });

  it('writes backups and exports 0600', async () => {
    const backup = path.join(dir, 'copy.bak');
    await backupCommand(config, backup);
    assert.equal(mode(backup), '600');
    const exported = path.join(dir, 'site.json');
    await exportCommand(config, exported);
    assert.equal(mode(exported), '600');
  });
});
