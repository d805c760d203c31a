// The visual editor's image upload in Chromium: a file dropped on the editor and one pasted
// into it reach the media library, show as an image block with the library's URL, need
// their alt text before the post is saved, and are saved as ::image directives. And the
// editor's "today" (a new 追記's date) is the site's day, in a zone other than Tokyo.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { ALT_MISSING } from '../src/editor/forms.ts';
import { listMedia } from '../src/media/service.ts';
import { chromiumAvailable } from './browser.ts';
import { openEditorSession, type EditorSession } from './editor-session.ts';

const available = chromiumAvailable();

/** A small PNG of one colour, base64 (each colour is a different file to the library). */
async function png(background: string): Promise<string> {
  const bytes = await sharp({ create: { width: 320, height: 200, channels: 3, background } })
    .png()
    .toBuffer();
  return bytes.toString('base64');
}

describe('the visual editor: images dropped and pasted, and the site’s day', { skip: !available }, () => {
  let s: EditorSession;
  before(async () => {
    // Honolulu (UTC−10): a fixed +9 h would give tomorrow for most of the day.
    s = await openEditorSession({ timeZone: 'Pacific/Honolulu' });
  });
  after(() => s?.close());

  /** Waits for the image block's picture, and returns its URL. */
  async function uploadedSrc(): Promise<string> {
    const preview = s.page.locator('.ed-image img.ed-image-preview');
    await preview.waitFor({ timeout: 10_000 });
    return (await preview.getAttribute('src')) ?? '';
  }

  async function savedMarkdown(): Promise<string> {
    await s.page.waitForURL(/\/admin\/posts\/\d+/);
    const id = Number(/\/admin\/posts\/(\d+)/.exec(s.page.url())![1]);
    const row = await s.t.db.kysely.selectFrom('posts').select('body_markdown').where('id', '=', id).executeTakeFirstOrThrow();
    return row.body_markdown;
  }

  it('uploads an image dropped on the editor, asks for its alt text before saving, and saves the image directive', async () => {
    const { page, base, errors } = s;
    await page.goto(`${base}/admin/posts/new`);
    await s.ready();
    await page.getByLabel('タイトル', { exact: true }).fill('ドロップした画像');
    const paragraph = page.locator('.ed-content p').first();
    await paragraph.click();
    await page.keyboard.type('本文の一段落目');
    const box = (await paragraph.boundingBox())!;
    await page.evaluate(
      ({ data, x, y }) => {
        const file = new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], 'dropped.png', { type: 'image/png' });
        const transfer = new DataTransfer();
        transfer.items.add(file);
        const target = document.querySelector('.ed-content')!;
        for (const type of ['dragenter', 'dragover', 'drop'])
          target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer, clientX: x, clientY: y }));
      },
      { data: await png('#336699'), x: box.x + box.width / 2, y: box.y + box.height / 2 },
    );
    const src = await uploadedSrc();
    const stored = await listMedia(s.t.db, 1);
    assert.equal(stored[0]?.originalName, 'dropped.png', 'the library has the file');
    assert.equal(src, stored[0]?.src, 'the block shows the library’s URL');

    // Saving without alt text stops, says why in Japanese (the field's message and the live
    // region), and puts the cursor in the field.
    const alt = page.getByLabel(/代替テキスト/);
    assert.equal(await alt.getAttribute('aria-invalid'), 'true');
    await page.getByRole('button', { name: '下書き保存' }).click();
    await assert.doesNotReject(page.locator('#editor-live', { hasText: ALT_MISSING }).waitFor({ state: 'attached', timeout: 5_000 }));
    assert.match(page.url(), /\/admin\/posts\/new$/, 'nothing was saved');
    assert.equal(await alt.evaluate((e) => e === document.activeElement), true);
    assert.equal(await alt.evaluate((e) => (e as HTMLInputElement).validationMessage), ALT_MISSING);
    await alt.fill('青い四角');
    await page.getByRole('button', { name: '下書き保存' }).click();
    const markdown = await savedMarkdown();
    assert.match(markdown, new RegExp(`::image\\{src="${src}" alt="青い四角" width=320 height=200\\}`));
    assert.match(markdown, /本文の一段落目/);
    assert.deepEqual(errors, []);
  });

  it('uploads an image pasted into the editor and saves it', async () => {
    const { page, base, errors } = s;
    await page.goto(`${base}/admin/posts/new`);
    await s.ready();
    await page.getByLabel('タイトル', { exact: true }).fill('貼り付けた画像');
    await page.locator('.ed-content p').first().click();
    await page.keyboard.type('貼り付けの前');
    await page.evaluate(
      (data) => {
        const file = new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], 'pasted.png', { type: 'image/png' });
        const transfer = new DataTransfer();
        transfer.items.add(file);
        document
          .querySelector('.ed-content')!
          .dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
      },
      await png('#993333'),
    );
    const src = await uploadedSrc();
    const stored = await listMedia(s.t.db, 1);
    assert.equal(stored[0]?.originalName, 'pasted.png');
    assert.equal(src, stored[0]?.src);
    await page.getByLabel(/代替テキスト/).fill('赤い四角');
    await page.getByRole('button', { name: '下書き保存' }).click();
    const markdown = await savedMarkdown();
    assert.match(markdown, new RegExp(`貼り付けの前\\n\\n::image\\{src="${src}" alt="赤い四角" width=320 height=200\\}`));
    assert.deepEqual(errors, []);
  });

  it('dates a new 追記 with today in the site’s zone, not Tokyo’s', async () => {
    const { page, base, insert } = s;
    // 05:00 UTC: already 1 July in Tokyo (14:00), still 30 June in Honolulu (19:00).
    await page.clock.setFixedTime(new Date('2026-07-01T05:00:00Z'));
    await page.goto(`${base}/admin/posts/new`);
    await s.ready();
    assert.equal(await page.locator('#visual-editor').getAttribute('data-time-zone'), 'Pacific/Honolulu');
    await page.locator('.ed-content p').first().click();
    await insert('追記');
    assert.equal(await page.getByLabel('追記の日付').inputValue(), '2026-06-30');
  });
});
