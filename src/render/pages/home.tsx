// The front page: the newest posts in full, newest first, then pagination. Written as strings
// and bytes (no component tree for its ten articles), as the post page is (post-html.ts).
import { render } from 'preact-render-to-string';
import type { Page, PostView } from '../../content/read.ts';
import { Pagination, pageHref, postFullParts, siteCta } from '../components.tsx';
import { esc } from '../html.tsx';
import { documentBytes, type SiteContext } from '../layout.tsx';

/** The site as schema.org describes it, with its search, for the front page's JSON-LD. */
export function websiteJsonLd(site: SiteContext) {
  const s = site.settings;
  return {
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
}

export function renderHome(site: SiteContext, page: Page<PostView>): Buffer {
  const s = site.settings;
  const ld = websiteJsonLd(site);
  const cta = siteCta(s);
  const main: Array<string | Buffer> = [`<h1 class="visually-hidden">${esc(s.title)} の最新記事</h1>`];
  for (const post of page.items) main.push(...postFullParts(post, s.dateStyle, 2, cta));
  main.push(render(<Pagination page={page} base="/" />));
  return documentBytes(
    site,
    { title: page.page === 1 ? s.title : `${s.title}（${page.page}ページ目）`, path: pageHref('/', page.page), jsonLd: [ld] },
    main,
  );
}
