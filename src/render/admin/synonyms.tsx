// The search synonyms (one group per line).
import type { SessionInfo } from '../../accounts/service.ts';
import { CsrfField, renderAdmin } from './layout.tsx';

export function renderSynonyms(styleUrl: string, session: SessionInfo, text: string, notice?: string): string {
  return renderAdmin(
    { title: '検索の同義語', styleUrl, session, notice },
    <form method="post" action="/admin/synonyms" class="admin-form">
      <CsrfField token={session.csrfToken} />
      <label for="synonyms">1行に1組、同じ意味の言葉をカンマか読点で区切って書きます（例: 漏えい,漏洩）</label>
      <textarea id="synonyms" name="synonyms" rows={16} maxLength={100000}>
        {text}
      </textarea>
      <p class="hint">どれか一つで検索すると、同じ組の言葉を含む記事も見つかります。保存するとすぐに効きます。</p>
      <button type="submit">保存する</button>
    </form>,
  );
}
