// The comment pages that are never cached: the reply page (/posts/SLUG/comments/ID/reply:
// the comment answered and the form), the form again with a message when something was
// wrong, and the 確認 (preview) step: the comment exactly as it will appear, a short note,
// and the 送信 button carrying the signed form token issued for this very content.
import type { CommentView } from '../../comments/service.ts';
import { BotFields } from '../form.tsx';
import { CommentForm, CommentList, replyPath, type CommentFormState, type CommentFormValues } from '../comments.tsx';
import { postPath } from '../components.tsx';
import { Layout, renderDocument, type SiteContext } from '../layout.tsx';

interface CommentPageBase {
  post: { slug: string; title: string };
  /** The comment answered, for a reply. */
  parent?: CommentView;
}

/** ホーム › the post › this page. */
export function Crumbs({ post, label }: { post: { slug: string; title: string }; label: string }) {
  return (
    <nav class="breadcrumbs" aria-label="パンくずリスト">
      <ol>
        <li>
          <a href="/">ホーム</a>
        </li>
        <li>
          <a href={postPath(post.slug)}>{post.title}</a>
        </li>
        <li aria-current="page">{label}</li>
      </ol>
    </nav>
  );
}

function Answered({ parent }: { parent: CommentView }) {
  return (
    <section class="comments comment-answered" aria-labelledby="comment-answered-heading">
      <h2 id="comment-answered-heading">{parent.name}さんのコメントへの返信</h2>
      <CommentList items={[parent]} />
    </section>
  );
}

/** The reply page, or the form again with what was wrong (input kept). */
export function renderCommentFormPage(site: SiteContext, page: CommentPageBase & { form: CommentFormState }): string {
  const title = page.parent ? '返信を書く' : 'コメントを書く';
  const path = page.parent ? replyPath(page.post.slug, page.parent.id) : `${postPath(page.post.slug)}#comment-form`;
  return renderDocument(
    <Layout site={site} meta={{ title: `${title}（${page.post.title}）`, path, noindex: true }} withSidebar={false}>
      <Crumbs post={page.post} label={title} />
      <h1>{title}</h1>
      {page.parent ? <Answered parent={page.parent} /> : null}
      <CommentForm slug={page.post.slug} state={page.form} />
    </Layout>,
  );
}

export interface CommentPreview extends CommentPageBase {
  /** The comment as it will be shown (its id is not known yet). */
  comment: CommentView;
  /** Whether it will be shown at once, or after the author's approval. */
  shownAtOnce: boolean;
  formToken: string;
  values: CommentFormValues;
  notice: string;
  error?: string;
}

/** The 確認 step: the comment as it will appear, the 送信 button, and the form to change it. */
export function renderCommentPreview(site: SiteContext, p: CommentPreview): string {
  const hidden: Record<string, string> = {
    ...(p.parent ? { parent: String(p.parent.id) } : {}),
    name: p.values.name ?? '',
    email: p.values.email ?? '',
    body: p.values.body ?? '',
    ...(p.values.notify ? { notify: 'yes' } : {}),
  };
  return renderDocument(
    <Layout
      site={site}
      meta={{ title: `コメントの確認（${p.post.title}）`, path: postPath(p.post.slug), noindex: true }}
      withSidebar={false}
    >
      <Crumbs post={p.post} label="コメントの確認" />
      <h1>コメントの確認</h1>
      {p.error ? (
        <p class="form-error" role="alert">
          {p.error}
        </p>
      ) : null}
      {p.parent ? <Answered parent={p.parent} /> : null}
      <section class="comments comment-preview" aria-labelledby="comment-preview-heading">
        <h2 id="comment-preview-heading">{p.parent ? 'あなたの返信' : 'あなたのコメント'}（まだ送信されていません）</h2>
        <CommentList items={[p.comment]} />
        <p class="comment-preview-note">
          {p.shownAtOnce
            ? 'このように表示されます。「送信する」を押すと、すぐに公開されます。'
            : 'このように表示されます。「送信する」を押すと、投稿者が確認してから公開されます。'}
          {p.values.email ? ' メールアドレスは公開されません。' : ''}
        </p>
        <form method="post" action={`${postPath(p.post.slug)}/comments`}>
          <BotFields formToken={p.formToken} />
          {Object.entries(hidden).map(([name, value]) => (
            <input type="hidden" name={name} value={value} />
          ))}
          <p>
            <button type="submit" class="button-primary">
              送信する
            </button>
          </p>
        </form>
      </section>
      <section class="comment-edit" aria-labelledby="comment-edit-heading">
        <h2 id="comment-edit-heading">内容を直す</h2>
        <CommentForm slug={p.post.slug} state={{ notice: p.notice, values: p.values, ...(p.parent ? { parentId: p.parent.id } : {}) }} />
      </section>
    </Layout>,
  );
}
