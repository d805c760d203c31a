import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cliActor } from '../audit/service.ts';
import { loadDemo } from '../demo/load.ts';
import { createTestDb, type TestDb } from '../testing/db.ts';
import { ExportFormatError, exportSite, importSite, type SiteExport } from './json.ts';
import * as store from './store.ts';
import { createEvent } from '../events/event.ts';

function comparable(e: SiteExport): Omit<SiteExport, 'exported_at'> {
  const { exported_at: _at, ...rest } = e;
  return rest;
}

describe('export and import json', () => {
  let from: TestDb;
  let to: TestDb;
  before(async () => {
    from = await createTestDb();
    to = await createTestDb();
    await loadDemo(from.db);
    const post = await from.db.kysely.selectFrom('posts').select('id').where('slug', '=', 'p-20250918').executeTakeFirstOrThrow();
    await store.addComment(from.db.kysely, { post_id: Number(post.id), author_name: '読者', author_email: null, author_ip: null, author_url: null, body: 'コメント', created_at: '2025-09-19T00:00:00.000Z', source_key: 'mt:x:0' });
    await store.putRedirect(from.db.kysely, '/archives/123.html', '/posts/p-20250918');
    await createEvent(from.db, { slug: 'autumn-seminar', kind: 'seminar', status: 'published', title: '秋のセミナー', startsAt: '2026-10-01T14:00', place: '大阪', capacity: 30, waitlist: true, questions: [{ label: '質問', required: false }], purpose: '運営のため', retentionDays: 90, contact: 'privacy@example.jp' }, undefined, cliActor);
  });
  after(async () => {
    await from.cleanup();
    await to.cleanup();
  });

  it('gives the same site back in an empty site (a round trip compares equal)', async () => {
    const first = await exportSite(from.db);
    assert.equal(first.posts.length, 8);
    assert.equal(first.events.length, 1);
    const json = JSON.parse(JSON.stringify(first));
    assert.deepEqual(await importSite(to.db, json, cliActor), { posts: 8, comments: 1 });
    const second = await exportSite(to.db);
    assert.deepEqual(comparable(second), comparable(first));
  });

  it('refuses another format and a site that has posts, changing nothing', async () => {
    await assert.rejects(importSite(to.db, { format: 'wordpress' }, cliActor), ExportFormatError);
    await assert.rejects(importSite(to.db, JSON.parse(JSON.stringify(await exportSite(from.db))), cliActor), /empty site only/);
  });
});
