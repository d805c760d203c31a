import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { cliActor } from '../../audit/service.ts';
import { importMt } from '../../import/service.ts';
import { file } from '../../import/testdata/files.ts';
import { AdminClient, createTestUser } from '../../testing/admin-client.ts';
import { createTestSite, type TestSite } from '../../testing/app.ts';

describe('admin: 要確認, the damaged lines an import kept as they were', () => {
  let site: TestSite;
  let editor: AdminClient;
  let author: AdminClient;
  const damaged = new TextDecoder('euc-jp').decode(iconv.encode('①どのウイルス対策ソフトを選ぶか', 'euc-jp').subarray(1));
  before(async () => {
    site = await createTestSite();
    await createTestUser(site.app.db, 'editor@example.jp', 'editor');
    await createTestUser(site.app.db, 'author@example.jp', 'author');
    editor = new AdminClient(site.server);
    await editor.signIn('editor@example.jp');
    author = new AdminClient(site.server);
    await author.signIn('author@example.jp');
    const mt = `AUTHOR: 見本\nTITLE: 古い記事\nBASENAME: 1\nSTATUS: Publish\nCONVERT BREAKS: 0\nDATE: 06/12/2023 09:00:00 AM\n-----\nBODY:\n前の行<br />\n${damaged}<br />\n-----\n--------\n`;
    await importMt(site.app.db, {
      open: file(mt),
      fileName: 'old.txt',
      dryRun: false,
      keepCommenterContacts: false,
      blog: 'livedoor',
      actor: cliActor,
    });
  });
  after(() => site.close());

  it('lists the line with its post, file, entry and line, and the guess only as a hint', async () => {
    const page = await editor.get('/admin/import-review');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /古い記事/);
    assert.match(page.body, /old\.txt（1件目・10行目）/);
    assert.ok(page.body.includes(damaged));
    assert.match(page.body, /①どのウイルス対/);
    assert.match(page.body, /href="\/admin\/import-review"/);
    // The public page shows the line as imported, never the guess.
    const post = await site.server.inject('/posts/1');
    assert.ok(post.body.includes(damaged));
    assert.doesNotMatch(post.body, /①どの/);
  });

  it('is for editors and owners; marking a line checked takes it off the list', async () => {
    assert.equal((await author.get('/admin/import-review')).statusCode, 403);
    const page = (await editor.get('/admin/import-review')).body;
    const id = /\/admin\/import-review\/(\d+)\/resolve/.exec(page)?.[1];
    assert.ok(id);
    assert.equal((await editor.post(`/admin/import-review/${id}/resolve`, {})).statusCode, 303);
    assert.match((await editor.get('/admin/import-review')).body, /確認を待つ行はありません/);
  });
});
