// Tags: rename, delete.
import type { SessionInfo } from '../../accounts/service.ts';
import { CsrfField, PostButton, renderAdmin, TableHead } from './layout.tsx';

export function renderTags(
  styleUrl: string,
  session: SessionInfo,
  tags: Array<{ id: number; name: string; slug: string; count: number }>,
  messages: { notice?: string; error?: string } = {},
): string {
  return renderAdmin(
    { title: 'タグ', styleUrl, session, ...messages },
    <table class="admin-table">
      <TableHead columns={['名前', '記事数']} actions />
      <tbody>
        {tags.map((t) => (
          <tr>
            <td>
              <form method="post" action={`/admin/tags/${t.id}`} class="inline-form">
                <CsrfField token={session.csrfToken} />
                <label class="visually-hidden" for={`tag-${t.id}`}>
                  タグ名
                </label>
                <input id={`tag-${t.id}`} name="name" value={t.name} maxLength={100} required />
                <button type="submit">名前を変える</button>
              </form>
            </td>
            <td>{t.count}</td>
            <td>
              <PostButton action={`/admin/tags/${t.id}/delete`} token={session.csrfToken} label="削除" danger />
            </td>
          </tr>
        ))}
      </tbody>
    </table>,
  );
}
