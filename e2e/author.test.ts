// The author in a real browser: set up the owner with two-factor sign-in (the TOTP code is
// computed here from the key the page shows), write a post with every block type, preview,
// publish, add an addendum, and find the post on the front page and updated in the feed.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { currentTotp } from '../src/accounts/totp.ts';
import { createCategory } from '../src/content/service.ts';
import { createTestDb, testEngine, type TestDb } from '../src/testing/db.ts';
import { chromiumAvailable, launchChromium, resultsDir, serveOnLoopback } from './browser.ts';

const available = chromiumAvailable();

const BODY = `::cta{label="ウェビナーに申し込む" url="/category/news" style="primary"}

::image{src="/static/demo/lock.svg" alt="鍵の絵" caption="鍵" credit="画像は編集部が作成" width=800 height=420}

ブラウザのテストで書いた記事です。**重要**な点を三つ。

## 経緯

:::timeline
- 6月5日早朝: サーバーが停止
- 6月8日: 委員会へ報告（速報）
:::

- 一つ目
- 二つ目

> 引用です。

| 項目 | 内容 |
| --- | --- |
| 速報 | 3〜5日 |

::source{url="https://www.ppc.go.jp/" title="個人情報保護委員会" publisher="PPC"}

:::commentary
私の意見です。
:::

:::note
※テスト用の記事です。
:::

:::html
<p>古いブログから来た<strong>HTML</strong></p>
:::

\`\`\`text
code block
\`\`\`

---
`;

describe('writing and publishing in Chromium', { skip: !available }, () => {
  let t: TestDb;
  let browser: Browser;
  let base: string;
  let stop: () => Promise<void>;
  let page: Page;
  const errors: string[] = [];

  before(async () => {
    t = await createTestDb();
    await createCategory(t.db, { slug: 'news', name: 'ニュース' });
    ({ base, stop } = await serveOnLoopback(t));
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'ja-JP' });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
  });

  after(async () => {
    await browser?.close();
    await stop?.();
    await t?.cleanup();
  });

  it('sets up the owner and enrols two-factor sign-in', async () => {
    await page.goto(`${base}/admin/`);
    await page.waitForURL(`${base}/admin/setup`);
    await page.getByLabel('メールアドレス').fill('owner@example.jp');
    await page.getByLabel('表示名（記事の著者名）').fill('見本 花子');
    await page.getByLabel(/パスワード/).fill('correct horse battery staple');
    await page.getByRole('button', { name: 'オーナーを作成する' }).click();
    await page.waitForURL(`${base}/admin/2fa/setup`);
    const secret = (await page.locator('code.secret').textContent())!.trim();
    // Use the previous time step's code for enrolment: the current one stays fresh for sign-in.
    await page.getByLabel('6桁のコード').fill(await currentTotp(secret, Math.floor(Date.now() / 1000) - 30));
    await page.getByRole('button', { name: '確認して有効にする' }).click();
    assert.equal(await page.locator('.recovery-codes li').count(), 10);
    await page.screenshot({ path: path.join(resultsDir, `admin-recovery-${testEngine}.png`) });

    // Sign out and in again: password, then the code.
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.waitForURL(`${base}/admin/login`);
    await page.getByLabel('メールアドレス').fill('owner@example.jp');
    await page.getByLabel('パスワード').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.waitForURL(`${base}/admin/login/2fa`);
    await page.getByLabel(/6桁のコード/).fill(await currentTotp(secret));
    await page.getByRole('button', { name: '確認する' }).click();
    await page.waitForURL(`${base}/admin/posts`);
  });

  it('writes a post with every block type, previews it live and publishes it', async () => {
    await page.getByRole('link', { name: '新しい記事', exact: true }).first().click();
    await page.waitForURL(`${base}/admin/posts/new`);
    await page.getByLabel('タイトル', { exact: true }).fill('ブラウザで書いた記事 Browser test');
    // The Markdown as it is: the ソース view of the visual editor (e2e/editor.test.ts).
    await page.getByRole('button', { name: 'ソース', exact: true }).click();
    await page.getByLabel('本文（Markdown とブロック記法）').fill(BODY);
    // The palette inserts a block at the cursor (script).
    await page.getByRole('button', { name: '注記' }).click();
    // Live preview, drawn by the public page's renderer.
    await page.locator('#preview .block-commentary-label').waitFor();
    assert.equal(await page.locator('#preview .block-commentary-label').textContent(), '私のコメント');
    assert.equal(await page.locator('#preview .block-timeline li').count(), 2);
    await page.getByLabel('ニュース').check();
    await page.getByLabel(/タグ/).fill('テスト、ISMS');
    await page.screenshot({ path: path.join(resultsDir, `admin-editor-${testEngine}.png`), fullPage: true });
    await page.getByRole('button', { name: '今すぐ公開する' }).click();
    await page.waitForURL(/\/admin\/posts\/\d+\?done=published/);
    assert.match((await page.locator('.admin-notice').textContent()) ?? '', /公開しました/);
  });

  it('adds an addendum in one step and the public page, front page and feed follow', async () => {
    await page.getByLabel('日付', { exact: true }).fill('2099-01-02');
    await page.getByLabel(/追記の本文/).fill('続報です。');
    await page.getByRole('button', { name: '追記して更新する' }).click();
    await page.waitForURL(/\?done=addendum/);

    await page.goto(`${base}/`);
    await page.getByRole('link', { name: 'ブラウザで書いた記事 Browser test' }).first().click();
    await page.waitForURL(`${base}/posts/browser-test`);
    for (const selector of [
      '.block-cta',
      '.block-image .credit',
      '.block-timeline',
      '.block-list',
      '.block-quote',
      '.block-table',
      '.block-sources',
      '.block-commentary',
      '.block-note',
      '.block-html',
      '.block-code',
      'hr',
      '.block-addendum',
    ]) {
      assert.ok((await page.locator(`article ${selector}`).count()) > 0, selector);
    }
    assert.match((await page.locator('.block-addendum').textContent()) ?? '', /2099年1月2日追記/);
    assert.match((await page.locator('.post-meta .updated').textContent()) ?? '', /2099年1月2日/);

    const feed = await (await fetch(`${base}/feed.json`)).json();
    const item = feed.items.find((i: { title: string }) => i.title === 'ブラウザで書いた記事 Browser test');
    assert.equal(item.date_modified, '2099-01-01T15:00:00.000Z');
    assert.deepEqual(errors, []);
  });

  it('sets up a seminar in the admin at phone width; its public page shows the form and its privacy notice', async () => {
    await page.setViewportSize({ width: 390, height: 900 });
    await page.goto(`${base}/admin/events`);
    await page.getByRole('link', { name: '新しいイベント' }).click();
    await page.getByLabel('種類').selectOption('seminar');
    await page.getByLabel('タイトル').fill('Pマーク更新審査 直前対策セミナー');
    await page.getByLabel(/スラッグ/).fill('pmark-renewal');
    await page.getByLabel('開始日時').fill('2099-03-10T14:00');
    await page.getByLabel('会場（セミナー）').fill('東京・見本会館 3階');
    await page.getByLabel(/定員/).fill('40');
    await page.getByLabel('満席のあとはキャンセル待ちを受け付ける').check();
    await page.getByLabel(/追加の質問/).fill('*プライバシーマークの取得年');
    await page.getByLabel('利用目的').fill('セミナーの運営と、関連セミナーのご案内のため');
    await page.getByLabel('開示・訂正・削除の窓口').fill('見本事務所 個人情報窓口 privacy@example.jp');
    await page.getByLabel('公開', { exact: true }).selectOption('published');
    await page.screenshot({ path: path.join(resultsDir, `admin-event-${testEngine}.png`), fullPage: true });
    await page.getByRole('button', { name: '保存する' }).click();
    await page.waitForURL(/\/admin\/events\/\d+\?done=saved/);
    await page.getByRole('link', { name: '公開ページ' }).click();
    await page.waitForURL(`${base}/events/pmark-renewal`);
    assert.match((await page.locator('.event-facts').textContent()) ?? '', /2099年3月10日\(火\) 14:00/);
    assert.match((await page.locator('.privacy-notice').textContent()) ?? '', /利用目的: セミナーの運営/);
    assert.equal(await page.getByLabel(/プライバシーマークの取得年/).count(), 1);
    assert.deepEqual(errors, []);
  });
});
