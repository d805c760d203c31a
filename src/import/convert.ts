// An old post's HTML → the product's own blocks (Markdown + directives), read with a real
// HTML parser (parse5). The page must show exactly the author's words, so every block made
// here is checked: its Markdown reads back to the same block, and the text it renders is the
// text the HTML showed. What the blocks cannot say (a video frame, a form, a table with joined
// cells) stays as sanitised HTML; nothing is dropped, nothing is added.
//
// Besides the plain structure (paragraphs with their line breaks, links, bold/italic, lists,
// headings, quotes, tables, images, code), the parts of a news post are recognised:
// - an image followed by a credit line (画像は…より / 画面は…より) → an image with its credit;
// - a line that is only a URL (alone, or under a short title line) → a source;
// - (私のコメント) / (コメント) → the commentary that follows;
// - (追記) / (6月17日追記) → an addendum, dated only when the author dated it;
// - a centred or bold link (or a WordPress button) to a seminar, webinar, video or download
//   → a call to action;
// - ※…再掲… → a note.
import { parseFragment, serializeOuter, type DefaultTreeAdapterMap } from 'parse5';
import { validateBlocks, type Block, type InnerBlock } from '../content/blocks.ts';
import { md, parseMarkdown, toMarkdown } from '../content/markdown.ts';
import { localParts } from '../time.ts';

type Node = DefaultTreeAdapterMap['childNode'];
type Element = DefaultTreeAdapterMap['element'];
type Parent = DefaultTreeAdapterMap['parentNode'];

export interface ConvertOptions {
  /** The post's date, for the year of (M月D日追記). */
  published: Date;
  /** MT's CONVERT BREAKS: line breaks in the source are line breaks on the page. */
  convertBreaks: boolean;
  /** Lines to take out at the very start (greeting) and end (sign-off), only when the post's
   * own lines there are exactly these. */
  greeting?: readonly string[];
  signoff?: readonly string[];
}

const CREDIT = /^[（(]\s*((?:画像|画面|写真|図|イラスト)(?:は|：|:).{1,80}?)\s*[)）]$/;
const COMMENTARY = /^[（(]\s*(?:私の)?コメント\s*[)）]$/;
const ADDENDUM = /^[（(]\s*(?:(\d{1,2})月(\d{1,2})日)?\s*追記\s*[)）]$/;
const URL_ONLY = /^https?:\/\/[^\s<>"]+$/;
const CTA_WORDS = /(セミナー|ウェビナー|視聴|申し込|申込|参加する|ダウンロード|資料請求|見逃し配信|webinar|seminar|download)/i;
const CTA_PATH = /(seminar|webinar|video|movie|download|event|ondemand|form)/i;
const NOTE = /^※.*(再掲|再録|転載|追記しました)/;
const SAFE_URL = /^(https?:\/\/[^\s]+|\/(?!\/)[^\s]*)$/i;

interface ImageInfo {
  src: string;
  alt: string;
  width?: number;
  height?: number;
}

/** A piece of a line: plain text, a link, an image, or an emphasis mark (\uE000 bold,
 * \uE001 italic, \uE002 struck out) that becomes ** / * / ~~ or nothing. */
interface Segment {
  kind: 'text' | 'link' | 'image' | 'mark';
  md: string;
  text: string;
  href?: string;
  image?: ImageInfo;
  bold: boolean;
  centered: boolean;
  button: boolean;
}

interface Line {
  segments: Segment[];
  text: string;
}

type Item = { kind: 'line'; line: Line } | { kind: 'gap' } | { kind: 'block'; block: InnerBlock };

interface Context {
  bold: boolean;
  centered: boolean;
  button: boolean;
}

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'head', 'title', 'meta', 'link', 'base']);
const RAW = new Set([
  'iframe',
  'video',
  'audio',
  'object',
  'embed',
  'form',
  'svg',
  'math',
  'canvas',
  'map',
  'select',
  'textarea',
  'input',
  'button',
  'picture',
]);
const DIV_LIKE = new Set([
  'div',
  'center',
  'section',
  'article',
  'header',
  'footer',
  'main',
  'aside',
  'nav',
  'address',
  'dl',
  'dt',
  'dd',
  'details',
  'summary',
  'figcaption',
  'caption',
  'li',
  'body',
  'html',
]);

const attr = (el: Element, name: string) => el.attrs.find((a) => a.name === name)?.value;
const isElement = (n: Node): n is Element => 'tagName' in n;

function isCentered(el: Element): boolean {
  if (el.tagName === 'center') return true;
  if ((attr(el, 'align') ?? '').toLowerCase() === 'center') return true;
  if (/text-align\s*:\s*center/i.test(attr(el, 'style') ?? '')) return true;
  return /\b(has-text-align-center|aligncenter|is-content-justification-center)\b/.test(attr(el, 'class') ?? '');
}

function isButton(el: Element): boolean {
  return /\b(wp-block-button__link|wp-block-button|button|btn)\b/.test(attr(el, 'class') ?? '');
}

/** Markdown's special characters in text, escaped so the text reads back as written. */
function escapeText(s: string): string {
  return s.replace(/[\\`*_[\]<>~&]/g, '\\$&');
}

/** A line start Markdown would read as structure (list, heading, quote, rule, directive …). */
function escapeLineStart(line: string): string {
  const m = /^(#{1,6}(?=\s|$)|[-+](?=\s|$)|={2,}|-{2,}|:{2,}|[>])/.exec(line);
  if (m) return `\\${line}`;
  const ordered = /^(\d{1,9})([.)])(?=\s|$)/.exec(line);
  if (ordered) return `${ordered[1]}\\${line.slice(ordered[1]!.length)}`;
  return line;
}

function escapeUrl(u: string): string {
  return u.replace(/[\s()<>]/g, (c) => encodeURIComponent(c));
}

function textContent(n: Node | Parent): string {
  if (n.nodeName === '#text') return (n as DefaultTreeAdapterMap['textNode']).value;
  if (!('childNodes' in n)) return '';
  if (isElement(n as Node) && (n as Element).tagName === 'br') return '\n';
  return n.childNodes.map((c) => textContent(c)).join('');
}

/** Visible text of rendered HTML, without whitespace, for comparing what two forms show. */
function shownText(html: string): string {
  return textContent(parseFragment(html)).replace(/\s+/g, '');
}

class Walker {
  readonly items: Item[] = [];
  private segments: Segment[] = [];
  /** A <br> was the last thing: the newline an editor writes after it is the same break. */
  private afterBr = false;

  constructor(private readonly convertBreaks: boolean) {}

  private visible(): boolean {
    return this.segments.some((s) => s.kind === 'image' || (s.kind !== 'mark' && s.text.trim() !== ''));
  }

  /** Ends the current line; an empty line is a gap between paragraphs when `gapIfEmpty`. */
  endLine(gapIfEmpty = false): void {
    if (this.visible()) {
      this.items.push({
        kind: 'line',
        line: {
          segments: this.segments,
          text: this.segments
            .map((s) => s.text)
            .join('')
            .trim(),
        },
      });
    } else if (gapIfEmpty) this.gap();
    this.segments = [];
  }

  gap(): void {
    this.endLine();
    if (this.items.at(-1)?.kind !== 'gap') this.items.push({ kind: 'gap' });
  }

  block(b: InnerBlock): void {
    this.gap();
    this.items.push({ kind: 'block', block: b });
    this.items.push({ kind: 'gap' });
  }

  private addText(t: string, ctx: Context): void {
    if (!t) return;
    if (!this.visible()) t = t.replace(/^\s+/, '');
    if (!t) return;
    this.segments.push({ kind: 'text', md: escapeText(t), text: t, bold: ctx.bold, centered: ctx.centered, button: ctx.button });
  }

  private mark(code: string, ctx: Context): void {
    this.segments.push({ kind: 'mark', md: code, text: '', bold: ctx.bold, centered: ctx.centered, button: ctx.button });
  }

  walk(nodes: Node[], ctx: Context): void {
    for (const n of nodes) this.node(n, ctx);
  }

  private node(n: Node, ctx: Context): void {
    if (n.nodeName === '#text') {
      const value = (n as DefaultTreeAdapterMap['textNode']).value;
      if (this.convertBreaks) {
        value.split('\n').forEach((part, i) => {
          if (i > 0) {
            if (this.afterBr) this.afterBr = false;
            else this.endLine(true);
          }
          const t = part.replace(/[ \t\r\f]+/g, ' ');
          if (t.trim()) this.afterBr = false;
          this.addText(t, ctx);
        });
      } else this.addText(value.replace(/\s+/g, ' '), ctx);
      return;
    }
    if (!isElement(n)) return; // comments (Gutenberg's <!-- wp:… -->), doctype
    const tag = n.tagName;
    this.afterBr = false;
    if (SKIP.has(tag)) return;
    if (RAW.has(tag)) return this.block({ type: 'html', html: serializeOuter(n) });
    const inner: Context = {
      bold: ctx.bold || tag === 'strong' || tag === 'b',
      centered: ctx.centered || isCentered(n),
      button: ctx.button || isButton(n),
    };
    switch (tag) {
      case 'br':
        return this.br();
      case 'hr':
        return this.block({ type: 'divider' });
      case 'img':
        return this.image(n, ctx);
      case 'a':
        return this.link(n, inner);
      case 'strong':
      case 'b':
      case 'em':
      case 'i':
      case 's':
      case 'strike':
      case 'del': {
        const open = tag === 'strong' || tag === 'b' ? 0xe000 : tag === 'em' || tag === 'i' ? 0xe001 : 0xe002;
        this.mark(String.fromCharCode(open), inner);
        this.walk(n.childNodes, inner);
        this.mark(String.fromCharCode(open + 3), inner);
        return;
      }
      case 'code':
        if (!n.childNodes.some(isElement) && !textContent(n).includes('`') && !textContent(n).includes('\n')) {
          const code = textContent(n);
          if (!code.trim()) return;
          this.segments.push({ kind: 'text', md: `\`${code}\``, text: code, bold: ctx.bold, centered: ctx.centered, button: ctx.button });
          return;
        }
        return this.walk(n.childNodes, inner);
    }
    if (/^h[1-6]$/.test(tag)) return this.heading(n, inner);
    if (tag === 'ul' || tag === 'ol') return this.list(n);
    if (tag === 'blockquote') return this.quote(n);
    if (tag === 'pre') return this.block({ type: 'code', language: '', code: textContent(n).replace(/\n$/, '') });
    if (tag === 'table') return this.table(n);
    if (tag === 'figure') return this.figure(n, inner);
    if (tag === 'p') {
      this.gap();
      this.walk(n.childNodes, inner);
      this.gap();
      return;
    }
    if (DIV_LIKE.has(tag)) {
      this.endLine();
      this.walk(n.childNodes, inner);
      this.endLine();
      return;
    }
    this.walk(n.childNodes, inner); // span, font, u, small, sup, sub, abbr, cite, q, mark …
  }

  br(): void {
    this.endLine(true);
    this.afterBr = true;
  }

  private image(n: Element, ctx: Context, href?: string): void {
    const src = attr(n, 'src') ?? '';
    if (!src) return;
    const num = (v?: string) => (v && /^\d{1,5}$/.test(v) && Number(v) > 0 ? Number(v) : undefined);
    const image: ImageInfo = {
      src,
      alt: (attr(n, 'alt') ?? '').slice(0, 500),
      width: num(attr(n, 'width')),
      height: num(attr(n, 'height')),
    };
    const pic = `![${escapeText(image.alt.replace(/\s+/g, ' '))}](${escapeUrl(src)})`;
    this.segments.push({
      kind: 'image',
      md: href ? `[${pic}](${escapeUrl(href)})` : pic,
      text: '',
      image,
      href,
      bold: ctx.bold,
      centered: ctx.centered,
      button: ctx.button,
    });
  }

  private link(n: Element, ctx: Context): void {
    const href = (attr(n, 'href') ?? '').trim();
    const kids = n.childNodes.filter((c) => !(c.nodeName === '#text' && !(c as DefaultTreeAdapterMap['textNode']).value.trim()));
    if (kids.length === 1 && isElement(kids[0]!) && kids[0].tagName === 'img' && href) return this.image(kids[0], ctx, href);
    const start = this.segments.length;
    const before = this.items.length;
    this.walk(n.childNodes, ctx);
    // A link broken by a line break keeps its words, not its target.
    if (!href || !SAFE_URL.test(href) || this.items.length !== before) return;
    const parts = this.segments.splice(start);
    const text = parts.map((p) => p.text).join('');
    if (!text.trim() && !parts.some((p) => p.kind === 'image')) return;
    const inner = parts.map((p) => p.md).join('');
    this.segments.push({
      kind: 'link',
      md: `[${inner}](${escapeUrl(href)})`,
      text,
      href,
      bold: ctx.bold || parts.every((p) => p.bold || p.kind === 'mark' || !p.text.trim()),
      centered: ctx.centered,
      button: ctx.button,
    });
  }

  /** The inline Markdown of an element's content, as lines; undefined when it holds blocks. */
  private inline(n: Element, ctx: Context): Line[] | undefined {
    const w = new Walker(false);
    w.walk(n.childNodes, ctx);
    w.endLine();
    if (w.items.some((i) => i.kind === 'block')) return undefined;
    return w.items.filter((i): i is { kind: 'line'; line: Line } => i.kind === 'line').map((i) => i.line);
  }

  private heading(n: Element, ctx: Context): void {
    const lines = this.inline(n, ctx);
    const level = Math.min(4, Math.max(2, Number(n.tagName.slice(1))));
    if (!lines) return this.block({ type: 'html', html: serializeOuter(n) });
    if (!lines.length) return;
    const block = { type: 'heading' as const, level, text: lines.map(lineMarkdown).join(' ') };
    this.block(checked(block, lines.map((l) => l.text).join(' ')) ?? { type: 'html', html: serializeOuter(n) });
  }

  /** A list's items as Markdown (nested lists written inside their item); undefined when an
   * item holds something a list item cannot (a table, an image of its own, a frame …). */
  private listItems(n: Element): { items: string[]; text: string } | undefined {
    const items: string[] = [];
    let text = '';
    for (const li of n.childNodes) {
      if (!isElement(li)) continue;
      if (li.tagName !== 'li') return undefined;
      const w = new Walker(false);
      w.walk(li.childNodes, { bold: false, centered: false, button: false });
      w.endLine();
      // Paragraphs of an item are apart by a blank line; a nested list follows its line.
      let out = '';
      let para: string[] = [];
      const flush = () => {
        if (para.length) out += (out ? '\n\n' : '') + para.join('\n');
        para = [];
      };
      for (const it of w.items) {
        if (it.kind === 'gap') flush();
        else if (it.kind === 'line') {
          para.push(escapeLineStart(lineMarkdown(it.line)));
          text += it.line.text;
        } else if (it.block.type === 'list') {
          flush();
          const nested = it.block;
          out +=
            (out ? '\n' : '') +
            nested.items
              .map((item, i) => {
                const marker = nested.ordered ? `${i + 1}. ` : '- ';
                return marker + item.split('\n').join('\n' + ' '.repeat(marker.length));
              })
              .join('\n');
          text += nested.items.join('');
        } else return undefined;
      }
      flush();
      items.push(out || '\u00a0');
    }
    return items.length ? { items, text } : undefined;
  }

  private list(n: Element): void {
    const got = this.listItems(n);
    if (!got) return this.block({ type: 'html', html: serializeOuter(n) });
    if (got.items.length > 500) return this.block({ type: 'html', html: serializeOuter(n) });
    const block = { type: 'list' as const, ordered: n.tagName === 'ol', items: got.items };
    this.block(checked(block, undefined) ?? { type: 'html', html: serializeOuter(n) });
  }

  private quote(n: Element): void {
    const w = new Walker(this.convertBreaks);
    w.walk(n.childNodes, { bold: false, centered: false, button: false });
    w.endLine();
    const inner = assemble(w.items, { published: new Date(0), convertBreaks: false }, false);
    if (!inner.length) return;
    if (inner.every((b) => b.type === 'paragraph' || b.type === 'list' || b.type === 'heading')) {
      const block = { type: 'quote' as const, text: toMarkdown(inner).trim() };
      const ok = checked(block, undefined);
      if (ok) return this.block(ok);
    }
    this.block({ type: 'html', html: serializeOuter(n) });
  }

  private table(n: Element): void {
    const rows: Array<{ cells: string[]; head: boolean }> = [];
    const lines: string[] = [];
    let simple = true;
    const visit = (el: Element, inHead: boolean) => {
      for (const c of el.childNodes) {
        if (!isElement(c)) continue;
        if (c.tagName === 'caption') {
          const l = this.inline(c, { bold: false, centered: false, button: false });
          if (l) lines.push(...l.map(lineMarkdown));
          else simple = false;
        } else if (c.tagName === 'thead' || c.tagName === 'tbody' || c.tagName === 'tfoot') visit(c, c.tagName === 'thead');
        else if (c.tagName === 'tr') {
          const cells: string[] = [];
          let allTh = true;
          for (const cell of c.childNodes) {
            if (!isElement(cell) || (cell.tagName !== 'td' && cell.tagName !== 'th')) continue;
            if (Number(attr(cell, 'colspan') ?? 1) > 1 || Number(attr(cell, 'rowspan') ?? 1) > 1) simple = false;
            if (cell.tagName === 'td') allTh = false;
            const l = this.inline(cell, { bold: false, centered: false, button: false });
            if (!l) simple = false;
            cells.push((l ?? []).map(lineMarkdown).join(' '));
          }
          rows.push({ cells, head: inHead || (allTh && rows.length === 0) });
        } else if (c.tagName !== 'colgroup') simple = false;
      }
    };
    visit(n, false);
    const headRows = rows.filter((r) => r.head);
    if (!simple || !rows.length || headRows.length > 1 || rows.some((r) => r.cells.length > 30 || r.cells.some((c) => c.length > 500))) {
      return this.block({ type: 'html', html: serializeOuter(n) });
    }
    const header = headRows[0] ?? rows[0]!;
    const body = rows.filter((r) => r !== header);
    const width = Math.max(header.cells.length, ...body.map((r) => r.cells.length));
    const pad = (cells: string[]) => [...cells, ...Array<string>(width - cells.length).fill('')];
    const block = { type: 'table' as const, header: pad(header.cells), rows: body.map((r) => pad(r.cells)) };
    const ok = checked(block, undefined);
    if (!ok) return this.block({ type: 'html', html: serializeOuter(n) });
    for (const l of lines)
      this.items.push({
        kind: 'line',
        line: { segments: [{ kind: 'text', md: l, text: l, bold: false, centered: false, button: false }], text: l },
      });
    this.block(ok);
  }

  private figure(n: Element, ctx: Context): void {
    const imgs: Element[] = [];
    const find = (el: Element) => {
      for (const c of el.childNodes) if (isElement(c)) c.tagName === 'img' ? imgs.push(c) : find(c);
    };
    find(n);
    const caption = n.childNodes.find((c): c is Element => isElement(c) && c.tagName === 'figcaption');
    const rest = n.childNodes.filter((c) => c !== caption && (isElement(c) ? true : (c as { value?: string }).value?.trim()));
    const onlyPicture =
      imgs.length === 1 && rest.every((c) => isElement(c) && (c.tagName === 'img' || c.tagName === 'a') && !textContent(c).trim());
    const src = imgs[0] ? (attr(imgs[0], 'src') ?? '') : '';
    if (onlyPicture && SAFE_URL.test(src)) {
      const captionText = caption ? textContent(caption).replace(/\s+/g, ' ').trim() : '';
      if (captionText.length <= 500) {
        const num = (v?: string) => (v && /^\d{1,5}$/.test(v) && Number(v) > 0 ? Number(v) : undefined);
        const img = imgs[0]!;
        return this.block({
          type: 'image',
          src,
          alt: (attr(img, 'alt') ?? '').slice(0, 500),
          ...(captionText ? { caption: captionText } : {}),
          ...(num(attr(img, 'width')) ? { width: num(attr(img, 'width')) } : {}),
          ...(num(attr(img, 'height')) ? { height: num(attr(img, 'height')) } : {}),
        });
      }
    }
    this.gap();
    this.walk(n.childNodes, ctx);
    this.gap();
  }
}

/** A line's Markdown: emphasis kept where Markdown can show it, dropped where it cannot
 * (Markdown's rules for ** next to Japanese punctuation), escaped at the line start. */
function lineMarkdown(line: Line): string {
  const withMarks = joinSegments(line.segments, true);
  const plain = joinSegments(line.segments, false);
  const want = line.segments
    .map((s) => s.text)
    .join('')
    .replace(/\s+/g, '');
  for (const candidate of [withMarks, plain]) {
    const escaped = escapeLineStart(candidate);
    if (shownText(md.renderInline(escaped)) === want) return escaped;
  }
  return escapeLineStart(plain);
}

function joinSegments(segments: Segment[], marks: boolean): string {
  let s = segments.map((x) => x.md).join('');
  if (!marks) return s.replace(/[\uE000-\uE005]/g, '').trim();
  // Empty emphasis goes; spaces move outside the marks (Markdown needs the marks to touch
  // the words). Opening marks are E000-E002, their closing ones E003-E005.
  for (let k = 0; k < 3; k++) s = s.replace(/\uE000\s*\uE003|\uE001\s*\uE004|\uE002\s*\uE005/g, '');
  s = s.replace(/([\uE000-\uE002])(\s+)/g, '$2$1').replace(/(\s+)([\uE003-\uE005])/g, '$2$1');
  return s
    .replace(/[\uE000\uE003]/g, '**')
    .replace(/[\uE001\uE004]/g, '*')
    .replace(/[\uE002\uE005]/g, '~~')
    .trim();
}

/** The block when its Markdown reads back as the same block (and, for `want`, shows the same
 * text); undefined otherwise. */
function checked<T extends InnerBlock>(block: T, want: string | undefined): T | undefined {
  try {
    const [valid] = validateBlocks([block]);
    const back = parseMarkdown(toMarkdown([valid!]));
    if (back.length !== 1 || JSON.stringify(back[0]) !== JSON.stringify(valid)) return undefined;
    if (want !== undefined && block.type === 'paragraph' && shownText(md.renderInline(block.text)) !== want.replace(/\s+/g, ''))
      return undefined;
    return valid as T;
  } catch {
    return undefined;
  }
}

function onlyOf(line: Line, kind: 'link' | 'image'): Segment | undefined {
  const solid = line.segments.filter((s) => s.kind !== 'mark' && (s.kind !== 'text' || s.text.trim()));
  return solid.length === 1 && solid[0]!.kind === kind ? solid[0] : undefined;
}

/** Lines of prose: not a picture, a lone link (button, source), a credit line or a note, which may
 * stand above the greeting or below the sign-off. */
function isProse(line: Line): boolean {
  return !onlyOf(line, 'image') && !onlyOf(line, 'link') && !CREDIT.test(line.text) && !URL_ONLY.test(line.text) && !NOTE.test(line.text);
}

/** The prose lines of a post, in order (for finding the greeting and sign-off). */
export function postLines(html: string, convertBreaks: boolean): string[] {
  return walkHtml(html, convertBreaks).flatMap((i) => (i.kind === 'line' && isProse(i.line) ? [i.line.text] : []));
}

/** The text of every line of an HTML fragment (for messages and the 要確認 list). */
export function htmlText(html: string): string {
  return walkHtml(html, false)
    .flatMap((i) => (i.kind === 'line' ? [i.line.text] : []))
    .join(' ');
}

function walkHtml(html: string, convertBreaks: boolean): Item[] {
  const w = new Walker(convertBreaks);
  w.walk(parseFragment(withCaptions(html)).childNodes, { bold: false, centered: false, button: false });
  w.endLine();
  return w.items;
}

/** WordPress's [caption]…[/caption] shortcode → <figure> with its <figcaption>. */
function withCaptions(html: string): string {
  return html.replace(/\[caption\b[^\]]*\]([\s\S]*?)\[\/caption\]/g, (_m, inner: string) => {
    const end = inner.lastIndexOf('>');
    return `<figure>${inner.slice(0, end + 1)}<figcaption>${inner.slice(end + 1).trim()}</figcaption></figure>`;
  });
}

export function convertHtml(html: string, o: ConvertOptions): Block[] {
  // Block-editor posts are HTML as they stand; WordPress adds no line breaks to them.
  const gutenberg = /<!--\s*wp:/.test(html);
  const items = walkHtml(html, o.convertBreaks && !gutenberg);
  trimEdges(items, o.greeting, o.signoff);
  return assemble(items, o, true);
}

/** Takes the greeting and sign-off out, only where the post's first / last lines are exactly
 * these lines. */
function trimEdges(items: Item[], greeting: readonly string[] = [], signoff: readonly string[] = []): void {
  const lineAt = items.flatMap((it, i) => (it.kind === 'line' && isProse(it.line) ? [i] : []));
  const take = (indices: number[], want: readonly string[]) => {
    if (!want.length || indices.length < want.length) return;
    if (indices.every((i, k) => (items[i] as { line: Line }).line.text === want[k])) for (const i of indices) items[i] = { kind: 'gap' };
  };
  take(lineAt.slice(0, greeting.length), greeting);
  const last = lineAt.slice(-signoff.length);
  // The sign-off must end the post's prose (only pictures, buttons or blank lines after it).
  if (signoff.length && last.length) take(last, signoff);
}

/** Lines and blocks → the post's blocks; with `recognise`, the parts of a news post. */
function assemble(items: Item[], o: ConvertOptions, recognise: boolean): Block[] {
  const out: Block[] = [];
  let container: { type: 'commentary' | 'addendum'; marker: Line; date?: string; blocks: InnerBlock[] } | undefined;
  let paragraph: Line[] = [];
  const target = (): Array<Block | InnerBlock> => (container ? container.blocks : out);
  const flushParagraph = () => {
    const lines = paragraph;
    paragraph = [];
    if (!lines.length) return;
    const block = checked({ type: 'paragraph', text: lines.map(lineMarkdown).join('\n') }, lines.map((l) => l.text).join(''));
    if (block) target().push(block);
    else {
      const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      target().push({ type: 'html', html: `<p>${lines.map((l) => escape(l.text)).join('<br>')}</p>` });
    }
  };
  const closeContainer = () => {
    flushParagraph();
    if (container) {
      if (container.blocks.length) {
        out.push(
          container.type === 'commentary'
            ? { type: 'commentary', blocks: container.blocks }
            : { type: 'addendum', ...(container.date ? { date: container.date } : {}), blocks: container.blocks },
        );
      } else {
        // A heading with nothing under it stays the author's line.
        const marker = container.marker;
        container = undefined;
        paragraph = [marker];
        flushParagraph();
      }
    }
    container = undefined;
  };
  const year = localParts(o.published).year;
  const ymd = (m: number, d: number) => {
    const date = `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    return Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || !new Date(`${date}T00:00:00Z`).toISOString().startsWith(date)
      ? undefined
      : date;
  };

  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.kind === 'gap') {
      flushParagraph();
      continue;
    }
    if (item.kind === 'block') {
      flushParagraph();
      target().push(item.block);
      continue;
    }
    const line = item.line;
    const text = line.text;
    if (recognise) {
      if (COMMENTARY.test(text)) {
        closeContainer();
        container = { type: 'commentary', marker: line, blocks: [] };
        continue;
      }
      const addendum = ADDENDUM.exec(text);
      if (addendum) {
        closeContainer();
        container = {
          type: 'addendum',
          marker: line,
          date: addendum[1] ? ymd(Number(addendum[1]), Number(addendum[2])) : undefined,
          blocks: [],
        };
        continue;
      }
      const image = onlyOf(line, 'image');
      if (image && SAFE_URL.test(image.image!.src)) {
        flushParagraph();
        // A credit line may follow, after blank lines.
        let j = i + 1;
        while (j < items.length && items[j]!.kind === 'gap') j++;
        const next = items[j];
        const credit = next?.kind === 'line' ? CREDIT.exec(next.line.text) : null;
        const { src, alt, width, height } = image.image!;
        target().push({
          type: 'image',
          src,
          alt,
          ...(credit ? { credit: credit[1] } : {}),
          ...(width ? { width } : {}),
          ...(height ? { height } : {}),
        });
        if (credit) i = j;
        continue;
      }
      const link = onlyOf(line, 'link');
      if (
        URL_ONLY.test(text) &&
        (line.segments.every((s) => s.kind !== 'link' && s.kind !== 'image') || (link && link.text.trim() === text))
      ) {
        const url = link?.href && SAFE_URL.test(link.href) ? link.href : text;
        // A short title line right above it (nothing else in its paragraph) names the source.
        const title = paragraph.length === 1 && isTitleLine(paragraph[0]!) ? paragraph[0]!.text : undefined;
        if (title) paragraph = [];
        flushParagraph();
        target().push({ type: 'source', url, ...(title ? { title } : {}) });
        continue;
      }
      if (
        link &&
        (link.centered || link.bold || link.button) &&
        SAFE_URL.test(link.href!) &&
        (CTA_WORDS.test(link.text) || CTA_PATH.test(link.href!)) &&
        link.text.trim().length <= 500
      ) {
        flushParagraph();
        target().push({ type: 'cta', label: link.text.trim(), url: link.href!, style: 'primary' });
        continue;
      }
      if (NOTE.test(text) && !paragraph.length) {
        const note = checked({ type: 'note', text: lineMarkdown(line) }, undefined);
        if (note) {
          target().push(note);
          continue;
        }
      }
    }
    paragraph.push(line);
  }
  closeContainer();
  return out;
}

/** A title above a URL: short, one plain run of text, not a sentence. */
function isTitleLine(line: Line): boolean {
  return (
    line.text.length <= 80 &&
    !/[。、：:！？!?]$/.test(line.text) &&
    line.segments.every((s) => s.kind === 'text' || s.kind === 'mark') &&
    !URL_ONLY.test(line.text)
  );
}

/** Characters of a post's text in native blocks and in raw HTML blocks. */
export function nativeShare(blocks: readonly Block[]): { native: number; html: number } {
  let native = 0;
  let html = 0;
  const count = (b: Block | InnerBlock) => {
    switch (b.type) {
      case 'html':
        html += shownText(b.html).length;
        break;
      case 'commentary':
      case 'addendum':
        b.blocks.forEach(count);
        break;
      case 'paragraph':
      case 'quote':
      case 'note':
        native += shownText(md.renderInline(b.text)).length;
        break;
      case 'heading':
        native += b.text.length;
        break;
      case 'list':
        native += b.items.join('').replace(/\s+/g, '').length;
        break;
      case 'table':
        native += [...b.header, ...b.rows.flat()].join('').replace(/\s+/g, '').length;
        break;
      case 'source':
        native += (b.title ?? b.url).length;
        break;
      case 'cta':
        native += b.label.length;
        break;
      case 'image':
        native += (b.caption ?? '').length + (b.credit ?? '').length;
        break;
      case 'timeline':
        native += b.entries.map((e) => e.when + e.text).join('').length;
        break;
      case 'code':
        native += b.code.replace(/\s+/g, '').length;
        break;
      case 'divider':
        break;
    }
  };
  blocks.forEach(count);
  return { native, html };
}

/** Repeated edge lines: the greeting (first lines) or sign-off (last lines) that is exactly the
 * same in every post given, or none. Longest such run of up to three lines. */
export function commonEdge(posts: string[][], from: 'start' | 'end'): string[] {
  if (posts.length < 3) return [];
  for (let n = 3; n >= 1; n--) {
    const edge = (lines: string[]) => (from === 'start' ? lines.slice(0, n) : lines.slice(-n)).join('\n');
    const first = edge(posts[0]!);
    if (first.split('\n').length === n && first.trim() && posts.every((p) => p.length >= n && edge(p) === first)) return first.split('\n');
  }
  return [];
}

/** The variants found at an edge (for the report): each distinct last/first line and how many
 * posts have it. */
export function edgeVariants(posts: string[][], from: 'start' | 'end', n = 2): Array<{ lines: string[]; posts: number }> {
  const counts = new Map<string, number>();
  for (const p of posts) {
    const edge = (from === 'start' ? p.slice(0, n) : p.slice(-n)).join('\n');
    if (edge) counts.set(edge, (counts.get(edge) ?? 0) + 1);
  }
  return [...counts]
    .filter(([, c]) => c >= 2)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([l, c]) => ({ lines: l.split('\n'), posts: c }));
}
