// Comments in the admin: held first (承認待ち), then approved and spam; approve, spam, delete
// one by one or checked together; reply as the author; filter by post and state; open or
// close a post's comments; and the comment settings. Bodies are drawn as text, like on the
// post (CommentBody), so nothing a commenter wrote becomes markup here either.
import type { JSX } from 'preact';
import type { SessionInfo } from '../../accounts/service.ts';
import type { CommentStatus } from '../../db/schema.ts';
import { COMMENT_STATES } from '../../comments/service.ts';
import type { Settings } from '../../site/settings.ts';
import { CommentBody } from '../comments.tsx';
import { formatMinute } from '../../time.ts';
import { CsrfField, PostButton, renderAdmin } from './layout.tsx';

type Messages = { notice?: string; error?: string };

export interface AdminComment {
  id: number;
  postId: number;
  parentId: number | null;
  name: string;
  body: string;
  createdAt: string;
  status: CommentStatus;
  byAuthor: boolean;
  imported: boolean;
  post: { slug: string; title: string };
}

export interface CommentFilterView {
  status?: CommentStatus;
  postId?: number;
  posts: Array<{ id: number; title: string }>;
  /** The filtered post's thread: opened or closed by hand, or the site's rule. */
  threadMode?: 'open' | 'closed' | 'auto';
}

function Filters({ f }: { f: CommentFilterView }): JSX.Element {
  return (
    <form method="get" action="/admin/comments" class="admin-filters">
      <label for="c-status">状態</label>
      <select id="c-status" name="status">
        <option value="">すべて</option>
        {(Object.entries(COMMENT_STATES) as Array<[CommentStatus, string]>).map(([v, l]) => (
          <option value={v} selected={f.status === v}>
            {l}
          </option>
        ))}
      </select>
      <label for="c-post">記事</label>
      <select id="c-post" name="post">
        <option value="">すべて</option>
        {f.posts.map((p) => (
          <option value={String(p.id)} selected={f.postId === p.id}>
            {p.title}
          </option>
        ))}
      </select>
      <button type="submit">絞り込む</button>
    </form>
  );
}

function ThreadForm({ session, postId, mode }: { session: SessionInfo; postId: number; mode: 'open' | 'closed' | 'auto' }): JSX.Element {
  const labels = { auto: 'サイトの設定に従う（公開から一定の日数で終了）', open: '受け付ける', closed: '受付を終了する' } as const;
  return (
    <form method="post" action={`/admin/comments/posts/${postId}/thread`} class="admin-form">
      <CsrfField token={session.csrfToken} />
      <fieldset>
        <legend>この記事のコメント</legend>
        {(Object.keys(labels) as Array<keyof typeof labels>).map((m) => (
          <label>
            <input type="radio" name="mode" value={m} checked={mode === m} /> {labels[m]}
          </label>
        ))}
      </fieldset>
      <button type="submit">保存する</button>
    </form>
  );
}

function Row({ c, session }: { c: AdminComment; session: SessionInfo }): JSX.Element {
  return (
    <li class={`admin-comment admin-comment-${c.status}`} id={`c-${c.id}`}>
      <p class="admin-comment-meta">
        <input
          type="checkbox"
          name="ids"
          value={String(c.id)}
          form="bulk"
          id={`pick-${c.id}`}
          aria-label={`${c.name}さんのコメントを選ぶ`}
        />{' '}
        <strong class="admin-comment-state">{COMMENT_STATES[c.status]}</strong> <span class="admin-comment-author">{c.name}</span>
        {c.byAuthor ? '（投稿者）' : ''} ・ <time datetime={c.createdAt}>{formatMinute(c.createdAt)}</time> ・{' '}
        <a href={`/posts/${encodeURIComponent(c.post.slug)}#comment-${c.id}`}>{c.post.title}</a>
        {c.parentId ? ' ・ 返信' : ''}
        {c.imported ? ' ・ 取り込み' : ''}
      </p>
      <CommentBody body={c.body} />
      <div class="admin-actions">
        {c.status !== 'approved' ? <PostButton action={`/admin/comments/${c.id}/approve`} token={session.csrfToken} label="承認" /> : null}
        {c.status !== 'spam' ? <PostButton action={`/admin/comments/${c.id}/spam`} token={session.csrfToken} label="スパム" /> : null}
        <PostButton action={`/admin/comments/${c.id}/delete`} token={session.csrfToken} label="削除" danger />
      </div>
      {c.parentId === null && !c.byAuthor ? (
        <details class="admin-reply">
          <summary>返信する</summary>
          <form method="post" action={`/admin/comments/${c.id}/reply`} class="admin-form">
            <CsrfField token={session.csrfToken} />
            <label for={`reply-${c.id}`}>返信（投稿者として、すぐ公開されます）</label>
            <textarea id={`reply-${c.id}`} name="body" rows={4} required maxLength={2000} />
            <button type="submit" class="primary">
              返信を公開する
            </button>
          </form>
        </details>
      ) : null}
    </li>
  );
}

export function renderCommentList(
  styleUrl: string,
  session: SessionInfo,
  comments: AdminComment[],
  filter: CommentFilterView,
  counts: Record<CommentStatus, number>,
  messages: Messages = {},
): string {
  return renderAdmin(
    { title: 'コメント', styleUrl, session, ...messages },
    <>
      <p>
        承認待ち {counts.held}件 ・ 承認済み {counts.approved}件 ・ スパム {counts.spam}件
        {session.user.role === 'owner' ? (
          <>
            {' '}
            ・ <a href="/admin/comments/settings">コメントの設定</a>
          </>
        ) : null}
      </p>
      <Filters f={filter} />
      {filter.postId && filter.threadMode ? <ThreadForm session={session} postId={filter.postId} mode={filter.threadMode} /> : null}
      <form method="post" action="/admin/comments/bulk" id="bulk" class="admin-filters">
        <CsrfField token={session.csrfToken} />
        <label for="bulk-action">選んだコメントを</label>
        <select id="bulk-action" name="action">
          <option value="approve">承認する</option>
          <option value="spam">スパムにする</option>
          <option value="delete">削除する</option>
        </select>
        <button type="submit">まとめて実行</button>
      </form>
      {comments.length ? (
        <ol class="admin-comments">
          {comments.map((c) => (
            <Row c={c} session={session} />
          ))}
        </ol>
      ) : (
        <p>該当するコメントはありません。</p>
      )}
    </>,
  );
}

export function renderCommentSettings(styleUrl: string, session: SessionInfo, s: Settings, messages: Messages = {}): string {
  return renderAdmin(
    { title: 'コメントの設定', styleUrl, session, ...messages },
    <form method="post" action="/admin/comments/settings" class="admin-form">
      <CsrfField token={session.csrfToken} />
      <fieldset>
        <legend>承認</legend>
        <label>
          <input type="radio" name="commentApproval" value="all" checked={s.commentApproval === 'all'} />{' '}
          すべてのコメントを承認してから公開する
        </label>
        <label>
          <input type="radio" name="commentApproval" value="known" checked={s.commentApproval === 'known'} />{' '}
          以前にコメントが承認された人（同じメールアドレス）はすぐ公開する
        </label>
      </fieldset>
      <label for="commentCloseDays">公開から何日でコメントの受付を終えるか（0 なら終えない）</label>
      <input id="commentCloseDays" name="commentCloseDays" type="number" min={0} max={3650} required value={String(s.commentCloseDays)} />
      <label for="commentMaxLinks">1つのコメントのリンクの上限（超えると承認待ち）</label>
      <input id="commentMaxLinks" name="commentMaxLinks" type="number" min={0} max={50} required value={String(s.commentMaxLinks)} />
      <label for="commentBannedWords">禁止語（1行に1つ。含むコメントはスパムになります）</label>
      <textarea id="commentBannedWords" name="commentBannedWords" rows={6} maxLength={5000}>
        {s.commentBannedWords}
      </textarea>
      <button type="submit">保存する</button>
    </form>,
  );
}
