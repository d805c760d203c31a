// The post editor: Markdown with block directives, a preview drawn by the public page's own
// code, a palette of blocks, publish / schedule / unpublish, and "add an addendum".
// Everything works with JavaScript off; /static/admin.js adds live preview, the palette's
// insert-at-cursor and autosave of drafts, and /static/editor/editor.js (src/editor) the
// visual block editor, which writes Markdown back into the textarea (then the ソース view).
import type { JSX } from 'preact';
import type { SessionInfo } from '../../accounts/service.ts';
import { flattenCategories, type CategoryNode } from '../../content/read.ts';
import { assetUrl } from '../assets.ts';
import { localDate, siteTimeZone, siteTimeZoneLabel } from '../../time.ts';
import { CsrfField, PostButton, renderAdmin, TableHead } from './layout.tsx';
import { statusLabels } from './posts.tsx';

export interface EditorValues {
  id?: number;
  revision?: number;
  title: string;
  slug: string;
  markdown: string;
  status: string;
  /** datetime-local value in the site's time zone (YYYY-MM-DDTHH:mm), or ''. */
  publishAt: string;
  categories: string[];
  tags: string;
  publicUrl?: string;
  /** メールで配信しない: subscribers get no mail when this post is published. */
  mailOff?: boolean;
}

export interface EditorPermissions {
  canPublish: boolean;
}

/** What the palette inserts: one snippet per block type. */
export const palette: Array<{ label: string; snippet: string }> = [
  {
    label: '画像（キャプション・出典表記）',
    snippet: '::image{src="/media/..." alt="画像の説明" caption="" credit="画像は同社のWebサイトより"}',
  },
  { label: '出典', snippet: '::source{url="https://" title="" publisher=""}' },
  { label: '私のコメント', snippet: ':::commentary\nここにコメントを書きます。\n:::' },
  { label: '追記', snippet: `:::addendum{date="${localDate(new Date())}"}\n追記の内容\n:::` },
  { label: '申込ボタン', snippet: '::cta{label="セミナーに申し込む" url="/events/..." style="primary"}' },
  { label: '時系列', snippet: ':::timeline\n- 6月5日: 出来事\n- 6月8日: 出来事\n:::' },
  { label: '注記', snippet: ':::note\n※この記事は以前に公開したものを再掲します。\n:::' },
  { label: '見出し', snippet: '## 見出し' },
  { label: '表', snippet: '| 項目 | 内容 |\n| --- | --- |\n| | |' },
];

function ActionButtons({ v, perms }: { v: EditorValues; perms: EditorPermissions }): JSX.Element {
  const published = v.status === 'published';
  return (
    <div class="editor-actions">
      <button type="submit" name="action" value="save">
        {published ? '更新する' : '下書き保存'}
      </button>
      <button type="submit" name="action" value="preview" class="secondary">
        プレビュー
      </button>
      {!published && !perms.canPublish ? (
        <button type="submit" name="action" value="submit">
          レビューに出す
        </button>
      ) : null}
      {!published && perms.canPublish ? (
        <>
          <label class="mail-off">
            <input type="checkbox" name="mailOff" value="yes" checked={v.mailOff} /> メールで配信しない
          </label>
          <button type="submit" name="action" value="publish" class="primary">
            今すぐ公開する
          </button>
          <button type="submit" name="action" value="schedule">
            日時を指定して予約する
          </button>
        </>
      ) : null}
      {published && perms.canPublish ? (
        <button type="submit" name="action" value="unpublish">
          公開を取り消す
        </button>
      ) : null}
    </div>
  );
}

/** The visual editor's keyboard shortcuts, listed on the page. */
export const editorShortcuts: Array<[string, string]> = [
  ['Ctrl+B / Ctrl+I', '太字 / 斜体'],
  ['Ctrl+K', 'リンク（選んだ文字に付ける・外す）'],
  ['Shift+Enter', '段落の中の改行'],
  ['Ctrl+Alt+0 / 2 / 3 / 4', '本文 / 見出し（大・中・小）'],
  ['行頭で ## ・ - ・ 1. ・ > と空白', '見出し・箇条書き・番号付きリスト・引用'],
  ['Alt+↑ / Alt+↓', 'ブロックを上へ / 下へ'],
  ['Alt+Shift+D', 'ブロックを複製'],
  ['Alt+Shift+Backspace', 'ブロックを削除'],
  ['Ctrl+Z / Ctrl+Y', '元に戻す / やり直す'],
  ['Tab / Shift+Tab', '表の次 / 前のセル（表の外ではフォーカスの移動）'],
];

export function renderEditor(
  styleUrl: string,
  session: SessionInfo,
  v: EditorValues,
  perms: EditorPermissions,
  categories: CategoryNode[],
  preview: { html?: string; error?: string },
  messages: { notice?: string; error?: string } = {},
  events: Array<{ slug: string; title: string }> = [],
): string {
  const action = v.id ? `/admin/posts/${v.id}` : '/admin/posts/new';
  return renderAdmin(
    {
      title: v.id ? '記事の編集' : '新しい記事',
      styleUrl,
      session,
      notice: messages.notice,
      error: messages.error,
      scripts: [assetUrl('admin.js'), assetUrl('editor/editor.js')],
    },
    <>
      {v.id ? (
        <p class="editor-meta">
          状態: <strong>{statusLabels[v.status] ?? v.status}</strong>
          {v.publicUrl ? (
            <>
              {' '}
              · <a href={v.publicUrl}>公開ページ</a>
            </>
          ) : null}{' '}
          · <a href={`/admin/posts/${v.id}/revisions`}>変更履歴</a>
        </p>
      ) : null}
      <div class="editor">
        <form
          method="post"
          action={action}
          class="admin-form editor-form"
          id="editor-form"
          data-post-id={v.id ? String(v.id) : ''}
          data-status={v.status}
        >
          <CsrfField token={session.csrfToken} />
          {v.revision ? <input type="hidden" name="revision" value={String(v.revision)} /> : null}
          <label for="title">タイトル</label>
          <input id="title" name="title" required maxLength={300} value={v.title} />
          {/* The body's headings (## is an h3, as on the public pages) sit under this one. */}
          <h2 class="visually-hidden">本文</h2>
          <div class="editor-mode" role="group" aria-label="本文の表示" hidden>
            <span class="label">本文</span>
            <button type="button" data-editor-mode="visual" aria-pressed="true" aria-controls="visual-editor">
              ビジュアル
            </button>
            <button type="button" data-editor-mode="source" aria-pressed="false" aria-controls="source-view">
              ソース
            </button>
          </div>
          <p id="editor-mode-note" class="editor-mode-note" role="status"></p>
          <p id="editor-live" class="visually-hidden" aria-live="polite"></p>
          <div id="visual-editor" class="visual-editor" hidden data-events={JSON.stringify(events)} data-time-zone={siteTimeZone()} />
          <details id="editor-shortcuts" class="editor-shortcuts" hidden>
            <summary id="editor-shortcuts-summary">キーボード操作（ツールバーの各ボタンでも同じことができます）</summary>
            <dl>
              {editorShortcuts.map(([keys, what]) => (
                <>
                  <dt>
                    <kbd>{keys}</kbd>
                  </dt>
                  <dd>{what}</dd>
                </>
              ))}
            </dl>
          </details>
          <div id="source-view" class="source-view">
            <label for="markdown">本文（Markdown とブロック記法）</label>
            <div class="palette" role="toolbar" aria-label="ブロックを挿入">
              {palette.map((p) => (
                <button type="button" class="palette-item" data-snippet={p.snippet} hidden>
                  {p.label}
                </button>
              ))}
            </div>
            <textarea id="markdown" name="markdown" rows={24} maxLength={2000000} spellcheck={false}>
              {v.markdown}
            </textarea>
            <details class="syntax-help">
              <summary>ブロックの書き方</summary>
              <dl>
                {palette.map((p) => (
                  <>
                    <dt>{p.label}</dt>
                    <dd>
                      <pre>
                        <code>{p.snippet}</code>
                      </pre>
                    </dd>
                  </>
                ))}
              </dl>
            </details>
          </div>
          <fieldset class="editor-settings">
            <legend>公開の設定</legend>
            <label for="slug">スラッグ（URL。空なら自動）</label>
            <input id="slug" name="slug" maxLength={200} value={v.slug} pattern="[\p{L}\p{N}][\p{L}\p{N}_\-]*" />
            <label for="publishAt">{`公開日時（${siteTimeZoneLabel()}。予約のときは必須）`}</label>
            <input id="publishAt" name="publishAt" type="datetime-local" value={v.publishAt} />
            <p class="label">カテゴリー</p>
            <div class="checkboxes">
              {flattenCategories(categories).map((c) => (
                <label class={`depth-${Math.min(c.depth, 3)}`}>
                  <input type="checkbox" name="categories" value={c.slug} checked={v.categories.includes(c.slug)} /> {c.name}
                </label>
              ))}
            </div>
            <label for="tags">タグ（読点「、」かカンマで区切る）</label>
            <input id="tags" name="tags" maxLength={1000} value={v.tags} />
          </fieldset>
          <ActionButtons v={v} perms={perms} />
        </form>
        <section class="preview" aria-labelledby="preview-heading">
          <h2 id="preview-heading">プレビュー</h2>
          <p class="preview-error" role="alert" id="preview-error">
            {preview.error ?? ''}
          </p>
          <div id="preview" class="preview-body" aria-live="polite" dangerouslySetInnerHTML={{ __html: preview.html ?? '' }} />
        </section>
      </div>
      {v.id && v.status === 'published' ? (
        <section class="addendum-form">
          <h2>追記を加える</h2>
          <form method="post" action={`/admin/posts/${v.id}/addendum`} class="admin-form">
            <CsrfField token={session.csrfToken} />
            <input type="hidden" name="revision" value={String(v.revision ?? '')} />
            <label for="addendum-date">日付</label>
            <input id="addendum-date" name="date" type="date" required value={localDate(new Date())} />
            <label for="addendum-text">追記の本文（出典を付けるときは ::source{'{url="…"}'} の行を加えます）</label>
            <textarea id="addendum-text" name="text" rows={5} required maxLength={100000} />
            <button type="submit">追記して更新する</button>
          </form>
        </section>
      ) : null}
      {v.id ? (
        <form method="post" action={`/admin/posts/${v.id}/trash`} class="danger-zone">
          <CsrfField token={session.csrfToken} />
          <button type="submit" class="danger">
            ゴミ箱へ移す
          </button>
        </form>
      ) : null}
    </>,
  );
}

export interface RevisionView {
  revision: number;
  savedAt: string;
  by: string;
  title: string;
}

export function renderRevisions(
  styleUrl: string,
  session: SessionInfo,
  postId: number,
  postTitle: string,
  revisions: RevisionView[],
  diff: { from: number; to: number; parts: Array<{ added?: boolean; removed?: boolean; value: string }> } | undefined,
  formatTime: (iso: string) => string,
): string {
  return renderAdmin(
    { title: `変更履歴：${postTitle}`, styleUrl, session },
    <>
      <p>
        <a href={`/admin/posts/${postId}`}>編集に戻る</a>
      </p>
      {diff ? (
        <section>
          <h2>
            第{diff.from}版 → 第{diff.to}版の違い
          </h2>
          <pre class="diff">
            {diff.parts.map((p) => (p.added ? <ins>{p.value}</ins> : p.removed ? <del>{p.value}</del> : <span>{p.value}</span>))}
          </pre>
        </section>
      ) : null}
      <table class="admin-table">
        <TableHead columns={['版', '保存日時', '保存した人', 'タイトル']} actions />
        <tbody>
          {revisions.map((r, i) => (
            <tr>
              <td>第{r.revision}版</td>
              <td>{formatTime(r.savedAt)}</td>
              <td>{r.by}</td>
              <td>{r.title}</td>
              <td>
                {i < revisions.length - 1 ? <a href={`/admin/posts/${postId}/revisions?diff=${r.revision}`}>前の版との違い</a> : null}
                {i > 0 ? (
                  <PostButton
                    action={`/admin/posts/${postId}/revisions/${r.revision}/restore`}
                    token={session.csrfToken}
                    label="この版に戻す"
                  />
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>,
  );
}
