// One's author profile (shown with one's posts).
import type { SessionInfo } from '../../accounts/service.ts';
import type { AuthorView } from '../../content/read.ts';
import { CsrfField, renderAdmin } from './layout.tsx';

export function renderProfile(
  styleUrl: string,
  session: SessionInfo,
  author: AuthorView,
  messages: { notice?: string; error?: string } = {},
): string {
  return renderAdmin(
    { title: '著者プロフィール', styleUrl, session, ...messages },
    <form method="post" action="/admin/profile" class="admin-form">
      <CsrfField token={session.csrfToken} />
      <label for="displayName">著者名</label>
      <input id="displayName" name="displayName" required maxLength={100} value={author.displayName} />
      <label for="profile">プロフィール（サイドバーと著者ページに表示）</label>
      <textarea id="profile" name="profile" rows={4} maxLength={2000}>
        {author.profile}
      </textarea>
      <label for="greeting">あいさつ（すべての記事の冒頭に表示）</label>
      <textarea id="greeting" name="greeting" rows={3} maxLength={2000}>
        {author.greeting}
      </textarea>
      <label for="signoff">結び（すべての記事の最後に表示）</label>
      <textarea id="signoff" name="signoff" rows={3} maxLength={2000}>
        {author.signoff}
      </textarea>
      <button type="submit">保存する</button>
    </form>,
  );
}
