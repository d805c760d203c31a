// The block types: the heart of the content model. A post's body is a list of these,
// validated here before it is stored, so everything downstream (rendering, feeds, the API,
// search) can trust their shape.
import sanitizeHtml from 'sanitize-html';
import { z } from 'zod';

/** http(s) URLs and site-relative paths only: no javascript:, data:, vbscript: … */
export const safeUrl = z
  .string()
  .trim()
  .min(1)
  .max(2000)
  .refine((u) => /^(https?:\/\/[^\s]+|\/(?!\/)[^\s]*)$/i.test(u), 'URL は http(s):// か / で始めてください');

const text = z.string().max(20000);
const shortText = z.string().trim().max(500);

/** YYYY-MM-DD, and a real calendar date. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日付は YYYY-MM-DD の形で書いてください')
  .refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    'ありえない日付です',
  );

export const paragraphBlock = z.object({ type: z.literal('paragraph'), text: text.min(1) });
export const headingBlock = z.object({ type: z.literal('heading'), level: z.number().int().min(2).max(4), text: shortText.min(1) });
export const listBlock = z.object({ type: z.literal('list'), ordered: z.boolean(), items: z.array(text).min(1).max(500) });
export const quoteBlock = z.object({ type: z.literal('quote'), text: text.min(1) });
export const tableBlock = z.object({
  type: z.literal('table'),
  header: z.array(shortText).min(1).max(30),
  rows: z.array(z.array(shortText).max(30)).max(1000),
});
export const imageBlock = z.object({
  type: z.literal('image'),
  src: safeUrl,
  alt: shortText,
  caption: shortText.optional(),
  /** The credit line under the picture, e.g. 画像は同社のWebサイトより. */
  credit: shortText.optional(),
  width: z.number().int().positive().max(20000).optional(),
  height: z.number().int().positive().max(20000).optional(),
});
export const sourceBlock = z.object({
  type: z.literal('source'),
  url: safeUrl,
  title: shortText.optional(),
  publisher: shortText.optional(),
});
export const ctaBlock = z.object({
  type: z.literal('cta'),
  label: shortText.min(1),
  url: safeUrl,
  style: z.enum(['primary', 'secondary']).default('primary'),
});
export const timelineBlock = z.object({
  type: z.literal('timeline'),
  entries: z
    .array(z.object({ when: shortText.min(1), text: text.min(1) }))
    .min(1)
    .max(200),
});
export const noteBlock = z.object({ type: z.literal('note'), text: text.min(1) });
export const codeBlock = z.object({
  type: z.literal('code'),
  language: z
    .string()
    .max(40)
    .regex(/^[\w+#.-]*$/)
    .default(''),
  code: text,
});
export const dividerBlock = z.object({ type: z.literal('divider') });
/** Raw HTML (imported content). Sanitised on the way in, so a stored html block is safe. */
export const htmlBlock = z.object({
  type: z.literal('html'),
  html: z
    .string()
    .max(2_000_000)
    .transform((h) => sanitizeStoredHtml(h)),
});

/** A link card to one of the site's tools (/tools/breach, /tools/soa). */
export const toolNames = ['breach', 'soa'] as const;
export const toolBlock = z.object({ type: z.literal('tool'), name: z.enum(toolNames, 'ツールの名前は breach か soa です') });

/** Numbers as authors write them: 16,512 / 1.5 / -3 (full-width digits are accepted elsewhere). */
const chartValue = z.number().finite();
/** A small bar or line chart drawn as SVG from a table (labels along the x axis, one or more
 * series), with the table itself kept behind it for screen readers and printing. */
export const chartBlock = z
  .object({
    type: z.literal('chart'),
    kind: z.enum(['bar', 'line'], 'グラフの種類は bar か line です'),
    title: shortText.min(1),
    /** The unit of the values, e.g. 社, 件, 万人. */
    unit: shortText.max(20).optional(),
    caption: shortText.optional(),
    /** The heading of the label column, e.g. 年度. */
    labelHeading: shortText.min(1),
    labels: z.array(shortText.min(1).max(40)).min(1).max(60),
    series: z
      .array(z.object({ name: shortText.min(1).max(60), values: z.array(chartValue).max(60) }))
      .min(1)
      .max(6),
  })
  .refine((c) => c.series.every((s) => s.values.length === c.labels.length), {
    message: 'グラフの各列の値の数が行の数と合っていません',
    path: ['series'],
  });

const leafBlocks = [
  paragraphBlock,
  headingBlock,
  listBlock,
  quoteBlock,
  tableBlock,
  imageBlock,
  sourceBlock,
  ctaBlock,
  timelineBlock,
  noteBlock,
  codeBlock,
  dividerBlock,
  htmlBlock,
  toolBlock,
  chartBlock,
] as const;

/** Blocks allowed inside a commentary or an addendum (no nesting of containers). */
export const innerBlock = z.discriminatedUnion('type', leafBlocks);

export const commentaryBlock = z.object({ type: z.literal('commentary'), blocks: z.array(innerBlock).min(1) });
/** An addendum (追記): dated as the author dated it; an undated (追記) stays undated. */
export const addendumBlock = z.object({ type: z.literal('addendum'), date: isoDate.optional(), blocks: z.array(innerBlock).min(1) });

export const block = z.discriminatedUnion('type', [...leafBlocks, commentaryBlock, addendumBlock]);
export const blockList = z.array(block).max(5000);

export type Block = z.infer<typeof block>;
export type InnerBlock = z.infer<typeof innerBlock>;
export type BlockType = Block['type'];
export type ImageBlock = z.infer<typeof imageBlock>;
export type SourceBlock = z.infer<typeof sourceBlock>;
export type AddendumBlock = z.infer<typeof addendumBlock>;
export type ToolBlock = z.infer<typeof toolBlock>;
export type ChartBlock = z.infer<typeof chartBlock>;

export const blockTypes: readonly BlockType[] = block.options.map((o) => o.shape.type.value);

export class BlockValidationError extends Error {}

/** Validates untrusted blocks; the message names the first bad block in Japanese. */
export function validateBlocks(input: unknown): Block[] {
  const parsed = blockList.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? `${issue.path.map(String).join('.')}: ` : '';
  throw new BlockValidationError(`本文のブロックが正しくありません（${where}${issue.message}）`);
}

/** Addenda in date order (stable for equal dates); an undated addendum keeps its place after
 * the dated one before it. */
export function addendaOf(blocks: readonly Block[]): AddendumBlock[] {
  let lastDate = '';
  return blocks
    .filter((b): b is AddendumBlock => b.type === 'addendum')
    .map((b, i) => ({ b, i, date: (lastDate = b.date ?? lastDate) }))
    .sort((x, y) => x.date.localeCompare(y.date) || x.i - y.i)
    .map((x) => x.b);
}

export function firstImage(blocks: readonly Block[]): ImageBlock | undefined {
  for (const b of blocks) {
    if (b.type === 'image') return b;
    if (b.type === 'commentary' || b.type === 'addendum') {
      const inner = b.blocks.find((x): x is ImageBlock => x.type === 'image');
      if (inner) return inner;
    }
  }
  return undefined;
}

const allowedIframeHosts = ['www.youtube.com', 'www.youtube-nocookie.com', 'player.vimeo.com'];

/** The allow-list for HTML that arrives as HTML (imports, the html block). */
export function sanitizeStoredHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'figure', 'figcaption', 'iframe', 'del', 'ins', 'u', 's', 'small'],
    allowedAttributes: {
      a: ['href', 'title', 'rel'],
      img: ['src', 'alt', 'title', 'width', 'height', 'loading'],
      iframe: ['src', 'width', 'height', 'title', 'allowfullscreen'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan', 'scope'],
      '*': ['lang'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesAppliedToAttributes: ['href', 'src'],
    allowProtocolRelative: false,
    allowedIframeHostnames: allowedIframeHosts,
    disallowedTagsMode: 'discard',
    // An iframe whose host is not allowed loses its src; drop the empty frame with it.
    exclusiveFilter: (frame) => frame.tag === 'iframe' && !frame.attribs.src,
  });
}
