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
  checkComment,
  commentPage,
  CommentError,
  fillMissingBodyHtml,
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
  let authorId: number;
  const settings: Settings = { ...defaultSettings, title: '見本ブログ' };
  const replyCtx = () => ({ db: site.app.db, sealer: site.app.sealer, siteUrl: 'https://blog.example.jp', siteTitle: '見本ブログ' });
  const send = (now = new Date()) => deliverDue(site.app.db, site.app.sealer, site.app.mailTransport!, site.app.config.mailFrom, now);

  before(async () => {
    smtp = await startTestSmtp();
    site = await createTestSite({ smtpUrl: smtp.url });
    ctx = { db: site.app.db, sealer: site.app.sealer, settings, siteUrl: 'https://blog.example.jp' };
    const author = await site.app.db.kysely
      .insertInto('authors')
      .values({ slug: 'kanri', display_name: '管理人', profile: '', greeting: '', signoff: '', created_at: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    authorId = Number(author.id);
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
    assert.deepEqual([thread.replies[0]!.byAuthor, String(thread.replies[0]!.bodyHtml)], [true, '通常は2日です。']);
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

  const notices = () => ({ sealer: site.app.sealer, siteUrl: 'https://blog.example.jp' });
  const unsentAbout = async (commentId: number) =>
    (
      await site.app.db.kysely
        .selectFrom('mail_outbox')
        .select('id')
        .where('comment_id', '=', commentId)
        .where('status', '=', 'pending')
        .execute()
    ).length;

  it('shows a comment on the remembered comment page once approved, and not while held or after it is marked spam', async () => {
    const post = { id: postId, published_at: new Date().toISOString() };
    const shown = async () => commentPage(site.app.db, post, settings, 1, site.app.remember);
    const before = await shown();
    const held = await postComment(ctx, 'isms', { name: '覚える人', email: '', body: '数は覚えたままですか？', notify: false }, 'm1');
    assert.equal((await shown()).count, before.count, 'a held comment is not counted');
    await moderate(site.app.db, 'approve', [held.id], cliActor, notices());
    const approved = await shown();
    assert.equal(approved.count, before.count + 1);
    assert.ok(approved.items.some((c) => c.id === held.id));
    await moderate(site.app.db, 'spam', [held.id], cliActor, notices());
    assert.equal((await shown()).count, before.count);
  });

  it("takes a reader's reply under the top-level comment (a reply to a reply too), held, and tells the commenter once approved", async () => {
    const top = await postComment(
      ctx,
      'isms',
      { name: '問う人', email: 'top@example.jp', body: '審査員は何人来ますか？', notify: true },
      'r1',
    );
    await assert.rejects(
      postComment(ctx, 'isms', { name: '早い人', email: '', body: '承認前への返信', notify: false }, 'r0', top.id),
      /返信先のコメントが見つかりません/,
    );
    await moderate(site.app.db, 'approve', [top.id], cliActor, notices());
    const reply = await postComment(
      ctx,
      'isms',
      { name: '答える人', email: '', body: '私のときは2人でした。', notify: false },
      'r2',
      top.id,
    );
    assert.equal(reply.status, 'held');
    assert.equal(await unsentAbout(reply.id), 0, 'nothing is said before approval');
    await moderate(site.app.db, 'approve', [reply.id], cliActor, notices());
    assert.equal(await unsentAbout(reply.id), 1);
    // Approved again after being marked spam: still one notice.
    await moderate(site.app.db, 'spam', [reply.id], cliActor, notices());
    assert.equal(await unsentAbout(reply.id), 0, 'spam takes the unsent notice back');
    await assert.rejects(
      postComment(ctx, 'isms', { name: '三人目', email: '', body: 'うちは3人でした。', notify: false }, 'r3', reply.id),
      /返信先のコメントが見つかりません/,
      'a reply marked as spam is answered by no one',
    );
    await moderate(site.app.db, 'approve', [reply.id], cliActor, notices());
    await moderate(site.app.db, 'approve', [reply.id], cliActor, notices());
    assert.equal(await unsentAbout(reply.id), 1, 'approved twice: one notice');
    const deepest = await postComment(
      ctx,
      'isms',
      { name: '四人目', email: '', body: '返信への返信です。', notify: false },
      'r4',
      reply.id,
    );
    const parent = await site.app.db.kysely
      .selectFrom('comments')
      .select('parent_id')
      .where('id', '=', deepest.id)
      .executeTakeFirstOrThrow();
    assert.equal(Number(parent.parent_id), top.id, 'one level: under the top-level comment');
    await moderate(site.app.db, 'approve', [deepest.id], cliActor, notices());
    const page = await commentPage(site.app.db, { id: postId, published_at: new Date().toISOString() }, settings);
    const thread = page.items.find((c) => c.id === top.id)!;
    assert.deepEqual(
      thread.replies.map((r) => [r.name, r.byAuthor]),
      [
        ['答える人', false],
        ['四人目', false],
      ],
    );
    await send();
    const mails = smtp.messages.filter((m) => m.to === 'top@example.jp');
    assert.equal(mails.length, 2, 'one notice per reply, none twice');
    assert.match(mails[0]!.text, /答える人 さんから返信がありました/);
    assert.match(mails[0]!.text, /私のときは2人でした。/);
  });

  it('refuses a reply to a comment under another post', async () => {
    await createPost(site.app.db, { title: '別の記事', slug: 'other', status: 'published', authorId, markdown: '別。' }, cliActor);
    const c = await postComment(ctx, 'other', { name: '別の人', email: '', body: '別の記事へ', notify: false }, 'o1');
    await moderate(site.app.db, 'approve', [c.id], cliActor, notices());
    await assert.rejects(
      postComment(ctx, 'isms', { name: 'x', email: '', body: '紛れ込む返信', notify: false }, 'o2', c.id),
      /返信先のコメントが見つかりません/,
    );
  });

  it('removes unsent reply notices with a privacy deletion or a withdrawn reply, and the export lists them', async () => {
    const mine = await postComment(
      ctx,
      'isms',
      { name: '知りたい人', email: 'Notice@example.jp', body: '通知を待つコメント', notify: true },
      'p1',
    );
    await moderate(site.app.db, 'approve', [mine.id], cliActor, notices());
    const answer = await postComment(ctx, 'isms', { name: '答え', email: '', body: '通知される返信', notify: false }, 'p2', mine.id);
    await moderate(site.app.db, 'approve', [answer.id], cliActor, notices());
    const withdrawn = await postComment(
      ctx,
      'isms',
      { name: '取り消す答え', email: '', body: '取り消される返信', notify: false },
      'p3',
      mine.id,
    );
    await moderate(site.app.db, 'approve', [withdrawn.id], cliActor, notices());
    assert.equal(await unsentAbout(withdrawn.id), 1);
    await withdrawComment({ db: site.app.db, sealer: site.app.sealer }, withdrawn.withdrawToken);
    assert.equal(await unsentAbout(withdrawn.id), 0, 'the withdrawn reply takes its notice with it');

    const data = await exportPersonData(site.app.db, site.app.sealer, 'notice@example.jp', cliActor);
    assert.equal(data.queuedCommentMail.length, 1);
    assert.match(data.queuedCommentMail[0]!.subject, /コメントに返信がありました/);
    assert.equal(data.queuedMail, 1);
    await deletePersonData(site.app.db, site.app.sealer, 'notice@example.jp', cliActor);
    assert.equal(await unsentAbout(answer.id), 0, 'the notice addressed to them is gone');
    const pending = await site.app.db.kysely
      .selectFrom('mail_outbox')
      .select(['recipient', 'ref'])
      .where('status', '=', 'pending')
      .execute();
    assert.ok(!pending.some((m) => site.app.sealer.open(m.recipient, `mail.recipient:${m.ref}`).toLowerCase() === 'notice@example.jp'));
    assert.deepEqual((await exportPersonData(site.app.db, site.app.sealer, 'notice@example.jp', cliActor)).queuedCommentMail, []);
  });

  it('checks a comment without keeping it, and refuses a sixth from one address within 10 minutes', async () => {
    const before = (await site.app.db.kysely.selectFrom('comments').select('id').execute()).length;
    const draft = await checkComment(ctx, 'isms', { name: '確認', email: '', body: '確認だけ', notify: false }, 'rate');
    assert.equal(draft.status, 'held');
    assert.equal(draft.bodyHtml, '確認だけ');
    assert.equal((await site.app.db.kysely.selectFrom('comments').select('id').execute()).length, before);
    for (let i = 0; i < 5; i++) await postComment(ctx, 'isms', { name: '連投', email: '', body: `連投${i}`, notify: false }, 'rate');
    await assert.rejects(
      checkComment(ctx, 'isms', { name: '連投', email: '', body: '六つ目', notify: false }, 'rate'),
      (err: CommentError) => {
        assert.equal(err.status, 429);
        return true;
      },
    );
  });

  it('makes the body HTML of comments stored without it: on the page, and in the job', async () => {
    const insert = (key: string, body: string) =>
      site.app.db.kysely
        .insertInto('comments')
        .values({
          post_id: postId,
          author_name: '旧',
          author_email: null,
          author_ip: null,
          author_url: null,
          body,
          created_at: '2015-01-01T00:00:00Z',
          source_key: key,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const a = await insert('mt:html:1', '一行目<br />&lt;b&gt;https://old.example/');
    const page = await commentPage(site.app.db, { id: postId, published_at: new Date().toISOString() }, settings);
    assert.equal(
      page.items.find((c) => c.id === Number(a.id))!.bodyHtml,
      '一行目<br/>&lt;b&gt;<a href="https://old.example/" rel="nofollow ugc noopener">https://old.example/</a>',
    );
    const kept = await site.app.db.kysely.selectFrom('comments').select('body_html').where('id', '=', a.id).executeTakeFirstOrThrow();
    assert.equal(kept.body_html, page.items.find((c) => c.id === Number(a.id))!.bodyHtml);
    const b = await insert('mt:html:2', '<script>x</script>');
    await site.app.db.kysely.updateTable('comments').set({ status: 'held' }).where('id', '=', b.id).execute();
    assert.ok((await fillMissingBodyHtml(site.app.db)) >= 1);
    const filled = await site.app.db.kysely.selectFrom('comments').select('body_html').where('id', '=', b.id).executeTakeFirstOrThrow();
    assert.equal(filled.body_html, 'x');
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
    assert.equal(
      await moderate(site.app.db, 'approve', [p.id, 999_999], cliActor, { sealer: site.app.sealer, siteUrl: 'https://blog.example.jp' }),
      1,
    );
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
