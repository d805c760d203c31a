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
    await store.addComment(from.db.kysely, {
      post_id: Number(post.id),
      author_name: '読者',
      author_email: null,
      author_ip: null,
      author_url: null,
      body: 'コメント',
      created_at: '2025-09-19T00:00:00.000Z',
      source_key: 'mt:x:0',
    });
    await store.putRedirect(from.db.kysely, '/archives/123.html', '/posts/p-20250918');
    await createEvent(
      from.db,
      {
        slug: 'autumn-seminar',
        kind: 'seminar',
        status: 'published',
        title: '秋のセミナー',
        startsAt: '2026-10-01T14:00',
        place: '大阪',
        capacity: 30,
        waitlist: true,
        questions: [{ label: '質問', required: false }],
        purpose: '運営のため',
        retentionDays: 90,
        contact: 'privacy@example.jp',
      },
      undefined,
      cliActor,
    );
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
    await assert.rejects(importSite(to.db, JSON.parse(JSON.stringify(await exportSite(from.db))), cliActor), /空のサイトにだけ/);
  });
});

describe('import json refuses a bad file, naming the post and the line, and writes nothing', () => {
  let from: TestDb;
  let good: SiteExport;
  before(async () => {
    from = await createTestDb();
    await loadDemo(from.db);
    await createEvent(
      from.db,
      {
        slug: 'webinar',
        kind: 'webinar',
        status: 'published',
        title: 'ウェビナー',
        startsAt: '2026-10-01T14:00',
        joinUrl: 'https://meet.example.jp/x',
        purpose: '運営のため',
        retentionDays: 90,
        contact: 'privacy@example.jp',
      },
      undefined,
      cliActor,
    );
    good = JSON.parse(JSON.stringify(await exportSite(from.db))) as SiteExport;
  });
  after(() => from.cleanup());

  // One empty site for every refusal: each must leave it empty.
  let to: TestDb;
  before(async () => (to = await createTestDb()));
  after(() => to.cleanup());
  const refused = async (bad: SiteExport, message: RegExp) => {
    await assert.rejects(
      importSite(to.db, bad, cliActor),
      (err: Error) => err instanceof ExportFormatError && message.test(err.message) && !/unexpected/i.test(err.message),
    );
    assert.equal(await store.hasPosts(to.db.kysely), false);
    assert.equal((await to.db.kysely.selectFrom('authors').select('id').execute()).length, 0);
  };

  it('a timeline line in the wrong form: the post and the line', async () => {
    const bad = structuredClone(good);
    bad.posts[2]!.markdown = `一行目\n\n:::timeline\n- 6月5日: サーバーダウン\nこの行は形が違う\n:::\n`;
    await refused(bad, new RegExp(`記事3件目「${bad.posts[2]!.slug}」の本文: 5行目: 年表の行`));
  });

  it("an event whose questions are not the product's JSON", async () => {
    const bad = structuredClone(good);
    bad.events[0]!.questions = '[{"label": 3}]';
    await refused(bad, /イベント1件目「webinar」 の questions: questions は/);
    bad.events[0]!.questions = 'not json';
    await refused(bad, /イベント1件目「webinar」 の questions/);
  });

  it('a post naming an author or a category that is not in the file, a bad date', async () => {
    const bad = structuredClone(good);
    bad.posts[0]!.author = 'nobody';
    await refused(bad, /記事1件目「.+」: 著者「nobody」がエクスポートにありません/);
    const bad2 = structuredClone(good);
    bad2.posts[1]!.updated_at = 'きのう';
    await refused(bad2, /記事2件目「.+」 の updated_at: 日時が読めません/);
  });
});
