// The visual block editor in Chromium, continued (e2e/editor.test.ts writes a whole post):
// keyboard block moves and undo, the ソース view, a post the editor cannot show, and the
// page with JavaScript off.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { cliActor } from '../src/audit/service.ts';
import { createPost } from '../src/content/service.ts';
import { chromiumAvailable } from './browser.ts';
import { openEditorSession, type EditorSession } from './editor-session.ts';

const available = chromiumAvailable();

describe('the visual block editor in Chromium: keyboard, views, JavaScript off', { skip: !available }, () => {
  let s: EditorSession;
  before(async () => {
    s = await openEditorSession();
  });
  after(() => s?.close());

  it('moves, duplicates and deletes blocks from the keyboard, and undoes', async () => {
    const { page, base, markdown, errors } = s;
    const post = await createPost(
      s.t.db,
      { title: '並べ替え', markdown: '一\n\n二\n\n三\n', status: 'draft', authorId: s.authorId },
      cliActor,
    );
    await page.goto(`${base}/admin/posts/${post.id}`);
    await s.ready();
    await page.locator('.ed-content p', { hasText: '三' }).click();
    await page.keyboard.press('Alt+ArrowUp');
    await page.keyboard.press('Alt+ArrowUp');
    assert.equal(await markdown(), '三\n\n一\n\n二\n');
    await page.keyboard.press('Alt+Shift+D');
    assert.equal(await markdown(), '三\n\n三\n\n一\n\n二\n');
    await page.keyboard.press('Alt+Shift+Backspace');
    assert.equal(await markdown(), '三\n\n一\n\n二\n');
    // Each block operation is its own undo step.
    await page.keyboard.press('Control+z');
    assert.equal(await markdown(), '三\n\n三\n\n一\n\n二\n');
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    assert.equal(await markdown(), '一\n\n三\n\n二\n');
    await page.keyboard.press('Control+y');
    assert.equal(await markdown(), '三\n\n一\n\n二\n');
    assert.deepEqual(errors, []);
  });

  it('opens a post it cannot show in the ソース view with a note, and switches views', async () => {
    const { page, base } = s;
    const post = await createPost(s.t.db, { title: '入れ子', markdown: '- 親\n  - 子\n', status: 'draft', authorId: s.authorId }, cliActor);
    await page.goto(`${base}/admin/posts/${post.id}`);
    await s.ready();
    assert.ok(await page.locator('#markdown').isVisible());
    assert.match((await page.locator('#editor-mode-note').textContent()) ?? '', /ソース表示で開きました/);
    await page.getByRole('button', { name: 'ビジュアル', exact: true }).click();
    assert.ok(await page.locator('#markdown').isVisible(), 'stays in the ソース view');
    await page.locator('#markdown').fill('**太字**の段落\n');
    await page.getByRole('button', { name: 'ビジュアル', exact: true }).click();
    await page.locator('.ed-content strong', { hasText: '太字' }).waitFor();
    await page.getByRole('button', { name: 'ソース', exact: true }).click();
    assert.equal(await page.locator('#markdown').inputValue(), '**太字**の段落\n');
  });

  it('uploads an image by choosing a file and by pasting one into the text', async () => {
    const { page, base } = s;
    const png = await sharp({ create: { width: 320, height: 200, channels: 3, background: '#6f2b4c' } })
      .png()
      .toBuffer();
    await page.goto(`${base}/admin/posts/new`);
    await s.ready();
    await page.locator('.ed-content p').first().click();
    await s.insert('画像');
    await page.locator('.ed-file').setInputFiles({ name: 'chosen.png', mimeType: 'image/png', buffer: png });
    await page.locator('.ed-image-preview').waitFor();
    assert.match(await s.markdown(), /^::image\{src="\/media\/[^"]+\.webp" width=320 height=200\}\n$/);
    assert.equal(await page.getByLabel(/代替テキスト/).getAttribute('aria-invalid'), 'true', 'alt is marked as missing');
    await page.getByLabel(/代替テキスト/).click();
    await page.keyboard.type('選んだ画像');
    await page.evaluate((b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], 'pasted.png', { type: 'image/png' }));
      document
        .querySelector('.ed-content')!
        .dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, png.toString('base64'));
    await page.locator('.ed-image-preview').nth(1).waitFor();
    const images = (await s.markdown()).match(/::image\{[^\n]*\}/g) ?? [];
    assert.equal(images.length, 2);
    assert.match(images[0]!, /alt="選んだ画像"/);
    assert.deepEqual(s.errors, []);
  });

  it('does not save formatting Markdown cannot hold without saying so: the save stops and opens the ソース view', async () => {
    const { page, base } = s;
    await page.goto(`${base}/admin/posts/new`);
    await s.ready();
    await page.getByLabel('タイトル', { exact: true }).fill('書式の落ちる記事');
    // Italic next to a code span of spaces only, at a paragraph's end: Markdown loses both.
    await page.evaluate(() => {
      type View = import('prosemirror-view').EditorView;
      const view = (window as unknown as { kawarabanEditor: { view: View } }).kawarabanEditor.view;
      const { schema } = view.state;
      const paragraph = schema.nodes.paragraph!.create(null, [
        schema.text('前の文'),
        schema.text('強調', [schema.marks.em!.create()]),
        schema.text('    ', [schema.marks.code!.create()]),
      ]);
      view.dispatch(view.state.tr.replaceWith(0, view.state.doc.content.size, paragraph));
    });
    await page.getByRole('button', { name: '下書き保存' }).click();
    await page.locator('#editor-mode-note', { hasText: '保存していません' }).waitFor();
    assert.match(await page.locator('#editor-mode-note').innerText(), /「前の文強調 」などの書式/);
    assert.match(page.url(), /\/admin\/posts\/new$/, 'nothing was saved');
    assert.equal(await page.locator('#source-view').isVisible(), true);
    assert.equal(await page.locator('#visual-editor').isVisible(), false);
    // What would be saved is plain text, not stray asterisks; saved from here, it is kept.
    assert.equal(await page.locator('#markdown').inputValue(), '前の文強調`    `\n');
    await page.getByRole('button', { name: '下書き保存' }).click();
    await page.waitForURL(/\/admin\/posts\/\d+\?done=saved/);
  });

  it('keeps the page working with JavaScript off: the Markdown textarea and the buttons', async () => {
    const off = await s.browser.newContext({ javaScriptEnabled: false, locale: 'ja-JP' });
    await off.addCookies(await s.context.cookies());
    const p = await off.newPage();
    await p.goto(`${s.base}/admin/posts/new`);
    assert.ok(await p.getByLabel('本文（Markdown とブロック記法）').isVisible());
    assert.equal(await p.locator('#visual-editor').isVisible(), false);
    await p.getByLabel('タイトル', { exact: true }).fill('スクリプトなしで書いた記事');
    await p.getByLabel('本文（Markdown とブロック記法）').fill('本文です。\n\n:::commentary\nコメント\n:::\n');
    await p.getByRole('button', { name: '下書き保存' }).click();
    await p.waitForURL(/\/admin\/posts\/\d+\?done=saved/);
    assert.equal(await p.getByLabel('本文（Markdown とブロック記法）').inputValue(), '本文です。\n\n:::commentary\nコメント\n:::\n');
    await off.close();
  });
});
