// /posts/SLUG/comments?page=N: the comments beyond the post's own page (100 a page).
import { CommentsSection, commentsPagePath } from '../comments.tsx';
import { Layout, renderDocumentBytes, type SiteContext } from '../layout.tsx';
import { Crumbs } from './comment-form.tsx';
import type { CommentPage } from '../../comments/service.ts';

export function renderCommentsPage(site: SiteContext, post: { slug: string; title: string }, page: CommentPage): Buffer {
  return renderDocumentBytes(
    <Layout
      site={site}
      meta={{ title: `「${post.title}」へのコメント（${page.page}ページ目）`, path: commentsPagePath(post.slug, page.page) }}
    >
      <Crumbs post={post} label={`コメント（${page.page}ページ目）`} />
      <CommentsSection slug={post.slug} page={page} headingLevel={1} />
    </Layout>,
  );
}
