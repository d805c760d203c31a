// The page frame every public page shares: head (SEO, feeds, Open Graph), header, sidebar,
// footer. Views receive plain data and return JSX; nothing here touches the database.
import type { ComponentChildren, JSX } from 'preact';
import { render } from 'preact-render-to-string';
import type { CategoryNode, Sidebar } from '../content/read.ts';
import type { Settings } from '../site/settings.ts';
import { formatMonth } from '../time.ts';
import { absolute, jsonLdHtml } from './seo.ts';
import { SubscribeBox } from './subscribe-box.tsx';
import { assembleWithSlots, htmlSlot } from './slots.ts';
import { attr, esc, linesInner } from './html.tsx';

export interface SiteContext {
  settings: Settings;
  siteUrl: string;
  sidebar: Sidebar;
  /** The stylesheet URL with a content hash, so it can be cached for a year. */
  styleUrl: string;
}

export interface PageMeta {
  title: string;
  description?: string;
  /** Path (with query where it matters, e.g. ?page=2) of the canonical URL. */
  path: string;
  type?: 'website' | 'article';
  image?: string | null;
  jsonLd?: object[];
  /** Feed links beside the site-wide ones (e.g. a category's feeds). */
  feeds?: Array<{ title: string; href: string; type: string }>;
  noindex?: boolean;
  /** Extra stylesheets and deferred scripts of this page (URLs from assetUrl). */
  stylesheets?: string[];
  scripts?: string[];
  publishedAt?: string;
  updatedAt?: string;
}

export function absoluteUrl(site: SiteContext, path: string): string {
  return absolute(site.siteUrl, path);
}

export function siteFeeds(prefix = ''): Array<{ title: string; href: string; type: string }> {
  return [
    { title: 'RSS', href: `${prefix}/feed.xml`, type: 'application/rss+xml' },
    { title: 'Atom', href: `${prefix}/atom.xml`, type: 'application/atom+xml' },
    { title: 'JSON Feed', href: `${prefix}/feed.json`, type: 'application/feed+json' },
  ];
}

/** The document's head as markup: written as a string (it is a fifth of an uncached post
 * page's work as a component tree); every value is escaped here. */
export function headHtml(site: SiteContext, meta: PageMeta): string {
  const s = site.settings;
  const fullTitle = meta.title === s.title ? s.title : `${meta.title} | ${s.title}`;
  const description = esc(meta.description || s.description || s.tagline);
  const canonical = esc(absoluteUrl(site, meta.path));
  const image = meta.image ? esc(absoluteUrl(site, meta.image)) : '';
  const title = esc(meta.title);
  const siteTitle = esc(s.title);
  let html =
    `<meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/><title>${esc(fullTitle)}</title>` +
    (description ? `<meta name="description" content="${description}"/>` : '') +
    (meta.noindex ? '<meta name="robots" content="noindex"/>' : '') +
    `<link rel="canonical" href="${canonical}"/><link rel="stylesheet" href="${esc(site.styleUrl)}"/>`;
  for (const href of meta.stylesheets ?? []) html += `<link rel="stylesheet" href="${esc(href)}"/>`;
  for (const src of meta.scripts ?? []) html += `<script src="${esc(src)}" defer></script>`;
  html += '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml"/>';
  for (const f of siteFeeds()) html += feedLink(site, f.type, `${s.title} ${f.title}`, f.href);
  for (const f of meta.feeds ?? []) html += feedLink(site, f.type, f.title, f.href);
  html +=
    `<meta property="og:site_name" content="${siteTitle}"/><meta property="og:locale" content="ja_JP"/>` +
    `<meta property="og:type" content="${esc(meta.type ?? 'website')}"/><meta property="og:title" content="${title}"/>` +
    (description ? `<meta property="og:description" content="${description}"/>` : '') +
    `<meta property="og:url" content="${canonical}"/>` +
    (image ? `<meta property="og:image" content="${image}"/>` : '') +
    (meta.publishedAt ? `<meta property="article:published_time" content="${esc(meta.publishedAt)}"/>` : '') +
    (meta.updatedAt ? `<meta property="article:modified_time" content="${esc(meta.updatedAt)}"/>` : '') +
    `<meta name="twitter:card" content="${image ? 'summary_large_image' : 'summary'}"/><meta name="twitter:title" content="${title}"/>` +
    (description ? `<meta name="twitter:description" content="${description}"/>` : '') +
    (image ? `<meta name="twitter:image" content="${image}"/>` : '');
  for (const data of meta.jsonLd ?? []) html += jsonLdHtml(data);
  return html;
}

function feedLink(site: SiteContext, type: string, title: string, href: string): string {
  return `<link rel="alternate"${attr('type', type)}${attr('title', title)}${attr('href', absoluteUrl(site, href))}/>`;
}

function CategoryList({ nodes }: { nodes: CategoryNode[] }): JSX.Element {
  return (
    <ul>
      {nodes.map((c) => (
        <li>
          <a href={`/category/${encodeURIComponent(c.slug)}`}>{c.name}</a> <span class="count">({c.count})</span>
          {c.children.length ? <CategoryList nodes={c.children} /> : null}
        </li>
      ))}
    </ul>
  );
}

export function SearchForm({ query = '' }: { query?: string }): JSX.Element {
  return (
    <form class="search-form" action="/search" method="get" role="search">
      <label for="search-q" class="visually-hidden">
        サイト内検索
      </label>
      <input id="search-q" type="search" name="q" value={query} placeholder="キーワードで検索" maxLength={200} />
      <button type="submit">検索</button>
    </form>
  );
}

function SidebarWidgets({ sidebar }: { sidebar: Sidebar }): JSX.Element {
  return (
    <>
      {sidebar.author ? (
        <section class="widget profile">
          <h2>プロフィール</h2>
          <p class="profile-name">
            <a href={`/author/${encodeURIComponent(sidebar.author.slug)}`}>{sidebar.author.displayName}</a>
          </p>
          {sidebar.author.profile ? <Lines text={sidebar.author.profile} /> : null}
        </section>
      ) : null}
      <section class="widget">
        <h2>サイト内検索</h2>
        <SearchForm />
      </section>
      {sidebar.categories.length ? (
        <section class="widget">
          <h2>カテゴリー</h2>
          <CategoryList nodes={sidebar.categories} />
        </section>
      ) : null}
      {sidebar.recent.length ? (
        <section class="widget">
          <h2>最新記事</h2>
          <ul>
            {sidebar.recent.map((p) => (
              <li>
                <a href={`/posts/${encodeURIComponent(p.slug)}`}>{p.title}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {sidebar.months.length ? (
        <section class="widget">
          <h2>月別アーカイブ</h2>
          <ul>
            {sidebar.months.slice(0, 24).map((m) => (
              <li>
                <a href={`/archive/${m.month.replace('-', '/')}`}>{formatMonth(m.month)}</a> <span class="count">({m.count})</span>
              </li>
            ))}
          </ul>
          {sidebar.months.length > 24 ? <a href="/archive">すべての月を見る</a> : null}
        </section>
      ) : null}
      <section class="widget">
        <h2>購読</h2>
        <ul>
          <li>
            <a href="/feed.xml">RSS</a> / <a href="/atom.xml">Atom</a> / <a href="/feed.json">JSON Feed</a>
          </li>
        </ul>
        <SubscribeBox id="sidebar-subscribe-email" />
      </section>
    </>
  );
}

/** One part of the frame as HTML, and as the bytes pages assembled from bytes splice in. */
interface Part {
  html: string;
  bytes: Buffer;
}

/** The parts of the frame that change only with content and settings. */
interface Frame {
  header: Part;
  sidebar: Part;
  footer: Part;
}

function part(element: JSX.Element): Part {
  const html = render(element);
  return { html, bytes: Buffer.from(html, 'utf8') };
}

function slot(p: Part): { __html: string } {
  return { __html: htmlSlot(p.bytes, p.html) };
}

// Rendered once per site context — one object per content version (App.siteContext) — and
// then copied into every page as a string: the sidebar alone is a third of a post page's
// markup, and a page the cache does not hold would otherwise build it again each time.
const frames = new WeakMap<SiteContext, Frame>();

function frameOf(site: SiteContext): Frame {
  let frame = frames.get(site);
  if (!frame) {
    const s = site.settings;
    frame = {
      header: part(
        <div class="site-header-inner">
          <p class="site-title">
            <a href="/">{s.title}</a>
          </p>
          {s.tagline ? <p class="site-tagline">{s.tagline}</p> : null}
        </div>,
      ),
      sidebar: part(<SidebarWidgets sidebar={site.sidebar} />),
      footer: part(
        <>
          <p class="back-to-top">
            <a href="#top">↑このページのトップへ</a>
          </p>
          {s.footer ? <Lines text={s.footer} class="footer-text" /> : null}
          <p class="powered">
            Powered by <span lang="ja">瓦版</span> Kawaraban
          </p>
        </>,
      ),
    };
    frames.set(site, frame);
  }
  return frame;
}

/** Plain text with line breaks kept (profiles, greetings), escaped (render/html.ts). */
export function Lines({ text, class: cls }: { text: string; class?: string }): JSX.Element {
  return <div class={cls} dangerouslySetInnerHTML={{ __html: linesInner(text) }} />;
}

export function Layout({
  site,
  meta,
  children,
  withSidebar = true,
}: {
  site: SiteContext;
  meta: PageMeta;
  children: ComponentChildren;
  withSidebar?: boolean;
}): JSX.Element {
  const frame = frameOf(site);
  return (
    <html lang="ja">
      <head dangerouslySetInnerHTML={{ __html: headHtml(site, meta) }} />
      <body id="top">
        <a class="skip-link" href="#main">
          本文へスキップ
        </a>
        <header class="site-header" dangerouslySetInnerHTML={slot(frame.header)} />
        <div class={withSidebar ? 'site-body' : 'site-body single'}>
          <main id="main" tabIndex={-1}>
            {children}
          </main>
          {withSidebar ? <aside class="sidebar" aria-label="サイドバー" dangerouslySetInnerHTML={slot(frame.sidebar)} /> : null}
        </div>
        <footer class="site-footer" dangerouslySetInnerHTML={slot(frame.footer)} />
      </body>
    </html>
  );
}

/** A page with the sidebar written without a component tree (the post page, the front page):
 * the same document Layout gives, from the head's markup and the main element's parts, the
 * bytes among them (post bodies, comment bodies) spliced in as they are. */
export function documentBytes(site: SiteContext, meta: PageMeta, main: Array<string | Buffer>): Buffer {
  const frame = frameOf(site);
  const chunks: Buffer[] = [
    Buffer.from(
      `<!doctype html><html lang="ja"><head>${headHtml(site, meta)}</head><body id="top"><a class="skip-link" href="#main">本文へスキップ</a><header class="site-header">`,
    ),
    frame.header.bytes,
    Buffer.from('</header><div class="site-body"><main id="main" tabindex="-1">'),
  ];
  let text = '';
  for (const piece of main) {
    if (typeof piece === 'string') text += piece;
    else {
      if (text) chunks.push(Buffer.from(text));
      chunks.push(piece);
      text = '';
    }
  }
  chunks.push(Buffer.from(`${text}</main><aside class="sidebar" aria-label="サイドバー">`), frame.sidebar.bytes);
  chunks.push(Buffer.from('</aside></div><footer class="site-footer">'), frame.footer.bytes, Buffer.from('</footer></body></html>'));
  return Buffer.concat(chunks);
}

export function renderDocument(page: JSX.Element): string {
  return `<!doctype html>${render(page)}`;
}

/** A page that shows post bodies, as bytes with the bodies spliced in (render/slots.ts). */
export function renderDocumentBytes(page: JSX.Element): Buffer {
  return assembleWithSlots(() => renderDocument(page));
}
