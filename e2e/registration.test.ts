// A reader registers for a download from a post's call to action, in a real browser: the
// event page, the form with its privacy notice, the confirmation mail read from a real SMTP
// server, the confirm button, and the file.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { cliActor } from '../src/audit/service.ts';
import { createAuthor, createPost } from '../src/content/service.ts';
import { startEventJobs, type EventJobs } from '../src/events/jobs.ts';
import { saveEventFile } from '../src/events/files.ts';
import { createEvent } from '../src/events/event.ts';
import { createTestDb, testEngine, type TestDb } from '../src/testing/db.ts';
import { startTestSmtp, type TestSmtp } from '../src/testing/smtp.ts';
import { chromiumAvailable, launchChromium, resultsDir, serveOnLoopback } from './browser.ts';

const available = chromiumAvailable();
const TEMPLATE = Buffer.from('PK\u0003\u0004 an Excel template written for this test');

describe('registering for a download in Chromium', { skip: !available }, () => {
  let t: TestDb;
  let smtp: TestSmtp;
  let browser: Browser;
  let base: string;
  let stop: () => Promise<void>;
  let jobs: EventJobs;
  let dataDir: string;

  before(async () => {
    t = await createTestDb();
    smtp = await startTestSmtp();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'kawaraban-e2e-'));
    const served = await serveOnLoopback(t, { smtpUrl: smtp.url, dataDir });
    ({ base, stop } = served);
    // The real mail path: registration nudges the sender, as in `serve`.
    jobs = startEventJobs(served.app, (err) => console.error(err), 60_000);
    const file = saveEventFile(dataDir, '委託先チェックリスト.xlsx', TEMPLATE);
    await createEvent(
      t.db,
      {
        slug: 'vendor-checklist',
        kind: 'download',
        status: 'published',
        title: '委託先チェックリスト（Excel）',
        description: '委託先の安全管理を点検する表です。',
        questions: [{ label: '従業員数', required: true }],
        purpose: 'ひな形の送付と、関連するセミナーのご案内のため',
        retentionDays: 180,
        contact: '見本事務所 個人情報窓口 privacy@example.jp',
      },
      file,
      cliActor,
    );
    const author = await createAuthor(t.db, { slug: 'mihon', displayName: '見本花子' });
    await createPost(
      t.db,
      {
        title: '委託先の監督、何から始める？',
        slug: 'vendor-oversight',
        status: 'published',
        authorId: author,
        markdown: '委託先の点検表を用意しました。\n\n::cta{label="チェックリストを受け取る" url="/events/vendor-checklist"}',
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
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('goes from the call to action to the downloaded file', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 900 }, locale: 'ja-JP', acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });

    await page.goto(`${base}/posts/vendor-oversight`);
    assert.equal(await page.locator('.cta-state').textContent(), '受付中');
    await page.getByRole('link', { name: 'チェックリストを受け取る' }).click();
    await page.waitForURL(`${base}/events/vendor-checklist`);
    assert.match((await page.locator('.privacy-notice').textContent()) ?? '', /利用目的: ひな形の送付/);

    await page.getByLabel('お名前').fill('高橋 直子');
    await page.getByLabel('会社名').fill('見本ロジスティクス株式会社');
    await page.getByLabel('部署名').fill('情報セキュリティ室');
    await page.getByLabel('メールアドレス').fill('naoko@example.jp');
    await page.getByLabel('従業員数').fill('450名');
    // The browser itself refuses to send without consent (required checkbox).
    await page.getByRole('button', { name: '申し込む' }).click();
    assert.equal(await page.locator('input[name="consent"]:invalid').count(), 1);
    await page.getByLabel('上記「個人情報の取り扱い」に同意します').check();
    await page.screenshot({ path: path.join(resultsDir, `registration-form-${testEngine}.png`), fullPage: true });
    // A person takes a few seconds; the form refuses faster senders.
    await page.waitForTimeout(3100);
    await page.getByRole('button', { name: '申し込む' }).click();
    await page.getByRole('heading', { name: '確認メールをお送りしました' }).waitFor();
    await page.screenshot({ path: path.join(resultsDir, `registration-sent-${testEngine}.png`) });

    const mail = await smtp.waitFor('naoko@example.jp', /お申し込みの確認: 委託先チェックリスト/, 10_000);
    // Nothing typed into the form goes to an address not yet confirmed; the name waits for the
    // access mail.
    assert.doesNotMatch(mail.text, /高橋|直子/);
    assert.match(mail.text, /お申し込みいただいた方へ/);
    const link = /https:\/\/blog\.example\.jp(\/events\/confirm\?t=\S+)/.exec(mail.text)![1]!;
    await page.goto(`${base}${link}`);
    await page.getByRole('button', { name: 'お申し込みを確定する' }).click();
    await page.getByRole('heading', { name: 'お申し込みが確定しました' }).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '資料をダウンロードする' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), '委託先チェックリスト.xlsx');
    const saved = path.join(dataDir, 'downloaded.xlsx');
    await download.saveAs(saved);
    assert.deepEqual(readFileSync(saved), TEMPLATE);

    // The access mail came too, with the same kind of personal link.
    const access = await smtp.waitFor('naoko@example.jp', /お申し込みが確定しました/, 10_000);
    assert.match(access.text, /\/events\/access\?t=/);
    assert.match(access.text, /高橋 直子 様/);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
