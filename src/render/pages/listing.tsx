// Lists of posts: category, tag, month, year, author and search results share this page.
import type { Page, PostView } from '../../content/read.ts';
import { Pagination, PostSummary, pageHref } from '../components.tsx';
import { Layout, Lines, SearchForm, renderDocument, siteFeeds, type SiteContext } from '../layout.tsx';

export interface ListingOptions {
  heading: string;
  /** The listing's own path (without page), e.g. /category/ppc. */
  base: string;
  intro?: string;
  /** Feeds of this listing (categories have their own). */
  feedPrefix?: string;
  emptyMessage?: string;
  search?: { query: string; message?: string };
  noindex?: boolean;
}

export function renderListing(site: SiteContext, page: Page<PostView> | undefined, o: ListingOptions): string {
  const title = page && page.page > 1 ? `${o.heading}（${page.page}ページ目）` : o.heading;
  return renderDocument(
    <Layout
      site={site}
      meta={{
        title,
        description: o.intro,
        path: page ? pageHref(o.base, page.page) : o.base,
        feeds: o.feedPrefix ? siteFeeds(o.feedPrefix).map((f) => ({ ...f, title: `${o.heading} ${f.title}` })) : undefined,
        noindex: o.noindex,
      }}
    >
      <header class="listing-header">
        <h1>{o.heading}</h1>
        {o.intro ? <Lines text={o.intro} class="listing-intro" /> : null}
        {o.search ? <SearchForm query={o.search.query} /> : null}
        {o.search?.message ? (
          <p class="notice" role="status">
            {o.search.message}
          </p>
        ) : null}
        {page && page.total > 0 ? <p class="listing-count">{page.total}件の記事</p> : null}
        {o.feedPrefix ? (
          <p class="listing-feeds">
            購読: <a href={`${o.feedPrefix}/feed.xml`}>RSS</a> / <a href={`${o.feedPrefix}/atom.xml`}>Atom</a> /{' '}
            <a href={`${o.feedPrefix}/feed.json`}>JSON Feed</a>
          </p>
        ) : null}
      </header>
      {page && page.items.length ? (
        page.items.map((post) => <PostSummary post={post} dateStyle={site.settings.dateStyle} />)
      ) : (
        <p class="empty">{o.emptyMessage ?? 'まだ記事がありません。'}</p>
      )}
      {page ? <Pagination page={page} base={o.base} /> : null}
    </Layout>,
  );
}
