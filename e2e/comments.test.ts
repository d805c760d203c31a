// Comments in a real browser: a reader with JavaScript off writes under a post (form, 確認
// step, 送信); the owner approves it in the admin; another reader replies to it; they show on
// the post and in the front page's count; a comment
// imported from a Movable Type export shows on its post with its name and date.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { currentTotp } from '../src/accounts/totp.ts';
import { cliActor } from '../src/audit/service.ts';
import { createAuthor, createPost } from '../src/content/service.ts';
import { importMt } from '../src/import/service.ts';
import { file } from '../src/import/testdata/files.ts';
import { createTestUser, TEST_PASSWORD, type TestUser } from '../src/testing/admin-client.ts';
import { createTestDb, testEngine, type TestDb } from '../src/testing/db.ts';
import { chromiumAvailable, launchChromium, resultsDir, serveOnLoopback } from './browser.ts';

const available = chromiumAvailable();

const MT_EXPORT = `AUTHOR: 見本花子
TITLE: 旧ブログの記事
BASENAME: old-entry
STATUS: Publish
ALLOW COMMENTS: 1
DATE: 06/12/2023 09:00:00 AM
-----
BODY:
昔の記事です。
-----
COMMENT:
AUTHOR: 旧ブログの読者
DATE: 06/13/2023 08:15:00 AM
いつも読んでいます。<br />
ありがとうございます。
-----
--------
`;

describe('comments in Chromium', { skip: !available }, () => {
  let t: TestDb;
  let browser: Browser;
  let base: string;
  let stop: () => Promise<void>;
  let owner: TestUser;

  before(async () => {
    t = await createTestDb();
    ({ base, stop } = await serveOnLoopback(t));
    owner = await createTestUser(t.db, 'owner@example.jp', 'owner');
    const author = await createAuthor(t.db, { slug: 'mihon', displayName: '見本花子' });
    await createPost(
      t.db,
      {
        title: '個人情報の漏えい報告、期限は？',
        slug: 'breach-report',
        status: 'published',
        authorId: author,
        markdown: '速報は3〜5日以内です。',
      },
      cliActor,
    );
    await importMt(t.db, {
      open: file(MT_EXPORT),
      fileName: 'old.txt',
      dryRun: false,
      keepCommenterContacts: false,
      blog: 'other',
      actor: cliActor,
    });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await stop?.();
    await t?.cleanup();
  });

  it('a reader comments without JavaScript, the owner approves, the post and the front page show it', async () => {
    const reader = await browser.newContext({ viewport: { width: 390, height: 900 }, locale: 'ja-JP', javaScriptEnabled: false });
    const page = await reader.newPage();
    await page.goto(`${base}/posts/breach-report`);
    assert.match((await page.locator('#comments').textContent()) ?? '', /まだコメントはありません。/);
    await page.getByRole('textbox', { name: 'お名前（必須）' }).fill('情シスの山本');
    await page.getByRole('textbox', { name: 'メールアドレス（任意）' }).fill('yamamoto@example.jp');
    await page.getByLabel('コメント（必須）').fill('確報の30日はどこから数えますか？\n参考: https://www.ppc.go.jp/');
    await page.getByLabel('返信があったらメールで知らせる（メールアドレスの入力が必要です）').check();
    await page.getByRole('button', { name: '確認画面へ進む' }).click();
    // The 確認 step: the comment as it will appear, and the 送信 button.
    await page.getByRole('heading', { name: 'コメントの確認' }).waitFor();
    const shownFirst = page.locator('.comment-preview .comment-body');
    assert.equal(await shownFirst.getByRole('link', { name: 'https://www.ppc.go.jp/' }).getAttribute('rel'), 'nofollow ugc noopener');
    await page.screenshot({ path: path.join(resultsDir, `comment-preview-${testEngine}.png`) });
    // A person reads the preview for a few seconds; the 送信 refuses faster senders.
    await page.waitForTimeout(3100);
    await page.getByRole('button', { name: '送信する', exact: true }).click();
    await page.getByRole('heading', { name: 'コメントを受け付けました' }).waitFor();
    assert.match((await page.locator('main').textContent()) ?? '', /\/comments\/withdraw\?t=/);
    await page.screenshot({ path: path.join(resultsDir, `comment-sent-${testEngine}.png`) });
    await page.goto(`${base}/posts/breach-report`);
    assert.doesNotMatch((await page.locator('#comments').textContent()) ?? '', /確報の30日/);

    const admin = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP' });
    const a = await admin.newPage();
    await a.goto(`${base}/admin/login`);
    await a.getByLabel('メールアドレス').fill('owner@example.jp');
    await a.getByLabel('パスワード').fill(TEST_PASSWORD);
    await a.getByRole('button', { name: 'ログイン' }).click();
    await a.getByLabel('認証アプリの6桁のコード、または回復コード').fill(await currentTotp(owner.secret!));
    await a.getByRole('button', { name: '確認する' }).click();
    await a.getByRole('link', { name: /コメント（承認待ち 1）/ }).click();
    await a.waitForURL(`${base}/admin/comments`);
    const held = a.locator('.admin-comment-held', { hasText: '確報の30日' });
    await held.getByRole('button', { name: '承認' }).click();
    await a.waitForURL(/done=approve/);
    await a.screenshot({ path: path.join(resultsDir, `comment-admin-${testEngine}.png`), fullPage: true });

    await page.goto(`${base}/posts/breach-report`);
    const shown = page.locator('#comments .comment', { hasText: '確報の30日' });
    assert.equal(await shown.locator('.comment-author').textContent(), '情シスの山本');
    assert.equal(await shown.getByRole('link', { name: 'https://www.ppc.go.jp/' }).getAttribute('rel'), 'nofollow ugc noopener');
    assert.doesNotMatch((await page.locator('#comments').textContent()) ?? '', /yamamoto@example\.jp/);
    // Another reader answers it on the reply page (one level, the same 確認 step).
    await shown.getByRole('link', { name: '返信', exact: true }).click();
    await page.getByRole('heading', { name: '返信を書く', level: 1 }).waitFor();
    await page.getByRole('textbox', { name: 'お名前（必須）' }).fill('総務の佐々木');
    await page.getByLabel('コメント（必須）').fill('翌日から数えると聞きました。');
    await page.getByRole('button', { name: '確認画面へ進む' }).click();
    await page.getByRole('heading', { name: 'コメントの確認' }).waitFor();
    await page.waitForTimeout(3100);
    await page.getByRole('button', { name: '送信する', exact: true }).click();
    await page.getByRole('heading', { name: 'コメントを受け付けました' }).waitFor();
    await a.goto(`${base}/admin/comments?status=held`);
    await a.locator('.admin-comment-held', { hasText: '翌日から数える' }).getByRole('button', { name: '承認' }).click();
    await a.waitForURL(/done=approve/);
    await page.goto(`${base}/posts/breach-report`);
    const thread = page.locator('#comments .comment', { hasText: '確報の30日' });
    assert.equal(await thread.locator('.comment-replies .comment-author').textContent(), '総務の佐々木');

    await page.goto(`${base}/`);
    assert.equal(
      (await page.locator('.post', { hasText: '個人情報の漏えい報告' }).locator('.comment-count').textContent())?.trim(),
      'コメント 2',
    );
    await reader.close();
    await admin.close();
  });

  it('shows a comment imported from the old blog on its post, with its name and date', async () => {
    const context = await browser.newContext({ locale: 'ja-JP', javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/posts/old-entry`);
    const c = page.locator('#comments .comment').first();
    assert.equal(await c.locator('.comment-author').textContent(), '旧ブログの読者');
    assert.equal(await c.locator('time').textContent(), '2023年6月13日 8:15');
    assert.match((await c.locator('.comment-body').innerHTML()) ?? '', /いつも読んでいます。<br>ありがとうございます。/);
    await context.close();
  });
});
