// The compliance tools in a real browser: the triage for the 社労夢 case (with JavaScript off,
// as the form must work without it), and building an SoA whose download opens in exceljs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { testEngine } from '../src/testing/db.ts';
import { expectNoAxeViolations } from './axe.ts';
import { chromiumAvailable, resultsDir, startDemoInChromium } from './browser.ts';

const available = chromiumAvailable();

describe('the compliance tools in Chromium', { skip: !available }, () => {
  let browser: Browser;
  let base: string;
  let close: (() => Promise<void>) | undefined;

  before(async () => {
    ({ base, browser, close } = await startDemoInChromium());
  });
  after(async () => {
    await close?.();
  });

  it('fills the triage for the 社労夢 case without JavaScript and gets 報告対象 (3号, 4号) with the dates', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 900 }, javaScriptEnabled: false, locale: 'ja-JP' });
    const page = await context.newPage();
    // Reached from the post that carries the ::tool card.
    await page.goto(`${base}/posts/report-deadlines-explained`);
    await page.getByRole('link', { name: '判定する' }).click();
    await page.waitForURL(`${base}/tools/breach`);
    await page.getByLabel('発覚日（事態を知った日）').fill('2023-06-05');
    await page.getByLabel('漏えい', { exact: true }).check();
    await page.getByLabel('本人の数（人）').fill('8,260,000');
    await page.getByLabel('漏えい等が確定しておらず、おそれがある段階である').check();
    await page.getByLabel('不正の目的によるおそれがある').check();
    await page.getByLabel('他社から委託を受けて扱っている個人データである（自社は委託先）').check();
    await page.getByLabel('マイナンバー（特定個人情報）を含む').check();
    await page.getByRole('button', { name: '判定する' }).click();
    const verdict = page.locator('#result-heading');
    await verdict.waitFor();
    const text = (await verdict.textContent()) ?? '';
    assert.match(text, /^報告対象です（3号、4号/);
    const facts = (await page.locator('.tool-facts').textContent()) ?? '';
    assert.match(facts, /速報（目安）2023年6月8日（木）〜2023年6月10日（土）/);
    assert.match(facts, /確報の期限2023年8月4日（金）/);
    assert.match(facts, /本人への通知必要/);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('form.breach-form').isVisible(), false);
    assert.equal(await verdict.isVisible(), true);
    await page.screenshot({ path: path.join(resultsDir, `breach-print-${testEngine}.png`), fullPage: true });
    await context.close();
  });

  it('builds an SoA in the browser, keeps the draft across a reload, and downloads an .xlsx with 93 rows', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${base}/tools/soa`);
    await page.getByLabel('組織名').fill('株式会社ブラウザー見本');
    await page.locator('#applicable-5\\.1').selectOption('yes');
    await page.locator('#implemented-5\\.1').selectOption('partly');
    await page.locator('#justification-5\\.1').fill('全社の方針として必須');
    await page.locator('#applicable-7\\.4').selectOption('no');
    await page.locator('#justification-7\\.4').fill('自社の施設を持たない');
    // The draft lives in this browser only: it survives a reload.
    await page.reload();
    assert.equal(await page.getByLabel('組織名').inputValue(), '株式会社ブラウザー見本');
    assert.equal(await page.locator('#implemented-5\\.1').inputValue(), 'partly');
    // Filtering in place hides other themes but keeps their answers in the form.
    await page.locator('#filter-theme').selectOption('8');
    await page.getByRole('button', { name: '絞り込む' }).click();
    assert.equal(await page.locator('#control-7\\.4').isVisible(), false);
    assert.equal(await page.locator('#control-8\\.1').isVisible(), true);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Excel でダウンロード' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^適用宣言書_株式会社ブラウザー見本_\d{4}-\d{2}-\d{2}\.xlsx$/);
    const file = path.join(resultsDir, `soa-${testEngine}.xlsx`);
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('適用宣言書')!;
    assert.equal(sheet.actualRowCount - 1, 93);
    assert.deepEqual([sheet.getRow(2).getCell(5).text, sheet.getRow(2).getCell(7).text], ['適用', '一部実施']);
    const row74 = sheet.getRow(1 + 37 + 8 + 4);
    assert.deepEqual([row74.getCell(1).text, row74.getCell(5).text, row74.getCell(6).text], ['7.4', '除外', '自社の施設を持たない']);
    assert.equal(wb.getWorksheet('表紙')!.getRow(3).getCell(2).text, '株式会社ブラウザー見本');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('has no axe-core violations on the tool pages and their answers', async () => {
    // The page's CSP forbids injected scripts; axe is added for the check only.
    const context = await browser.newContext({ viewport: { width: 390, height: 900 }, locale: 'ja-JP', bypassCSP: true });
    const page = await context.newPage();
    const check = (label: string) => expectNoAxeViolations(page, label);
    await page.goto(`${base}/tools/breach`);
    await check('/tools/breach');
    await page.getByLabel('発覚日（事態を知った日）').fill('2023-06-05');
    await page.getByLabel('本人の数（人）').fill('1001');
    await page.getByRole('button', { name: '判定する' }).click();
    await page.locator('#result-heading').waitFor();
    await check('/tools/breach answer');
    await page.goto(`${base}/tools/soa`);
    await check('/tools/soa');
    await page.goto(`${base}/posts/privacy-mark-statistics-2025`);
    await check('a post with a chart');
    await context.close();
  });
});
