import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cliActor } from '../audit/service.ts';
import { createUser } from '../accounts/service.ts';
import { createPost } from '../content/service.ts';
import { deliverDue } from '../mail/outbox.ts';
import { deletePersonData, exportPersonData } from '../privacy/service.ts';
import { defaultSettings, type Settings } from '../site/settings.ts';
import { createTestSite, type TestSite } from '../testing/app.ts';
import { TEST_PASSWORD } from '../testing/admin-client.ts';
import { startTestSmtp, type TestSmtp } from '../testing/smtp.ts';
import { clearAddressHashes, queueHeldDigest } from './jobs.ts';
import {
  commentPage,
  isOpen,
  moderate,
  postComment,
  replyAsAuthor,
  setCommentsOpen,
  withdrawComment,
  type CommentContext,
} from './service.ts';
import { bodyLines, importedBodyText } from './text.ts';

describe("comments: the author replies, mails, retention, a person's data", () => {
  let site: TestSite;
  let smtp: TestSmtp;
  let ctx: CommentContext;
  let postId: number;
  const settings: Settings = { ...defaultSettings, title: '見本ブログ' };
  const replyCtx = () => ({ db: site.app.db, sealer: site.app.sealer, siteUrl: 'https://blog.example.jp', siteTitle: '見本ブログ' });
  const send = (now = new Date()) => deliverDue(site.app.db, site.app.sealer, site.app.mailTransport!, site.app.config.mailFrom, now);

  before(async () => {
    smtp = await startTestSmtp();
    site = await createTestSite({ smtpUrl: smtp.url });
    ctx = { db: site.app.db, sealer: site.app.sealer, settings };
    const author = await site.app.db.kysely
      .insertInto('authors')
      .values({ slug: 'kanri', display_name: '管理人', profile: '', greeting: '', signoff: '', created_at: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    postId = Number(
      (
        await createPost(
          site.app.db,
          { title: 'ISMSの審査', slug: 'isms', status: 'published', authorId: Number(author.id), markdown: '審査の話。' },
          cliActor,
        )
      ).id,
    );
    const userId = await createUser(
      site.app.db,
      { email: 'owner@example.jp', role: 'owner', password: TEST_PASSWORD, displayName: '管理人' },
      cliActor,
    );
    await site.app.db.kysely
      .updateTable('users')
      .set({ author_id: Number(author.id) })
      .where('id', '=', userId)
      .execute();
  });
  after(async () => {
    await site.close();
    await smtp.close();
  });

  it('replies as the author: approved at once, marked, under the comment, and the commenter is mailed when they asked', async () => {
    const asked = await postComment(
      ctx,
      'isms',
      { name: '質問者', email: 'asker@example.jp', body: '審査の期間はどのくらいですか？', notify: true },
      'h1',
    );
    const silent = await postComment(
      ctx,
      'isms',
      { name: '黙る人', email: 'quiet@example.jp', body: '知らせは要りません。', notify: false },
      'h2',
    );
    await replyAsAuthor(replyCtx(), asked.id, { name: '管理人', body: '通常は2日です。' }, cliActor);
    await replyAsAuthor(replyCtx(), silent.id, { name: '管理人', body: 'ありがとうございます。' }, cliActor);
    const page = await commentPage(site.app.db, { id: postId, published_at: new Date().toISOString() }, settings);
    const thread = page.items.find((c) => c.id === asked.id)!;
    assert.equal(thread.replies.length, 1);
    assert.deepEqual([thread.replies[0]!.byAuthor, thread.replies[0]!.body], [true, '通常は2日です。']);
    assert.equal(page.count, 4);
    await send();
    const mails = smtp.messages.filter((m) => m.subject.includes('コメントに返信がありました'));
    assert.equal(mails.length, 1);
    assert.equal(mails[0]!.to, 'asker@example.jp');
    assert.match(mails[0]!.text, /通常は2日です。/);
    assert.match(mails[0]!.text, /https:\/\/blog\.example\.jp\/posts\/isms#comments/);
    const audit = await site.app.db.kysely.selectFrom('audit_log').select('action').where('action', '=', 'comment.reply').execute();
    assert.equal(audit.length, 2);
  });

  it('sends the author one mail per 10 minutes listing the held comments that came in', async () => {
    const t0 = new Date(Date.now() + 60_000);
    await postComment({ ...ctx, now: t0 }, 'isms', { name: '一人目', email: '', body: '一つ目の承認待ち', notify: false }, 'h3');
    await postComment({ ...ctx, now: t0 }, 'isms', { name: '二人目', email: '', body: '二つ目の承認待ち', notify: false }, 'h4');
    const first = await queueHeldDigest(replyCtx(), new Date(t0.getTime() + 1000));
    assert.equal(first, 1);
    await postComment(
      { ...ctx, now: new Date(t0.getTime() + 120_000) },
      'isms',
      { name: '三人目', email: '', body: '三つ目の承認待ち', notify: false },
      'h5',
    );
    assert.equal(await queueHeldDigest(replyCtx(), new Date(t0.getTime() + 180_000)), 0, 'not again within 10 minutes');
    assert.equal(await queueHeldDigest(replyCtx(), new Date(t0.getTime() + 11 * 60_000)), 1);
    await send(new Date(t0.getTime() + 12 * 60_000));
    const digests = smtp.messages.filter((m) => m.subject.includes('承認待ちのコメント'));
    assert.equal(digests.length, 2);
    assert.equal(digests[0]!.to, 'owner@example.jp');
    assert.match(digests[0]!.text, /一人目 さん: 一つ目の承認待ち/);
    assert.match(digests[0]!.text, /二人目/);
    assert.doesNotMatch(digests[0]!.text, /三人目/);
    assert.match(digests[1]!.text, /三人目 さん: 三つ目の承認待ち/);
    assert.doesNotMatch(digests[1]!.text, /一人目/);
  });

  it('clears address hashes older than 30 days, once a day', async () => {
    const old = new Date(Date.now() - 31 * 86_400_000);
    await postComment({ ...ctx, now: old }, 'isms', { name: '昔の人', email: '', body: 'ずっと前のコメント', notify: false }, 'old-hash');
    const cleared = await clearAddressHashes(site.app.db, new Date(), true);
    assert.equal(cleared, 1);
    const rows = await site.app.db.kysely.selectFrom('comments').select(['author_name', 'ip_hash']).execute();
    assert.equal(rows.find((r) => r.author_name === '昔の人')!.ip_hash, null);
    assert.ok(rows.find((r) => r.author_name === '一人目')!.ip_hash);
    await clearAddressHashes(site.app.db, new Date());
    assert.equal(await clearAddressHashes(site.app.db, new Date()), 0, 'the daily job ran already today');
  });

  it("exports and deletes a commenter's comments and reply notices with privacy export/delete", async () => {
    const data = await exportPersonData(site.app.db, site.app.sealer, 'ASKER@example.jp', cliActor);
    assert.equal(data.comments.length, 1);
    assert.deepEqual(
      [data.comments[0]!.email, data.comments[0]!.replyNotice, data.comments[0]!.status],
      ['asker@example.jp', true, 'approved'],
    );
    assert.match(data.comments[0]!.notice!, /鍵付きハッシュ/);
    const deleted = await deletePersonData(site.app.db, site.app.sealer, 'asker@example.jp', cliActor);
    assert.equal(deleted.comments, 1);
    const left = await site.app.db.kysely.selectFrom('comments').select('body').execute();
    assert.ok(!left.some((r) => r.body.includes('審査の期間')));
    assert.ok(!left.some((r) => r.body === '通常は2日です。'), 'the reply under it goes with it');
  });

  it('closes comments N days after publication unless opened by hand, and refuses them when closed', async () => {
    const post = { id: postId, published_at: new Date(Date.now() - 91 * 86_400_000).toISOString() };
    assert.equal(await isOpen(site.app.db, post, { commentCloseDays: 90 }), false);
    assert.equal(await isOpen(site.app.db, post, { commentCloseDays: 0 }), true);
    await setCommentsOpen(site.app.db, postId, 'open', cliActor);
    assert.equal(await isOpen(site.app.db, post, { commentCloseDays: 90 }), true);
    await setCommentsOpen(site.app.db, postId, 'closed', cliActor);
    await assert.rejects(postComment(ctx, 'isms', { name: 'a', email: '', body: '閉じた後', notify: false }, 'h'), /受付は終了しました/);
    await setCommentsOpen(site.app.db, postId, 'auto', cliActor);
  });

  it('moderates in the audit log, and a withdrawn comment takes its personal data with it', async () => {
    const p = await postComment(ctx, 'isms', { name: '取り消す人', email: 'w@example.jp', body: '取り消す予定', notify: true }, 'hw');
    assert.equal(await moderate(site.app.db, 'approve', [p.id, 999_999], cliActor), 1);
    await withdrawComment({ db: site.app.db, sealer: site.app.sealer }, p.withdrawToken);
    assert.equal(await site.app.db.kysely.selectFrom('comments').select('id').where('id', '=', p.id).executeTakeFirst(), undefined);
    const actions = (
      await site.app.db.kysely.selectFrom('audit_log').select(['action', 'target']).where('action', 'like', 'comment.%').execute()
    ).map((a) => `${a.action} ${a.target}`);
    assert.ok(actions.includes(`comment.approve comment:${p.id}`));
    assert.ok(actions.includes(`comment.withdraw comment:${p.id}`));
  });
});

describe('comment text', () => {
  it('turns http(s) URLs into link pieces and leaves everything else text', () => {
    assert.deepEqual(bodyLines('見て https://example.jp/a?b=1。\n<a href="javascript:x">x</a>'), [
      [{ text: '見て ' }, { url: 'https://example.jp/a?b=1' }, { text: '。' }],
      [{ text: '<a href="javascript:x">x</a>' }],
    ]);
  });

  it('reads imported HTML bodies as text with their breaks', () => {
    assert.equal(
      importedBodyText('一行目<br />二行目<p>段落</p>&lt;b&gt; &#x2460; <a href="https://old.example/">旧サイト</a>'),
      '一行目\n二行目段落\n\n<b> ① 旧サイト https://old.example/',
    );
  });
});
