// Blocks → the body's HTML. Part of the content domain because it runs when a post is saved
// (the result is stored with the post); the editor's preview calls it too, so the public page
// and the preview are the same code.
import type { ComponentChildren, JSX } from 'preact';
import { render } from 'preact-render-to-string';
import { addendaOf, type Block, type InnerBlock, type SourceBlock } from './blocks.ts';
import { md } from './markdown.ts';
import { formatCalendarDate } from '../time.ts';
import { srcsetFor } from '../media/urls.ts';
import { ChartFigure } from './chart.tsx';
import { ToolCard } from './tool-card.tsx';
import { fitHeadings } from './body-headings.ts';

/** Markdown-it output is escaped (html: false) and its links are checked, so it may be inlined. */
function Markdown({ src, inline = false, class: cls }: { src: string; inline?: boolean; class?: string }): JSX.Element {
  return inline ? (
    <span class={cls} dangerouslySetInnerHTML={{ __html: md.renderInline(src) }} />
  ) : (
    <div class={cls} dangerouslySetInnerHTML={{ __html: md.render(src) }} />
  );
}

function InlineMarkdown({ src }: { src: string }): JSX.Element {
  return <Markdown src={src} inline />;
}

function isExternal(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

// Unnamed, an aside inside the post's article is no landmark: a page with many posts (or a
// post with sources in its addenda) would otherwise list many 「出典」 landmarks of one name.
function Sources({ sources }: { sources: SourceBlock[] }): JSX.Element {
  return (
    <aside class="block-sources">
      <p class="block-sources-label">出典</p>
      <ul>
        {sources.map((s) => (
          <li>
            <a href={s.url} rel={isExternal(s.url) ? 'noopener' : undefined}>
              {s.title || s.url}
            </a>
            {s.publisher ? <span class="publisher">（{s.publisher}）</span> : null}
          </li>
        ))}
      </ul>
    </aside>
  );
}

function LeafBlock({ block: b }: { block: Exclude<InnerBlock, SourceBlock> }): JSX.Element {
  switch (b.type) {
    case 'paragraph':
      return <p dangerouslySetInnerHTML={{ __html: md.renderInline(b.text) }} />;
    case 'heading': {
      const Tag = `h${b.level + 1}` as 'h3' | 'h4' | 'h5';
      return (
        <Tag class="block-heading">
          <InlineMarkdown src={b.text} />
        </Tag>
      );
    }
    case 'list': {
      const items = b.items.map((item) => <li dangerouslySetInnerHTML={{ __html: renderListItem(item) }} />);
      return b.ordered ? <ol class="block-list">{items}</ol> : <ul class="block-list">{items}</ul>;
    }
    case 'quote':
      return (
        <blockquote class="block-quote">
          <Markdown src={b.text} />
        </blockquote>
      );
    case 'table':
      // A wide table scrolls on a phone: its box takes the keyboard focus, and is named by
      // its column heads so that two tables on a page are two distinct regions.
      return (
        <div class="block-table" role="region" aria-label={tableName(b.header)} tabIndex={0}>
          <table>
            <thead>
              <tr>
                {b.header.map((h) => (
                  <th scope="col">
                    <InlineMarkdown src={h} />
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {b.rows.map((r) => (
                <tr>
                  {r.map((c) => (
                    <td>
                      <InlineMarkdown src={c} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    case 'image':
      return (
        <figure class="block-image">
          <img
            src={b.src}
            srcset={srcsetFor(b.src)}
            sizes={srcsetFor(b.src) ? '(min-width: 60rem) 42em, 100vw' : undefined}
            alt={b.alt}
            width={b.width}
            height={b.height}
            loading="lazy"
            decoding="async"
          />
          {b.caption || b.credit ? (
            <figcaption>
              {b.caption ? <span class="caption">{b.caption}</span> : null}
              {b.credit ? <span class="credit">（{b.credit}）</span> : null}
            </figcaption>
          ) : null}
        </figure>
      );
    case 'cta': {
      // A call to action for one of the site's events shows the event's state (受付中, 満席 …)
      // beside it; the state changes after the post is saved, so the page fills it in.
      const event = EVENT_URL.exec(b.url)?.[1];
      return (
        <p class="block-cta">
          <a class={`cta cta-${b.style}`} href={b.url}>
            {b.label}
          </a>
          {event ? <span class="cta-state" data-event={event}></span> : null}
        </p>
      );
    }
    case 'timeline':
      return (
        <ol class="block-timeline" aria-label="時系列">
          {b.entries.map((e) => (
            <li>
              <span class="when">{e.when}</span>
              <span class="what">
                <InlineMarkdown src={e.text} />
              </span>
            </li>
          ))}
        </ol>
      );
    case 'note':
      return (
        <div class="block-note" role="note">
          <Markdown src={b.text} />
        </div>
      );
    case 'code':
      return (
        <pre class="block-code">
          <code class={b.language ? `language-${b.language}` : undefined}>{b.code}</code>
        </pre>
      );
    case 'divider':
      return <hr />;
    case 'html':
      return <div class="block-html" dangerouslySetInnerHTML={{ __html: b.html }} />;
    case 'tool':
      return <ToolCard block={b} />;
    case 'chart':
      return <ChartFigure block={b} />;
  }
}

function tableName(header: readonly string[]): string {
  const heads = header.map((h) => htmlToText(md.renderInline(h)).trim()).filter(Boolean);
  return heads.length ? `表：${heads.join('、')}` : '表';
}

function renderListItem(item: string): string {
  // A one-line item renders inline; an item with its own paragraphs or sub-list as blocks.
  return item.includes('\n') ? md.render(item) : md.renderInline(item);
}

/** Renders a run of blocks; consecutive sources are gathered into one 出典 list. */
function BlockRun({ blocks }: { blocks: readonly InnerBlock[] }): JSX.Element {
  const out: ComponentChildren[] = [];
  let sources: SourceBlock[] = [];
  const flush = () => {
    if (sources.length) out.push(<Sources sources={sources} />);
    sources = [];
  };
  for (const b of blocks) {
    if (b.type === 'source') {
      sources.push(b);
      continue;
    }
    flush();
    out.push(<LeafBlock block={b} />);
  }
  flush();
  return <>{out}</>;
}

function Commentary({ blocks }: { blocks: readonly InnerBlock[] }): JSX.Element {
  return (
    <section class="block-commentary">
      <h3 class="block-commentary-label">私のコメント</h3>
      <BlockRun blocks={blocks} />
    </section>
  );
}

// Addenda carry the western date whatever the site's date style: the body is rendered once
// at save time and must not depend on a setting that can change later.
function Addendum({ date, blocks }: { date: string | undefined; blocks: readonly InnerBlock[] }): JSX.Element {
  return (
    <section class="block-addendum">
      <h3 class="block-addendum-label">
        {date ? (
          <>
            （<time datetime={date}>{formatCalendarDate(date)}</time>追記）
          </>
        ) : (
          '（追記）'
        )}
      </h3>
      <BlockRun blocks={blocks} />
    </section>
  );
}

/** The body of a post: blocks in order, then the addenda in date order. */
/** /events/<slug>: a call to action for an event of this site. */
export const EVENT_URL = /^\/events\/([a-z0-9][a-z0-9-]{0,79})$/;

export function PostBody({ blocks }: { blocks: readonly Block[] }): JSX.Element {
  const parts: ComponentChildren[] = [];
  let run: InnerBlock[] = [];
  const flush = () => {
    if (run.length) parts.push(<BlockRun blocks={run} />);
    run = [];
  };
  for (const b of blocks) {
    if (b.type === 'addendum') continue;
    if (b.type === 'commentary') {
      flush();
      parts.push(<Commentary blocks={b.blocks} />);
    } else {
      run.push(b);
    }
  }
  flush();
  for (const a of addendaOf(blocks)) parts.push(<Addendum date={a.date} blocks={a.blocks} />);
  return <>{parts}</>;
}

/** Raise when renderBlocksToHtml writes different markup for the same blocks: posts stored
 * by an older renderer are then re-rendered once at start (service.ts refreshStaleBodies).
 * 1: headings fitted under an h2 at save time; unnamed asides for sources and tool cards. */
export const BODY_HTML_VERSION = 1;

export function renderBlocksToHtml(blocks: readonly Block[]): string {
  return fitHeadings(render(<PostBody blocks={blocks} />));
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };

/** Visible text of rendered HTML: tags dropped, the few entities we emit decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|li|h\d|tr|div|section|figure|blockquote)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|\w+);/gi, (m, e: string) => {
      if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
      return entities[e] ?? m;
    })
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n')
    .trim();
}
