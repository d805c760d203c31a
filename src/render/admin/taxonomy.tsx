// Categories (order and hierarchy), tags, one's author profile, and the owner's user list.
import type { JSX } from 'preact';
import type { SessionInfo, UserView } from '../../accounts/service.ts';
import { flattenCategories, type AuthorView, type CategoryNode } from '../../content/read.ts';
import { CsrfField, PostButton, renderAdmin, TableHead } from './layout.tsx';

const roleLabels: Record<string, string> = { owner: 'オーナー', editor: '編集者', author: '執筆者' };


function CategoryFields({ c, all, token }: { c?: CategoryNode & { parentSlug?: string; position?: number }; all: Array<CategoryNode & { depth: number }>; token: string }): JSX.Element {
  const id = c ? `-${c.id}` : '-new';
  return (
    <>
      <CsrfField token={token} />
      <label for={`name${id}`}>名前</label>
      <input id={`name${id}`} name="name" required maxLength={100} value={c?.name ?? ''} />
      <label for={`slug${id}`}>スラッグ（URL）</label>
      <input id={`slug${id}`} name="slug" required maxLength={100} value={c?.slug ?? ''} />
      <label for={`parent${id}`}>親カテゴリー</label>
      <select id={`parent${id}`} name="parentSlug">
        <option value="">（なし）</option>
        {all
          .filter((o) => o.id !== c?.id)
          .map((o) => (
            <option value={o.slug} selected={c?.parentSlug === o.slug}>
              {'　'.repeat(o.depth)}
              {o.name}
            </option>
          ))}
      </select>
      <label for={`position${id}`}>並び順（小さいほど上）</label>
      <input id={`position${id}`} name="position" type="number" value={String(c?.position ?? 0)} />
      <label for={`description${id}`}>説明</label>
      <textarea id={`description${id}`} name="description" rows={2} maxLength={1000}>
        {c?.description ?? ''}
      </textarea>
    </>
  );
}

export function renderCategories(
  styleUrl: string,
  session: SessionInfo,
  tree: CategoryNode[],
  meta: Map<number, { parentSlug?: string; position: number }>,
  messages: { notice?: string; error?: string } = {},
): string {
  const all = flattenCategories(tree);
  return renderAdmin(
    { title: 'カテゴリー', styleUrl, session, ...messages },
    <>
      <section>
        <h2>カテゴリーを追加</h2>
        <form method="post" action="/admin/categories" class="admin-form">
          <CategoryFields all={all} token={session.csrfToken} />
          <button type="submit">追加する</button>
        </form>
      </section>
      <section>
        <h2>カテゴリー一覧</h2>
        {all.map((c) => (
          <details class={`category-item depth-${Math.min(c.depth, 3)}`}>
            <summary>
              {c.name}（{c.count}件）
            </summary>
            <form method="post" action={`/admin/categories/${c.id}`} class="admin-form">
              <CategoryFields c={{ ...c, ...meta.get(c.id) }} all={all} token={session.csrfToken} />
              <button type="submit">保存する</button>
            </form>
            <PostButton action={`/admin/categories/${c.id}/delete`} token={session.csrfToken} label="削除する（記事は残り、このカテゴリーから外れます）" danger />
          </details>
        ))}
      </section>
    </>,
  );
}

export function renderTags(styleUrl: string, session: SessionInfo, tags: Array<{ id: number; name: string; slug: string; count: number }>, messages: { notice?: string; error?: string } = {}): string {
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

export function renderProfile(styleUrl: string, session: SessionInfo, author: AuthorView, messages: { notice?: string; error?: string } = {}): string {
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

export function renderUsers(styleUrl: string, session: SessionInfo, users: Array<UserView & { disabled: boolean }>, messages: { notice?: string; error?: string } = {}, values: { email?: string; displayName?: string } = {}): string {
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
