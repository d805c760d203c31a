// The owner's user list: add users, change roles, disable accounts.
import type { SessionInfo, UserView } from '../../accounts/service.ts';
import { CsrfField, renderAdmin, TableHead } from './layout.tsx';

const roleLabels: Record<string, string> = { owner: 'オーナー', editor: '編集者', author: '執筆者' };

export function renderUsers(
  styleUrl: string,
  session: SessionInfo,
  users: Array<UserView & { disabled: boolean }>,
  messages: { notice?: string; error?: string } = {},
  values: { email?: string; displayName?: string } = {},
): string {
  return renderAdmin(
    { title: 'ユーザー', styleUrl, session, ...messages },
    <>
      <table class="admin-table">
        <TableHead columns={['メールアドレス', '表示名', '役割', '二段階認証', '状態']} />
        <tbody>
          {users.map((u) => (
            <tr>
              <td>{u.email}</td>
              <td>{u.display_name}</td>
              <td>
                {u.id === session.user.id ? (
                  roleLabels[u.role]
                ) : (
                  <form method="post" action={`/admin/users/${u.id}`} class="inline-form">
                    <CsrfField token={session.csrfToken} />
                    <label class="visually-hidden" for={`role-${u.id}`}>
                      役割
                    </label>
                    <select id={`role-${u.id}`} name="role">
                      {Object.entries(roleLabels).map(([v, l]) => (
                        <option value={v} selected={u.role === v}>
                          {l}
                        </option>
                      ))}
                    </select>
                    <button type="submit">変更</button>
                  </form>
                )}
              </td>
              <td>{u.totp_enabled ? '有効' : '未設定'}</td>
              <td>
                {u.id === session.user.id ? (
                  'あなた'
                ) : (
                  <form method="post" action={`/admin/users/${u.id}`}>
                    <CsrfField token={session.csrfToken} />
                    <input type="hidden" name="disabled" value={u.disabled ? '0' : '1'} />
                    <button type="submit">{u.disabled ? '有効にする' : '無効にする'}</button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <section>
        <h2>ユーザーを追加</h2>
        <form method="post" action="/admin/users" class="admin-form">
          <CsrfField token={session.csrfToken} />
          <label for="email">メールアドレス</label>
          <input id="email" name="email" type="email" required maxLength={254} value={values.email ?? ''} />
          <label for="displayName">表示名</label>
          <input id="displayName" name="displayName" required maxLength={100} value={values.displayName ?? ''} />
          <label for="role">役割</label>
          <select id="role" name="role">
            <option value="author">執筆者（自分の下書きを書いてレビューに出す）</option>
            <option value="editor">編集者（すべての記事を公開できる）</option>
            <option value="owner">オーナー（ユーザーと設定も管理する）</option>
          </select>
          <label for="password">初期パスワード（12文字以上。本人に安全な方法で伝えてください）</label>
          <input id="password" name="password" type="password" required minLength={12} autoComplete="new-password" />
          <button type="submit">追加する</button>
        </form>
      </section>
    </>,
  );
}
