// The audit log for the owner: newest first, filterable, read-only.
import type { SessionInfo } from '../../accounts/service.ts';
import type { AuditRow } from '../../audit/store.ts';
import { formatDateTimeShort } from '../../time.ts';
import { TableHead, renderAdmin } from './layout.tsx';

export function renderAuditLog(
  styleUrl: string,
  session: SessionInfo,
  rows: AuditRow[],
  total: number,
  filter: { action?: string; actor?: string },
  page: number,
  pages: number,
): string {
  const qs = (p: number) =>
    `?${new URLSearchParams({ ...(filter.action ? { action: filter.action } : {}), ...(filter.actor ? { actor: filter.actor } : {}), page: String(p) })}`;
  return renderAdmin(
    { title: '監査ログ', styleUrl, session },
    <>
      <form method="get" action="/admin/audit" class="admin-filters">
        <label for="action">操作（前方一致）</label>
        <input id="action" name="action" value={filter.action ?? ''} placeholder="sign-in" maxLength={60} />
        <label for="actor">実行者</label>
        <input id="actor" name="actor" value={filter.actor ?? ''} placeholder="owner@example.jp" maxLength={254} />
        <button type="submit">絞り込む</button>
      </form>
      <p>{total}件（記録は管理画面から変更・削除できません）</p>
      <table class="admin-table">
        <TableHead columns={['日時', '実行者', '操作', '対象', 'IP', '詳細']} />
        <tbody>
          {rows.map((r) => (
            <tr>
              <td>{formatDateTimeShort(r.at)}</td>
              <td>{r.actor}</td>
              <td>{r.action}</td>
              <td>{r.target}</td>
              <td>{r.ip}</td>
              <td>{r.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav class="pagination" aria-label="ページ送り">
        {page > 1 ? <a href={qs(page - 1)}>← 新しい記録</a> : null}
        {page < pages ? <a href={qs(page + 1)}>古い記録 →</a> : null}
      </nav>
    </>,
  );
}
