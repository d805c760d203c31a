// Stored Markdown (blocks) ⇄ the visual editor's document (ProseMirror JSON). Pure
// TypeScript shared by the browser bundle and Node tests.
//
// The stored format stays Markdown with block directives: the editor reads a post through
// parseMarkdown, shows its blocks, and writes it back through toMarkdown. Inline text
// (bold, italic, links, line breaks) is Markdown inside a block's text; here it becomes
// ProseMirror text with marks and back, escaped so that what the author typed is what the
// page shows. A post whose every block survives that trip (same page, compared by the
// public renderer's Markdown) opens visually; any other opens in the ソース view.
import type Token from 'markdown-it/lib/token.mjs';
import type { Block, InnerBlock } from '../content/blocks.ts';
import { md, parseMarkdown, toMarkdown } from '../content/markdown.ts';

export interface PMNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: PMNode[];
  marks?: PMMark[];
  text?: string;
}
export interface PMMark {
  type: string;
  attrs?: Record<string, unknown>;
}

/** A block the editor cannot show as it is (an inline image, a list with a sub-list …). */
export class Unrepresentable extends Error {}

// ---------------------------------------------------------------------------------------
// Inline Markdown → ProseMirror inline nodes

const MARK_ORDER = ['link', 'strong', 'em', 'strike', 'code'];

function sortMarks(marks: PMMark[]): PMMark[] {
  return [...marks].sort((a, b) => MARK_ORDER.indexOf(a.type) - MARK_ORDER.indexOf(b.type));
}

function sameMarks(a: PMMark[] | undefined, b: PMMark[] | undefined): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}

function pushText(out: PMNode[], text: string, marks: PMMark[]): void {
  if (!text) return;
  const last = out[out.length - 1];
  const m = marks.length ? sortMarks(marks) : undefined;
  if (last && last.type === 'text' && sameMarks(last.marks, m)) last.text += text;
  else out.push(m ? { type: 'text', text, marks: m } : { type: 'text', text });
}

/** Inline Markdown source → text nodes with marks and hard breaks. */
export function inlineToNodes(src: string, allowBreaks = true): PMNode[] {
  const tokens: Token[] = md.parseInline(src, {})[0]?.children ?? [];
  const out: PMNode[] = [];
  const marks: PMMark[] = [];
  const drop = (type: string) => {
    const i = marks.map((m) => m.type).lastIndexOf(type);
    if (i >= 0) marks.splice(i, 1);
  };
  let linkify = 0;
  tokens.forEach((t, i) => {
    switch (t.type) {
      case 'text':
      case 'text_special':
        pushText(out, withoutJoiners(t.content, tokens[i - 1], tokens[i + 1]), marks);
        break;
      case 'softbreak':
      case 'hardbreak':
        if (!allowBreaks) throw new Unrepresentable('改行を含む見出しや表のセル');
        out.push({ type: 'hard_break' });
        break;
      case 'strong_open':
      case 'em_open':
      case 's_open':
        marks.push({ type: t.type === 'strong_open' ? 'strong' : t.type === 'em_open' ? 'em' : 'strike' });
        break;
      case 'strong_close':
      case 'em_close':
      case 's_close':
        drop(t.type === 'strong_close' ? 'strong' : t.type === 'em_close' ? 'em' : 'strike');
        break;
      case 'link_open':
        // A bare URL is linked by the renderer anyway: it stays plain text here.
        if (t.markup === 'linkify') linkify++;
        else marks.push({ type: 'link', attrs: { href: t.attrGet('href') ?? '', title: t.attrGet('title') ?? null } });
        break;
      case 'link_close':
        if (linkify) linkify--;
        else drop('link');
        break;
      case 'code_inline':
        pushText(out, t.content, [...marks, { type: 'code' }]);
        break;
      default:
        throw new Unrepresentable(`文中の ${t.type}`);
    }
  });
  return out;
}

const EMPHASIS_TOKEN = /^(strong|em|s)_(open|close)$/;

/** Text without the word joiners nodesToInline puts beside `*` and `~~` runs (JOINER). */
function withoutJoiners(text: string, before: Token | undefined, after: Token | undefined): string {
  let t = text;
  if (before && EMPHASIS_TOKEN.test(before.type)) t = t.replace(/^\u2060/, '');
  if (after && EMPHASIS_TOKEN.test(after.type)) t = t.replace(/\u2060$/, '');
  return t;
}

// ---------------------------------------------------------------------------------------
// ProseMirror inline nodes → inline Markdown

function escapeText(text: string): string {
  return text.replace(/[\\*_`[\]<~]/g, '\\$&').replace(/&(?=#?\w+;)/g, '\\&');
}

/** Escapes what would start a block at the beginning of a line, and keeps edge spaces. */
function escapeLineStarts(src: string): string {
  return src
    .split('\n')
    .map((line) => {
      let l = line.replace(/^(#{1,6}(?=\s|$)|>|[-+*](?=\s|$)|=+\s*$|-+\s*$|:)/, '\\$1').replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
      l = l.replace(/^[ \t]+/, (s) => s.replace(/ /g, '&#32;').replace(/\t/g, '&#9;'));
      l = l.replace(/[ \t]+$/, (s) => s.replace(/ /g, '&#32;').replace(/\t/g, '&#9;'));
      return l;
    })
    .join('\n');
}

function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = /^`|`$/.test(text) || (/^ .* $/.test(text) && text.trim()) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function linkDestination(href: string): string {
  return /[\s()<>]/.test(href) ? `<${href.replace(/[<>]/g, encodeURIComponent)}>` : href;
}

const DELIMITERS: Record<string, string> = { strong: '**', em: '*', strike: '~~' };

/**
 * U+2060 WORD JOINER, written as an entity: invisible on the page, but in the source it is
 * punctuation to CommonMark's flanking rules. It goes where a `*` run would otherwise not
 * open or close: between a closing and an opening run (`**a*b***` + `*c*`), and between
 * Japanese text and a run whose inner side is punctuation (`は**「重要」**です`).
 */
const JOINER = '&#8288;';

const { isWhiteSpace, isPunctChar, isMdAsciiPunct } = md.utils;

function charClass(ch: string | undefined): 'space' | 'punct' | 'other' {
  if (ch === undefined) return 'space'; // a line's start or end counts as whitespace
  const code = ch.codePointAt(0)!;
  if (isWhiteSpace(code)) return 'space';
  return isMdAsciiPunct(code) || isPunctChar(ch) ? 'punct' : 'other';
}

function lastChar(s: string): string | undefined {
  return s ? Array.from(s.slice(-2)).pop() : undefined;
}

function firstChar(s: string): string | undefined {
  return s ? String.fromCodePoint(s.codePointAt(0)!) : undefined;
}

const entity = (ch: string) => `&#${ch.codePointAt(0)};`;

/** A link's closing part: `](destination "title")`. */
function closeMark(m: PMMark): string {
  const title = m.attrs?.title ? ` "${String(m.attrs.title).replace(/["\\]/g, '\\$&')}"` : '';
  return `](${linkDestination(String(m.attrs?.href ?? ''))}${title})`;
}

/** A piece of inline Markdown: text (links' brackets and code spans included) or a delimiter run. */
interface Piece {
  kind: 'text' | 'open' | 'close';
  s: string;
}

/** The order to open marks in: the one that lasts longest outermost, so fewer close early. */
function openingOrder(nodes: readonly PMNode[], i: number, marks: PMMark[]): PMMark[] {
  const lasts = (m: PMMark) => {
    let j = i;
    while (j + 1 < nodes.length && nodes[j + 1]!.type === 'text' && (nodes[j + 1]!.marks ?? []).some((x) => sameMarks([x], [m]))) j++;
    return j;
  };
  return [...marks].sort((a, b) => lasts(b) - lasts(a) || MARK_ORDER.indexOf(a.type) - MARK_ORDER.indexOf(b.type));
}

/**
 * How marks are laid out. `nest`: marks still open carry on, new ones open inside them,
 * the longest-lasting outermost (least markup). `flat`: any change of marks closes them all
 * and reopens (more markup, but no run both opens and closes inside another).
 */
type Layout = 'nest' | 'flat';

/** Nodes → pieces: marks opened and closed as a stack, `drop` marks left out (the fallback). */
function toPieces(nodes: readonly PMNode[], layout: Layout, drop: ReadonlySet<string>): Piece[] {
  const out: Piece[] = [];
  let open: PMMark[] = [];
  const close = (m: PMMark) =>
    out.push(m.type === 'link' ? { kind: 'text', s: closeMark(m) } : { kind: 'close', s: DELIMITERS[m.type] ?? '' });
  const closeTo = (keep: number) => {
    while (open.length > keep) close(open.pop()!);
  };
  nodes.forEach((n, i) => {
    if (n.type === 'hard_break') {
      closeTo(0);
      out.push({ kind: 'text', s: '\n' });
      return;
    }
    const all = (n.marks ?? []).filter((m) => !drop.has(m.type));
    const code = all.some((m) => m.type === 'code');
    const marks = all.filter((m) => m.type !== 'code');
    // Keep the longest prefix of open marks this node still has; close the rest.
    let keep = 0;
    while (keep < open.length && marks.some((m) => sameMarks([m], [open[keep]!]))) keep++;
    if (layout === 'flat' && keep < marks.length) keep = 0;
    closeTo(keep);
    const fresh = marks.filter((m) => !open.some((o) => sameMarks([o], [m])));
    for (const m of openingOrder(nodes, i, fresh)) {
      out.push(m.type === 'link' ? { kind: 'text', s: '[' } : { kind: 'open', s: DELIMITERS[m.type] ?? '' });
      open.push(m);
    }
    const text = n.text ?? '';
    out.push({ kind: 'text', s: code ? codeSpan(text) : escapeText(text) });
  });
  closeTo(0);
  return out;
}

const mixed = (run: string) => new Set(run).size > 1;

/** Pieces → Markdown, making every delimiter run open or close where it stands. */
function joinPieces(pieces: Piece[]): string {
  // Runs of the same kind side by side are one run.
  const runs: Piece[] = [];
  for (const p of pieces) {
    const last = runs[runs.length - 1];
    if (last && last.kind === p.kind) last.s += p.s;
    else if (p.s) runs.push({ ...p });
  }
  // Whitespace on a run's inner side stops it opening or closing: written as an entity.
  runs.forEach((r, i) => {
    const before = runs[i - 1];
    const after = runs[i + 1];
    if (r.kind === 'close' && before?.kind === 'text') {
      const ch = lastChar(before.s);
      if (ch && charClass(ch) === 'space' && ch !== '\n') before.s = before.s.slice(0, -ch.length) + entity(ch);
    }
    if (r.kind === 'open' && after?.kind === 'text') {
      const ch = firstChar(after.s);
      if (ch && charClass(ch) === 'space' && ch !== '\n') after.s = entity(ch) + after.s.slice(ch.length);
    }
  });
  let out = '';
  runs.forEach((r, i) => {
    const next = runs[i + 1];
    if (r.kind === 'open') {
      // Punctuation inside needs whitespace or punctuation outside.
      // A run of mixed delimiters (`~~**`) is several runs: the outer one has punctuation inside.
      const inner = mixed(r.s) ? 'punct' : charClass(next?.kind === 'text' ? firstChar(next.s) : undefined);
      if (inner === 'punct' && out && charClass(lastChar(out)) === 'other') out += JOINER;
      out += r.s;
    } else if (r.kind === 'close') {
      out += r.s;
      const inner = mixed(r.s) ? 'punct' : charClass(lastChar(runs[i - 1]?.s ?? ''));
      if (next?.kind === 'open') out += JOINER;
      else if (inner === 'punct' && next?.kind === 'text' && charClass(firstChar(next.s)) === 'other') out += JOINER;
    } else out += r.s;
  });
  return out;
}

const NO_DROP = new Set<string>();

/** Text nodes the way inlineToNodes gives them: marks sorted, neighbours with the same marks merged. */
function normalInline(nodes: readonly PMNode[]): PMNode[] {
  const out: PMNode[] = [];
  for (const n of nodes) {
    if (n.type === 'text') pushText(out, n.text ?? '', n.marks ?? []);
    else out.push({ type: n.type });
  }
  return out;
}

function serialize(nodes: readonly PMNode[], layout: Layout, drop: ReadonlySet<string> = NO_DROP): string {
  // Markdown trims a block's text with JavaScript's trim(), which takes full-width spaces
  // too: a paragraph's 字下げ is written as an entity so it stays.
  return escapeLineStarts(joinPieces(toPieces(nodes, layout, drop))).replace(/^\u3000+|\u3000+$/g, (s) => '&#12288;'.repeat(s.length));
}

function readsBack(markdown: string, want: PMNode[]): boolean {
  try {
    return JSON.stringify(inlineToNodes(markdown)) === JSON.stringify(want);
  } catch {
    return false;
  }
}

/** Inline text whose formatting Markdown could not keep (the save warns about these). */
let losses: string[] | null = null;

const EMPHASIS = new Set(['strong', 'em', 'strike']);

/**
 * Text nodes with marks and hard breaks → inline Markdown, checked by reading it back. When
 * the Markdown would not give the same text and marks, the emphasis is written as escaped
 * plain text instead (never stray asterisks on the page) and the loss is recorded.
 */
export function nodesToInline(nodes: readonly PMNode[] = []): string {
  const want = normalInline(nodes);
  for (const layout of ['nest', 'flat'] as const) {
    const markdown = serialize(want, layout);
    if (readsBack(markdown, want)) return markdown;
  }
  losses?.push(inlineText(nodes));
  return serialize(want, 'flat', EMPHASIS);
}

function inlineText(nodes: readonly PMNode[] | undefined): string {
  return (nodes ?? []).map((n) => (n.type === 'hard_break' ? '\n' : (n.text ?? ''))).join('');
}

// ---------------------------------------------------------------------------------------
// Blocks → document

function paragraph(src: string): PMNode {
  const content = inlineToNodes(src);
  return content.length ? { type: 'paragraph', content } : { type: 'paragraph' };
}

function withContent(type: string, content: PMNode[], attrs?: Record<string, unknown>): PMNode {
  const node: PMNode = { type };
  if (attrs) node.attrs = attrs;
  if (content.length) node.content = content;
  return node;
}

/** A Markdown text holding paragraphs only (quote, note) → paragraph nodes. */
function paragraphs(text: string): PMNode[] {
  return text.split(/\n[ \t]*\n+/).map((p) => paragraph(p.trim()));
}

function cells(type: 'table_header' | 'table_cell', texts: string[], width: number): PMNode[] {
  return Array.from({ length: width }, (_, i) => withContent(type, inlineToNodes(texts[i] ?? '', false)));
}

function leafToNodes(b: InnerBlock): PMNode {
  switch (b.type) {
    case 'paragraph':
      return paragraph(b.text);
    case 'heading':
      return withContent('heading', inlineToNodes(b.text, false), { level: b.level });
    case 'list':
      return {
        type: 'list',
        attrs: { ordered: b.ordered },
        content: b.items.map((item) => ({ type: 'list_item', content: [paragraph(item)] })),
      };
    case 'quote':
      return { type: 'quote', content: paragraphs(b.text) };
    case 'note':
      return { type: 'note', content: paragraphs(b.text) };
    case 'table': {
      const width = b.header.length;
      if (b.rows.some((r) => r.length > width)) throw new Unrepresentable('見出しより列の多い表');
      return {
        type: 'table',
        content: [
          { type: 'table_row', content: cells('table_header', b.header, width) },
          ...b.rows.map((r) => ({ type: 'table_row', content: cells('table_cell', r, width) })),
        ],
      };
    }
    case 'code':
      return withContent('code_block', b.code ? [{ type: 'text', text: b.code }] : [], { language: b.language ?? '' });
    case 'image':
      return {
        type: 'image',
        attrs: {
          src: b.src,
          alt: b.alt,
          caption: b.caption ?? '',
          credit: b.credit ?? '',
          width: b.width ?? null,
          height: b.height ?? null,
        },
      };
    case 'source':
      return { type: 'sources', attrs: { items: [{ url: b.url, title: b.title ?? '', publisher: b.publisher ?? '' }] } };
    case 'cta':
      return { type: 'cta', attrs: { label: b.label, url: b.url, style: b.style ?? 'primary' } };
    case 'timeline':
      return { type: 'timeline', attrs: { entries: b.entries.map((e) => ({ when: e.when, text: e.text })) } };
    case 'divider':
      return { type: 'divider' };
    case 'html':
      return { type: 'html', attrs: { html: b.html } };
    case 'tool':
      return { type: 'tool', attrs: { name: b.name } };
    case 'chart':
      return { type: 'chart', attrs: { block: b } };
    default:
      throw new Unrepresentable(`「${(b as { type: string }).type}」ブロック`);
  }
}

/** Consecutive sources (shown as one 出典 list on the page) become one sources block. */
function leavesToNodes(blocks: readonly InnerBlock[]): PMNode[] {
  const out: PMNode[] = [];
  for (const b of blocks) {
    const node = leafToNodes(b);
    const last = out[out.length - 1];
    if (node.type === 'sources' && last?.type === 'sources') {
      (last.attrs!.items as unknown[]).push(...(node.attrs!.items as unknown[]));
    } else out.push(node);
  }
  return out;
}

export function blocksToDoc(blocks: readonly Block[]): PMNode {
  const content: PMNode[] = [];
  let run: InnerBlock[] = [];
  const flush = () => {
    content.push(...leavesToNodes(run));
    run = [];
  };
  for (const b of blocks) {
    if (b.type === 'commentary' || b.type === 'addendum') {
      flush();
      const inner = leavesToNodes(b.blocks);
      content.push(
        b.type === 'addendum' ? { type: 'addendum', attrs: { date: b.date }, content: inner } : { type: 'commentary', content: inner },
      );
    } else run.push(b);
  }
  flush();
  return { type: 'doc', content: content.length ? content : [{ type: 'paragraph' }] };
}

// ---------------------------------------------------------------------------------------
// Document → blocks. Empty blocks (an empty paragraph, a form nobody filled in) are left out.

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function optional(v: unknown): string | undefined {
  const s = str(v).trim();
  return s ? s : undefined;
}

function paragraphsText(nodes: readonly PMNode[] | undefined): string {
  return (nodes ?? [])
    .map((p) => nodesToInline(p.content))
    .filter((t) => t.trim())
    .join('\n\n');
}

function cellText(cell: PMNode): string {
  return nodesToInline(cell.content).replace(/\n/g, ' ');
}

function nodeToLeaves(n: PMNode): InnerBlock[] {
  const a = n.attrs ?? {};
  switch (n.type) {
    case 'paragraph': {
      const text = nodesToInline(n.content);
      return inlineText(n.content).trim() ? [{ type: 'paragraph', text }] : [];
    }
    case 'heading': {
      const text = nodesToInline(n.content)
        .replace(/\n/g, ' ')
        .replace(/(\s)(#+)$/, '$1\\$2');
      return inlineText(n.content).trim() ? [{ type: 'heading', level: Number(a.level) || 2, text }] : [];
    }
    case 'list': {
      const items = (n.content ?? []).map((li) => nodesToInline(li.content?.[0]?.content)).filter((t) => t.trim());
      return items.length ? [{ type: 'list', ordered: Boolean(a.ordered), items }] : [];
    }
    case 'quote':
    case 'note': {
      const text = paragraphsText(n.content);
      return text ? [{ type: n.type, text }] : [];
    }
    case 'table': {
      const [head, ...rows] = n.content ?? [];
      if (!head) return [];
      return [{ type: 'table', header: (head.content ?? []).map(cellText), rows: rows.map((r) => (r.content ?? []).map(cellText)) }];
    }
    case 'code_block':
      return [{ type: 'code', language: str(a.language).trim(), code: inlineText(n.content) }];
    case 'image': {
      if (!str(a.src).trim() && !str(a.alt).trim() && !str(a.caption).trim() && !str(a.credit).trim()) return [];
      const image: InnerBlock = { type: 'image', src: str(a.src).trim(), alt: str(a.alt).trim() };
      const caption = optional(a.caption);
      const credit = optional(a.credit);
      if (caption) image.caption = caption;
      if (credit) image.credit = credit;
      if (typeof a.width === 'number') image.width = a.width;
      if (typeof a.height === 'number') image.height = a.height;
      return [image];
    }
    case 'sources':
      return ((a.items as Array<Record<string, unknown>>) ?? [])
        .filter((s) => str(s.url).trim() || str(s.title).trim() || str(s.publisher).trim())
        .map((s) => {
          const source: InnerBlock = { type: 'source', url: str(s.url).trim() };
          const title = optional(s.title);
          const publisher = optional(s.publisher);
          if (title) source.title = title;
          if (publisher) source.publisher = publisher;
          return source;
        });
    case 'cta':
      if (!str(a.label).trim() && !str(a.url).trim()) return [];
      return [
        { type: 'cta', label: str(a.label).trim(), url: str(a.url).trim(), style: a.style === 'secondary' ? 'secondary' : 'primary' },
      ];
    case 'timeline': {
      const entries = ((a.entries as Array<Record<string, unknown>>) ?? [])
        .filter((e) => str(e.when).trim() || str(e.text).trim())
        .map((e) => ({ when: str(e.when).trim(), text: str(e.text).trim() }));
      return entries.length ? [{ type: 'timeline', entries }] : [];
    }
    case 'divider':
      return [{ type: 'divider' }];
    case 'html':
      return str(a.html).trim() ? [{ type: 'html', html: str(a.html) }] : [];
    case 'tool':
      return [{ type: 'tool', name: a.name === 'soa' ? 'soa' : 'breach' }];
    case 'chart':
      return a.block ? [a.block as InnerBlock] : [];
    default:
      throw new Unrepresentable(`「${n.type}」ブロック`);
  }
}

export function docToBlocks(doc: PMNode): Block[] {
  const out: Block[] = [];
  for (const n of doc.content ?? []) {
    if (n.type === 'commentary' || n.type === 'addendum') {
      const blocks = (n.content ?? []).flatMap(nodeToLeaves);
      if (!blocks.length) continue;
      out.push(n.type === 'addendum' ? { type: 'addendum', date: str(n.attrs?.date), blocks } : { type: 'commentary', blocks });
    } else out.push(...nodeToLeaves(n));
  }
  return out;
}

export function docToMarkdown(doc: PMNode): string {
  const blocks = docToBlocks(doc);
  return blocks.length ? toMarkdown(blocks) : '';
}

export interface Written {
  markdown: string;
  /** The text of each passage whose formatting the Markdown does not keep (empty: lossless). */
  lost: string[];
}

/**
 * The Markdown to save, checked: every inline text is read back as it is written, and (with
 * `whole`) the whole Markdown, opened again, must write the same Markdown. What fails is listed, so the
 * editor can say so instead of saving lost formatting silently.
 */
export function docToCheckedMarkdown(doc: PMNode, whole = true): Written {
  losses = [];
  try {
    const markdown = docToMarkdown(doc);
    const lost = [...new Set(losses)];
    // Opening the whole Markdown again costs a full parse: done when saving, not per keystroke.
    if (!whole || lost.length) return { markdown, lost };
    const again = markdownToDoc(markdown);
    if ('problem' in again) lost.push(again.problem);
    else if (docToMarkdown(again.doc) !== markdown) lost.push('本文の一部');
    return { markdown, lost };
  } finally {
    losses = null;
  }
}

// ---------------------------------------------------------------------------------------
// Can the editor show this post? Compare what the page would show before and after the trip.

function rendered(b: Block): unknown {
  switch (b.type) {
    case 'paragraph':
    case 'heading':
      return { ...b, text: md.renderInline(b.text) };
    case 'list':
      return { ...b, items: b.items.map((i) => (i.includes('\n') ? md.render(i) : md.renderInline(i))) };
    case 'quote':
    case 'note':
      return { ...b, text: md.render(b.text) };
    case 'table':
      return { ...b, header: b.header.map((c) => md.renderInline(c)), rows: b.rows.map((r) => r.map((c) => md.renderInline(c))) };
    case 'timeline':
      return { ...b, entries: b.entries.map((e) => ({ when: e.when, text: md.renderInline(e.text) })) };
    case 'commentary':
    case 'addendum':
      return { ...b, blocks: b.blocks.map(rendered) };
    default:
      return b;
  }
}

/** Same page: the blocks agree once their Markdown text is rendered. */
export function samePage(a: readonly Block[], b: readonly Block[]): boolean {
  return JSON.stringify(a.map(rendered)) === JSON.stringify(b.map(rendered));
}

export type Opened = { doc: PMNode } | { problem: string };

/** Markdown → the editor's document, or why the post must open in the ソース view. */
export function markdownToDoc(markdown: string): Opened {
  try {
    const blocks = parseMarkdown(markdown);
    const doc = blocksToDoc(blocks);
    const written = docToMarkdown(doc);
    // Usually the editor writes back exactly the same Markdown: then nothing needs comparing.
    if (written === (blocks.length ? toMarkdown(blocks) : '')) return { doc };
    const again = parseMarkdown(written);
    if (!samePage(blocks, again)) return { problem: 'ビジュアル編集では表せない書き方（入れ子のリストなど）が含まれています' };
    return { doc };
  } catch (err) {
    if (err instanceof Unrepresentable) return { problem: `ビジュアル編集では表せない部分があります（${err.message}）` };
    if (err instanceof Error) return { problem: err.message };
    throw err;
  }
}
