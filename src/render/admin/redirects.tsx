// The redirect map: old URLs and where they now go.
import type { SessionInfo } from '../../accounts/service.ts';
import { CsrfField, PostButton, renderAdmin, TableHead } from './layout.tsx';

export function renderRedirects(
  styleUrl: string,
  session: SessionInfo,
  rows: Array<{ id: number; from_path: string; to_path: string }>,
  messages: { notice?: string; error?: string } = {},
  values: { from?: string; to?: string } = {},
): string {
  return renderAdmin(
    { title: '転送（古いURL）', styleUrl, session, ...messages },
    <>
      <p>前のブログのURLに来た読者を、新しいページへ転送します（301）。取り込みで自動的に作られ、ここで足したり消したりできます。</p>
      <form method="post" action="/admin/redirects" class="admin-form">
        <CsrfField token={session.csrfToken} />
        <label for="from">元のURL（パス）</label>
        <input id="from" name="from" required maxLength={500} value={values.from ?? ''} placeholder="/archives/12345678.html" />
        <label for="to">転送先</label>
        <input id="to" name="to" required maxLength={2000} value={values.to ?? ''} placeholder="/posts/..." />
        <button type="submit">追加する</button>
      </form>
      <p>{rows.length}件</p>
      <table class="admin-table">
        <TableHead columns={['元のURL', '転送先']} actions />
        <tbody>
          {rows.map((r) => (
            <tr>
              <td>{r.from_path}</td>
              <td>
                <a href={r.to_path}>{r.to_path}</a>
              </td>
              <td>
                <PostButton action={`/admin/redirects/${r.id}/delete`} token={session.csrfToken} label="削除" danger />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>,
  );
}
