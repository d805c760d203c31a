// Export → import json round trips of imported sites (the demo's is in json.test.ts): the
// second export equals the first, and every post's blocks and HTML are the same.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cliActor } from '../audit/service.ts';
import { createTestDb, type TestDb } from '../testing/db.ts';
import { exportSite, importSite, type SiteExport } from './json.ts';
import { importMt, importWxr } from './service.ts';
import { file } from './testdata/files.ts';
import { wordpressFile } from './testdata/wordpress.ts';

function comparable(e: SiteExport): Omit<SiteExport, 'exported_at'> {
  const { exported_at: _at, ...rest } = e;
  return rest;
}

/** Exports `from`, imports into a fresh empty site, exports that: the two must be equal. */
async function roundTrip(from: TestDb): Promise<{ first: SiteExport; second: SiteExport }> {
  const to = await createTestDb();
  try {
    const first = await exportSite(from.db);
    await importSite(to.db, JSON.parse(JSON.stringify(first)), cliActor);
    const second = await exportSite(to.db);
    // The posts' blocks too (the export carries Markdown; the blocks are read from it).
    const blocks = async (db: TestDb) =>
      (await db.db.kysely.selectFrom('posts').select(['slug', 'blocks', 'body_html']).orderBy('slug').execute()).map((r) => ({
        ...r,
        blocks: JSON.parse(r.blocks),
      }));
    assert.deepEqual(await blocks(to), await blocks(from));
    return { first, second };
  } finally {
    await to.cleanup();
  }
}

describe('export → import json round trips of every kind of site', () => {
  it('an imported Movable Type site (commentary holding raw HTML, undated addendum, comments, redirects)', async () => {
    const from = await createTestDb();
    try {
      const mt = `AUTHOR: 見本太郎\nTITLE: 古い記事\nBASENAME: 12345678\nSTATUS: Publish\nCONVERT BREAKS: 0\nDATE: 06/12/2023 09:00:00 AM\n-----\nBODY:\n本文です。<br />\n<br />\n(私のコメント)<br />\n意見です。<br />\n<iframe src="https://www.youtube.com/embed/x"></iframe><br />\n:::<br />\n<br />\n(追記)<br />\n日付のない追記です。<br />\n-----\nCOMMENT:\nAUTHOR: 読者\nDATE: 06/13/2023 10:00:00 AM\nありがとうございます。\n-----\n--------\n`;
      const report = await importMt(from.db, {
        open: file(mt),
        fileName: 'old.txt',
        dryRun: false,
        keepCommenterContacts: false,
        blog: 'livedoor',
        actor: cliActor,
      });
      assert.equal(report.created, 1);
      const [post] = await from.db.kysely.selectFrom('posts').select('blocks').execute();
      const blocks = JSON.parse(post!.blocks) as Array<{ type: string; date?: string; blocks?: Array<{ type: string }> }>;
      assert.deepEqual(
        blocks.map((b) => [b.type, b.date, b.blocks?.map((x) => x.type)]),
        [
          ['paragraph', undefined, undefined],
          ['commentary', undefined, ['paragraph', 'html', 'paragraph']],
          ['addendum', undefined, ['paragraph']],
        ],
      );
      const { first, second } = await roundTrip(from);
      assert.deepEqual(comparable(second), comparable(first));
      assert.equal(first.comments.length, 1);
      assert.ok(first.redirects.some((r) => r.from === '/archives/12345678.html'));
    } finally {
      await from.cleanup();
    }
  });

  it('an imported WordPress site (block-editor and classic posts, 200 categories, page, draft, comments)', async () => {
    const from = await createTestDb();
    try {
      await importWxr(from.db, {
        open: file(wordpressFile().xml),
        fileName: 'wp.xml',
        dryRun: false,
        keepCommenterContacts: false,
        actor: cliActor,
      });
      const { first, second } = await roundTrip(from);
      assert.equal(first.posts.length, 8);
      assert.deepEqual(comparable(second), comparable(first));
    } finally {
      await from.cleanup();
    }
  });
});
