// Structured data (JSON-LD), the sitemap and robots.txt.
import type { PostView } from '../content/read.ts';
import { postUrl } from '../content/urls.ts';
import { escapeXml } from '../escape.ts';

/** What JSON may not say inside a script element, and what it says instead. */
const SCRIPT_SAFE: Record<string, string> = { '<': '\\u003c', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/** JSON for a <script> element: `<` is escaped so no text can close the element (one pass). */
export function scriptSafeJson(data: unknown): string {
  return JSON.stringify(data).replace(/[<\u2028\u2029]/g, (c) => SCRIPT_SAFE[c]!);
}

export function jsonLdHtml(data: object): string {
  return `<script type="application/ld+json">${scriptSafeJson(data)}</script>`;
}

export interface SeoSite {
  siteUrl: string;
  title: string;
}

export function blogPostingLd(site: SeoSite, post: PostView): object {
  const url = postUrl(site.siteUrl, post.slug);
  return {
    '@context': 'https://schema.org',
    '@type': 'BlogPosting',
    headline: post.title,
    url,
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    datePublished: post.publishedAt,
    dateModified: post.updatedAt,
    description: post.excerpt,
    inLanguage: 'ja',
    author: {
      '@type': 'Person',
      name: post.author.displayName,
      ...(post.author.slug ? { url: `${site.siteUrl}/author/${encodeURIComponent(post.author.slug)}` } : {}),
    },
    publisher: { '@type': 'Organization', name: site.title, url: site.siteUrl },
    ...(post.leadImage ? { image: absolute(site.siteUrl, post.leadImage) } : {}),
    ...(post.categories.length ? { articleSection: post.categories.map((c) => c.name) } : {}),
    ...(post.tags.length ? { keywords: post.tags.map((t) => t.name).join(', ') } : {}),
    ...(post.commentCount !== undefined ? { commentCount: post.commentCount } : {}),
  };
}

export function breadcrumbLd(items: Array<{ name: string; url: string }>): object {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: items.map((item, i) => ({ '@type': 'ListItem', position: i + 1, name: item.name, item: item.url })),
  };
}

export function absolute(siteUrl: string, pathOrUrl: string): string {
  return /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : `${siteUrl}${pathOrUrl.startsWith('/') ? '' : '/'}${pathOrUrl}`;
}

export interface SitemapEntry {
  loc: string;
  lastmod?: string;
}

export function sitemapXml(entries: SitemapEntry[]): string {
  const urls = entries
    .map((e) => `<url><loc>${escapeXml(e.loc)}</loc>${e.lastmod ? `<lastmod>${escapeXml(e.lastmod)}</lastmod>` : ''}</url>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>\n`;
}

export function robotsTxt(siteUrl: string): string {
  return `User-agent: *\nDisallow: /admin/\nDisallow: /api/\nDisallow: /search\n\nSitemap: ${siteUrl}/sitemap.xml\n`;
}

/** schema.org Event for seminars and webinars (search engines show dates and places). */
export function eventLd(
  siteUrl: string,
  siteTitle: string,
  e: { slug: string; title: string; description: string; kind: string; starts_at: string | null; ends_at: string | null; place: string },
): object | undefined {
  if (!e.starts_at || (e.kind !== 'seminar' && e.kind !== 'webinar')) return undefined;
  const online = e.kind === 'webinar';
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: e.title,
    description: e.description.slice(0, 300),
    startDate: e.starts_at,
    ...(e.ends_at ? { endDate: e.ends_at } : {}),
    url: `${siteUrl}/events/${encodeURIComponent(e.slug)}`,
    eventAttendanceMode: online ? 'https://schema.org/OnlineEventAttendanceMode' : 'https://schema.org/OfflineEventAttendanceMode',
    location: online
      ? { '@type': 'VirtualLocation', url: `${siteUrl}/events/${encodeURIComponent(e.slug)}` }
      : { '@type': 'Place', name: e.place, address: e.place },
    organizer: { '@type': 'Organization', name: siteTitle, url: siteUrl },
    inLanguage: 'ja',
  };
}
