// The front page: the newest posts in full, newest first, then pagination.
import type { Page, PostView } from '../../content/read.ts';
import { Pagination, PostFull, pageHref, siteCta } from '../components.tsx';
import { Layout, renderDocumentBytes, type SiteContext } from '../layout.tsx';

export function renderHome(site: SiteContext, page: Page<PostView>): Buffer {
  const s = site.settings;
  const ld = {
    '@context': 'https://schema.org',
    '@type': 'WebSite',
    name: s.title,
    url: site.siteUrl,
    ...(s.description ? { description: s.description } : {}),
    potentialAction: {
      '@type': 'SearchAction',
      target: `${site.siteUrl}/search?q={search_term_string}`,
      'query-input': 'required name=search_term_string',
    },
  };
  return renderDocumentBytes(
    <Layout
      site={site}
      meta={{ title: page.page === 1 ? s.title : `${s.title}（${page.page}ページ目）`, path: pageHref('/', page.page), jsonLd: [ld] }}
    >
      <h1 class="visually-hidden">{s.title} の最新記事</h1>
      {page.items.map((post) => (
        <PostFull post={post} dateStyle={s.dateStyle} headingLevel={2} cta={siteCta(s)} />
      ))}
      <Pagination page={page} base="/" />
    </Layout>,
  );
}
