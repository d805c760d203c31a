// The visual editor's document model (ProseMirror): one node per block type of
// src/content/blocks.ts, named the same. Text blocks (paragraph, heading, list, quote, note,
// table cells) hold rich inline text; the typed blocks (image, sources, call to action,
// timeline, raw HTML, divider) are atoms edited through in-place forms; commentary and
// addendum hold other blocks — the "inner" group: not the ones written as :::directives
// (note, timeline, html), which the Markdown grammar does not nest. Pure: runs in Node (tests) and in the browser bundle.
import { Schema, type DOMOutputSpec, type NodeSpec } from 'prosemirror-model';
import { tableNodes } from 'prosemirror-tables';

/** An atom block: its fields live in attrs; copy/paste keeps them in a data attribute. */
function atom(type: string, attrs: Record<string, unknown>, group = 'inner leaf block'): NodeSpec {
  return {
    group,
    atom: true,
    selectable: true,
    draggable: true,
    attrs: Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, { default: v }])),
    toDOM: (node): DOMOutputSpec => ['div', { 'data-block': type, 'data-attrs': JSON.stringify(node.attrs) }],
    parseDOM: [
      {
        tag: `div[data-block="${type}"]`,
        getAttrs: (dom) => {
          try {
            return JSON.parse((dom as HTMLElement).getAttribute('data-attrs') ?? '{}') as Record<string, unknown>;
          } catch {
            return false;
          }
        },
      },
    ],
  };
}

export const schema = new Schema({
  nodes: {
    doc: { content: 'block+' },
    paragraph: {
      group: 'inner leaf block',
      content: 'inline*',
      toDOM: () => ['p', 0],
      parseDOM: [{ tag: 'p' }],
    },
    heading: {
      group: 'inner leaf block',
      content: 'text*',
      attrs: { level: { default: 2 } },
      defining: true,
      toDOM: (node) => [`h${Number(node.attrs.level) + 1}`, 0],
      parseDOM: [
        { tag: 'h2', attrs: { level: 2 } },
        { tag: 'h3', attrs: { level: 2 } },
        { tag: 'h4', attrs: { level: 3 } },
        { tag: 'h5', attrs: { level: 4 } },
      ],
    },
    list: {
      group: 'inner leaf block',
      content: 'list_item+',
      attrs: { ordered: { default: false } },
      toDOM: (node) => [node.attrs.ordered ? 'ol' : 'ul', 0],
      parseDOM: [
        { tag: 'ul', attrs: { ordered: false } },
        { tag: 'ol', attrs: { ordered: true } },
      ],
    },
    list_item: { content: 'paragraph', defining: true, toDOM: () => ['li', 0], parseDOM: [{ tag: 'li' }] },
    quote: {
      group: 'inner leaf block',
      content: 'paragraph+',
      defining: true,
      toDOM: () => ['blockquote', 0],
      parseDOM: [{ tag: 'blockquote' }],
    },
    note: {
      group: 'leaf block',
      content: 'paragraph+',
      defining: true,
      toDOM: () => ['div', { class: 'ed-note', 'data-block': 'note' }, 0],
      parseDOM: [{ tag: 'div[data-block="note"]' }],
    },
    code_block: {
      group: 'inner leaf block',
      content: 'text*',
      marks: '',
      code: true,
      defining: true,
      attrs: { language: { default: '' } },
      toDOM: (node) => ['pre', { 'data-language': String(node.attrs.language) }, ['code', 0]],
      parseDOM: [
        {
          tag: 'pre',
          preserveWhitespace: 'full',
          getAttrs: (dom) => ({ language: (dom as HTMLElement).getAttribute('data-language') ?? '' }),
        },
      ],
    },
    ...tableNodes({ tableGroup: 'inner leaf block', cellContent: 'text*', cellAttributes: {} }),
    image: atom('image', { src: '', alt: '', caption: '', credit: '', width: null, height: null }),
    sources: atom('sources', { items: [] }),
    cta: atom('cta', { label: '', url: '', style: 'primary' }),
    timeline: atom('timeline', { entries: [] }, 'leaf block'),
    html: atom('html', { html: '' }, 'leaf block'),
    tool: atom('tool', { name: 'breach' }),
    // A chart keeps its whole block; the form edits its kind, title, unit and caption.
    chart: atom('chart', { block: null }, 'leaf block'),
    divider: { ...atom('divider', {}), toDOM: () => ['hr'], parseDOM: [{ tag: 'hr' }] },
    commentary: {
      group: 'block',
      content: 'inner+',
      defining: true,
      toDOM: () => ['section', { 'data-block': 'commentary' }, 0],
      parseDOM: [{ tag: 'section[data-block="commentary"]' }],
    },
    addendum: {
      group: 'block',
      content: 'inner+',
      defining: true,
      attrs: { date: { default: '' } },
      toDOM: (node) => ['section', { 'data-block': 'addendum', 'data-date': String(node.attrs.date) }, 0],
      parseDOM: [
        { tag: 'section[data-block="addendum"]', getAttrs: (dom) => ({ date: (dom as HTMLElement).getAttribute('data-date') ?? '' }) },
      ],
    },
    text: { group: 'inline' },
    hard_break: { inline: true, group: 'inline', selectable: false, toDOM: () => ['br'], parseDOM: [{ tag: 'br' }] },
  },
  marks: {
    link: {
      attrs: { href: {}, title: { default: null } },
      inclusive: false,
      toDOM: (mark) => ['a', { href: String(mark.attrs.href), title: mark.attrs.title as string | null, rel: 'noopener' }, 0],
      parseDOM: [
        {
          tag: 'a[href]',
          getAttrs: (dom) => ({ href: (dom as HTMLElement).getAttribute('href'), title: (dom as HTMLElement).getAttribute('title') }),
        },
      ],
    },
    strong: { toDOM: () => ['strong', 0], parseDOM: [{ tag: 'strong' }, { tag: 'b' }] },
    em: { toDOM: () => ['em', 0], parseDOM: [{ tag: 'em' }, { tag: 'i' }] },
    strike: { toDOM: () => ['s', 0], parseDOM: [{ tag: 's' }, { tag: 'del' }] },
    code: { excludes: '_', toDOM: () => ['code', 0], parseDOM: [{ tag: 'code' }] },
  },
});

/** The blocks that hold other blocks; every other block sits in one of them or in the doc. */
export const containerTypes = new Set(['doc', 'commentary', 'addendum']);
