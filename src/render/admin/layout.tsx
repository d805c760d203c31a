// The admin's frame: Japanese, keyboard- and phone-friendly, no script except the editor's.
import type { ComponentChildren, JSX } from 'preact';
import { render } from 'preact-render-to-string';
import type { SessionInfo } from '../../accounts/service.ts';
import { assetUrl } from '../assets.ts';

export interface AdminPage {
  title: string;
  styleUrl: string;
  session?: SessionInfo;
  /** A notice shown at the top (saved, published …). */
  notice?: string;
  /** An error shown at the top, with role="alert". */
  error?: string;
  scripts?: string[];
}

/** A table head; `actions` adds a last column for buttons, named for screen readers only. */
export function TableHead({ columns, actions = false }: { columns: string[]; actions?: boolean }): JSX.Element {
  return (
    <thead>
      <tr>
        {columns.map((c) => (
          <th scope="col">{c}</th>
        ))}
        {actions ? (
          <th scope="col">
            <span class="visually-hidden">操作</span>
          </th>
        ) : null}
      </tr>
    </thead>
  );
}

/** A wide table's box, scrolling sideways on a phone: it takes the keyboard focus (so the
 * columns out of view can be scrolled to) and is a region named `label`. */
export function TableScroll({ label, children }: { label: string; children: ComponentChildren }): JSX.Element {
  return (
    <div class="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

/** A one-button form that posts to `action` (delete, restore, revoke …). */
export function PostButton({
  action,
  token,
  label,
  danger = false,
}: {
  action: string;
  token: string;
  label: string;
  danger?: boolean;
}): JSX.Element {
  return (
    <form method="post" action={action}>
      <CsrfField token={token} />
      <button type="submit" class={danger ? 'danger' : undefined}>
        {label}
      </button>
    </form>
  );
}

export function CsrfField({ token }: { token: string }): JSX.Element {
  return <input type="hidden" name="_csrf" value={token} />;
}

/** Where the menu shows the number of held comments; filled in as the page is sent (web/admin). */
export const HELD_MARK = '<span class="held-count"></span>';

export function heldBadge(n: number): string {
  return n > 0 ? `<span class="held-count">（承認待ち ${n}）</span>` : '';
}

function Nav({ session }: { session: SessionInfo }): JSX.Element {
  const owner = session.user.role === 'owner';
  return (
    <nav class="admin-nav" aria-label="管理メニュー">
      <ul>
        <li>
          <a href="/admin/posts">記事一覧</a>
        </li>
        <li>
          <a href="/admin/posts/new">新しい記事</a>
        </li>
        <li>
          <a href="/admin/media">メディア</a>
        </li>
        <li>
          <a href="/admin/trash">ゴミ箱</a>
        </li>
        {session.user.role !== 'author' ? (
          <>
            <li>
              <a href="/admin/categories">カテゴリー</a>
            </li>
            <li>
              <a href="/admin/tags">タグ</a>
            </li>
            <li>
              <a href="/admin/synonyms">同義語</a>
            </li>
            <li>
              <a href="/admin/redirects">転送</a>
            </li>
            <li>
              <a href="/admin/import-review">要確認</a>
            </li>
            <li>
              <a href="/admin/events">イベント</a>
            </li>
            <li>
              <a href="/admin/incidents">インシデント</a>
            </li>
            <li>
              <a href="/admin/soa">適用宣言書</a>
            </li>
            <li>
              <a href="/admin/subscribers">購読者</a>
            </li>
            <li>
              <a href="/admin/comments">
                コメント
                <span class="held-count" />
              </a>
            </li>
          </>
        ) : null}
        <li>
          <a href="/admin/profile">プロフィール</a>
        </li>
        <li>
          <a href="/admin/account">アカウント</a>
        </li>
        {owner ? (
          <>
            <li>
              <a href="/admin/users">ユーザー</a>
            </li>
            <li>
              <a href="/admin/settings">サイト設定</a>
            </li>
            <li>
              <a href="/admin/audit">監査ログ</a>
            </li>
            <li>
              <a href="/admin/privacy">開示・削除</a>
            </li>
          </>
        ) : null}
        <li>
          <a href="/" target="_blank" rel="noopener">
            サイトを見る
          </a>
        </li>
      </ul>
      <form method="post" action="/admin/logout" class="logout">
        <CsrfField token={session.csrfToken} />
        <span class="whoami">{session.user.display_name}</span>
        <button type="submit">ログアウト</button>
      </form>
    </nav>
  );
}

export function renderAdmin(page: AdminPage, children: ComponentChildren): string {
  const full = page.session?.secondFactorDone;
  return `<!doctype html>${render(
    <html lang="ja">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${page.title} | 瓦版 管理`}</title>
        <link rel="stylesheet" href={page.styleUrl} />
        <link rel="stylesheet" href={assetUrl('admin.css')} />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        {(page.scripts ?? []).map((src) => (
          <script src={src} defer />
        ))}
      </head>
      <body class="admin">
        <a class="skip-link" href="#main">
          本文へスキップ
        </a>
        <header class="admin-header">
          <p class="admin-brand">
            <a href="/admin/">瓦版 管理</a>
          </p>
          {page.session && full ? <Nav session={page.session} /> : null}
        </header>
        <main id="main" tabIndex={-1} class="admin-main">
          <h1>{page.title}</h1>
          {page.error ? (
            <p class="admin-error" role="alert">
              {page.error}
            </p>
          ) : null}
          {page.notice ? (
            <p class="admin-notice" role="status">
              {page.notice}
            </p>
          ) : null}
          {children}
        </main>
      </body>
    </html>,
  )}`;
}
