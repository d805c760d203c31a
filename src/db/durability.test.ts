// Nothing acknowledged is lost and nothing is half-written when the writing process is
// killed (SIGKILL) at random moments. SQLite runs in WAL mode with synchronous=NORMAL: a
// process that dies loses nothing committed (only a power cut or an OS crash could lose the
// last transactions), and integrity_check must stay ok.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { searchSite } from '../search/service.ts';
import { createTestDb, testEngine, type TestDb } from '../testing/db.ts';

const writer = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'testing', 'durability-writer.ts');
const KILLS = 8;

/** Runs the writer, kills it after `ms`, returns what it acknowledged (slug → revision). */
function writeThenKill(t: TestDb, run: number, ms: number): Promise<Map<string, number>> {
  return new Promise((resolve) => {
    const acked = new Map<string, number>();
    const child = spawn(process.execPath, ['--import', 'tsx', writer, t.url, t.schema ?? '', String(run)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buffer = '';
    let started = false;
    child.stdout.on('data', (d) => {
      buffer += d;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const [word, slug, revision] = buffer.slice(0, nl).split(' ');
        buffer = buffer.slice(nl + 1);
        if (word === 'ack') acked.set(slug!, Number(revision));
        if (!started) {
          // Kill at a random moment once writing is under way (start-up takes a while).
          started = true;
          setTimeout(() => child.kill('SIGKILL'), ms);
        }
      }
    });
    child.on('exit', () => resolve(acked));
  });
}

/** The long-open connection (a running server) finds what a new one finds. */
async function sameSearch(t: TestDb, q: string): Promise<void> {
  const fresh = await t.openAnother();
  try {
    const [a, b] = await Promise.all([
      searchSite(t.db, 'x', { q, page: 1, perPage: 5 }),
      searchSite(fresh, 'x', { q, page: 1, perPage: 5 }),
    ]);
    assert.deepEqual(
      a.results.map((r) => r.slug),
      b.results.map((r) => r.slug),
      q,
    );
    assert.equal(a.total, b.total, q);
  } finally {
    await fresh.close();
  }
}

describe(`durability on ${testEngine} when the writer is killed`, () => {
  let t: TestDb;
  before(async () => (t = await createTestDb()));
  after(() => t.cleanup());

  it(`keeps every acknowledged write, whole, through ${KILLS} kills`, async () => {
    const all = new Map<string, number>();
    for (let run = 0; run < KILLS; run++) {
      const acked = await writeThenKill(t, run, 50 + Math.floor(Math.random() * 400));
      for (const [slug, revision] of acked) all.set(slug, Math.max(revision, all.get(slug) ?? 0));
      await sleep(20);
      if (testEngine === 'sqlite') {
        // A fresh connection, as after a restart. (FTS5's integrity check on a connection that
        // read the index before another process rewrote it reports the stale copy it holds in
        // memory as "corruption"; queries themselves re-read it, as the last check shows.)
        const fresh = await t.openAnother();
        try {
          const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(fresh.kysely);
          assert.equal(rows[0]!.integrity_check, 'ok', `after kill ${run}`);
        } finally {
          await fresh.close();
        }
      }
      await sameSearch(t, `durable ${run}`);
    }
    assert.ok(all.size >= KILLS, `only ${all.size} writes were acknowledged`);
    const rows = await t.db.kysely
      .selectFrom('posts')
      .select(['id', 'slug', 'revision', 'status'])
      .where('slug', 'like', 'durable-%')
      .execute();
    const stored = new Map(rows.map((r) => [r.slug, r]));
    for (const [slug, revision] of all) {
      const row = stored.get(slug);
      assert.ok(row, `acknowledged post ${slug} is missing`);
      assert.ok(Number(row.revision) >= revision, `${slug}: revision ${row.revision} < acknowledged ${revision}`);
    }
    for (const q of ['durable', 'コメント', '書き直した本文 3']) await sameSearch(t, q);
    // Whole, not half-written: every post has its revisions, categories were not left
    // dangling, and every published post is in the search index.
    for (const r of rows) {
      const revisions = await t.db.kysely.selectFrom('post_revisions').select('revision').where('post_id', '=', r.id).execute();
      assert.equal(revisions.length, Number(r.revision), `${r.slug} has ${revisions.length} revisions for revision ${r.revision}`);
      const indexed = await t.db.kysely.selectFrom('search_documents').select('post_id').where('post_id', '=', r.id).executeTakeFirst();
      assert.ok(indexed, `${r.slug} is published but not in the search index`);
    }
  });
});
