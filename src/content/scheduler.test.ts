import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { listAudit } from '../audit/store.ts';
import { createTestDb, type TestDb } from '../testing/db.ts';
import * as read from './read.ts';
import { createAuthor, createPost, publishDue, purgeTrash, trashPost } from './service.ts';
import * as posts from './post-store.ts';
import { systemActor } from '../audit/service.ts';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'testing', 'publish-due.ts');

// The bound is for a child that hangs; starting tsx alone can take half a minute on a busy
// shared machine, which says nothing about the race under test.
function runPublishDue(t: TestDb, at: string): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', script, t.url, t.schema ?? '', at], { timeout: 90_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(Number(stdout)),
    );
  });
}

describe('scheduled work', () => {
  let t: TestDb;
  let authorId: number;
  before(async () => {
    t = await createTestDb();
    authorId = await createAuthor(t.db, { slug: 'a', displayName: 'A' });
  });
  after(() => t.cleanup());

  it('refuses to schedule without a date', async () => {
    await assert.rejects(createPost(t.db, { title: 'x', markdown: 'x', status: 'scheduled', authorId }), /公開日時/);
  });

  it('publishes a scheduled post once its time has come, exactly once across several processes', async () => {
    const soon = new Date(Date.now() + 60_000).toISOString();
    const post = await createPost(t.db, { title: 'Scheduled', markdown: 'x', status: 'scheduled', publishedAt: soon, authorId });
    assert.equal(await publishDue(t.db), 0);
    assert.equal(await read.publishedPost(t.db, post.slug), undefined);

    // Three processes race at a moment after the scheduled time.
    const later = new Date(Date.now() + 120_000).toISOString();
    const counts = await Promise.all([1, 2, 3].map(() => runPublishDue(t, later)));
    assert.equal(
      counts.reduce((a, b) => a + b, 0),
      1,
      `counts ${counts}`,
    );
    assert.ok(await read.publishedPost(t.db, post.slug));
    const { rows } = await listAudit(t.db.kysely, { action: 'post.publish' }, 50, 0);
    assert.equal(rows.filter((r) => r.target.endsWith(post.slug) && r.detail === 'scheduled').length, 1);
  });

  it('empties the trash of posts deleted more than 30 days ago, and only those', async () => {
    const old = await createPost(t.db, { title: 'Old trash', markdown: 'x', authorId });
    const recent = await createPost(t.db, { title: 'Recent trash', markdown: 'x', authorId });
    await trashPost(t.db, Number(old.id), systemActor);
    await trashPost(t.db, Number(recent.id), systemActor);
    await posts.updatePostRow(t.db.kysely, Number(old.id), { deleted_at: new Date(Date.now() - 31 * 86400_000).toISOString() });
    assert.equal(await purgeTrash(t.db), 1);
    assert.equal(await posts.findById(t.db.kysely, Number(old.id)), undefined);
    assert.ok(await posts.findById(t.db.kysely, Number(recent.id)));
  });
});
