import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { cliActor } from '../audit/service.ts';
import { addAddendum, createAuthor, createCategory, createPost, publishDue, updatePost } from '../content/service.ts';
import { deliverDue, smtpTransport } from '../mail/outbox.ts';
import { createTestSite, startTestSubscriptionJobs, type TestSite } from '../testing/app.ts';
import { startTestSmtp, type TestSmtp } from '../testing/smtp.ts';
import { wireSubscriptions, type SubscriptionJobs } from './jobs.ts';
import * as service from './service.ts';
import { deletePersonData, exportPersonData } from '../privacy/service.ts';

function linkIn(text: string, path: string): string {
  const m = new RegExp(`https://blog\\.example\\.jp${path.replace(/\//g, '\\/')}\\?t=(\\S+)`).exec(text);
  assert.ok(m, `no ${path} link in: ${text}`);
  return decodeURIComponent(m[1]!);
}

describe('subscriptions', () => {
  let site: TestSite;
  let smtp: TestSmtp;
  let jobs: SubscriptionJobs;
  let authorId: number;
  let n = 0;
  const ctx = () => ({
    db: site.app.db,
    sealer: site.app.sealer,
    siteUrl: 'https://blog.example.jp',
    mailFrom: 'no-reply@blog.example.jp',
  });
  const post = (title: string, extra: Record<string, unknown> = {}) =>
    createPost(
      site.app.db,
      {
        title,
        slug: `p${++n}`,
        status: 'published',
        authorId,
        markdown: `${title}の本文です。\n\n::image{src="/media/a.jpg" alt="発表の画面" credit="画像は同社のWebサイトより" width=800 height=450}\n\n::source{url="https://www.ppc.go.jp/news/" title="報道発表" publisher="個人情報保護委員会"}`,
        ...extra,
      },
      cliActor,
    );

  /** Subscribes and confirms; returns the confirmation mail's text. */
  async function subscribed(email: string, input: Partial<service.SubscribeInput> = {}): Promise<void> {
    await service.subscribe(ctx(), { email, consent: true, ...input });
    await jobs.pump();
    const mail = await smtp.waitFor(email, /メール購読の確認/);
    await service.confirmSubscription(ctx(), linkIn(mail.text, '/subscriptions/confirm'));
  }

  before(async () => {
    smtp = await startTestSmtp();
    site = await createTestSite({ smtpUrl: smtp.url });
    jobs = startTestSubscriptionJobs(site.app, { mailFrom: 'no-reply@blog.example.jp', mailRatePerMinute: 60_000 });
    authorId = await createAuthor(site.app.db, { slug: 'a', displayName: '山田' });
    await createCategory(site.app.db, { slug: 'pmark', name: 'Pマーク' });
    await createCategory(site.app.db, { slug: 'isms', name: 'ISMS' });
  });
  after(async () => {
    jobs.stop();
    await site.close();
    await smtp.close();
  });
  beforeEach(() => void smtp.messages.splice(0));

  it('mails a published post to confirmed subscribers in a text and an HTML part, with a Japanese subject and one-click unsubscribe headers', async () => {
    await subscribed('sato@example.jp');
    await post('個人情報の漏えい報告が増えています');
    assert.equal(await jobs.pump(), 1);
    const m = await smtp.waitFor('sato@example.jp', /漏えい報告/);
    assert.equal(m.subject, '【瓦版】個人情報の漏えい報告が増えています');
    assert.match(m.text, /の本文です/);
    assert.match(m.text, /出典: 報道発表 \( https:\/\/www\.ppc\.go\.jp\/news\/ \)（個人情報保護委員会）/);
    assert.match(m.html, /<img src="https:\/\/blog\.example\.jp\/media\/a\.jpg" alt="発表の画面" width="600" height="338"/);
    assert.match(m.html, /画像は同社のWebサイトより/);
    assert.match(m.html, /<p style="[^"]+">/);
    assert.doesNotMatch(m.html, /class=/);
    assert.match(
      m.rawHeaders['list-unsubscribe']!,
      /^<https:\/\/blog\.example\.jp\/subscriptions\/unsubscribe\?t=[^>]+>, <mailto:no-reply@blog\.example\.jp\?subject=unsubscribe[^>]+>$/,
    );
    assert.equal(m.rawHeaders['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');
    assert.match(m.rawHeaders['subject']!, /^=\?UTF-8\?/, 'the subject travels encoded (RFC 2047) and is decoded above');
    // Sent: the outbox keeps no address or text.
    const row = await site.app.db.kysely.selectFrom('mail_outbox').selectAll().where('kind', '=', 'post').executeTakeFirstOrThrow();
    assert.deepEqual([row.status, row.recipient, row.body, row.html, row.headers], ['sent', '', '', '', '']);
  });

  it('sends a post once: not again when edited or published again, not at all with メールで配信しない, and only to matching categories', async () => {
    await subscribed('suzuki@example.jp', { categories: ['isms'] });
    const p = await post('ISMSの改訂', { categories: ['isms'] });
    await post('Pマークの更新', { categories: ['pmark'] });
    await jobs.pump();
    await updatePost(site.app.db, Number(p.id), { title: 'ISMSの改訂（訂正）' });
    await updatePost(site.app.db, Number(p.id), { status: 'draft' });
    await updatePost(site.app.db, Number(p.id), { status: 'published' });
    const quiet = await createPost(
      site.app.db,
      { title: '配信しない記事', slug: 'quiet', status: 'draft', authorId, markdown: '本文', categories: ['isms'] },
      cliActor,
    );
    await service.setPostMailOff(site.app.db, Number(quiet.id), true);
    await updatePost(site.app.db, Number(quiet.id), { status: 'published' });
    await jobs.pump();
    const mine = smtp.messages.filter((m) => m.to === 'suzuki@example.jp' && !/購読の確認/.test(m.subject));
    assert.deepEqual(
      mine.map((m) => m.subject),
      ['【瓦版】ISMSの改訂'],
    );
  });

  it('queues a scheduled post when the scheduler publishes it', async () => {
    await subscribed('sched@example.jp');
    await createPost(
      site.app.db,
      {
        title: '予約した記事',
        slug: 'scheduled',
        status: 'scheduled',
        publishedAt: new Date(Date.now() + 1000).toISOString(),
        authorId,
        markdown: '本文',
      },
      cliActor,
    );
    await publishDue(site.app.db, new Date(Date.now() + 5000));
    await jobs.pump();
    await smtp.waitFor('sched@example.jp', /予約した記事/);
  });

  it('mails an addendum to the followers of that post only', async () => {
    const p = await post('続報を待つ記事');
    await service.subscribe(ctx(), { email: 'follower@example.jp', consent: true, follow: p.slug });
    await jobs.pump();
    await service.confirmSubscription(
      ctx(),
      linkIn((await smtp.waitFor('follower@example.jp', /購読の確認/)).text, '/subscriptions/confirm'),
    );
    const prefs = await service.preferences(
      ctx(),
      service.personalToken(
        site.app.sealer,
        (
          await site.app.db.kysely
            .selectFrom('subscribers')
            .select('ref')
            .where('status', '=', 'confirmed')
            .orderBy('id', 'desc')
            .executeTakeFirstOrThrow()
        ).ref,
      ),
    );
    assert.equal(prefs.frequency, 'none');
    assert.deepEqual(
      prefs.follows.map((f) => f.slug),
      [p.slug],
    );
    await addAddendum(site.app.db, Number(p.id), '2026-12-01', '委員会が調査結果を公表しました。');
    await jobs.pump();
    const m = await smtp.waitFor('follower@example.jp', /追記: 続報を待つ記事/);
    assert.match(m.text, /委員会が調査結果を公表しました/);
    assert.match(m.html, /2026年12月1日追記/);
  });

  it('answers a second subscription the same way and mails the owner, refuses a bad address, a forged and a reused link', async () => {
    await subscribed('twice@example.jp');
    assert.equal(await service.subscribe(ctx(), { email: 'twice@example.jp', consent: true }), 'duplicate');
    await jobs.pump();
    const again = await smtp.waitFor('twice@example.jp', /メール購読のお知らせ/);
    assert.match(again.text, /購読は既に始まっています/);
    assert.equal(
      await site.app.db.kysely
        .selectFrom('subscribers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('email_hash', '=', site.app.sealer.emailHash('twice@example.jp'))
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n)),
      1,
    );
    await assert.rejects(service.subscribe(ctx(), { email: 'not-an-address', consent: true }), /メールアドレスの形式が正しくありません/);
    await assert.rejects(service.subscribe(ctx(), { email: 'x@example.jp', consent: false }), /同意いただく必要があります/);
    await assert.rejects(service.confirmSubscription(ctx(), 'subscribe.x.y.z.forged'), /正しくありません/);
    await service.subscribe(ctx(), { email: 'reuse@example.jp', consent: true });
    await jobs.pump();
    const token = linkIn((await smtp.waitFor('reuse@example.jp', /購読の確認/)).text, '/subscriptions/confirm');
    await service.confirmSubscription(ctx(), token);
    await assert.rejects(service.confirmSubscription(ctx(), token), /既に使われています/);
  });

  it('stores the email sealed and found by its keyed hash, with the consented notice', async () => {
    await service.subscribe(ctx(), { email: 'sealed@example.jp', consent: true });
    const row = await site.app.db.kysely
      .selectFrom('subscribers')
      .selectAll()
      .where('email_hash', '=', site.app.sealer.emailHash('sealed@example.jp'))
      .executeTakeFirstOrThrow();
    assert.doesNotMatch(row.email, /sealed@example/);
    const data = await service.subscriptionOf(site.app.db, site.app.sealer, 'Sealed@example.jp');
    assert.equal(data?.email, 'sealed@example.jp');
    assert.match(data!.consent.text, /保存期間: 購読をやめるまで/);
  });

  it('is covered by a person’s export and deletion, with the followed posts', async () => {
    const p = await post('開示される記事');
    await service.subscribe(ctx(), { email: 'person@example.jp', consent: true, follow: p.slug });
    const data = await exportPersonData(site.app.db, site.app.sealer, 'person@example.jp', cliActor);
    assert.equal(data.subscription?.email, 'person@example.jp');
    assert.deepEqual(
      data.subscription?.followedPosts.map((f) => f.slug),
      [p.slug],
    );
    const deleted = await deletePersonData(site.app.db, site.app.sealer, 'person@example.jp', cliActor);
    assert.equal(deleted.subscriptions, 1);
    assert.equal(await service.subscriptionOf(site.app.db, site.app.sealer, 'person@example.jp'), null);
    assert.equal(
      Number(
        (
          await site.app.db.kysely
            .selectFrom('subscriber_follows')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('post_id', '=', Number(p.id))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      0,
    );
  });

  it('queues a post’s mail without address or text, made when sent; a person’s export counts it, deletion removes it, a paused subscriber gets none', async () => {
    await subscribed('queued@example.jp');
    await subscribed('paused@example.jp');
    const p = await post('送るときに作るメール');
    const rows = await site.app.db.kysely.selectFrom('mail_outbox').selectAll().where('post_id', '=', Number(p.id)).execute();
    assert.ok(rows.length >= 2);
    for (const r of rows) assert.deepEqual([r.status, r.recipient, r.body, r.html, r.headers], ['pending', '', '', '', '']);
    const data = await exportPersonData(site.app.db, site.app.sealer, 'queued@example.jp', cliActor);
    assert.equal(data.subscription?.queuedMails, 1);
    await deletePersonData(site.app.db, site.app.sealer, 'queued@example.jp', cliActor);
    await site.app.db.kysely
      .updateTable('subscribers')
      .set({ status: 'paused' })
      .where('email_hash', '=', site.app.sealer.emailHash('paused@example.jp'))
      .execute();
    await jobs.pump();
    const got = smtp.messages.filter((m) => /送るときに作るメール/.test(m.subject)).map((m) => m.to);
    assert.ok(got.length >= 1, 'the other subscribers got it');
    assert.ok(!got.includes('queued@example.jp') && !got.includes('paused@example.jp'));
    assert.equal(
      rows.length - 1,
      await site.app.db.kysely
        .selectFrom('mail_outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('post_id', '=', Number(p.id))
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n)),
      'the deleted person’s queued mail went with them',
    );
  });

  it('deletes a subscription at once on leaving, and unconfirmed ones after 7 days', async () => {
    await subscribed('leave@example.jp');
    const ref = (
      await site.app.db.kysely
        .selectFrom('subscribers')
        .select('ref')
        .where('email_hash', '=', site.app.sealer.emailHash('leave@example.jp'))
        .executeTakeFirstOrThrow()
    ).ref;
    await service.unsubscribe(ctx(), service.personalToken(site.app.sealer, ref));
    assert.equal(await service.subscriptionOf(site.app.db, site.app.sealer, 'leave@example.jp'), null);
    await service.subscribe(ctx(), { email: 'late@example.jp', consent: true, frequency: 'weekly' });
    assert.equal(await service.purgeUnconfirmed(site.app.db, new Date(Date.now() + 6 * 86_400_000), true), 0);
    assert.ok((await service.purgeUnconfirmed(site.app.db, new Date(Date.now() + 8 * 86_400_000), true)) >= 1);
    assert.equal(await service.subscriptionOf(site.app.db, site.app.sealer, 'late@example.jp'), null);
  });

  it('retries a 4xx, and pauses a subscriber after three permanent (5xx) refusals', async () => {
    await site.app.db.kysely.deleteFrom('subscribers').execute();
    await subscribed('bounce@example.jp');
    smtp.refuseNext(1);
    await post('一時エラーの記事');
    await jobs.pump();
    const row = await site.app.db.kysely
      .selectFrom('mail_outbox')
      .selectAll()
      .where('subject', '=', '【瓦版】一時エラーの記事')
      .where('status', '=', 'pending')
      .executeTakeFirst();
    assert.ok(row, 'a 4xx leaves the mail pending for a retry');
    await site.app.db.kysely.deleteFrom('mail_outbox').where('status', '=', 'pending').execute();
    for (let i = 0; i < 3; i++) {
      smtp.refuseNextPermanently(1);
      await post(`恒久エラーの記事${i}`);
      await jobs.pump();
    }
    const sub = await site.app.db.kysely
      .selectFrom('subscribers')
      .selectAll()
      .where('email_hash', '=', site.app.sealer.emailHash('bounce@example.jp'))
      .executeTakeFirstOrThrow();
    assert.equal(sub.status, 'paused');
    assert.equal(sub.failures, 3);
  });

  it('sends the weekly digest with the week’s posts on Monday 08:00 Japan time, and none for an empty week', async () => {
    await site.app.db.kysely.deleteFrom('job_runs').execute();
    await subscribed('weekly@example.jp', { frequency: 'weekly' });
    const monday = new Date('2031-03-10T08:00:00+09:00'); // a Monday
    await createPost(
      site.app.db,
      {
        title: '今週の記事その一',
        slug: 'week-1',
        status: 'published',
        publishedAt: '2031-03-05T10:00:00+09:00',
        authorId,
        markdown: '本文',
      },
      cliActor,
    );
    await createPost(
      site.app.db,
      { title: '先月の記事', slug: 'old-1', status: 'published', publishedAt: '2031-02-01T10:00:00+09:00', authorId, markdown: '本文' },
      cliActor,
    );
    assert.equal(await service.queueDigest(ctx(), new Date('2031-03-10T09:00:00+09:00')), 0, 'not at another hour');
    assert.equal(await service.queueDigest(ctx(), monday), 1);
    assert.equal(await service.queueDigest(ctx(), new Date(monday.getTime() + 60_000)), 0, 'once a week');
    await jobs.pump();
    const m = await smtp.waitFor('weekly@example.jp', /今週の記事（1件）/);
    assert.match(m.text, /今週の記事その一/);
    assert.doesNotMatch(m.text, /先月の記事/);
    assert.equal(await service.queueDigest(ctx(), new Date('2031-03-24T08:00:00+09:00')), 0, 'an empty week sends nothing');
  });

  it('sends each mail exactly once when two processes send at the same time', async () => {
    for (let i = 0; i < 20; i++)
      await site.app.db.kysely
        .insertInto('subscribers')
        .values({
          ref: `r-${i}`,
          email_hash: site.app.sealer.emailHash(`many${i}@example.jp`),
          email: site.app.sealer.seal(`many${i}@example.jp`, `subscriber.email:r-${i}`),
          status: 'confirmed',
          frequency: 'each',
          categories: '[]',
          consent_id: 1,
          consented_at: '2026-01-01T00:00:00.000Z',
          created_at: '2026-01-01T00:00:00.000Z',
          confirmed_at: '2026-01-01T00:00:00.000Z',
          confirm_nonce: null,
          failures: 0,
        })
        .execute();
    await post('二つのプロセスで送る記事');
    const other = await site.test.openAnother();
    // The second process is wired as every sending process is: it can make post mails.
    const unwire = wireSubscriptions(other, site.app.sealer, { siteUrl: 'https://blog.example.jp', mailFrom: 'no-reply@blog.example.jp' });
    const transport = smtpTransport(smtp.url);
    try {
      const send = async (db: typeof other) => {
        for (
          let r = await deliverDue(db, site.app.sealer, transport, 'no-reply@blog.example.jp', new Date(), { batch: 5 });
          r.sent;
          r = await deliverDue(db, site.app.sealer, transport, 'no-reply@blog.example.jp', new Date(), { batch: 5 })
        );
      };
      await Promise.all([send(site.app.db), send(other)]);
    } finally {
      transport.close?.();
      unwire();
      await other.close();
    }
    const got = smtp.messages.filter((m) => m.subject === '【瓦版】二つのプロセスで送る記事').map((m) => m.to);
    assert.ok(got.length >= 20);
    assert.equal(new Set(got).size, got.length, 'no address got the post twice');
    for (let i = 0; i < 20; i++) assert.ok(got.includes(`many${i}@example.jp`));
  });
});
