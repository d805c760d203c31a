// A post's blocks as mail-safe HTML and as plain text. Mail programs drop <style> and
// classes, so every element carries its style inline; links and images are absolute (a mail
// has no base URL); images keep their width and alt, and credits and sources stay with the
// text they belong to. Links are left as the author wrote them: no tracking, no rewriting.
import { addendaOf, type Block, type InnerBlock } from '../content/blocks.ts';
import { md } from '../content/markdown.ts';
import { formatCalendarDate } from '../time.ts';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESC[c]!);

const S = {
  p: 'margin:0 0 1em;line-height:1.8;font-size:16px;color:#1f2328',
  h: 'margin:1.4em 0 .6em;line-height:1.5;color:#1f2328',
  a: 'color:#0b57a4;text-decoration:underline',
  quote: 'margin:0 0 1em;padding:.2em 1em;border-left:4px solid #c9d1d9;color:#3d444d',
  box: 'margin:1.2em 0;padding:1em;border:1px solid #d0d7de;border-radius:6px;background:#f6f8fa',
  small: 'font-size:13px;color:#59636e;line-height:1.6',
  td: 'border:1px solid #d0d7de;padding:6px 8px;font-size:14px;text-align:left;vertical-align:top',
  button: 'display:inline-block;padding:10px 18px;background:#0b57a4;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold',
};

/** Site paths made absolute, inline styles on the elements Markdown makes. */
function mailSafe(html: string, siteUrl: string): string {
  return html
    .replace(/\s(href|src)="\/(?!\/)/g, ` $1="${siteUrl}/`)
    .replace(/<a (?![^>]*style=)/g, `<a style="${S.a}" `)
    .replace(/<p>/g, `<p style="${S.p}">`)
    .replace(/<(ul|ol)>/g, `<$1 style="${S.p};padding-left:1.4em">`)
    .replace(/<blockquote>/g, `<blockquote style="${S.quote}">`)
    .replace(/<img (?![^>]*style=)/g, '<img style="max-width:100%;height:auto" ');
}

const abs = (url: string, siteUrl: string) => (url.startsWith('/') ? `${siteUrl}${url}` : url);

function leafHtml(b: InnerBlock, siteUrl: string): string {
  switch (b.type) {
    case 'paragraph':
      return `<p style="${S.p}">${md.renderInline(b.text)}</p>`;
    case 'heading':
      return `<h${b.level + 1} style="${S.h}">${md.renderInline(b.text)}</h${b.level + 1}>`;
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      return `<${tag} style="${S.p};padding-left:1.4em">${b.items.map((i) => `<li>${md.renderInline(i)}</li>`).join('')}</${tag}>`;
    }
    case 'quote':
      return `<blockquote style="${S.quote}">${md.render(b.text)}</blockquote>`;
    case 'table':
      return `<table style="border-collapse:collapse;margin:0 0 1em;width:100%"><thead><tr>${b.header.map((h) => `<th style="${S.td};background:#f6f8fa">${esc(h)}</th>`).join('')}</tr></thead><tbody>${b.rows.map((r) => `<tr>${r.map((c) => `<td style="${S.td}">${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
    case 'image': {
      const width = Math.min(b.width ?? 600, 600);
      const height = b.width && b.height ? Math.round((b.height * width) / b.width) : undefined;
      const credit = [b.caption, b.credit]
        .filter(Boolean)
        .map((t) => esc(t!))
        .join('<br>');
      return `<p style="${S.p}"><img src="${esc(abs(b.src, siteUrl))}" alt="${esc(b.alt)}" width="${width}"${height ? ` height="${height}"` : ''} style="display:block;max-width:100%;height:auto;border:0">${credit ? `<span style="${S.small}">${credit}</span>` : ''}</p>`;
    }
    case 'source':
      return `<p style="${S.small};margin:0 0 .4em">出典: <a style="${S.a}" href="${esc(abs(b.url, siteUrl))}">${esc(b.title || b.url)}</a>${b.publisher ? `（${esc(b.publisher)}）` : ''}</p>`;
    case 'cta':
      return `<p style="${S.p}"><a href="${esc(abs(b.url, siteUrl))}" style="${S.button}">${esc(b.label)}</a></p>`;
    case 'timeline':
      return `<ol style="${S.p};padding-left:1.4em">${b.entries.map((e) => `<li><strong>${esc(e.when)}</strong> ${md.renderInline(e.text)}</li>`).join('')}</ol>`;
    case 'note':
      return `<div style="${S.small};margin:0 0 1em">${md.render(b.text)}</div>`;
    case 'code':
      return `<pre style="margin:0 0 1em;padding:.8em;background:#f6f8fa;font-size:13px;white-space:pre-wrap">${esc(b.code)}</pre>`;
    case 'divider':
      return '<hr style="border:0;border-top:1px solid #d0d7de;margin:1.5em 0">';
    case 'html':
      return `<div>${b.html}</div>`;
    case 'tool':
      return `<p style="${S.p}"><a style="${S.a}" href="${esc(abs(`/tools/${b.name}`, siteUrl))}">${b.name === 'breach' ? '漏えい等報告の判定ツール' : '適用宣言書（SoA）作成ツール'}</a></p>`;
    case 'chart': {
      // Mail clients draw no SVG reliably: the chart's own table carries the numbers.
      const head = [b.labelHeading, ...b.series.map((s) => (b.unit ? `${s.name}（${b.unit}）` : s.name))];
      const rows = b.labels.map((label, i) => [label, ...b.series.map((s) => String(s.values[i] ?? ''))]);
      return `<p style="${S.p}"><strong>${esc(b.title)}</strong></p><table style="border-collapse:collapse;margin:0 0 1em;width:100%"><thead><tr>${head.map((h) => `<th style="${S.td};background:#f6f8fa">${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td style="${S.td}">${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>${b.caption ? `<p style="${S.small}">${esc(b.caption)}</p>` : ''}`;
    }
  }
}

function runHtml(blocks: readonly InnerBlock[], siteUrl: string): string {
  return blocks.map((b) => leafHtml(b, siteUrl)).join('\n');
}

export function addendumHtml(a: { date?: string; blocks: readonly InnerBlock[] }, siteUrl: string): string {
  return mailSafe(
    `<div style="${S.box}"><h3 style="${S.h};margin-top:0">（${a.date ? formatCalendarDate(a.date) : ''}追記）</h3>${runHtml(a.blocks, siteUrl)}</div>`,
    siteUrl,
  );
}

/** The body of a post for a mail: blocks in order, 私のコメント boxed, then the addenda. */
export function blocksToMailHtml(blocks: readonly Block[], siteUrl: string): string {
  const parts: string[] = [];
  for (const b of blocks) {
    if (b.type === 'addendum') continue;
    if (b.type === 'commentary')
      parts.push(`<div style="${S.box}"><h3 style="${S.h};margin-top:0">私のコメント</h3>${runHtml(b.blocks, siteUrl)}</div>`);
    else parts.push(leafHtml(b, siteUrl));
  }
  return [mailSafe(parts.join('\n'), siteUrl), ...addendaOf(blocks).map((a) => addendumHtml(a, siteUrl))].join('\n');
}

const ENT: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

/** The text part: the same content, links written out after their words. */
export function htmlToMailText(html: string): string {
  return html
    .replace(/<img [^>]*alt="([^"]*)"[^>]*>/g, '[画像: $1]\n')
    .replace(/<a [^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g, (_m, href: string, label: string) => {
      const text = label.replace(/<[^>]*>/g, '');
      return text === href ? href : `${text} ( ${href} )`;
    })
    .replace(/<li>/g, '・')
    .replace(/<br\s*\/?>|<\/(p|li|h\d|tr|div|blockquote|pre|ol|ul|table)>/g, '\n')
    .replace(/<hr[^>]*>/g, '\n――――\n')
    .replace(/<\/t[dh]>/g, ' | ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d+|#39|\w+);/g, (m, e: string) =>
      e.startsWith('#') && e !== '#39' ? String.fromCodePoint(Number(e.slice(1))) : (ENT[e] ?? m),
    )
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A whole mail document around a body: one column, readable on a phone. */
export function mailDocument(title: string, body: string, footer: string): string {
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title></head><body style="margin:0;padding:0;background:#ffffff"><div style="max-width:640px;margin:0 auto;padding:16px;font-family:'Hiragino Sans','Noto Sans JP','Yu Gothic',Meiryo,sans-serif">${body}<hr style="border:0;border-top:1px solid #d0d7de;margin:2em 0 1em"><div style="${S.small}">${footer}</div></div></body></html>`;
}

export const styles = S;
