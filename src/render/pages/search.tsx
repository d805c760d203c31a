// The search page: the box with its filters, results with highlighted snippets, pages.
import { flattenCategories } from '../../content/read.ts';
import { MAX_RESULTS, type SearchPage } from '../../search/service.ts';
import { formatDate } from '../../time.ts';
import { Layout, renderDocument, type SiteContext } from '../layout.tsx';
import { Pagination } from '../components.tsx';

export interface SearchView {
  q: string;
  category?: string;
  year?: string;
  result?: SearchPage;
  message?: string;
}

export function searchBase(v: { q: string; category?: string; year?: string }): string {
  const params = new URLSearchParams({ q: v.q, ...(v.category ? { category: v.category } : {}), ...(v.year ? { year: v.year } : {}) });
  return `/search?${params}`;
}

export function renderSearch(site: SiteContext, v: SearchView): string {
  const years = [...new Set(site.sidebar.months.map((m) => m.month.slice(0, 4)))];
  const r = v.result;
  const heading = r && r.query.shown.length ? `「${r.query.shown.join(' ')}」の検索結果` : 'サイト内検索';
  return renderDocument(
    <Layout site={site} meta={{ title: heading, path: searchBase(v), noindex: true }}>
      <header class="listing-header">
        <h1>{heading}</h1>
        {/* Named: the sidebar's search form is a search landmark on this page too. */}
        <form
          class="search-form search-page-form"
          action="/search"
          method="get"
          role="search"
          aria-label="記事を検索（カテゴリー・年で絞り込み）"
        >
          <label for="search-page-q" class="visually-hidden">
            検索する言葉
          </label>
          <input id="search-page-q" type="search" name="q" value={v.q} maxLength={200} placeholder="例: 漏えい 報告 -ランサムウェア" />
          <label for="search-category" class="visually-hidden">
            カテゴリー
          </label>
          <select id="search-category" name="category">
            <option value="">すべてのカテゴリー</option>
            {flattenCategories(site.sidebar.categories).map((c) => (
              <option value={c.slug} selected={v.category === c.slug}>
                {'　'.repeat(c.depth)}
                {c.name}
              </option>
            ))}
          </select>
          <label for="search-year" class="visually-hidden">
            年
          </label>
          <select id="search-year" name="year">
            <option value="">すべての年</option>
            {years.map((y) => (
              <option value={y} selected={v.year === y}>
                {y}年
              </option>
            ))}
          </select>
          <button type="submit">検索</button>
        </form>
        <p class="hint">
          複数の言葉はすべてを含む記事を、"二重引用符" で囲むとその語句そのものを、-言葉 でその言葉を含まない記事を探します。
        </p>
        {v.message ? (
          <p class="notice" role="status">
            {v.message}
          </p>
        ) : null}
        {r && r.query.groups.length ? (
          <p class="listing-count" role="status">
            {r.total > MAX_RESULTS ? `${MAX_RESULTS.toLocaleString('ja-JP')}件以上` : `${r.total}件`}の記事が見つかりました
          </p>
        ) : null}
      </header>
      {r && r.query.groups.length && !r.results.length ? (
        <p class="empty">該当する記事は見つかりませんでした。別の言葉や、より短い言葉でお試しください。</p>
      ) : null}
      <ol class="search-results">
        {(r?.results ?? []).map((x) => (
          <li class="post-summary">
            <h2 class="post-title">
              <a href={`/posts/${encodeURIComponent(x.slug)}`}>{x.title}</a>
            </h2>
            <p class="post-meta">
              <time datetime={x.published_at}>{formatDate(x.published_at, site.settings.dateStyle)}</time>
            </p>
            <p class="snippet" dangerouslySetInnerHTML={{ __html: x.snippet }} />
          </li>
        ))}
      </ol>
      {r ? (
        <Pagination page={{ page: r.page, totalPages: r.totalPages, items: [], perPage: 0, total: r.total }} base={searchBase(v)} />
      ) : null}
    </Layout>,
  );
}
