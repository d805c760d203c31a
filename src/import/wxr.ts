// WordPress's export (WXR: RSS 2.0 with wp:, content:, excerpt: and dc: elements), read as a
// stream with saxes: one item in memory at a time, whatever the file's size.
//
// Safety: a WXR file never has a DOCTYPE, and one with a DOCTYPE is refused before any entity
// could be declared, so "billion laughs" and external entities cannot happen; saxes itself
// expands only the five predefined entities and character references. No element's text may
// exceed MAX_TEXT_CHARS.
import { SaxesParser } from 'saxes';
import { parseLocalDateTime } from '../time.ts';
import { emptyEntry, MAX_TEXT_CHARS, type ImportComment, type ImportEntry } from './entry.ts';

export class WxrFormatError extends Error {
  constructor(
    message: string,
    readonly entry: number,
    readonly line: number,
  ) {
    super(message);
  }
}

export interface WxrEntry extends ImportEntry {
  postId: string;
  postType: 'post' | 'page';
  /** The attachment id of the featured image; its URL is known once the file is read. */
  thumbnailId: string;
  /** draft, pending, private, future and trash as WordPress said them. */
  wpStatus: string;
}

export interface WxrCategory {
  slug: string;
  name: string;
  parentSlug: string;
}

/** What is learnt about the whole file while its entries are read. */
export interface WxrSite {
  authors: Map<string, string>;
  categories: WxrCategory[];
  /** Attachment id → its URL on the old site. */
  attachments: Map<string, string>;
  /** Items that are not posts or pages (menus, reusable blocks …), by type. */
  skipped: Map<string, number>;
}

export function emptyWxrSite(): WxrSite {
  return { authors: new Map(), categories: [], attachments: new Map(), skipped: new Map() };
}

interface RawItem {
  line: number;
  fields: Map<string, string>;
  categories: Array<{ domain: string; name: string }>;
  meta: Map<string, string>;
  comments: Array<Map<string, string>>;
}

/** "2020-01-02 03:04:05" in UTC (post_date_gmt) or the site's time zone (post_date); undefined
 * when empty or WordPress's "0000-00-00 00:00:00" (a draft never published). Throws when the
 * value is there but is not a real date. */
export function parseWpDate(value: string | undefined, zone: 'Z' | 'local'): Date | undefined {
  const v = (value ?? '').trim();
  if (!v || v.startsWith('0000-00-00')) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(v);
  const wall = m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}` : undefined;
  const date = wall === undefined ? undefined : parseLocalDateTime(zone === 'Z' ? `${wall}Z` : wall);
  const dayOk = (d: Date) => zone === 'local' || d.getUTCDate() === Number(m![3]);
  if (!date || Number.isNaN(date.getTime()) || !dayOk(date)) throw new Error(`ありえない日付です: ${v}`);
  return date;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The path (and query) of an old permalink, e.g. "/2019/05/01/breach/" or "/?p=12". */
function pathOf(link: string): string | undefined {
  try {
    const u = new URL(link);
    return u.pathname + u.search;
  } catch {
    return undefined;
  }
}

function toEntry(item: RawItem, index: number, site: WxrSite): WxrEntry {
  const f = (k: string) => item.fields.get(k) ?? '';
  const fail = (message: string) =>
    new WxrFormatError(`${index}件目（${item.line}行目「${f('title').slice(0, 30)}」）: ${message}`, index, item.line);
  let date: Date | undefined;
  try {
    date = parseWpDate(f('wp:post_date_gmt'), 'Z') ?? parseWpDate(f('wp:post_date'), 'local');
  } catch (err) {
    throw fail((err as Error).message);
  }
  const postType = f('wp:post_type') === 'page' ? 'page' : 'post';
  const wpStatus = f('wp:status') || 'publish';
  const postId = f('wp:post_id');
  const login = f('dc:creator');
  const oldPaths = new Set<string>();
  if (/^\d+$/.test(postId)) oldPaths.add(postType === 'page' ? `/?page_id=${postId}` : `/?p=${postId}`);
  const linkPath = pathOf(f('link'));
  if (linkPath && linkPath !== '/' && wpStatus === 'publish') oldPaths.add(linkPath);
  const comments: ImportComment[] = item.comments
    .filter((c) => (c.get('wp:comment_approved') ?? '1') === '1' && !['pingback', 'trackback'].includes(c.get('wp:comment_type') ?? ''))
    .map((c) => {
      let cDate: Date | undefined;
      try {
        cDate = parseWpDate(c.get('wp:comment_date_gmt'), 'Z') ?? parseWpDate(c.get('wp:comment_date'), 'local');
      } catch (err) {
        throw fail(`コメント: ${(err as Error).message}`);
      }
      return {
        author: c.get('wp:comment_author') ?? '',
        email: c.get('wp:comment_author_email') ?? '',
        ip: c.get('wp:comment_author_IP') ?? '',
        url: c.get('wp:comment_author_url') ?? '',
        date: cDate,
        body: c.get('wp:comment_content') ?? '',
      };
    });
  return {
    ...emptyEntry(index, item.line),
    key: postId ? `wp:${postId}` : '',
    postId,
    postType,
    wpStatus,
    thumbnailId: item.meta.get('_thumbnail_id') ?? '',
    author: site.authors.get(login) ?? login,
    title: f('title').trim(),
    basename: safeDecode(f('wp:post_name')),
    status: wpStatus === 'publish' ? 'publish' : 'draft',
    date,
    rawDate: f('wp:post_date'),
    categories: item.categories
      .filter((c) => c.domain === 'category')
      .map((c) => c.name.trim())
      .filter(Boolean),
    tags: [
      ...item.categories
        .filter((c) => c.domain === 'post_tag')
        .map((c) => c.name.trim())
        .filter(Boolean),
      ...(postType === 'page' ? ['固定ページ'] : []),
    ],
    body: f('content:encoded'),
    excerpt: f('excerpt:encoded'),
    // WordPress stores posts with bare line breaks and adds <p>/<br> when showing them.
    convertBreaks: '1',
    comments,
    oldPaths: [...oldPaths],
  };
}

/** The posts and pages of a WXR file, in file order. Authors, categories and attachments are
 * gathered into `site` as they pass (attachments may come after the posts that use them). */
export async function* parseWxr(text: AsyncIterable<string>, site: WxrSite): AsyncGenerator<WxrEntry> {
  const parser = new SaxesParser({ position: true, xmlns: false });
  const stack: string[] = [];
  const ready: WxrEntry[] = [];
  let sawRss = false;
  let index = 0;
  let item: RawItem | undefined;
  let comment: Map<string, string> | undefined;
  let group: Map<string, string> | undefined; // wp:author, wp:category, wp:postmeta
  let categoryAttrs: { domain: string } | undefined;
  let buffer = '';
  let itemChars = 0;

  const tooBig = () => {
    const title = item?.fields.get('title') ?? '';
    return new WxrFormatError(
      `${index}件目（${item?.line ?? parser.line}行目「${title.slice(0, 30)}」）: ${MAX_TEXT_CHARS.toLocaleString('en')} 文字を超えています（ブログ記事として大きすぎます）`,
      index,
      parser.line,
    );
  };
  const addText = (t: string) => {
    if (!stack.length) return;
    buffer += t;
    itemChars += t.length;
    if (buffer.length > MAX_TEXT_CHARS || itemChars > MAX_TEXT_CHARS * 2) throw tooBig();
  };
  parser.on('doctype', () => {
    throw new WxrFormatError(
      `${parser.line}行目: DOCTYPE があります。WordPress の WXR ファイルにはないもので、XML の実体展開による攻撃の恐れがあるため読みません`,
      0,
      parser.line,
    );
  });
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('opentag', (tag) => {
    const name = tag.name;
    if (!stack.length && name !== 'rss')
      throw new WxrFormatError(`WordPress の WXR ファイルではありません（最初の要素が <${name}> です）`, 0, parser.line);
    if (name === 'rss') sawRss = true;
    stack.push(name);
    buffer = '';
    if (name === 'item') {
      index++;
      itemChars = 0;
      item = { line: parser.line, fields: new Map(), categories: [], meta: new Map(), comments: [] };
    } else if (name === 'wp:comment' && item) comment = new Map();
    else if (name === 'wp:author' || name === 'wp:category' || name === 'wp:postmeta') group = new Map();
    else if (name === 'category' && item) categoryAttrs = { domain: String(tag.attributes.domain ?? 'category') };
  });
  parser.on('closetag', (tag) => {
    const name = tag.name;
    stack.pop();
    const text = buffer;
    buffer = '';
    if (name === 'item' && item) {
      const type = item.fields.get('wp:post_type') || 'post';
      if (type === 'attachment')
        site.attachments.set(item.fields.get('wp:post_id') ?? '', item.fields.get('wp:attachment_url') || item.fields.get('guid') || '');
      else if (type === 'post' || type === 'page') ready.push(toEntry(item, index, site));
      else site.skipped.set(type, (site.skipped.get(type) ?? 0) + 1);
      item = undefined;
    } else if (name === 'wp:comment' && item && comment) {
      item.comments.push(comment);
      comment = undefined;
    } else if (comment) comment.set(name, text);
    else if (name === 'wp:author' && group) {
      site.authors.set(group.get('wp:author_login') ?? '', group.get('wp:author_display_name') || group.get('wp:author_login') || '');
      group = undefined;
    } else if (name === 'wp:category' && group && !item) {
      const cat = {
        slug: safeDecode(group.get('wp:category_nicename') ?? ''),
        name: (group.get('wp:cat_name') ?? '').trim(),
        parentSlug: safeDecode(group.get('wp:category_parent') ?? ''),
      };
      if (cat.name) site.categories.push(cat);
      group = undefined;
    } else if (name === 'wp:postmeta' && group && item) {
      item.meta.set(group.get('wp:meta_key') ?? '', group.get('wp:meta_value') ?? '');
      group = undefined;
    } else if (group) group.set(name, text);
    else if (name === 'category' && item && categoryAttrs) {
      item.categories.push({ domain: categoryAttrs.domain, name: text });
      categoryAttrs = undefined;
    } else if (item && stack.length === 3) item.fields.set(name, text); // rss > channel > item > field
  });

  try {
    for await (const chunk of text) {
      parser.write(chunk);
      while (ready.length) yield ready.shift()!;
    }
    parser.close();
  } catch (err) {
    if (err instanceof WxrFormatError) throw err;
    const message = (err as Error).message.replace(/^[^:]*:\d+:\d+: /, '');
    throw new WxrFormatError(
      `${index ? `${index}件目付近、` : ''}${parser.line}行目: XML として読めません（${message.slice(0, 120)}）`,
      index,
      parser.line,
    );
  }
  while (ready.length) yield ready.shift()!;
  if (!sawRss) throw new WxrFormatError('WordPress の WXR ファイルではありません（XML がありません）', 0, parser.line);
  if (stack.length) throw new WxrFormatError(`ファイルが途中で切れています（<${stack.at(-1)}> が閉じていません）`, index, parser.line);
}
