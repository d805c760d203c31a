// `kawaraban comments …` as an operator meets it (a child process), and a comment approved
// by another process appearing on a running server's cached page within a second.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cliActor } from '../audit/service.ts';
import { postComment } from '../comments/service.ts';
import { createPost } from '../content/service.ts';
import { createTestSite, type TestSite } from '../testing/app.ts';
import { cliDatabaseEnv, runCliAsync } from '../testing/cli.ts';
import { parseIds } from './comments.ts';

describe('kawaraban comments', () => {
  let site: TestSite;
  let env: Record<string, string>;
  const ids: number[] = [];
  // Asynchronous: a blocked event loop would make the server under test shed load (503).
  const cli = (args: string[]) => runCliAsync(['comments', ...args], env);

  before(async () => {
    // The server polls for other processes' changes at its default pace.
    site = await createTestSite({ cachePollMs: 500 });
    env = cliDatabaseEnv(site.test);
    const author = await site.app.db.kysely
      .insertInto('authors')
      .values({ slug: 'a', display_name: '著者', profile: '', greeting: '', signoff: '', created_at: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await createPost(
      site.app.db,
      { title: '委託先の監督', slug: 'itaku', status: 'published', authorId: Number(author.id), markdown: '委託先の話です。' },
      cliActor,
    );
    const ctx = {
      db: site.app.db,
      sealer: site.app.sealer,
      settings: (await site.app.siteContext()).settings,
      siteUrl: 'https://blog.example.jp',
    };
    for (const [name, body] of [
      [
        '鈴木',
        '委託先の監査はどの頻度で行うべきでしょうか。年に一度では足りないと感じています。皆さまの会社ではどのように運用されているか、ご意見をお聞かせいただけると助かります。',
      ],
      ['田中', '参考になりました'],
      ['spam', '広告です'],
    ]) {
      ids.push((await postComment(ctx, 'itaku', { name: name!, email: '', body: body!, notify: false }, 'h')).id);
    }
  });
  after(() => site.close());

  it('lists comments one a line: id, post, name, state and the first 60 characters', async () => {
    const r = await cli(['list', '--held']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 3);
    const suzuki = lines.find((l) => l.includes('鈴木'))!.split('\t');
    assert.deepEqual(suzuki.slice(0, 4), [String(ids[0]), 'itaku', '鈴木', '承認待ち']);
    assert.equal([...suzuki[4]!].length, 61, 'sixty characters and an ellipsis');
  });

  it('approves from another process, and the running server shows it within a second', async () => {
    const before = await site.server.inject('/posts/itaku');
    assert.doesNotMatch(before.body, /参考になりました/);
    const r = await cli(['approve', String(ids[1])]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Approved: 1 comment/);
    const deadline = Date.now() + 1000;
    let shown = false;
    while (!shown && Date.now() < deadline) {
      shown = (await site.server.inject('/posts/itaku')).body.includes('参考になりました');
      if (!shown) await new Promise((res) => setTimeout(res, 50));
    }
    assert.ok(shown, 'the approved comment did not appear within a second');
    const log = await site.app.db.kysely
      .selectFrom('audit_log')
      .select(['actor', 'target'])
      .where('action', '=', 'comment.approve')
      .executeTakeFirstOrThrow();
    assert.deepEqual([log.actor, log.target], ['cli', `comment:${ids[1]}`]);
  });

  it('deletes, says which ids were not found with exit code 1, and refuses what is not an id', async () => {
    const d = await cli(['delete', String(ids[2]), '999999']);
    assert.equal(d.code, 1);
    assert.match(d.stdout, /Deleted: 1 comment/);
    assert.match(d.stderr, /1 id\(s\) not found/);
    assert.equal(await site.app.db.kysely.selectFrom('comments').select('id').where('id', '=', ids[2]!).executeTakeFirst(), undefined);
    assert.throws(() => parseIds(['12', 'abc']), /"abc" is not a comment id/);
  });
});
