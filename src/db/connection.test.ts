// What a SQLite connection is opened with: the settings the memory aim rests on.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from './connection.ts';

describe('a SQLite connection', () => {
  it('keeps at most 4 MB of pages in its own cache (the operating system caches the file)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kawaraban-connection-'));
    const db = await openDatabase(path.join(dir, 'site.sqlite'));
    try {
      const { rows } = await sql<{ cache_size: number }>`pragma cache_size`.execute(db.kysely);
      assert.equal(rows[0]?.cache_size, -4000);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
