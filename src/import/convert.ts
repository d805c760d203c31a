// An old post's HTML → Kawaraban blocks, where the structure can be recognised:
// - an image followed by a credit line (画像は…より / 画面は…より) → an image with its credit;
// - a line that is only a URL → a source;
// - (私のコメント) → the commentary that follows;
// - (M月D日追記) → an addendum dated in the post's year;
// - a line that is only a link to a seminar, webinar, video or download → a call to action;
// - ※…再掲… → a note;
// - the author's recurring greeting and sign-off lines → left out (they are the author's
//   templates, shown on every post).
// Everything else stays, sanitised, as HTML: nothing is dropped.
import { sanitizeStoredHtml, type Block, type InnerBlock } from '../content/blocks.ts';
import { htmlToText } from '../content/body-html.tsx';
import { localParts } from '../time.ts';

export interface ConvertOptions {
  /** The post's date, for the year of (M月D日追記). */
  published: Date;
  /** Lines the author writes on every post (greeting, sign-off), compared as text. */
  templateLines: Set<string>;
  /** MT's CONVERT BREAKS: line breaks in the source are line breaks on the page. */
  convertBreaks: boolean;
}

const CREDIT = /^[（(]\s*((?:画像|画面|写真|図|イラスト)(?:は|：|:).{1,80}?)\s*[)）]$/;
const COMMENTARY = /^[（(]\s*私のコメント\s*[)）]$/;
const ADDENDUM = /^[（(]\s*(?:(\d{1,2})月(\d{1,2})日)?\s*追記\s*[)）]$/;
const URL_ONLY = /^https?:\/\/[^\s<>"]+$/;
const CTA_WORDS = /(セミナー|ウェビナー|視聴|申し込|申込|参加|ダウンロード|資料請求|見逃し配信)/;
const NOTE = /^※.*(再掲|再録|転載|追記しました)/;

function textOf(html: string): string {
  return htmlToText(html).replace(/\s+/g, ' ').trim();
}

/** The post's HTML as lines: block ends and <br> become line ends. */
export function htmlLines(html: string, convertBreaks: boolean): string[] {
  let h = html.replace(/\r\n?/g, '\n');
  if (!convertBreaks) h = h.replace(/\n/g, ' ');
  h = h.replace(/<br\s*\/?>/gi, '\n').replace(/<\/(p|div|h[1-6]|li|blockquote|pre|table|ul|ol)>/gi, (m) => `${m}\n`);
  // No tag can end after the last ">": leaving that tail out keeps the scan linear (each
  // "<p " would otherwise read to the end of a long line that has no ">").
  const end = h.lastIndexOf('>') + 1;
  h = h.slice(0, end).replace(/<(p|div)(\s[^>]*)?>/gi, '\n') + h.slice(end);
  return h.split('\n').map((l) => l.trim());
}

function onlyImage(line: string): { src: string; alt: string; width?: number; height?: number } | undefined {
  const m = /^(?:<a\b[^>]*>)?\s*<img\b([^>]*)>\s*(?:<\/a>)?$/i.exec(line);
  if (!m) return undefined;
  const attr = (name: string) => new RegExp(`\\b${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(m[1]!)?.[1];
  const src = attr('src');
  if (!src || !/^(https?:\/\/|\/)/.test(src)) return undefined;
  const num = (v?: string) => (v && /^\d{1,5}$/.test(v) ? Number(v) : undefined);
  return { src, alt: attr('alt') ?? '', width: num(attr('width')), height: num(attr('height')) };
}

function onlyLink(line: string): { href: string; text: string } | undefined {
  const m = /^(?:<(?:strong|b|span|font|center|big)\b[^>]*>\s*)*<a\b[^>]*href\s*=\s*["']([^"']+)["'][^>]*>([\s\S]*?)<\/a>(?:\s*<\/(?:strong|b|span|font|center|big)>)*$/i.exec(line);
  return m ? { href: m[1]!, text: textOf(m[2]!) } : undefined;
}

export function convertHtml(html: string, o: ConvertOptions): Block[] {
  const out: Block[] = [];
  let container: { type: 'commentary' | 'addendum'; date?: string; blocks: InnerBlock[] } | undefined;
  let paragraph: string[] = [];
  const target = (): Array<Block | InnerBlock> => (container ? container.blocks : out);
  const flushParagraph = () => {
    const inner = paragraph.join('<br>\n').trim();
    paragraph = [];
    if (!inner) return;
    const clean = sanitizeStoredHtml(/^<(ul|ol|table|blockquote|h\d|pre)\b/i.test(inner) ? inner : `<p>${inner}</p>`);
    if (textOf(clean) || /<img\b/i.test(clean)) target().push({ type: 'html', html: clean });
  };
  const closeContainer = () => {
    flushParagraph();
    if (container && container.blocks.length) {
      out.push(container.type === 'commentary' ? { type: 'commentary', blocks: container.blocks } : { type: 'addendum', date: container.date!, blocks: container.blocks });
    }
    container = undefined;
  };
  const published = localParts(o.published);
  const year = published.year;
  const ymd = (m: number, d: number) => `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

  const lines = htmlLines(html, o.convertBreaks);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const text = textOf(line);
    if (!line || (!text && !/<img\b/i.test(line))) {
      flushParagraph();
      continue;
    }
    if (o.templateLines.has(text)) continue;
    if (COMMENTARY.test(text)) {
      closeContainer();
      container = { type: 'commentary', blocks: [] };
      continue;
    }
    const addendum = ADDENDUM.exec(text);
    if (addendum) {
      closeContainer();
      const date = addendum[1] ? ymd(Number(addendum[1]), Number(addendum[2])) : ymd(published.month, published.day);
      container = { type: 'addendum', date, blocks: [] };
      continue;
    }
    const image = onlyImage(line);
    if (image) {
      flushParagraph();
      // A credit line may follow, after blank lines.
      let j = i + 1;
      while (j < lines.length && !textOf(lines[j]!) && !/<img\b/i.test(lines[j]!)) j++;
      const credit = j < lines.length ? CREDIT.exec(textOf(lines[j]!)) : null;
      target().push({ type: 'image', src: image.src, alt: image.alt, ...(credit ? { credit: credit[1] } : {}), ...(image.width ? { width: image.width } : {}), ...(image.height ? { height: image.height } : {}) });
      if (credit) i = j;
      continue;
    }
    if (URL_ONLY.test(text) && (line === text || onlyLink(line))) {
      flushParagraph();
      target().push({ type: 'source', url: text });
      continue;
    }
    const link = onlyLink(line);
    if (link && CTA_WORDS.test(link.text) && /^(https?:\/\/|\/)/.test(link.href)) {
      flushParagraph();
      target().push({ type: 'cta', label: link.text.slice(0, 500), url: link.href, style: 'primary' });
      continue;
    }
    if (NOTE.test(text) && !paragraph.length) {
      target().push({ type: 'note', text: text.slice(0, 20000) });
      continue;
    }
    paragraph.push(line);
  }
  closeContainer();
  return out;
}

/** Lines the author repeats at the start or end of many posts: the greeting and sign-off. */
export function recurringLines(firstAndLast: string[][], minShare = 0.3, minCount = 3): Set<string> {
  const counts = new Map<string, number>();
  for (const lines of firstAndLast) for (const l of new Set(lines)) counts.set(l, (counts.get(l) ?? 0) + 1);
  const needed = Math.max(minCount, Math.ceil(firstAndLast.length * minShare));
  return new Set([...counts].filter(([l, n]) => n >= needed && l.length >= 4).map(([l]) => l));
}

/** The first and last few text lines of a post (candidates for greeting and sign-off). */
export function edgeLines(html: string, convertBreaks: boolean, n = 3): string[] {
  const lines = htmlLines(html, convertBreaks).map(textOf).filter(Boolean);
  return [...lines.slice(0, n), ...lines.slice(-n)];
}
