// A reader in a real browser: the front page, a post, phone and desktop widths, no script.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { loadDemo } from '../src/demo/load.ts';
import { createTestDb, testEngine, type TestDb } from '../src/testing/db.ts';
import { chromiumAvailable, launchChromium, resultsDir, serveOnLoopback } from './browser.ts';

const available = chromiumAvailable();

describe('reading the site in Chromium', { skip: !available }, () => {
  let t: TestDb;
  let browser: Browser;
  let base: string;
  let stop: () => Promise<void>;

  before(async () => {
    t = await createTestDb();
    await loadDemo(t.db);
    ({ base, stop } = await serveOnLoopback(t));
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await stop?.();
    await t?.cleanup();
  });

  async function openPage(width: number, javaScriptEnabled = true): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled, locale: 'ja-JP' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    return { page, errors };
  }

  for (const width of [360, 1280]) {
    it(`opens the front page and follows a post at ${width} px without console errors`, async () => {
      const { page, errors } = await openPage(width);
      await page.goto(`${base}/`);
      assert.equal(await page.title(), '瓦版デモ：個人情報とセキュリティの便り');
      await page.screenshot({ path: path.join(resultsDir, `front-${width}-${testEngine}.png`), fullPage: false });
      await page.getByRole('link', { name: '漏えいが起きたら何日以内に報告？〜速報と確報の期限を一枚で〜' }).first().click();
      await page.waitForURL(`${base}/posts/report-deadlines-explained`);
      assert.equal(await page.locator('h1.post-title').textContent(), '漏えいが起きたら何日以内に報告？〜速報と確報の期限を一枚で〜');
      assert.equal(await page.locator('.block-commentary-label').textContent(), '私のコメント');
      await page.screenshot({ path: path.join(resultsDir, `post-${width}-${testEngine}.png`), fullPage: true });
      // Nothing sticks out sideways on a phone.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
      assert.deepEqual(errors, []);
      await page.context().close();
    });
  }

  it('puts the sidebar below the posts on a phone and beside them on a desktop', async () => {
    for (const [width, beside] of [
      [360, false],
      [1280, true],
    ] as const) {
      const { page } = await openPage(width);
      await page.goto(`${base}/posts/p-20250918`);
      const main = (await page.locator('main').boundingBox())!;
      const side = (await page.locator('aside.sidebar').boundingBox())!;
      assert.equal(side.x > main.x + main.width - 1, beside, `width ${width}`);
      assert.equal(side.y >= main.y + main.height - 1, !beside, `width ${width}`);
      await page.context().close();
    }
  });

  it('reads fine with JavaScript off, and the skip link takes keyboard users to the content', async () => {
    const { page, errors } = await openPage(1280, false);
    await page.goto(`${base}/`);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent);
    assert.equal(focused, '本文へスキップ');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
    await page.getByRole('link', { name: '2025年10月' }).click();
    await page.waitForURL(`${base}/archive/2025/10`);
    assert.match((await page.locator('h1').textContent()) ?? '', /2025年10月の記事/);
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
