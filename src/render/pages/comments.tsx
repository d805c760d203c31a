// /posts/SLUG/comments?page=N: the comments beyond the post's own page (100 a page).
import { postPath } from '../components.tsx';
import { CommentsSection, commentsPagePath } from '../comments.tsx';
import { Layout, renderDocumentBytes, type SiteContext } from '../layout.tsx';
import type { CommentPage } from '../../comments/service.ts';

export function renderCommentsPage(site: SiteContext, post: { slug: string; title: string }, page: CommentPage): Buffer {
  return renderDocumentBytes(
    <Layout
      site={site}
      meta={{ title: `「${post.title}」へのコメント（${page.page}ページ目）`, path: commentsPagePath(post.slug, page.page) }}
    >
      <nav class="breadcrumbs" aria-label="パンくずリスト">
        <ol>
          <li>
            <a href="/">ホーム</a>
          </li>
          <li>
            <a href={postPath(post.slug)}>{post.title}</a>
          </li>
          <li aria-current="page">コメント（{page.page}ページ目）</li>
        </ol>
      </nav>
      <CommentsSection slug={post.slug} page={page} headingLevel={1} />
    </Layout>,
  );
}
