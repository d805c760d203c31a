// 要確認: lines an import kept as they were because they could not be repaired with certainty.
import type { SessionInfo } from '../../accounts/service.ts';
import type { ReviewLine } from '../../import/review.ts';
import { PostButton, renderAdmin, TableHead } from './layout.tsx';

export function renderImportReview(styleUrl: string, session: SessionInfo, rows: ReviewLine[], notice?: string): string {
  return renderAdmin(
    { title: '要確認（取り込んだ記事の文字化け）', styleUrl, session, notice },
    <>
      <p>
        取り込みのとき文字化けが見つかり、確実には直せなかった行です。記事には元のまま載っています（推測で書き換えることはしません）。記事を開いて正しい文に直し、「確認済み」を押してください。
      </p>
      <p>{rows.length ? `${rows.length}件` : '確認を待つ行はありません。'}</p>
      {rows.length ? (
        <table class="admin-table">
          <TableHead columns={['記事', '元のファイル', 'いまの行', '推測（参考）']} actions />
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>
                  <a href={`/admin/posts/${r.postId}`}>{r.title}</a>
                </td>
                <td>
                  {r.file}（{r.entry}件目・{r.line}行目）
                </td>
                <td lang="ja">
                  {r.text}
                  {r.stillThere ? null : <p class="hint">（記事からはもう消えています。直したなら確認済みにしてください）</p>}
                </td>
                <td>{r.guess || '―'}</td>
                <td>
                  <PostButton action={`/admin/import-review/${r.id}/resolve`} token={session.csrfToken} label="確認済み" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>,
  );
}
