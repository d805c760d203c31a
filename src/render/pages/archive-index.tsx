// Every month that has posts, by year, with counts.
import { formatMonth } from '../../time.ts';
import { Layout, renderDocument, type SiteContext } from '../layout.tsx';

export function renderArchiveIndex(site: SiteContext): string {
  const byYear = new Map<string, Array<{ month: string; count: number }>>();
  for (const m of site.sidebar.months) {
    const year = m.month.slice(0, 4);
    byYear.set(year, [...(byYear.get(year) ?? []), m]);
  }
  return renderDocument(
    <Layout site={site} meta={{ title: '月別アーカイブ', path: '/archive' }}>
      <h1>月別アーカイブ</h1>
      {byYear.size === 0 ? <p class="empty">まだ記事がありません。</p> : null}
      {[...byYear].map(([year, months]) => (
        <section class="archive-year">
          <h2>
            <a href={`/archive/${year}`}>{year}年</a>
          </h2>
          <ul>
            {months.map((m) => (
              <li>
                <a href={`/archive/${m.month.replace('-', '/')}`}>{formatMonth(m.month)}</a> <span class="count">({m.count})</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Layout>,
  );
}
