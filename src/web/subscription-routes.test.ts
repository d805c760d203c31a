import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cliActor } from '../audit/service.ts';
import { createAuthor, createPost } from '../content/service.ts';
import { type SubscriptionJobs } from '../subscriptions/jobs.ts';
import { createTestSite, startTestSubscriptionJobs, type TestSite } from '../testing/app.ts';
import { startTestSmtp, type TestSmtp } from '../testing/smtp.ts';

const form = (fields: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) p.append(k, x);
  return { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: p.toString() };
};

describe('subscription routes', () => {
  let site: TestSite;
  let smtp: TestSmtp;
  let jobs: SubscriptionJobs;
  let authorId: number;
  let ip = 0;
  const from = () => `10.0.0.${++ip}`;

  before(async () => {
    smtp = await startTestSmtp();
    site = await createTestSite({ smtpUrl: smtp.url });
    jobs = startTestSubscriptionJobs(site.app, { mailRatePerMinute: 60_000 });
    authorId = await createAuthor(site.app.db, { slug: 'a', displayName: 'a' });
  });
  after(async () => {
    jobs.stop();
    await site.close();
    await smtp.close();
  });

  async function subscribeAndConfirm(email: string): Promise<void> {
    const page = await site.server.inject({ method: 'GET', url: `/subscribe?email=${encodeURIComponent(email)}` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /個人情報の取り扱い/);
    assert.match(page.body, /保存期間: 購読をやめるまで/);
    const sent = await site.server.inject({
      method: 'POST',
      url: '/subscribe',
      remoteAddress: from(),
      ...form({ email, frequency: 'each', consent: 'yes' }),
    });
    assert.equal(sent.statusCode, 200);
    assert.match(sent.body, /確認メールをお送りしました/);
    await jobs.pump();
    const mail = await smtp.waitFor(email, /メール購読の確認/);
    const link = /https:\/\/blog\.example\.jp(\/subscriptions\/confirm\?t=\S+)/.exec(mail.text)![1]!;
    const opened = await site.server.inject({ method: 'GET', url: link });
    assert.match(opened.body, /購読を確定する/);
    assert.equal(
      (
        await site.app.db.kysely
          .selectFrom('subscribers')
          .select('status')
          .where('email_hash', '=', site.app.sealer.emailHash(email))
          .executeTakeFirstOrThrow()
      ).status,
      'pending',
      'opening the link confirms nothing',
    );
    const token = decodeURIComponent(link.split('t=')[1]!);
    const done = await site.server.inject({ method: 'POST', url: '/subscriptions/confirm', remoteAddress: from(), ...form({ t: token }) });
    assert.match(done.body, /購読が確定しました/);
  }

  it('subscribes through the form and the button, and leaves with the mail program’s one-click POST, without cookies', async () => {
    await subscribeAndConfirm('reader@example.jp');
    await createPost(site.app.db, { title: '新しい記事', slug: 'new', status: 'published', authorId, markdown: '本文' }, cliActor);
    await jobs.pump();
    const mail = await smtp.waitFor('reader@example.jp', /新しい記事/);
    const url = /^<https:\/\/blog\.example\.jp([^>]+)>/.exec(mail.rawHeaders['list-unsubscribe']!)![1]!;
    const boundary = 'x-boundary';
    const res = await site.server.inject({
      method: 'POST',
      url,
      remoteAddress: from(),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['set-cookie'], undefined);
    assert.match(res.body, /購読をやめました/);
    assert.equal(
      await site.app.db.kysely
        .selectFrom('subscribers')
        .select('id')
        .where('email_hash', '=', site.app.sealer.emailHash('reader@example.jp'))
        .executeTakeFirst(),
      undefined,
    );
  });

  it('changes preferences through the personal link; urlencoded one-click works too', async () => {
    await subscribeAndConfirm('prefs@example.jp');
    await createPost(site.app.db, { title: '設定の記事', slug: 'prefs', status: 'published', authorId, markdown: '本文' }, cliActor);
    await jobs.pump();
    const mail = await smtp.waitFor('prefs@example.jp', /設定の記事/);
    const prefs = /https:\/\/blog\.example\.jp(\/subscriptions\/preferences\?t=\S+)/.exec(mail.text)![1]!;
    const page = await site.server.inject({ method: 'GET', url: prefs });
    assert.match(page.body, /prefs@example\.jp 宛ての配信です/);
    const token = decodeURIComponent(prefs.split('t=')[1]!);
    const saved = await site.server.inject({
      method: 'POST',
      url: '/subscriptions/preferences',
      remoteAddress: from(),
      ...form({ t: token, frequency: 'weekly' }),
    });
    assert.match(saved.body, /保存しました/);
    assert.equal(
      (
        await site.app.db.kysely
          .selectFrom('subscribers')
          .select('frequency')
          .where('email_hash', '=', site.app.sealer.emailHash('prefs@example.jp'))
          .executeTakeFirstOrThrow()
      ).frequency,
      'weekly',
    );
    const gone = await site.server.inject({
      method: 'POST',
      url: `/subscriptions/unsubscribe?t=${encodeURIComponent(token)}`,
      remoteAddress: from(),
      ...form({ 'List-Unsubscribe': 'One-Click' }),
    });
    assert.match(gone.body, /購読をやめました/);
    const again = await site.server.inject({
      method: 'POST',
      url: `/subscriptions/unsubscribe?t=${encodeURIComponent(token)}`,
      remoteAddress: from(),
      ...form({ 'List-Unsubscribe': 'One-Click' }),
    });
    assert.equal(again.statusCode, 404);
  });

  it('refuses a bad address, the honeypot and a forged link with a Japanese message, storing nothing; too many tries get 429', async () => {
    const count = async () =>
      Number(
        (
          await site.app.db.kysely
            .selectFrom('subscribers')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const bad = await site.server.inject({
      method: 'POST',
      url: '/subscribe',
      remoteAddress: from(),
      ...form({ email: 'no-at-sign', consent: 'yes' }),
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /メールアドレスの形式が正しくありません/);
    const bot = await site.server.inject({
      method: 'POST',
      url: '/subscribe',
      remoteAddress: from(),
      ...form({ email: 'bot@example.jp', consent: 'yes', website: 'http://spam' }),
    });
    assert.equal(bot.statusCode, 400);
    const forged = await site.server.inject({ method: 'GET', url: '/subscriptions/confirm?t=subscribe.abc.zz.nonce.forged' });
    assert.equal(forged.statusCode, 400);
    assert.match(forged.body, /このリンクは正しくありません/);
    assert.equal(await count(), before);
    const ipOne = from();
    let last = 0;
    for (let i = 0; i < 11; i++)
      last = (
        await site.server.inject({ method: 'POST', url: '/subscribe', remoteAddress: ipOne, ...form({ email: 'x', consent: 'yes' }) })
      ).statusCode;
    assert.equal(last, 429);
  });

  it('shows the small form in the sidebar and the follow form under a post', async () => {
    await createPost(site.app.db, { title: '追記を待つ', slug: 'follow-me', status: 'published', authorId, markdown: '本文' }, cliActor);
    const page = await site.server.inject({ method: 'GET', url: '/posts/follow-me' });
    assert.match(page.body, /この記事の追記をメールで受け取る/);
    assert.match(page.body, /<input type="hidden" name="follow" value="follow-me"/);
    assert.match(page.body, /メールで購読する/);
  });
});
