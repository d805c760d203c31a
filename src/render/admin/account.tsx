// One's own account: two-factor status and the list of one's sessions, with revoke.
import type { SessionInfo } from '../../accounts/service.ts';
import type { SessionRow } from '../../accounts/store.ts';
import { formatDate, formatDateTimeShort } from '../../time.ts';
import { CsrfField, TableHead, renderAdmin } from './layout.tsx';

export function renderAccount(
  styleUrl: string,
  session: SessionInfo,
  sessions: SessionRow[],
  recoveryLeft: number,
  notice?: string,
): string {
  return renderAdmin(
    { title: 'アカウント', styleUrl, session, notice },
    <>
      <section>
        <h2>二段階認証</h2>
        {session.user.totp_enabled ? (
          <p>
            有効です。残りの回復コード: {recoveryLeft}個。
            <a href="/admin/2fa/setup">端末を変える（設定し直す）</a>
          </p>
        ) : (
          <p>
            無効です。<a href="/admin/2fa/setup">設定する</a>
          </p>
        )}
      </section>
      <section>
        <h2>ログイン中のセッション</h2>
        <table class="admin-table">
          <TableHead columns={['開始', '最後の操作', 'IPアドレス', 'ブラウザ']} actions />
          <tbody>
            {sessions.map((s) => (
              <tr>
                <td>{formatDateTimeShort(s.created_at)}</td>
                <td>{formatDateTimeShort(s.last_seen_at)}</td>
                <td>{s.ip}</td>
                <td class="ua">{s.user_agent}</td>
                <td>
                  {s.token_hash === session.tokenHash ? (
                    'このセッション'
                  ) : (
                    <form method="post" action="/admin/account/sessions/revoke">
                      <CsrfField token={session.csrfToken} />
                      <input type="hidden" name="session" value={s.token_hash} />
                      <button type="submit">終了する</button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <form method="post" action="/admin/account/sessions/revoke-others">
          <CsrfField token={session.csrfToken} />
          <button type="submit">このセッション以外をすべてログアウトする</button>
        </form>
      </section>
      <p class="hint">アカウント作成日: {formatDate(session.createdAt)}</p>
    </>,
  );
}
