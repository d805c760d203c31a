// A reader subscribes by mail in a real browser: the small form under a post, the full form
// with its notice, the confirmation mail read from a real SMTP server, the confirm button; a
// post is published, its mail arrives, and the unsubscribe link in it ends the subscription.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { cliActor } from '../src/audit/service.ts';
import { createAuthor, createPost } from '../src/content/service.ts';
import { type SubscriptionJobs } from '../src/subscriptions/jobs.ts';
import { startTestSubscriptionJobs } from '../src/testing/app.ts';
import { createTestDb, testEngine, type TestDb } from '../src/testing/db.ts';
import { startTestSmtp, type TestSmtp } from '../src/testing/smtp.ts';
import { chromiumAvailable, launchChromium, resultsDir, serveOnLoopback } from './browser.ts';

const available = chromiumAvailable();

describe('subscribing by mail in Chromium', { skip: !available }, () => {
  let t: TestDb;
  let smtp: TestSmtp;
  let browser: Browser;
  let base: string;
  let stop: () => Promise<void>;
  let jobs: SubscriptionJobs;
  let authorId: number;

  before(async () => {
    t = await createTestDb();
    smtp = await startTestSmtp();
    const served = await serveOnLoopback(t, { smtpUrl: smtp.url });
    ({ base, stop } = served);
    jobs = startTestSubscriptionJobs(served.app, {}, 200);
    authorId = await createAuthor(t.db, { slug: 'mihon', displayName: '見本花子' });
    await createPost(
      t.db,
      {
        title: 'Pマークの更新審査で聞かれること',
        slug: 'pmark-renewal',
        status: 'published',
        authorId,
        markdown: '更新審査の準備についてまとめました。',
      },
      cliActor,
    );
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    jobs?.stop();
    await stop?.();
    await smtp?.close();
    await t?.cleanup();
  });

  it('subscribes, confirms, receives a new post and leaves with the link in it', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 900 }, locale: 'ja-JP' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto(`${base}/posts/pmark-renewal`);
    await page.locator('#sidebar-subscribe-email').fill('kana@example.jp');
    await page.locator('#sidebar-subscribe-email').press('Enter');
    await page.waitForURL(/\/subscribe\?/);
    assert.match((await page.locator('.privacy-notice').textContent()) ?? '', /保存期間: 購読をやめるまで/);
    assert.equal(await page.getByLabel('メールアドレス').inputValue(), 'kana@example.jp');
    await page.getByLabel('週に一度のまとめ').check();
    await page.getByLabel('記事が公開されるたび').check();
    await page.getByLabel('上記「個人情報の取り扱い」に同意します').check();
    await page.screenshot({ path: path.join(resultsDir, `subscribe-form-${testEngine}.png`), fullPage: true });
    await page.getByRole('button', { name: '確認メールを送る' }).click();
    assert.equal(await page.locator('h1').textContent(), '確認メールをお送りしました');

    const confirm = await smtp.waitFor('kana@example.jp', /メール購読の確認/, 10_000);
    const link = /https:\/\/\S+\/subscriptions\/confirm\?t=\S+/.exec(confirm.text)![0].replace(/^https?:\/\/[^/]+/, base);
    await page.goto(link);
    await page.getByRole('button', { name: '購読を確定する' }).click();
    assert.equal(await page.locator('h1').textContent(), '購読が確定しました');

    await createPost(
      t.db,
      { title: '委託先の監督、今年の改正点', slug: 'vendor-2026', status: 'published', authorId, markdown: '改正点を三つにまとめました。' },
      cliActor,
    );
    const mail = await smtp.waitFor('kana@example.jp', /委託先の監督、今年の改正点/, 10_000);
    assert.match(mail.text, /改正点を三つにまとめました/);
    assert.match(mail.html, /改正点を三つにまとめました/);

    const leave = /https:\/\/\S+\/subscriptions\/unsubscribe\?t=\S+/.exec(mail.text)![0].replace(/^https?:\/\/[^/]+/, base);
    await page.goto(leave);
    await page.getByRole('button', { name: '購読をやめる' }).click();
    assert.equal(await page.locator('h1').textContent(), '購読をやめました');
    const left = await t.db.kysely.selectFrom('subscribers').select('id').execute();
    assert.equal(left.length, 0);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
