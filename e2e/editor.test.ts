// The visual block editor in Chromium: a post with every block written by clicks and typing
// only (Japanese through IME composition driven over CDP), published, and the public page
// compared with the one the expected Markdown gives. Keyboard, views and JavaScript off:
// e2e/editor-views.test.ts.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { cliActor } from '../src/audit/service.ts';
import { parseMarkdown } from '../src/content/markdown.ts';
import { saveUpload } from '../src/media/service.ts';
import { renderBlocksToHtml } from '../src/content/body-html.tsx';
import { testConfig } from '../src/testing/app.ts';
import { today as siteToday } from '../src/time.ts';
import { testEngine } from '../src/testing/db.ts';
import { chromiumAvailable, resultsDir } from './browser.ts';
import { openEditorSession, type EditorSession } from './editor-session.ts';

const available = chromiumAvailable();

describe('the visual block editor in Chromium', { skip: !available }, () => {
  let s: EditorSession;
  let mediaSrc = '';

  before(async () => {
    s = await openEditorSession();
    const png = await sharp({ create: { width: 640, height: 360, channels: 3, background: '#2b4c6f' } })
      .png()
      .toBuffer();
    mediaSrc = (
      await saveUpload(
        s.t.db,
        testConfig({ databaseUrl: s.t.url }).dataDir,
        { fileName: 'lock.png', bytes: png, alt: '鍵' },
        10_000_000,
        cliActor,
      )
    ).src;
  });
  after(() => s?.close());

  // The site's day (the server's zone, Asia/Tokyo by default), as the editor dates an 追記.
  const today = siteToday();

  it('writes a post with every block by clicks and typing, Japanese through the IME, publishes it, and the page is the expected one', async () => {
    const { page, base, compose, insert, markdown, errors } = s;
    await page.goto(`${base}/admin/posts/new`);
    await s.ready();
    await page.getByLabel('タイトル', { exact: true }).click();
    await compose('へんしゅうきの', '編集器の');
    await page.keyboard.type('テスト');

    // Paragraph: composition at the end, in the middle, after a bold span; a full-width space.
    await page.locator('.ed-content p').first().click();
    await compose('こじんじょうほうの', '個人情報の');
    await compose('について', 'について');
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft');
    await compose('ろうえい', '漏えい');
    await page.keyboard.press('End');
    await page.keyboard.type('。　');
    await page.keyboard.press('Control+b');
    await compose('じゅうよう', '重要');
    await page.keyboard.press('Control+b');
    await compose('です', 'です');
    await page.keyboard.type('。');
    await page.keyboard.press('Shift+Enter');
    await compose('にぎょうめ', '二行目');
    await page.keyboard.press('Enter');
    // Heading by its Markdown shortcut, list, ordered list.
    await page.keyboard.type('## ');
    await compose('けいい', '経緯');
    await page.keyboard.press('Enter');
    await insert('箇条書き');
    await compose('ひとつめ', '一つ目');
    await page.keyboard.press('Enter');
    await compose('ふたつめ', '二つ目');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    // Table: composition in cells, Tab to the next cell.
    await insert('表');
    await compose('こうもく', '項目');
    await page.keyboard.press('Tab');
    await compose('ないよう', '内容');
    await page.keyboard.press('Tab');
    await compose('そくほう', '速報');
    await page.keyboard.press('Tab');
    await page.keyboard.type('3〜5日');
    // Image from the media library, alt required.
    await insert('画像');
    await page.getByRole('button', { name: 'メディアから選ぶ' }).click();
    await page.locator('.ed-library-item').first().click();
    await page.getByLabel(/代替テキスト/).click();
    assert.equal(await page.getByLabel(/代替テキスト/).inputValue(), '鍵', 'the library’s alt text comes with the picture');
    await page.keyboard.press('Control+a');
    await compose('かぎのしゃしん', '鍵の写真');
    await page.getByLabel('キャプション').click();
    await page.keyboard.type('南京錠');
    await page.getByLabel('出典表記').click();
    await page.keyboard.type('画像は編集部が作成');
    // Sources: two rows in one block.
    await insert('出典');
    await page.getByLabel('出典1の URL').click();
    await page.keyboard.type('https://www.ppc.go.jp/news/');
    await page.getByLabel('題名').click();
    await compose('ほうこく', '報告');
    await page.getByLabel('発行元').click();
    await page.keyboard.type('個人情報保護委員会');
    await page.getByRole('button', { name: '出典を追加' }).click();
    await page.keyboard.type('https://example.jp/b');
    // Commentary with a paragraph typed in it, then an addendum (goes after the commentary).
    await insert('私のコメント');
    await compose('わたしのいけんです', '私の意見です');
    await page.keyboard.type('。');
    await insert('追記');
    await page.locator('.ed-addendum .ed-frame-body p').click();
    await compose('こうひょうされました', '公表されました');
    await page.keyboard.type('。');
    // Enter twice leaves the addendum; then call to action, timeline, note, code, divider,
    // HTML and quote at the top level.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await insert('申込ボタン');
    await page.getByLabel('ボタンの文言').click();
    await compose('もうしこむ', '申し込む');
    await page.getByLabel(/リンク先/).click();
    await page.keyboard.type('/events/seminar');
    await insert('時系列');
    await page.getByLabel('1行目のいつ').click();
    await page.keyboard.type('6月5日');
    await page.getByLabel('できごと').click();
    await compose('ていし', '停止');
    await insert('注記');
    await compose('さいけいです', '再掲です');
    await insert('コード');
    await page.keyboard.type('const a = 1;');
    await insert('区切り線');
    await insert('HTML');
    await page.getByRole('textbox', { name: /^HTML（/ }).click();
    await page.keyboard.type('<p>古い<strong>HTML</strong></p>');
    await insert('引用');
    await compose('いんよう', '引用');

    const expected = `個人情報の漏えいについて。　**重要**です。
二行目

## 経緯

- 一つ目
- 二つ目

| 項目 | 内容 |
| --- | --- |
| 速報 | 3〜5日 |

::image{src="${mediaSrc}" alt="鍵の写真" caption="南京錠" credit="画像は編集部が作成" width=640 height=360}

::source{url="https://www.ppc.go.jp/news/" title="報告" publisher="個人情報保護委員会"}

::source{url="https://example.jp/b"}

:::commentary
私の意見です。
:::

:::addendum{date="${today}"}
公表されました。
:::

::cta{label="申し込む" url="/events/seminar" style="primary"}

:::timeline
- 6月5日: 停止
:::

:::note
再掲です
:::

\`\`\`
const a = 1;
\`\`\`

---

:::html
<p>古い<strong>HTML</strong></p>
:::

> 引用
`;
    const written = await markdown();
    if (written !== expected) console.error(written);
    assert.equal(written, expected);
    await page.screenshot({ path: path.join(resultsDir, `editor-${testEngine}.png`), fullPage: false });

    await page.getByRole('button', { name: '今すぐ公開する' }).click();
    await page.waitForURL(/\/admin\/posts\/\d+\?done=published/);
    const publicUrl = await page.getByRole('link', { name: '公開ページ' }).getAttribute('href');
    await page.goto(`${base}${publicUrl}`);
    assert.equal(await page.locator('h1').first().textContent(), '編集器のテスト');
    const [actual, wanted] = await page.evaluate(
      (html) => {
        const body = document.querySelector('.post-body > div:not([class])')!;
        const tpl = document.createElement('div');
        tpl.innerHTML = html;
        return [body.innerHTML, tpl.innerHTML];
      },
      renderBlocksToHtml(parseMarkdown(expected)),
    );
    assert.equal(actual, wanted);
    assert.deepEqual(errors, []);
  });
});
