// Categories: their order and hierarchy.
import type { JSX } from 'preact';
import type { SessionInfo } from '../../accounts/service.ts';
import { flattenCategories, type CategoryNode } from '../../content/read.ts';
import { CsrfField, PostButton, renderAdmin } from './layout.tsx';

function CategoryFields({
  c,
  all,
  token,
}: {
  c?: CategoryNode & { parentSlug?: string; position?: number };
  all: Array<CategoryNode & { depth: number }>;
  token: string;
}): JSX.Element {
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
            <PostButton
              action={`/admin/categories/${c.id}/delete`}
              token={session.csrfToken}
              label="削除する（記事は残り、このカテゴリーから外れます）"
              danger
            />
          </details>
        ))}
      </section>
    </>,
  );
}
