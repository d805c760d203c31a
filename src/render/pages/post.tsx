// A post on its own page: the post in full, previous/next, breadcrumbs and structured data.
import type { PostWithNeighbours } from '../../content/read.ts';
import { PostFull, postPath, siteCta } from '../components.tsx';
import { Layout, absoluteUrl, renderDocumentBytes, type SiteContext } from '../layout.tsx';
import { blogPostingLd, breadcrumbLd } from '../seo.ts';
import { SubscribeBox } from '../subscribe-box.tsx';
import { CommentsSection, type CommentFormState } from '../comments.tsx';
import type { CommentPage } from '../../comments/service.ts';

export interface PostComments {
  page: CommentPage;
  form: CommentFormState;
}

export function renderPost(site: SiteContext, { post, older, newer }: PostWithNeighbours, comments?: PostComments): Buffer {
  const s = site.settings;
  const category = post.categories[0];
  const crumbs = [
    { name: 'ホーム', url: `${site.siteUrl}/` },
    ...(category ? [{ name: category.name, url: absoluteUrl(site, `/category/${encodeURIComponent(category.slug)}`) }] : []),
    { name: post.title, url: absoluteUrl(site, postPath(post.slug)) },
  ];
  return renderDocumentBytes(
    <Layout
      site={site}
      meta={{
        title: post.title,
        description: post.excerpt,
        path: postPath(post.slug),
        type: 'article',
        image: post.leadImage,
        publishedAt: post.publishedAt,
        updatedAt: post.updatedAt,
        jsonLd: [blogPostingLd({ siteUrl: site.siteUrl, title: s.title }, post), breadcrumbLd(crumbs)],
      }}
    >
      <nav class="breadcrumbs" aria-label="パンくずリスト">
        <ol>
          {crumbs.slice(0, -1).map((c) => (
            <li>
              <a href={c.url}>{c.name}</a>
            </li>
          ))}
          <li aria-current="page">{post.title}</li>
        </ol>
      </nav>
      <PostFull post={post} dateStyle={s.dateStyle} headingLevel={1} cta={siteCta(s)} />
      <section class="post-subscribe" aria-labelledby="post-subscribe-heading">
        <h2 id="post-subscribe-heading">メールで受け取る</h2>
        <SubscribeBox id="post-follow-email" follow={post.slug} />
        <p>
          <a href="/subscribe">新しい記事をメールで購読する</a>
        </p>
      </section>
      {comments ? <CommentsSection slug={post.slug} page={comments.page} form={comments.form} /> : null}
      <nav class="post-nav" aria-label="前後の記事">
        {newer ? (
          <a class="newer" rel="next" href={postPath(newer.slug)}>
            <span class="label">次の記事</span>
            {newer.title}
          </a>
        ) : null}
        {older ? (
          <a class="older" rel="prev" href={postPath(older.slug)}>
            <span class="label">前の記事</span>
            {older.title}
          </a>
        ) : null}
      </nav>
    </Layout>,
  );
}
