// A comment's body is plain text: line breaks are kept, URLs become links, nothing else is
// markup. The body's HTML (bodyHtml) escapes every piece of text, so no piece can become an
// element or an attribute; it is made once when a comment is saved and kept beside the text.
import { createHash } from 'node:crypto';
import { escapeHtml } from '../escape.ts';

export type Piece = { text: string } | { url: string };

// http(s) URLs up to white space, quotes, angle brackets or Japanese punctuation and brackets.
const URL_PATTERN = /https?:\/\/[^\s<>"'`「」『』（）()、。，．！？【】]+/g;
// Trailing characters that usually end a sentence rather than a URL.
const TRAILING = /[.,;:!?]+$/;

/** Line breaks as \n, control characters out, trimmed; Unicode normalised (NFC). */
export function normaliseBody(body: string): string {
  return body
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/g, '')
    .normalize('NFC')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The body as lines of pieces: text, and http(s) URLs to be shown as links. */
export function bodyLines(body: string): Piece[][] {
  if (!body.includes('http')) return body.split('\n').map((line) => (line ? [{ text: line }] : []));
  return body.split('\n').map((line) => {
    const pieces: Piece[] = [];
    let at = 0;
    for (const m of line.matchAll(URL_PATTERN)) {
      const url = m[0].replace(TRAILING, '');
      if (!URL.canParse(url)) continue;
      if (m.index > at) pieces.push({ text: line.slice(at, m.index) });
      pieces.push({ url });
      at = m.index + url.length;
    }
    if (at < line.length) pieces.push({ text: line.slice(at) });
    return pieces;
  });
}

/** The body as HTML: text escaped, line breaks as <br/>, URLs as links with
 * rel="nofollow ugc noopener". */
export function bodyHtml(body: string): string {
  return bodyLines(body)
    .map((pieces) =>
      pieces
        .map((p) =>
          'url' in p ? `<a href="${escapeHtml(p.url)}" rel="nofollow ugc noopener">${escapeHtml(p.url)}</a>` : escapeHtml(p.text),
        )
        .join(''),
    )
    .join('<br/>');
}

export function countLinks(body: string): number {
  return bodyLines(body)
    .flat()
    .filter((p) => 'url' in p).length;
}

/** The first banned word found in the body (case and width ignored), if any. */
export function bannedWordIn(body: string, bannedWords: string): string | undefined {
  const text = body.normalize('NFKC').toLowerCase();
  return bannedWords
    .split(/\r?\n/)
    .map((w) => w.trim().normalize('NFKC').toLowerCase())
    .find((w) => w !== '' && text.includes(w));
}

/** What makes two bodies "the same comment": white space and width ignored. */
export function bodyHash(body: string): string {
  return createHash('sha256').update(body.normalize('NFKC').replace(/\s+/g, '')).digest('base64url');
}

/** The first characters of a body on one line (lists, the CLI, mails). */
export function excerptOf(body: string, chars = 60): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  const cps = [...flat];
  return cps.length > chars ? `${cps.slice(0, chars).join('')}…` : flat;
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** An imported comment's body (old blogs stored a little HTML: <br>, <p>, links) as the
 * plain text every comment is: breaks kept, tags dropped, entities read. The result is
 * escaped when drawn, like any comment. */
export function importedBodyText(body: string): string {
  if (!/[<&]/.test(body)) return body;
  const text = body
    .replace(/<br\s*\/?>\r?\n?/gi, '\n')
    .replace(/<\/p\s*>(\r?\n)*/gi, '\n\n')
    .replace(/<a\s[^>]*href\s*=\s*["']?(https?:\/\/[^"'\s>]+)["']?[^>]*>([\s\S]*?)<\/a\s*>/gi, (_m, href: string, label: string) =>
      label.includes(href) ? label : `${label} ${href}`,
    )
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/gi, (m, e: string) => {
      if (e[0] !== '#') return NAMED_ENTITIES[e.toLowerCase()] ?? m;
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : m;
    });
  return normaliseBody(text);
}
