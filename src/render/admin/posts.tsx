// The post list, with status, title search and filters; the trash.
import type { SessionInfo } from '../../accounts/service.ts';
import type { AdminPostRow } from '../../content/post-store.ts';
import { flattenCategories, type CategoryNode } from '../../content/read.ts';
import { formatDateTimeShort } from '../../time.ts';
import { PostButton, renderAdmin, TableHead } from './layout.tsx';
import { DeadlinesPanel } from './tools.tsx';
import type { Deadline } from '../../tools/incidents.ts';

export const statusLabels: Record<string, string> = {
  draft: '下書き',
  pending: 'レビュー待ち',
  scheduled: '予約',
  published: '公開中',
};

export interface PostListFilter {
  status?: string;
  q?: string;
  category?: string;
  author?: string;
}

export function renderPostList(
  styleUrl: string,
  session: SessionInfo,
  rows: AdminPostRow[],
  total: number,
  filter: PostListFilter,
  categories: CategoryNode[],
  authors: Array<{ id: number; name: string }>,
  notice?: string,
  incidents: { deadlines: Deadline[]; today: string } = { deadlines: [], today: '' },
): string {
  const authorName = new Map(authors.map((a) => [a.id, a.name]));
  return renderAdmin(
    { title: '記事一覧', styleUrl, session, notice },
    <>
      <DeadlinesPanel deadlines={incidents.deadlines} today={incidents.today} />
      <p>
        <a class="button" href="/admin/posts/new">
          新しい記事を書く
        </a>
      </p>
      <form method="get" action="/admin/posts" class="admin-filters">
        <label for="q">タイトル</label>
        <input id="q" name="q" type="search" value={filter.q ?? ''} maxLength={200} />
        <label for="status">状態</label>
        <select id="status" name="status">
          <option value="">すべて</option>
          {Object.entries(statusLabels).map(([v, l]) => (
            <option value={v} selected={filter.status === v}>
              {l}
            </option>
          ))}
        </select>
        <label for="category">カテゴリー</label>
        <select id="category" name="category">
          <option value="">すべて</option>
          {flattenCategories(categories).map((c) => (
            <option value={c.slug} selected={filter.category === c.slug}>
              {'　'.repeat(c.depth)}
              {c.name}
            </option>
          ))}
        </select>
        <label for="author">著者</label>
        <select id="author" name="author">
          <option value="">すべて</option>
          {authors.map((a) => (
            <option value={String(a.id)} selected={filter.author === String(a.id)}>
              {a.name}
            </option>
          ))}
        </select>
        <button type="submit">絞り込む</button>
      </form>
      <p>{total}件</p>
      <table class="admin-table">
        <TableHead columns={['タイトル', '状態', '著者', '公開日時', '更新']} />
        <tbody>
          {rows.map((p) => (
            <tr>
              <td>
                <a href={`/admin/posts/${p.id}`}>{p.title}</a>
              </td>
              <td>
                <span class={`status status-${p.status}`}>{statusLabels[p.status]}</span>
              </td>
              <td>{authorName.get(Number(p.author_id)) ?? ''}</td>
              <td>{p.published_at ? formatDateTimeShort(p.published_at) : '—'}</td>
              <td>{formatDateTimeShort(p.updated_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>,
  );
}

export function renderTrash(styleUrl: string, session: SessionInfo, rows: AdminPostRow[], notice?: string): string {
  return renderAdmin(
    { title: 'ゴミ箱', styleUrl, session, notice },
    <>
      <p>ゴミ箱の記事は30日後に完全に削除されます。元に戻すと下書きになります。</p>
      {rows.length === 0 ? <p>ゴミ箱は空です。</p> : null}
      <table class="admin-table">
        <tbody>
          {rows.map((p) => (
            <tr>
              <td>{p.title}</td>
              <td>{p.deleted_at ? `${formatDateTimeShort(p.deleted_at)} に削除` : ''}</td>
              <td>
                <PostButton action={`/admin/posts/${p.id}/restore`} token={session.csrfToken} label="元に戻す" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>,
  );
}
