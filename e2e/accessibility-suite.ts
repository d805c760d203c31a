// axe-core (WCAG 2.1 A/AA and best practices) on every page type a reader sees and on the
// admin's main pages, at a phone's and a desktop's width, in Chromium: any violation fails.
// One server, one browser, one page per side; each test lists every page that fails.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { currentTotp } from '../src/accounts/totp.ts';
import type { App } from '../src/app.ts';
import { cliActor } from '../src/audit/service.ts';
import { moderate, postComment, replyAsAuthor } from '../src/comments/service.ts';
import { createPost } from '../src/content/service.ts';
import { findAuthor } from '../src/content/read.ts';
import { loadDemo } from '../src/demo/load.ts';
import { createEvent } from '../src/events/event.ts';
import { personalToken } from '../src/subscriptions/service.ts';
import { createTestUser, TEST_PASSWORD } from '../src/testing/admin-client.ts';
import { createTestDb, type TestDb } from '../src/testing/db.ts';
import { axeReport } from './axe.ts';
import { chromiumAvailable, launchChromium, serveOnLoopback } from './browser.ts';

const available = chromiumAvailable();
/** A phone in light mode and a desktop in dark mode: both widths and both colour schemes,
 * each page checked twice rather than four times (contrast does not change with the width). */
const RUNS = [
  { width: 360, colorScheme: 'light' },
  { width: 1280, colorScheme: 'dark' },
] as const;

/** A post with every kind of block a reader meets, and comments with a reply. */
const FULL_POST = `::image{src="/static/demo/timeline.svg" alt="発覚から速報・確報までの期限を示す図" caption="報告の期限" credit="図は瓦版デモ編集部が作成" width=800 height=420}

委託先で起きた事故の、発覚から報告までをまとめます。

::cta{label="「漏えい対応の初動」ウェビナーに申し込む" url="/events/breach-webinar" style="primary"}

:::timeline
- 9月8日: サーバーが応答しなくなり、サービスを停止
- 9月11日: 個人情報保護委員会へ報告（速報）
:::

## 報告の期限

| 報告 | 期限 |
| --- | --- |
| 速報 | 3〜5日以内 |
| 確報 | 30日以内 |

| 本人の数 | 報告 |
| --- | --- |
| 1,001人以上 | 必要 |

::source{url="https://www.ppc.go.jp/personalinfo/legal/leakAction/" title="漏えい等の対応とお役立ち資料" publisher="個人情報保護委員会"}

### 初動で確かめること

- 影響を受けた本人の数
- 漏えいか、そのおそれか

> 委託先の事故は、委託元の事故でもある。

\`\`\`sh
grep -r "個人情報" /var/log/app/ --include=*.log | awk '{print $1, $2, $NF}' | sort | uniq -c | sort -rn | head -n 50
\`\`\`

---

:::chart{kind="bar" title="報告件数" unit="件"}
| 年度 | 件数 |
| --- | --- |
| 2022年度 | 4,000 |
| 2023年度 | 12,000 |
:::

::tool{name="breach"}

:::html
<p>窓口の画面は<strong>架空の例</strong>です。</p>
:::

:::note
この記事は説明のための見本です。
:::

:::commentary
委託元も報告の当事者になりえます。
:::

:::addendum{date="2025-09-25"}
調査の中間報告が公表されました。
:::

::cta{label="チェックリストをダウンロードする" url="/events/breach-webinar" style="secondary"}
`;

/** Every page type a reader meets; the forms that answer are filled in the test itself. */
const READER_PAGES: Array<[label: string, path: string]> = [
  ['front page', '/'],
  ['front page, page 2', '/?page=2'],
  ['a post with every block and comments', '/posts/a11y-full'],
  ['a post with a chart and a tool card', '/posts/privacy-mark-statistics-2025'],
  ['a post with a timeline and sources in its addendum', '/posts/p-20250918'],
  ['a post that starts at ###', '/posts/p-20251015'],
  ['the comments page', '/posts/a11y-full/comments'],
  ['a category', '/category/incidents'],
  ['a tag', '/tag/%E6%BC%8F%E3%81%88%E3%81%84'],
  ['a month archive', '/archive/2025/09'],
  ['a year archive', '/archive/2025'],
  ['the archive index', '/archive'],
  ['an author page', '/author/mihon'],
  ['search with results', '/search?q=%E5%A0%B1%E5%91%8A'],
  ['search with no results', '/search?q=%E5%AD%98%E5%9C%A8%E3%81%97%E3%81%AA%E3%81%84%E8%A8%80%E8%91%89xyz'],
  ['search with nothing asked', '/search'],
  ['the events list', '/events'],
  ['an event and its registration form', '/events/breach-webinar'],
  ['a missing page (404)', '/posts/no-such-post'],
  ['the subscribe form', '/subscribe'],
  ['a subscription link that does not work', '/subscriptions/confirm?t=broken'],
  ['a registration link that does not work', '/events/confirm?t=broken'],
  ['a comment withdrawal link that does not work', '/comments/withdraw?t=broken'],
  ['the breach triage tool', '/tools/breach'],
  ['the SoA tool', '/tools/soa'],
  ['sign-in', '/admin/login'],
];

const ADMIN_PAGES: Array<[label: string, path: string]> = [
  ['posts list', '/admin/posts'],
  ['trash', '/admin/trash'],
  ['categories', '/admin/categories'],
  ['tags', '/admin/tags'],
  ['comments', '/admin/comments'],
  ['subscribers', '/admin/subscribers'],
  ['subscribers, listed', '/admin/subscribers?list=1'],
  ['events', '/admin/events'],
  ['new event', '/admin/events/new'],
  ['media', '/admin/media'],
  ['settings', '/admin/settings'],
  ['privacy (開示・削除)', '/admin/privacy'],
  ['audit log', '/admin/audit'],
  ['users', '/admin/users'],
  ['account', '/admin/account'],
  ['profile', '/admin/profile'],
  ['redirects', '/admin/redirects'],
  ['synonyms', '/admin/synonyms'],
  ['import review', '/admin/import-review'],
  ['incidents', '/admin/incidents'],
  ['new incident', '/admin/incidents/new'],
  ['SoA', '/admin/soa'],
];

/** The checks of one part of the site: the reader's pages or the admin's. Each part is its own
 * test file, so the two run side by side and each stays well inside the per-file time limit. */
export function accessibilitySuite(part: 'reader' | 'admin'): void {
  describe(`accessibility (axe-core) of every ${part} page type in Chromium`, { skip: !available }, () => {
    let t: TestDb;
    let app: App;
    let browser: Browser;
    let base: string;
    let stop: () => Promise<void>;
    let reader: BrowserContext;
    let admin: BrowserContext;
    let postId: number;
    let eventId: number;

    before(async () => {
      t = await createTestDb();
      await loadDemo(t.db);
      ({ base, stop, app } = await serveOnLoopback(t));
      const owner = await createTestUser(app.db, 'owner@example.jp', 'owner');
      const author = (await findAuthor(t.db, 'mihon'))!;
      const post = await createPost(
        t.db,
        {
          title: '委託先の事故、報告までの流れ',
          slug: 'a11y-full',
          status: 'published',
          authorId: author.id,
          categories: ['incidents'],
          tags: ['漏えい', '委託先管理'],
          markdown: FULL_POST,
        },
        cliActor,
      );
      postId = post.id;
      const { settings } = await app.siteContext();
      const asked = await postComment(
        { db: app.db, sealer: app.sealer, settings, siteUrl: base },
        'a11y-full',
        { name: '情シスの山本', email: '', body: '確報の30日はどこから数えますか？', notify: false },
        'hash-1',
      );
      await moderate(app.db, 'approve', [asked.id], cliActor, { sealer: app.sealer, siteUrl: base });
      await replyAsAuthor(
        { db: app.db, sealer: app.sealer, siteUrl: base },
        asked.id,
        { name: '見本花子', body: '事態を知った日から数えます。' },
        cliActor,
      );
      eventId = await createEvent(
        t.db,
        {
          slug: 'breach-webinar',
          kind: 'webinar',
          status: 'published',
          title: '漏えい対応の初動ウェビナー',
          description: '発覚から速報までの**最初の3日**を、事例で確かめます。',
          startsAt: '2099-05-01T14:00',
          joinUrl: 'https://example.com/join',
          capacity: 100,
          questions: [
            { label: '会社名', required: true },
            { label: '聞きたいこと', required: false },
          ],
          purpose: 'ウェビナーのご案内と、関連するセミナーのご案内のため',
          retentionDays: 180,
          contact: '見本事務所 個人情報窓口 privacy@example.jp',
        },
        undefined,
        cliActor,
      );
      browser = await launchChromium();
      // axe is added to the pages as a file: their CSP forbids injected inline scripts.
      reader = await browser.newContext({ locale: 'ja-JP', bypassCSP: true });
      admin = await browser.newContext({ locale: 'ja-JP', bypassCSP: true });
      const page = await admin.newPage();
      await page.goto(`${base}/admin/login`);
      await page.getByLabel('メールアドレス').fill('owner@example.jp');
      await page.getByLabel('パスワード').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'ログイン' }).click();
      await page.getByLabel(/6桁のコード/).fill(await currentTotp(owner.secret!));
      await page.getByRole('button', { name: '確認する' }).click();
      await page.waitForURL(`${base}/admin/posts`);
      await page.close();
    });

    after(async () => {
      await browser?.close();
      await stop?.();
      await t?.cleanup();
    });

    /** Opens each path, runs axe, and collects the reports of the pages that fail. */
    async function visit(page: Page, pages: Array<[string, string]>, failures: string[]): Promise<void> {
      for (const [label, path] of pages) {
        await page.goto(`${base}${path}`);
        const report = await axeReport(page, label);
        if (report) failures.push(report);
      }
    }

    async function check(page: Page, label: string, failures: string[]): Promise<void> {
      const report = await axeReport(page, label);
      if (report) failures.push(report);
    }

    async function open(context: BrowserContext, { width, colorScheme }: (typeof RUNS)[number]): Promise<Page> {
      const page = await context.newPage();
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme });
      return page;
    }

    for (const run of RUNS) {
      const { width, colorScheme } = run;
      if (part === 'reader')
        it(`finds no violation on any reader page at ${width} px, ${colorScheme}`, async () => {
          const page = await open(reader, run);
          const failures: string[] = [];
          await visit(page, READER_PAGES, failures);

          // The forms' answers: a registration refused (sent too fast), a subscription sent,
          // the subscriber's own page, leaving.
          await page.goto(`${base}/events/breach-webinar`);
          await page.getByRole('button', { name: /申し込む/ }).click();
          await page.waitForLoadState();
          await check(page, 'the registration form with an error', failures);
          await page.goto(`${base}/posts/a11y-full`);
          await page.getByRole('button', { name: '確認画面へ進む' }).click();
          await page.waitForLoadState();
          await check(page, 'the comment form with an error', failures);
          await page.goto(`${base}/posts/a11y-full`);
          await page.getByRole('textbox', { name: 'お名前（必須）' }).fill(`読者${width}`);
          await page.getByLabel('コメント（必須）').fill('確報の期限について質問です。');
          await page.getByRole('button', { name: '確認画面へ進む' }).click();
          await page.waitForLoadState();
          await check(page, 'the comment preview (確認)', failures);
          await page.goto(`${base}/subscribe`);
          await page.getByLabel('メールアドレス').fill(`reader${width}@example.jp`);
          await page.getByLabel('上記「個人情報の取り扱い」に同意します').check();
          await page.getByRole('button', { name: '確認メールを送る' }).click();
          await page.getByRole('heading', { name: '確認メールをお送りしました' }).waitFor();
          await check(page, 'the subscription sent', failures);
          const ref = (await t.db.kysely.selectFrom('subscribers').select('ref').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow())
            .ref;
          const token = encodeURIComponent(personalToken(app.sealer, ref));
          await visit(
            page,
            [
              ['the subscriber preferences', `/subscriptions/preferences?t=${token}`],
              ['unsubscribing', `/subscriptions/unsubscribe?t=${token}`],
            ],
            failures,
          );
          // Signing in: a refused password, then the second step.
          await page.goto(`${base}/admin/login`);
          await page.getByLabel('メールアドレス').fill('owner@example.jp');
          await page.getByLabel('パスワード').fill('not the password');
          await page.getByRole('button', { name: 'ログイン' }).click();
          await page.waitForLoadState();
          await check(page, 'sign-in refused', failures);
          await page.getByLabel('パスワード').fill(TEST_PASSWORD);
          await page.getByRole('button', { name: 'ログイン' }).click();
          await page.waitForURL(`${base}/admin/login/2fa`);
          await check(page, 'sign-in, the second step', failures);
          await page.close();
          assert.deepEqual(failures, []);
        });

      if (part === 'admin')
        it(`finds no violation on the admin's main pages at ${width} px, ${colorScheme}`, async () => {
          const page = await open(admin, run);
          const failures: string[] = [];
          await visit(
            page,
            [
              ...ADMIN_PAGES,
              ['an event', `/admin/events/${eventId}`],
              ['an event registrants', `/admin/events/${eventId}/registrants`],
              ['a post revisions', `/admin/posts/${postId}/revisions`],
              ['a new post', '/admin/posts/new'],
            ],
            failures,
          );
          await page.goto(`${base}/admin/posts/${postId}`);
          await page.locator('#visual-editor[data-ready="true"]').waitFor({ state: 'attached', timeout: 10_000 });
          await check(page, 'the post editor (visual)', failures);
          await page.getByRole('button', { name: 'ソース', exact: true }).click();
          await page.locator('#markdown').waitFor();
          await check(page, 'the post editor (ソース)', failures);
          await page.close();
          assert.deepEqual(failures, []);
        });
    }
  });
}
