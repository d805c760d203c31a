// Site settings (owner).
import type { SessionInfo } from '../../accounts/service.ts';
import type { Settings } from '../../site/settings.ts';
import { CsrfField, renderAdmin } from './layout.tsx';

export function renderSettings(styleUrl: string, session: SessionInfo, s: Settings, notice?: string, error?: string): string {
  return renderAdmin(
    { title: 'サイト設定', styleUrl, session, notice, error },
    <form method="post" action="/admin/settings" class="admin-form">
      <CsrfField token={session.csrfToken} />
      <label for="title">サイト名</label>
      <input id="title" name="title" required maxLength={100} value={s.title} />
      <label for="tagline">キャッチフレーズ</label>
      <input id="tagline" name="tagline" maxLength={200} value={s.tagline} />
      <label for="description">説明（検索結果やフィードに使われます）</label>
      <textarea id="description" name="description" maxLength={500} rows={3}>
        {s.description}
      </textarea>
      <label for="postsPerPage">1ページの記事数</label>
      <input id="postsPerPage" name="postsPerPage" type="number" min={1} max={50} required value={String(s.postsPerPage)} />
      <fieldset>
        <legend>日付の表示</legend>
        <label>
          <input type="radio" name="dateStyle" value="western" checked={s.dateStyle === 'western'} /> 西暦（2023年6月12日）
        </label>
        <label>
          <input type="radio" name="dateStyle" value="japanese" checked={s.dateStyle === 'japanese'} /> 和暦（令和5年6月12日）
        </label>
      </fieldset>
      <fieldset>
        <legend>すべての記事の下に出す申込ボタン（空なら出しません）</legend>
        <label for="defaultCtaLabel">ボタンの文言</label>
        <input
          id="defaultCtaLabel"
          name="defaultCtaLabel"
          maxLength={100}
          value={s.defaultCtaLabel}
          placeholder="次回のセミナーに申し込む"
        />
        <label for="defaultCtaUrl">リンク先</label>
        <input id="defaultCtaUrl" name="defaultCtaUrl" maxLength={2000} value={s.defaultCtaUrl} placeholder="/events/..." />
      </fieldset>
      <label for="footer">フッター</label>
      <textarea id="footer" name="footer" maxLength={1000} rows={3}>
        {s.footer}
      </textarea>
      <button type="submit">保存する</button>
    </form>,
  );
}
