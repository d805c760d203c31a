import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { cliActor } from '../audit/service.ts';
import type { Block } from '../content/blocks.ts';
import { createTestSite, type TestSite } from '../testing/app.ts';
import { importMt, type ImportReport } from './service.ts';
import * as store from './store.ts';
import { file, hugeFile } from './testdata/files.ts';

const GREETING = '皆さんこんにちは。<br />\n見本ブログの見本太郎です。<br />';
const SIGNOFF = 'この内容が参考になればと思います。<br />\nまた情報が入りましたらお知らせします。<br />';

function entry(n: number, extra: Partial<Record<'title' | 'status' | 'body' | 'comment', string>> = {}): string {
  return `AUTHOR: 見本太郎
TITLE: ${extra.title ?? `記事その${n}`}
BASENAME: ${String(50000000 + n)}
STATUS: ${extra.status ?? 'Publish'}
ALLOW COMMENTS: 1
CONVERT BREAKS: 1
CATEGORY: 漏えい・事故
DATE: 06/${String(10 + n).padStart(2, '0')}/2023 09:00:00 AM
TAGS: ランサムウェア
-----
BODY:
${GREETING}
<br />
${extra.body ?? `本文${n}です。<br />`}
<br />
${SIGNOFF}
-----
${extra.comment ?? ''}--------
`;
}

const RICH_BODY = `<img src="https://img.example.jp/shot.png" alt="shot.png" width="600" height="400" /><br />
(画像は同社のWebサイトより)<br />
<br />
<a href="https://seminar.example.jp/webinar" target="_blank"><strong>6月1日開催 専門家ウェビナーに参加する</strong></a><br />
<br />
同社はサーバーが停止したと発表しました。<br />
<br />
https://www.example.jp/news/0606<br />
<br />
(私のコメント)<br />
<br />
影響は大きいと思われます。<br />
<br />
(6月17日追記)<br />
<br />
新しい発表がありました。<br />
<a href="https://www.example.jp/news/0617">https://www.example.jp/news/0617</a><br />`;

const COMMENT = `COMMENT:
AUTHOR: 読者A
EMAIL: reader@example.jp
IP: 192.0.2.1
URL: https://reader.example.jp/
DATE: 06/13/2023 10:00:00 AM
参考になりました。
-----
`;

const MT = [
  entry(1, { title: '社労士向けクラウドが停止〜1000万人の番号は無事か?〜', body: RICH_BODY, comment: COMMENT }),
  entry(2),
  entry(3, { status: 'Draft' }),
  entry(4),
].join('');

describe('importing a Movable Type export', () => {
  let site: TestSite;
  let first: ImportReport;
  before(async () => {
    site = await createTestSite();
    first = await importMt(site.app.db, {
      open: file(MT, 'euc-jp'),
      fileName: 'livedoor.txt',
      dryRun: false,
      keepCommenterContacts: false,
      extractGreeting: true,
      blog: 'livedoor',
      actor: cliActor,
    });
  });
  after(() => site.close());

  it('detects the encoding, imports every entry and reports it', () => {
    assert.equal(first.encoding, 'euc-jp');
    assert.equal(first.entries, 4);
    assert.equal(first.created, 4);
    assert.equal(first.drafts, 1);
    assert.deepEqual(first.categoriesCreated, ['漏えい・事故']);
    assert.equal(first.comments, 1);
    assert.equal(first.commentContactsDropped, 1);
  });

  it('turns the parts of a post into blocks: image with credit, call to action, source, commentary, dated addendum', async () => {
    const row = await site.app.db.kysely.selectFrom('posts').selectAll().where('slug', '=', '50000001').executeTakeFirstOrThrow();
    assert.equal(row.title, '社労士向けクラウドが停止〜1000万人の番号は無事か?〜');
    const blocks = JSON.parse(row.blocks) as Block[];
    assert.deepEqual(blocks[0], {
      type: 'image',
      src: 'https://img.example.jp/shot.png',
      alt: 'shot.png',
      credit: '画像は同社のWebサイトより',
      width: 600,
      height: 400,
    });
    assert.deepEqual(blocks[1], {
      type: 'cta',
      label: '6月1日開催 専門家ウェビナーに参加する',
      url: 'https://seminar.example.jp/webinar',
      style: 'primary',
    });
    assert.ok(blocks.some((b) => b.type === 'source' && b.url === 'https://www.example.jp/news/0606'));
    const commentary = blocks.find((b) => b.type === 'commentary');
    assert.ok(commentary && JSON.stringify(commentary).includes('影響は大きい'));
    const addendum = blocks.find((b) => b.type === 'addendum');
    assert.deepEqual(addendum && addendum.type === 'addendum' ? [addendum.date, addendum.blocks.map((b) => b.type)] : [], [
      '2023-06-17',
      ['paragraph', 'source'],
    ]);
    assert.ok(!blocks.some((b) => b.type === 'html'), JSON.stringify(blocks));
    // Asked to (--extract-greeting), the greeting and sign-off every post has exactly are the
    // author's, not repeated in the body.
    assert.equal(first.greetingTaken, true);
    assert.ok(!row.body_html.includes('見本ブログの見本太郎です'));
    assert.ok(!row.body_html.includes('また情報が入りましたら'));
    const author = await site.app.db.kysely
      .selectFrom('authors')
      .selectAll()
      .where('display_name', '=', '見本太郎')
      .executeTakeFirstOrThrow();
    assert.equal(author.greeting, '皆さんこんにちは。\n見本ブログの見本太郎です。');
    assert.equal(author.signoff, 'この内容が参考になればと思います。\nまた情報が入りましたらお知らせします。');
    const page = (await site.server.inject('/posts/50000001')).body;
    assert.match(page, /見本ブログの見本太郎です/);
  });

  it('keeps comments with their names and dates, and drops contact details unless asked', async () => {
    const post = await site.app.db.kysely.selectFrom('posts').select('id').where('slug', '=', '50000001').executeTakeFirstOrThrow();
    const [comment] = await store.commentsOf(site.app.db.kysely, Number(post.id));
    assert.equal(comment!.author_name, '読者A');
    assert.equal(comment!.created_at, '2023-06-13T01:00:00.000Z');
    assert.deepEqual([comment!.author_email, comment!.author_ip, comment!.author_url], [null, null, null]);
  });

  it('answers the old URLs with 301 to the new pages', async () => {
    const post = await site.server.inject('/archives/50000002.html');
    assert.equal(post.statusCode, 301);
    assert.equal(post.headers.location, '/posts/50000002');
    const month = await site.server.inject('/archives/2023-06.html');
    assert.equal(month.statusCode, 301);
    assert.equal(month.headers.location, '/archive/2023/06');
    assert.equal((await site.server.inject('/archives/99999999.html')).statusCode, 404);
  });

  it('changes nothing when the same file is imported again, and updates an edited entry', async () => {
    const again = await importMt(site.app.db, {
      open: file(MT, 'euc-jp'),
      fileName: 'livedoor.txt',
      dryRun: false,
      keepCommenterContacts: false,
      blog: 'livedoor',
      actor: cliActor,
    });
    assert.deepEqual([again.created, again.updated, again.unchanged, again.comments], [0, 0, 4, 0]);
    const edited = MT.replace('本文2です。', '本文2を書き直しました。');
    const third = await importMt(site.app.db, {
      open: file(edited, 'euc-jp'),
      fileName: 'livedoor.txt',
      dryRun: false,
      keepCommenterContacts: false,
      blog: 'livedoor',
      actor: cliActor,
    });
    assert.deepEqual([third.created, third.updated, third.unchanged], [0, 1, 3]);
    const count = await site.app.db.kysely
      .selectFrom('posts')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 4);
  });

  it('writes nothing on a dry run, or when the file is bad, and names the entry', async () => {
    const fresh = await createTestSite();
    try {
      const dry = await importMt(fresh.app.db, {
        open: file(MT),
        fileName: 'x',
        dryRun: true,
        keepCommenterContacts: false,
        blog: 'livedoor',
        actor: cliActor,
      });
      assert.equal(dry.entries, 4);
      const broken = MT.replace('DATE: 06/14/2023', 'DATE: 02/30/2023');
      await assert.rejects(
        importMt(fresh.app.db, {
          open: file(broken),
          fileName: 'x',
          dryRun: false,
          keepCommenterContacts: false,
          blog: 'livedoor',
          actor: cliActor,
        }),
        /4件目.*ありえない日付/,
      );
      const truncated = MT.slice(0, MT.length - 20);
      await assert.rejects(
        importMt(fresh.app.db, {
          open: file(truncated),
          fileName: 'x',
          dryRun: false,
          keepCommenterContacts: false,
          blog: 'livedoor',
          actor: cliActor,
        }),
        /切れています/,
      );
      const binary = () =>
        (async function* () {
          yield Buffer.from([0, 1, 2, 255, 254, 0, 0x89, 0x50, 0x4e, 0x47]);
        })();
      await assert.rejects(
        importMt(fresh.app.db, {
          open: binary,
          fileName: 'x',
          dryRun: false,
          keepCommenterContacts: false,
          blog: 'livedoor',
          actor: cliActor,
        }),
      );
      const posts = await fresh.app.db.kysely.selectFrom('posts').select('id').execute();
      assert.equal(posts.length, 0);
    } finally {
      await fresh.close();
    }
  });

  it("keeps commenters' contacts when the owner asks", async () => {
    const fresh = await createTestSite();
    try {
      await importMt(fresh.app.db, {
        open: file(MT, 'shift_jis'),
        fileName: 'x',
        dryRun: false,
        keepCommenterContacts: true,
        blog: 'fc2',
        actor: cliActor,
      });
      const c = await fresh.app.db.kysely.selectFrom('comments').selectAll().executeTakeFirstOrThrow();
      assert.deepEqual([c.author_email, c.author_ip], ['reader@example.jp', '192.0.2.1']);
      assert.equal((await fresh.server.inject('/blog-entry-50000001.html')).headers.location, '/posts/50000001');
    } finally {
      await fresh.close();
    }
  });

  it('refuses a 50 MB single post with a message naming it, and writes nothing', async () => {
    const fresh = await createTestSite();
    try {
      const head = `${entry(1)}AUTHOR: 見本太郎\nTITLE: 巨大な記事\nDATE: 06/20/2023 09:00:00 AM\n-----\nBODY:\n`;
      const huge = hugeFile(head, '個人情報の保護に関する法律。<br />\n', 50 * 1024 * 1024, '\n-----\n--------\n');
      await assert.rejects(
        importMt(fresh.app.db, {
          open: huge,
          fileName: 'x',
          dryRun: false,
          keepCommenterContacts: false,
          blog: 'livedoor',
          actor: cliActor,
        }),
        /2件目（\d+行目「巨大な記事」）: BODY が 5,000,000 文字を超えています/,
      );
      const oneLine = hugeFile(head, 'あ', 50 * 1024 * 1024, '\n-----\n--------\n');
      await assert.rejects(
        importMt(fresh.app.db, {
          open: oneLine,
          fileName: 'x',
          dryRun: false,
          keepCommenterContacts: false,
          blog: 'livedoor',
          actor: cliActor,
        }),
        /行目が 5,000,000 文字を超えています/,
      );
      assert.equal((await fresh.app.db.kysely.selectFrom('posts').select('id').execute()).length, 0);
    } finally {
      await fresh.close();
    }
  });

  it('keeps EUC-JP text once read a byte out of step exactly as it was, reports post and line, and lists it for the author (要確認)', async () => {
    const fresh = await createTestSite();
    try {
      // What a decoder without NEC row 13 made of "①どのウイルス対策ソフトを選ぶか": the
      // lead byte AD dropped, the rest paired wrongly until the next ASCII byte.
      const original = iconv.encode('①どのウイルス対策ソフトを選ぶか', 'euc-jp');
      const damaged = new TextDecoder('euc-jp').decode(original.subarray(1));
      const text = entry(1) + entry(2, { body: `${damaged}<br />` });
      const damagedLine = text.split('\n').findIndex((l) => l.startsWith(damaged)) + 1;
      const report = await importMt(fresh.app.db, {
        open: file(text),
        fileName: 'x',
        dryRun: false,
        keepCommenterContacts: false,
        blog: 'livedoor',
        actor: cliActor,
      });
      assert.equal(report.mojibake.length, 1);
      const [m] = report.mojibake;
      assert.deepEqual([m!.entry, m!.line, m!.repaired], [2, damagedLine, false]);
      assert.ok(m!.guess!.startsWith('①どのウイルス対'), m!.guess);
      assert.match(report.warnings.map((w) => w.message).join('\n'), /元のまま取り込み、要確認/);
      assert.equal(report.review, 1);
      const row = await fresh.app.db.kysely
        .selectFrom('posts')
        .select(['id', 'plain_text'])
        .where('slug', '=', '50000002')
        .executeTakeFirstOrThrow();
      // The page shows the line as it was, never the guess.
      assert.ok(row.plain_text.includes(damaged), row.plain_text);
      assert.doesNotMatch(row.plain_text, /①どの/);
      const listed = await store.openReviewLines(fresh.app.db.kysely);
      assert.deepEqual(
        listed.map((l) => [Number(l.post_id), l.entry, l.line, l.text]),
        [[Number(row.id), 2, damagedLine, damaged]],
      );
      assert.ok(listed[0]!.guess.startsWith('①どのウイルス対'));
    } finally {
      await fresh.close();
    }
  });

  it('writes many batches (side by side on PostgreSQL) without slug races, and skips an entry repeated in the file', async () => {
    const fresh = await createTestSite();
    try {
      // 250 entries, all with the same ASCII title (the same slug asked for), new tags spread
      // over them, and the first entry repeated at the end.
      const many = Array.from({ length: 250 }, (_, i) =>
        entry(i + 1, { title: 'Security update', body: `本文${i}です。<br />` })
          .replace('TAGS: ランサムウェア', `TAGS: タグ${i % 17}`)
          .replace(/DATE: .*/, `DATE: 0${1 + (i % 9)}/${10 + (i % 18)}/2022 09:${String(i % 60).padStart(2, '0')}:00 AM`),
      ).join('');
      const report = await importMt(fresh.app.db, {
        open: file(many + entry(1, { title: 'Security update' })),
        fileName: 'x',
        dryRun: false,
        keepCommenterContacts: false,
        blog: 'livedoor',
        actor: cliActor,
      });
      assert.equal(report.created, 250);
      assert.match(report.warnings.map((w) => w.message).join('\n'), /2回あります/);
      const rows = await fresh.app.db.kysely.selectFrom('posts').select('slug').execute();
      assert.equal(rows.length, 250);
      assert.equal(new Set(rows.map((r) => r.slug)).size, 250);
      const tags = await fresh.app.db.kysely.selectFrom('tags').select('name').execute();
      assert.equal(tags.length, 17);
      // Each batch is one content change (the caches hear of it).
      assert.equal((await fresh.server.inject('/')).statusCode, 200);
      assert.ok(
        Number((await fresh.app.db.kysely.selectFrom('site_state').select('content_version').executeTakeFirstOrThrow()).content_version) >=
          3,
      );
    } finally {
      await fresh.close();
    }
  });
});
