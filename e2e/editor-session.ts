// A signed-in editor in Chromium for the visual editor's browser tests: the session, IME
// composition over CDP, the toolbar's insert buttons, and the Markdown the editor wrote.
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { currentTotp } from '../src/accounts/totp.ts';
import { createTestUser, TEST_PASSWORD } from '../src/testing/admin-client.ts';
import type { Config } from '../src/config.ts';
import { createTestDb, type TestDb } from '../src/testing/db.ts';
import { launchChromium, serveOnLoopback } from './browser.ts';

export interface EditorSession {
  t: TestDb;
  base: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  authorId: number;
  /** Console errors and uncaught exceptions of the page (CSP violations included). */
  errors: string[];
  /** Types `reading` as an IME would (composition updates), converts, then commits `result`. */
  compose(reading: string, result: string): Promise<void>;
  /** Clicks 「＋label」 in the toolbar's insert group. */
  insert(label: string): Promise<void>;
  /** The Markdown the editor has written into the form's textarea. */
  markdown(): Promise<string>;
  ready(): Promise<void>;
  close(): Promise<void>;
}

export async function openEditorSession(config: Partial<Config> = {}): Promise<EditorSession> {
  const t = await createTestDb();
  // The app first: it sets up the data keys that seal the second factor's secret.
  const { base, stop, app } = await serveOnLoopback(t, config);
  const user = await createTestUser(app.db, 'editor@example.jp', 'editor');
  const authorId = Number(
    (await t.db.kysely.selectFrom('users').select('author_id').where('id', '=', user.id).executeTakeFirstOrThrow()).author_id,
  );
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'ja-JP' });
  const page = await context.newPage();
  const cdp: CDPSession = await context.newCDPSession(page);
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/admin/login`);
  await page.getByLabel('メールアドレス').fill('editor@example.jp');
  await page.getByLabel('パスワード').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.waitForURL(`${base}/admin/login/2fa`);
  await page.getByLabel(/6桁のコード/).fill(await currentTotp(user.secret!));
  await page.getByRole('button', { name: '確認する' }).click();
  await page.waitForURL(`${base}/admin/posts`);
  return {
    t,
    base,
    browser,
    context,
    page,
    authorId,
    errors,
    async compose(reading, result) {
      for (let i = 1; i <= reading.length; i++) {
        await cdp.send('Input.imeSetComposition', { text: reading.slice(0, i), selectionStart: i, selectionEnd: i });
      }
      await cdp.send('Input.imeSetComposition', { text: result, selectionStart: result.length, selectionEnd: result.length });
      await cdp.send('Input.insertText', { text: result });
    },
    async insert(label) {
      await page
        .getByRole('group', { name: 'ブロックを挿入' })
        .getByRole('button', { name: `＋${label}`, exact: true })
        .click();
    },
    async markdown() {
      await page.evaluate(() => (window as unknown as { kawarabanEditor: { sync(): void } }).kawarabanEditor.sync());
      return page.locator('#markdown').inputValue();
    },
    async ready() {
      await page
        .locator('#visual-editor[data-ready="true"]')
        .waitFor({ state: 'attached', timeout: 10_000 })
        .catch((err: Error) => {
          throw new Error(`${err.message}\n${errors.join('\n')}`);
        });
    },
    async close() {
      await browser.close();
      await stop();
      await t.cleanup();
    },
  };
}
