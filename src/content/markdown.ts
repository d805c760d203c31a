// Markdown + block directives ⇄ blocks.
//
// Authors write ordinary Markdown. The parts of a post that need structure are written as
// directives on their own lines:
//
//   ::image{src="/media/a.jpg" alt="…" caption="…" credit="画像は同社のWebサイトより"}
//   ::source{url="https://www.ppc.go.jp/…" title="…" publisher="個人情報保護委員会"}
//   ::cta{label="セミナーに申し込む" url="/events/…" style="primary"}
//   :::commentary            (私のコメント)      :::addendum{date="2023-06-17"}   (追記)
//   …Markdown…                                  …Markdown…
//   :::                                         :::
//   :::timeline   - 6月5日早朝: サーバーダウン   :::
//   :::note … :::      :::html … :::
//   ::tool{name="breach"}   ::tool{name="soa"}     (a link card to one of the site's tools)
//   :::chart{kind="bar" title="プライバシーマーク付与事業者数" unit="社" caption="…"}
//   | 年度 | 事業者数 |          (a Markdown table: the first column holds the labels,
//   | --- | --- |                 each further column is one series of numbers;
//   | 2022 | 17,000 |             kind is bar or line)
//   :::
//
// markdown-it does the Markdown grammar (it splits the plain parts into top-level blocks
// and renders their inline text); this file only adds the directive layer on top.
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { validateBlocks, type Block, type InnerBlock } from './blocks.ts';

/** The one Markdown configuration: no raw HTML (it is escaped), links made from bare URLs,
 * single newlines kept as line breaks, as Japanese authors expect. */
export const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });

const LEAF = /^::([a-z]+)\{(.*)\}\s*$/;
const CONTAINER_OPEN = /^:::([a-z]+)(?:\{(.*)\})?\s*$/;
const CONTAINER_CLOSE = /^:::\s*$/;
const FENCE = /^(```|~~~)/;

export class MarkdownSyntaxError extends Error {}

/** Parses an author's source into validated blocks. Errors name the line, in Japanese. */
export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: unknown[] = [];
  let plain: string[] = [];
  let fence: string | null = null;
  const flush = () => {
    blocks.push(...splitMarkdown(plain.join('\n')));
    plain = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (fence) {
      if (line.startsWith(fence)) fence = null;
      plain.push(line);
      continue;
    }
    const fenceMatch = FENCE.exec(line);
    if (fenceMatch) {
      fence = fenceMatch[1]!;
      plain.push(line);
      continue;
    }
    const leaf = LEAF.exec(line);
    if (leaf) {
      flush();
      blocks.push(leafDirective(leaf[1]!, parseAttributes(leaf[2]!, i + 1), i + 1));
      continue;
    }
    const open = CONTAINER_OPEN.exec(line);
    if (open) {
      flush();
      const end = findClose(lines, i + 1, open[1]!);
      if (end < 0) throw new MarkdownSyntaxError(`${i + 1}行目の「:::${open[1]}」が「:::」で閉じられていません`);
      const body = lines.slice(i + 1, end).join('\n');
      blocks.push(containerDirective(open[1]!, parseAttributes(open[2] ?? '', i + 1), body, i + 1));
      i = end;
      continue;
    }
    plain.push(line);
  }
  flush();
  return validateBlocks(blocks);
}

/** Containers that hold other blocks; the leaf containers (timeline, note, html) may sit in
 * them, but not another commentary or addendum. */
const HOLDERS = new Set(['commentary', 'addendum']);

function findClose(lines: string[], from: number, outer: string): number {
  let fence: string | null = null;
  let inner = false;
  for (let j = from; j < lines.length; j++) {
    const line = lines[j]!;
    if (fence) {
      if (line.startsWith(fence)) fence = null;
    } else if (FENCE.test(line)) {
      fence = FENCE.exec(line)![1]!;
    } else if (CONTAINER_CLOSE.test(line)) {
      if (!inner) return j;
      inner = false;
    } else if (CONTAINER_OPEN.test(line)) {
      const name = CONTAINER_OPEN.exec(line)![1]!;
      if (inner || !HOLDERS.has(outer) || HOLDERS.has(name))
        throw new MarkdownSyntaxError(`${j + 1}行目: 「:::${outer}」のブロックの中に「:::${name}」ブロックは置けません`);
      inner = true;
    }
  }
  return -1;
}

type Attributes = Record<string, string>;

const ATTRIBUTE = /([a-zA-Z][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s"}]+))/y;

/** `key="value" other=bare` → {key: 'value', other: 'bare'}; \" and \\ escape in quotes. */
export function parseAttributes(src: string, lineNo: number): Attributes {
  const attrs: Attributes = {};
  let pos = 0;
  while (pos < src.length) {
    while (src[pos] === ' ' || src[pos] === '\t') pos++;
    if (pos >= src.length) break;
    ATTRIBUTE.lastIndex = pos;
    const m = ATTRIBUTE.exec(src);
    if (!m) throw new MarkdownSyntaxError(`${lineNo}行目の属性が読めません: ${src.slice(pos, pos + 30)}`);
    attrs[m[1]!] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
    pos = ATTRIBUTE.lastIndex;
  }
  return attrs;
}

function optionalInt(v: string | undefined): number | undefined {
  return v === undefined || v === '' ? undefined : Number(v);
}

/** Drops absent attributes, so a block holds only what the author wrote. */
function compact(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

function leafDirective(name: string, a: Attributes, lineNo: number): unknown {
  return compact(leafFields(name, a, lineNo));
}

function leafFields(name: string, a: Attributes, lineNo: number): Record<string, unknown> {
  switch (name) {
    case 'image':
      return {
        type: 'image',
        src: a.src,
        alt: a.alt ?? '',
        caption: a.caption,
        credit: a.credit,
        width: optionalInt(a.width),
        height: optionalInt(a.height),
      };
    case 'source':
      return { type: 'source', url: a.url, title: a.title, publisher: a.publisher };
    case 'cta':
      return { type: 'cta', label: a.label, url: a.url, style: a.style ?? 'primary' };
    case 'tool':
      return { type: 'tool', name: a.name };
    default:
      throw new MarkdownSyntaxError(`${lineNo}行目: 「::${name}」というブロックはありません（image, source, cta, tool が使えます）`);
  }
}

function containerDirective(name: string, a: Attributes, body: string, lineNo: number): unknown {
  switch (name) {
    case 'commentary':
      return { type: 'commentary', blocks: parseInner(body, lineNo) };
    case 'addendum':
      return compact({ type: 'addendum', date: a.date, blocks: parseInner(body, lineNo) });
    case 'timeline':
      return { type: 'timeline', entries: parseTimeline(body, lineNo) };
    case 'note':
      return { type: 'note', text: body.trim() };
    case 'html':
      return { type: 'html', html: body };
    case 'chart':
      return compact({
        type: 'chart',
        kind: a.kind ?? 'bar',
        title: a.title,
        unit: a.unit,
        caption: a.caption,
        ...parseChartTable(body, lineNo),
      });
    default:
      throw new MarkdownSyntaxError(
        `${lineNo}行目: 「:::${name}」というブロックはありません（commentary, addendum, timeline, note, html, chart が使えます）`,
      );
  }
}

function parseInner(body: string, lineNo: number): InnerBlock[] {
  const inner = parseMarkdown(body);
  if (inner.some((b) => b.type === 'commentary' || b.type === 'addendum')) {
    throw new MarkdownSyntaxError(`${lineNo}行目: コメントや追記の中にコメントや追記は置けません`);
  }
  return inner as InnerBlock[];
}

/** Timeline lines: `- WHEN: WHAT` (an ASCII colon + space or a full-width colon). */
function parseTimeline(body: string, lineNo: number): Array<{ when: string; text: string }> {
  const entries: Array<{ when: string; text: string }> = [];
  for (const [k, raw] of body.split('\n').entries()) {
    const line = raw.trim();
    if (!line) continue;
    const entry = timelineEntry(line);
    if (!entry) throw new MarkdownSyntaxError(`${lineNo + k + 1}行目: 年表の行は「- いつ: 何が」の形で書いてください`);
    entries.push(entry);
  }
  return entries;
}

const SPACE = /\s/;
const LINE_BREAK = /[\n\r\u2028\u2029]/;

/** One trimmed timeline line split at its first separator, in one pass (the regular
 * expression /^[-*]\s+(.+?)(?::\s|：)\s*(.+)$/ it replaces took time quadratic in the
 * line's length). Reads exactly as that expression did: the marker, white space, a WHEN of
 * at least one character, the first separator after it that leaves a WHAT. */
export function timelineEntry(line: string): { when: string; text: string } | undefined {
  const len = line.length;
  if ((line[0] !== '-' && line[0] !== '*') || !SPACE.test(line[1] ?? '')) return undefined;
  // The white space after the marker ends before `start`.
  let start = 2;
  while (start < len && SPACE.test(line[start]!)) start++;
  // Does WHAT (white space, then at least one character without a line break, to the end)
  // fit from p? lastBreak: the last line break; beforeBreak: the last non-space before it.
  let lastBreak = -1;
  for (let i = len - 1; i >= 0 && lastBreak < 0; i--) if (LINE_BREAK.test(line[i]!)) lastBreak = i;
  let beforeBreak = -1;
  for (let i = lastBreak - 1; i >= 0 && beforeBreak < 0; i--) if (!SPACE.test(line[i]!)) beforeBreak = i;
  const whatFits = (p: number) => p < len && (p > lastBreak || (p > beforeBreak && lastBreak + 1 < len));
  const separator = (j: number) => (line[j] === '：' ? 1 : line[j] === ':' && SPACE.test(line[j + 1] ?? '') ? 2 : 0);
  // The first separator at or after `from` (WHEN may not cross a line break) that leaves a WHAT.
  const find = (from: number) => {
    for (let j = from; j < len && !LINE_BREAK.test(line[j - 1]!); j++) {
      const n = separator(j);
      if (n && whatFits(j + n)) return { j, n };
    }
    return undefined;
  };
  let whenFrom = start;
  let found = start < len ? find(start + 1) : undefined;
  // Otherwise WHEN may be the last white space before a separator right after it.
  if (!found && start >= 3 && start < len && !LINE_BREAK.test(line[start - 1]!)) {
    const n = separator(start);
    if (n && whatFits(start + n)) {
      found = { j: start, n };
      whenFrom = start - 1;
    }
  }
  if (!found) return undefined;
  return { when: line.slice(whenFrom, found.j).trim(), text: line.slice(found.j + found.n).trim() };
}

/** A number as written in a chart's table: 17,000 / １７０００ / 1.5 / -3. */
export function parseChartNumber(cell: string): number | undefined {
  const ascii = cell
    .trim()
    .replace(/[０-９．－，]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[,\s]/g, '');
  return /^-?\d+(\.\d+)?$/.test(ascii) ? Number(ascii) : undefined;
}

/** The body of :::chart: one Markdown table, labels in the first column, numbers in the rest. */
function parseChartTable(
  body: string,
  lineNo: number,
): { labelHeading: string; labels: string[]; series: Array<{ name: string; values: number[] }> } {
  const tokens = md.parse(body, {});
  const open = tokens.findIndex((t) => t.type === 'table_open');
  if (open < 0) throw new MarkdownSyntaxError(`${lineNo}行目: グラフの中には表（| 見出し | 値 |）を書いてください`);
  const table = tableOf(tokens, open) as { header: string[]; rows: string[][] };
  if (table.header.length < 2)
    throw new MarkdownSyntaxError(`${lineNo}行目: グラフの表には、ラベルの列と値の列が少なくとも1つずつ必要です`);
  const series = table.header.slice(1).map((name) => ({ name, values: [] as number[] }));
  const labels: string[] = [];
  for (const row of table.rows) {
    labels.push(row[0] ?? '');
    series.forEach((s, k) => {
      const cell = row[k + 1] ?? '';
      const n = parseChartNumber(cell);
      if (n === undefined)
        throw new MarkdownSyntaxError(`${lineNo}行目: グラフの「${row[0] ?? ''}」の「${s.name}」が数値ではありません: ${cell}`);
      s.values.push(n);
    });
  }
  return { labelHeading: table.header[0]!, labels, series };
}

/** Splits plain Markdown into top-level blocks, keeping each block's inline source. */
function splitMarkdown(src: string): unknown[] {
  if (!src.trim()) return [];
  const lines = src.split('\n');
  const tokens = md.parse(src, {});
  const out: unknown[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.level !== 0 || !t.map) continue;
    const slice = lines.slice(t.map[0], t.map[1]);
    switch (t.type) {
      case 'paragraph_open':
        out.push({ type: 'paragraph', text: slice.join('\n').trim() });
        break;
      case 'heading_open':
        out.push({ type: 'heading', level: Math.min(4, Math.max(2, Number(t.tag.slice(1)))), text: tokens[i + 1]!.content });
        break;
      case 'bullet_list_open':
      case 'ordered_list_open':
        out.push({ type: 'list', ordered: t.type === 'ordered_list_open', items: listItems(tokens, i, lines) });
        break;
      case 'blockquote_open':
        out.push({
          type: 'quote',
          text: slice
            .map((l) => l.replace(/^\s{0,3}> ?/, ''))
            .join('\n')
            .trim(),
        });
        break;
      case 'table_open':
        out.push(tableOf(tokens, i));
        break;
      case 'fence':
        out.push({ type: 'code', language: t.info.trim().split(/\s+/)[0] ?? '', code: t.content.replace(/\n$/, '') });
        break;
      case 'code_block':
        out.push({ type: 'code', language: '', code: t.content.replace(/\n$/, '') });
        break;
      case 'hr':
        out.push({ type: 'divider' });
        break;
      default:
        // html_block cannot occur (html: false); anything else unexpected is kept as text.
        if (t.type.endsWith('_open') || t.nesting === 0) out.push({ type: 'paragraph', text: slice.join('\n').trim() });
    }
  }
  return out;
}

function listItems(tokens: Token[], openIndex: number, lines: string[]): string[] {
  const items: string[] = [];
  const level = tokens[openIndex]!.level + 1;
  for (let j = openIndex + 1; j < tokens.length; j++) {
    const t = tokens[j]!;
    if (t.level < level) break;
    if (t.type !== 'list_item_open' || t.level !== level || !t.map) continue;
    const [first = '', ...rest] = lines.slice(t.map[0], t.map[1]);
    const marker = /^\s*(?:[-*+]|\d+[.)])\s+/.exec(first)?.[0] ?? '';
    const indent = new RegExp(`^ {0,${marker.length}}`);
    const text = [first.slice(marker.length), ...rest.map((l) => l.replace(indent, ''))].join('\n').trim();
    items.push(text);
  }
  return items;
}

function tableOf(tokens: Token[], openIndex: number): unknown {
  const header: string[] = [];
  const rows: string[][] = [];
  let inHead = false;
  let row: string[] | null = null;
  for (let j = openIndex + 1; j < tokens.length && tokens[j]!.type !== 'table_close'; j++) {
    const t = tokens[j]!;
    if (t.type === 'thead_open') inHead = true;
    else if (t.type === 'thead_close') inHead = false;
    else if (t.type === 'tr_open' && !inHead) row = [];
    else if (t.type === 'tr_close' && row) {
      rows.push(row);
      row = null;
    } else if (t.type === 'inline') (inHead ? header : (row ?? [])).push(t.content);
  }
  return { type: 'table', header, rows };
}

// ---------------------------------------------------------------------------------------
// Blocks → Markdown: the inverse, used to open imported or generated posts in the editor.

function quoteAttr(v: string): string {
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, ' ')}"`;
}

function attrs(pairs: Record<string, string | number | undefined>): string {
  return Object.entries(pairs)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${typeof v === 'number' ? v : quoteAttr(v!)}`)
    .join(' ');
}

function tableCell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

export function toMarkdown(blocks: readonly Block[]): string {
  return blocks.map(blockToMarkdown).join('\n\n') + '\n';
}

function blockToMarkdown(b: Block): string {
  switch (b.type) {
    case 'paragraph':
      return b.text;
    case 'heading':
      return `${'#'.repeat(b.level)} ${b.text}`;
    case 'list':
      return b.items
        .map((item, i) => {
          const marker = b.ordered ? `${i + 1}. ` : '- ';
          return marker + item.split('\n').join('\n' + ' '.repeat(marker.length));
        })
        .join('\n');
    case 'quote':
      return b.text
        .split('\n')
        .map((l) => (l ? `> ${l}` : '>'))
        .join('\n');
    case 'table':
      return [
        `| ${b.header.map(tableCell).join(' | ')} |`,
        `| ${b.header.map(() => '---').join(' | ')} |`,
        ...b.rows.map((r) => `| ${r.map(tableCell).join(' | ')} |`),
      ].join('\n');
    case 'image':
      return `::image{${attrs({ src: b.src, alt: b.alt, caption: b.caption, credit: b.credit, width: b.width, height: b.height })}}`;
    case 'source':
      return `::source{${attrs({ url: b.url, title: b.title, publisher: b.publisher })}}`;
    case 'cta':
      return `::cta{${attrs({ label: b.label, url: b.url, style: b.style })}}`;
    case 'timeline':
      return `:::timeline\n${b.entries.map((e) => `- ${e.when.replace(/: /g, ':\u00a0')}: ${e.text}`).join('\n')}\n:::`;
    case 'note':
      return `:::note\n${b.text}\n:::`;
    case 'html':
      // A line of the HTML that looks like a directive or a fence would end the block early:
      // its first character is written as an entity (the same HTML).
      return `:::html\n${b.html.replace(/^(\s*)([:`~])/gm, (_m, sp: string, ch: string) => `${sp}&#${ch.charCodeAt(0)};`)}\n:::`;
    case 'code': {
      const fence = b.code.includes('```') ? '~~~~' : '```';
      return `${fence}${b.language}\n${b.code}\n${fence}`;
    }
    case 'divider':
      return '---';
    case 'tool':
      return `::tool{name="${b.name}"}`;
    case 'chart': {
      const head = [b.labelHeading, ...b.series.map((x) => x.name)];
      const rows = b.labels.map((l, i) => [l, ...b.series.map((x) => String(x.values[i]))]);
      return [
        `:::chart{${attrs({ kind: b.kind, title: b.title, unit: b.unit, caption: b.caption })}}`,
        `| ${head.map(tableCell).join(' | ')} |`,
        `| ${head.map(() => '---').join(' | ')} |`,
        ...rows.map((r) => `| ${r.map(tableCell).join(' | ')} |`),
        ':::',
      ].join('\n');
    }
    case 'commentary':
      return `:::commentary\n${b.blocks.map(blockToMarkdown).join('\n\n')}\n:::`;
    case 'addendum':
      return `:::addendum${b.date ? `{date="${b.date}"}` : ''}\n${b.blocks.map(blockToMarkdown).join('\n\n')}\n:::`;
  }
}
