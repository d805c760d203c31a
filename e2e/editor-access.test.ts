// The visual editor with a screen reader's eyes, in Chromium: the accessibility tree
// (toolbar, text area, every typed block's labelled fields), block operations announced in
// the live region, the order Tab and Shift+Tab go in, and no axe violations.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { chromiumAvailable } from './browser.ts';
import { openEditorSession, type EditorSession } from './editor-session.ts';

const available = chromiumAvailable();
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Lines of an aria snapshot naming a control without a name (`- textbox` or `- button: …`). */
function unnamed(snapshot: string): string[] {
  return snapshot.split('\n').filter((l) => /^\s*- (textbox|combobox|button|spinbutton|checkbox|listbox)(:.*)?$/.test(l));
}

describe('the visual editor for screen reader and keyboard users', { skip: !available }, () => {
  let s: EditorSession;
  before(async () => {
    s = await openEditorSession();
  });
  after(() => s?.close());

  it('has a labelled toolbar of labelled buttons with their shortcuts, and a labelled multi-line text area', async () => {
    const { page, base } = s;
    await page.goto(`${base}/admin/posts/new`);
    await s.ready();
    const toolbar = page.getByRole('toolbar', { name: '書式とブロック' });
    const snapshot = await toolbar.ariaSnapshot();
    assert.deepEqual(unnamed(snapshot), [], snapshot);
    for (const name of [
      '太字',
      '斜体',
      'リンク',
      '上へ',
      '下へ',
      '複製',
      '削除',
      '元に戻す',
      'やり直す',
      '＋画像',
      '＋出典',
      '＋私のコメント',
      '＋追記',
    ])
      assert.match(snapshot, new RegExp(`- button "${name}"`), name);
    assert.equal(await toolbar.getByRole('button', { name: '太字' }).getAttribute('aria-keyshortcuts'), 'Control+B');
    assert.equal(await toolbar.getByRole('button', { name: '上へ' }).getAttribute('aria-keyshortcuts'), 'Alt+ArrowUp');
    assert.equal(await toolbar.getByRole('button', { name: '削除' }).getAttribute('aria-keyshortcuts'), 'Alt+Shift+Backspace');
    const text = page.getByRole('textbox', { name: '本文', exact: true });
    assert.equal(await text.getAttribute('aria-multiline'), 'true');
    assert.equal(await text.getAttribute('contenteditable'), 'true');
    // The shortcuts are listed, and the text area points to the list.
    assert.equal(await text.getAttribute('aria-describedby'), 'editor-shortcuts-summary');
  });

  it('labels every field of every typed block', async () => {
    const { page, base, insert } = s;
    await page.goto(`${base}/admin/posts/new`);
    await s.ready();
    await page.locator('.ed-content p').first().click();
    for (const label of ['画像', '出典', '申込ボタン', '時系列', 'HTML', 'ツールへの案内', 'グラフ', 'コード', '私のコメント', '追記']) {
      await insert(label);
    }
    const snapshot = await page.getByRole('textbox', { name: '本文', exact: true }).ariaSnapshot();
    assert.deepEqual(unnamed(snapshot), [], snapshot);
    for (const name of [
      '代替テキスト',
      '出典1の URL',
      '題名',
      '発行元',
      'ボタンの文言',
      'サイトのイベント',
      '1行目のいつ',
      'できごと',
      'HTML',
      'ツール',
      'グラフの題',
      '追記の日付',
    ])
      assert.match(snapshot, new RegExp(`(textbox|combobox) "${name}`), name);
    // Every block is a named group or region, so a reader knows where a field belongs.
    for (const name of ['画像', '出典', '申込ボタン', '時系列']) assert.match(snapshot, new RegExp(`group "${name}"`), name);
  });

  it('announces inserting, moving, duplicating and deleting blocks in a live region', async () => {
    const { page, base, insert } = s;
    await page.goto(`${base}/admin/posts/new`);
    await s.ready();
    const live = page.locator('#editor-live');
    assert.equal(await live.getAttribute('aria-live'), 'polite');
    const heard = async (message: string) =>
      assert.doesNotReject(page.locator('#editor-live', { hasText: message }).waitFor({ state: 'attached', timeout: 5_000 }), message);
    await page.locator('.ed-content p').first().click();
    await page.keyboard.type('一');
    await insert('見出し');
    await heard('見出しを挿入しました');
    await page.keyboard.type('二');
    await page.keyboard.press('Alt+ArrowUp');
    await heard('ブロックを上へ移しました');
    await page.keyboard.press('Alt+ArrowDown');
    await heard('ブロックを下へ移しました');
    await page.keyboard.press('Alt+Shift+D');
    await heard('ブロックを複製しました');
    await page.keyboard.press('Alt+Shift+Backspace');
    await heard('ブロックを削除しました');
  });

  it('goes toolbar → text → block forms with Tab and back with Shift+Tab, one tab stop for the toolbar, arrows inside it', async () => {
    const { page, base, insert } = s;
    await page.goto(`${base}/admin/posts/new`);
    await s.ready();
    await page.locator('.ed-content p').first().click();
    await insert('申込ボタン');
    const focused = () =>
      page.evaluate(() => {
        const e = document.activeElement as HTMLElement;
        return (
          e.getAttribute('aria-label') ?? (e.id ? document.querySelector(`label[for="${e.id}"]`)?.textContent : null) ?? e.textContent ?? ''
        );
      });
    await page.getByRole('textbox', { name: '本文', exact: true }).focus();
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focused(), '段落の種類', 'Shift+Tab from the text goes to the toolbar’s tab stop');
    await page.keyboard.press('ArrowRight');
    assert.equal(await focused(), '太字');
    await page.keyboard.press('End');
    assert.equal(await focused(), '＋グラフ');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), '本文', 'one Tab leaves the toolbar for the text');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'ボタンの文言', 'then the block’s form');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focused(), '本文');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focused(), '太字', 'the toolbar remembers the control last used');
    const stops = await page.locator('[role="toolbar"][aria-label="書式とブロック"] [tabindex="0"]').count();
    assert.equal(stops, 1);
  });

  it('has no axe violations, in the visual view with every typed block and in the ソース view', async () => {
    const { page, base, insert } = s;
    await page.goto(`${base}/admin/posts/new`);
    await s.ready();
    await page.locator('.ed-content p').first().click();
    for (const label of [
      '画像',
      '出典',
      '申込ボタン',
      '時系列',
      '表',
      'HTML',
      'ツールへの案内',
      'グラフ',
      '注記',
      '私のコメント',
      '追記',
    ]) {
      await insert(label);
      // A table's header cells are named as soon as they are written (an empty <th> is a
      // finding, and a table is not left so).
      if (label === '表') {
        await page.keyboard.type('項目');
        await page.keyboard.press('Tab');
        await page.keyboard.type('内容');
      }
    }
    const violations = async () => {
      await page.evaluate(axeSource);
      return page.evaluate(async () => {
        const axe = (
          window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }> } }
        ).axe;
        const r = await axe.run();
        return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      });
    };
    assert.deepEqual(await violations(), []);
    await page.getByRole('button', { name: 'ソース' }).click();
    assert.deepEqual(await violations(), []);
  });
});
