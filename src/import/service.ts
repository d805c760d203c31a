// Importing an old blog: a Movable Type export (Livedoor Blog, FC2, Seesaa, Hatena …) or a
// WordPress WXR file. Each format is read into the same entries (entry.ts); from there one
// pipeline turns them into posts.
//
// Two passes over the file, both streamed: the first reads and checks every entry (format,
// dates, conversion) and writes nothing, so a bad file leaves the site as it was; the second
// writes, one post at a time, through the content service. Every entry is remembered by its
// key (BASENAME, or date and title), so running the same file again changes nothing, and an
// edited entry updates its post — a run cut short resumes where it stopped.
import { createHash } from 'node:crypto';
import { audit, type Actor } from '../audit/service.ts';
import { validateBlocks, type Block } from '../content/blocks.ts';
import { createAuthor, createCategory, createPost, ensureTags, updatePost } from '../content/service.ts';
import { isValidSlug, proposeSlug, shortId, slugFromTitle, withoutInvisible } from '../content/slug.ts';
import { findCategoryBySlug } from '../content/taxonomy-store.ts';
import { findAuthorBySlug, updateAuthorRow } from '../content/author-store.ts';
import type { Db } from '../db/connection.ts';
import { inBatch } from '../db/transaction.ts';
import { notifyContentChange } from '../site/changes.ts';
import { bumpContentVersion } from '../site/store.ts';
import { localMonth } from '../time.ts';
import { writeContent } from '../site/write.ts';
import { commonEdge, convertHtml, edgeVariants, htmlText, nativeShare, postLines } from './convert.ts';
import { decodeChunks, decodeLines, detectEncoding, LineTooLongError, type Encoding } from './encoding.ts';
import type { ImportEntry } from './entry.ts';
import { repairLines, type Repair } from './mojibake.ts';
import { MtFormatError, parseMt } from './mt.ts';
import { emptyWxrSite, parseWxr, WxrFormatError, type WxrSite } from './wxr.ts';
import * as store from './store.ts';

export type OldBlog = 'livedoor' | 'fc2' | 'other';

export interface ImportOptions {
  /** Opens the file anew for each pass. */
  open: () => AsyncIterable<Uint8Array>;
  fileName: string;
  encoding?: Encoding;
  dryRun: boolean;
  keepCommenterContacts: boolean;
  /** Take the greeting and sign-off out of the bodies and set them on the author — only when
   * they are exactly the same in every post (the report always says what would be taken). */
  extractGreeting?: boolean;
  /** Movable Type only: which blog wrote the file (its permalinks are redirected). */
  blog?: OldBlog;
  actor: Actor;
  /** Pass 1 ('check') reports every 100 entries with total 0 (not known yet); pass 2
   * ('write') after every batch. */
  onProgress?: (done: number, total: number, pass: 'check' | 'write') => void;
}

export interface ImportReport {
  file: string;
  encoding: Encoding;
  encodingDetected: boolean;
  dryRun: boolean;
  entries: number;
  created: number;
  updated: number;
  unchanged: number;
  drafts: number;
  comments: number;
  commentContactsDropped: number;
  categoriesCreated: string[];
  authorsCreated: string[];
  redirects: number;
  /** WordPress only: pages (imported as posts tagged 固定ページ), attachments kept as URLs. */
  pages: number;
  attachments: number;
  skipped: Record<string, number>;
  /** Lines whose mojibake was found, and what became of them. */
  mojibake: Array<Repair & { entry: number }>;
  /** The first / last lines that are exactly the same in every post (one author). */
  greeting: string[];
  signoff: string[];
  /** Whether they were taken out of the bodies and set on the author (--extract-greeting). */
  greetingTaken: boolean;
  /** The most frequent first and last lines when they vary (nothing is taken out then). */
  edgeVariants: { start: Array<{ lines: string[]; posts: number }>; end: Array<{ lines: string[]; posts: number }> };
  /** Characters of the posts' text in the product's own blocks and in raw HTML blocks;
   * `percent` = native / (native + html). */
  nativeShare: { native: number; html: number; percent: number };
  /** Damaged lines kept as they were, listed in the admin (要確認) for the author to fix. */
  review: number;
  warnings: Array<{ entry: number; line: number; message: string }>;
}

export class ImportError extends Error {}

async function firstBytes(open: () => AsyncIterable<Uint8Array>, n = 65536): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of open()) {
    parts.push(chunk);
    size += chunk.length;
    if (size >= n) break;
  }
  return Buffer.concat(parts).subarray(0, n);
}

function entryKey(e: ImportEntry): string {
  return e.key || e.basename || createHash('sha1').update(`${e.rawDate}\n${e.title}`).digest('hex').slice(0, 16);
}

function entryHash(e: ImportEntry): string {
  const { index: _i, line: _l, ...content } = e;
  return createHash('sha1').update(JSON.stringify(content)).digest('hex');
}

interface Edges {
  greeting: string[];
  signoff: string[];
}

const NO_EDGES: Edges = { greeting: [], signoff: [] };

function bodyHtml(e: ImportEntry): string {
  return [e.body, e.extendedBody].filter(Boolean).join('\n');
}

function toBlocks(e: ImportEntry, edges: Edges, validate = true): Block[] {
  const convertBreaks = e.convertBreaks !== '0';
  const blocks = convertHtml(bodyHtml(e), { published: e.date ?? new Date(), convertBreaks, ...edges });
  if (e.image && /^(https?:\/\/|\/)/.test(e.image) && !blocks.some((b) => b.type === 'image'))
    blocks.unshift({ type: 'image', src: e.image, alt: e.title });
  const all: Block[] = blocks.length ? blocks : [{ type: 'paragraph', text: '（本文なし）' }];
  return validate ? validateBlocks(all) : all;
}

/** One old blog's file, read as entries. */
interface Source {
  /** Remembered with each imported entry: "mt" or "wxr". */
  kind: 'mt' | 'wxr';
  encoding: Encoding;
  encodingDetected: boolean;
  /** Reads the file from the start (called once per pass). */
  entries(): AsyncIterable<ImportEntry>;
  /** Categories the file declares (with parents) besides those its entries name. */
  categories?(): Array<{ name: string; slug: string; parentSlug: string }>;
  /** Called before the second pass: what the first pass learnt that entries need. */
  complete?(e: ImportEntry): ImportEntry;
  /** Old archive pages per month (Livedoor's archives/YYYY-MM.html). */
  monthPath?(month: string): string;
}

function livedoorOrFc2Paths(blog: OldBlog, basename: string): string[] {
  if (!basename) return [];
  if (blog === 'livedoor') return [`/archives/${basename}.html`];
  if (blog === 'fc2') return [`/blog-entry-${basename}.html`];
  return [];
}

async function mtSource(o: ImportOptions, mojibake: Repair[]): Promise<Source> {
  const detected = detectEncoding(await firstBytes(o.open));
  const encoding = o.encoding ?? detected.encoding;
  const blog = o.blog ?? 'other';
  let pass = 0;
  return {
    kind: 'mt',
    encoding,
    encodingDetected: !o.encoding,
    async *entries() {
      // Mojibake is reported once (first pass), repaired in both.
      const report = pass++ === 0 ? (r: Repair) => mojibake.push(r) : () => {};
      for await (const e of parseMt(repairLines(decodeLines(o.open(), encoding), report))) {
        yield { ...e, oldPaths: livedoorOrFc2Paths(blog, e.basename) };
      }
    },
    monthPath: blog === 'livedoor' ? (m) => `/archives/${m}.html` : undefined,
  };
}

async function wxrSource(o: ImportOptions): Promise<Source & { site: WxrSite }> {
  const detected = detectEncoding(await firstBytes(o.open));
  const encoding = o.encoding ?? detected.encoding;
  let site = emptyWxrSite();
  let complete = site;
  return {
    kind: 'wxr',
    encoding,
    encodingDetected: !o.encoding,
    get site() {
      return complete;
    },
    async *entries() {
      site = emptyWxrSite();
      yield* parseWxr(decodeChunks(o.open(), encoding), site);
      complete = site;
    },
    categories: () => complete.categories,
    complete: (e) => {
      const thumb = 'thumbnailId' in e ? complete.attachments.get(String(e.thumbnailId)) : undefined;
      return thumb && !e.image ? { ...e, image: thumb } : e;
    },
  };
}

export class ImportFormatError extends ImportError {}

/** Any reading error of any format, as one error naming the entry and line. */
function asImportError(err: unknown): unknown {
  if (err instanceof MtFormatError || err instanceof WxrFormatError || err instanceof LineTooLongError)
    return new ImportFormatError(err.message);
  return err;
}

export async function importMt(db: Db, o: ImportOptions): Promise<ImportReport> {
  const mojibake: Repair[] = [];
  return importFrom(db, o, await mtSource(o, mojibake), mojibake);
}

export async function importWxr(db: Db, o: ImportOptions): Promise<ImportReport> {
  const source = await wxrSource(o);
  const report = await importFrom(db, o, source, []);
  report.attachments = source.site.attachments.size;
  report.skipped = Object.fromEntries(source.site.skipped);
  return report;
}

async function importFrom(db: Db, o: ImportOptions, source: Source, mojibake: Repair[]): Promise<ImportReport> {
  try {
    return await runImport(db, o, source, mojibake);
  } catch (err) {
    throw asImportError(err);
  }
}

function emptyReport(o: ImportOptions, source: Source): ImportReport {
  return {
    file: o.fileName,
    encoding: source.encoding,
    encodingDetected: source.encodingDetected,
    dryRun: o.dryRun,
    entries: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    drafts: 0,
    comments: 0,
    commentContactsDropped: 0,
    categoriesCreated: [],
    authorsCreated: [],
    redirects: 0,
    pages: 0,
    attachments: 0,
    skipped: {},
    mojibake: [],
    greeting: [],
    signoff: [],
    greetingTaken: false,
    edgeVariants: { start: [], end: [] },
    nativeShare: { native: 0, html: 0, percent: 100 },
    review: 0,
    warnings: [],
  };
}

async function runImport(db: Db, o: ImportOptions, source: Source, mojibake: Repair[]): Promise<ImportReport> {
  const report = emptyReport(o, source);
  const seen = await checkEntries(o, source, mojibake, report);
  if (o.dryRun) return report;
  const categorySlugs = await makeCategories(db, source, seen.categories, report, o.actor);
  const authorIds = await makeAuthors(db, seen.authors, report);
  const edges =
    o.extractGreeting && authorIds.size === 1 ? await giveTemplateLinesToAuthor(db, [...authorIds.values()][0]!, seen, report) : NO_EDGES;
  // Tags are made before the posts, so that batches written side by side never race to
  // create the same tag.
  await ensureTags(db, [...seen.tags]);
  const review = new Map<number, Array<Repair & { entry: number }>>();
  for (const r of report.mojibake) if (!r.repaired) review.set(r.entry, [...(review.get(r.entry) ?? []), r]);
  const ctx: EntryContext = {
    o,
    source,
    report,
    edges,
    review,
    categorySlugs,
    authorIds,
    months: new Set(),
    keysSeen: new Set(),
    slugsAsked: new Set(),
  };
  await writeEntries(db, ctx);
  if (source.monthPath) {
    for (const m of ctx.months) {
      await store.putRedirect(db.kysely, source.monthPath(m), `/archive/${m.replace('-', '/')}`);
      report.redirects++;
    }
  }
  await audit(
    db.kysely,
    o.actor,
    `import.${source.kind}`,
    o.fileName,
    `${report.created} created, ${report.updated} updated, ${report.comments} comments`,
  );
  return report;
}

/** What the first pass learns about the whole file. */
interface Seen {
  categories: Set<string>;
  authors: Set<string>;
  tags: Set<string>;
  /** First and last text lines of each body, to find the author's greeting and sign-off. */
  firsts: string[][];
  lasts: string[][];
  greeting: string[];
  signoff: string[];
}

/** Pass 1: reads and checks every entry, writes nothing; fills the report's counts,
 * warnings, mojibake and greeting. A bad entry stops the run here, before any write. */
async function checkEntries(o: ImportOptions, source: Source, mojibake: Repair[], report: ImportReport): Promise<Seen> {
  const seen: Seen = { categories: new Set(), authors: new Set(), tags: new Set(), firsts: [], lasts: [], greeting: [], signoff: [] };
  const entryStarts: number[] = [];
  const keys = new Set<string>();
  for await (const e of source.entries()) {
    report.entries++;
    if (report.entries % 100 === 0) o.onProgress?.(report.entries, 0, 'check');
    entryStarts.push(e.line);
    if (e.tags.includes('固定ページ') && source.kind === 'wxr') report.pages++;
    if (!e.date) report.warnings.push({ entry: e.index, line: e.line, message: '日付がないため、取り込んだ日時を公開日にします' });
    const lines = postLines(bodyHtml(e), e.convertBreaks !== '0');
    seen.firsts.push(lines.slice(0, 3));
    seen.lasts.push(lines.slice(-3));
    e.categories.forEach((c) => seen.categories.add(c));
    for (const [what, n] of [
      ['カテゴリー', new Set(e.categories).size],
      ['タグ', new Set(e.tags).size],
    ] as const) {
      if (n > MAX_TERMS)
        report.warnings.push({
          entry: e.index,
          line: e.line,
          message: `「${e.title.slice(0, 30)}」の${what}は${n}個あります。最初の${MAX_TERMS}個を付け、残りは付けません`,
        });
    }
    // A repeated entry is skipped when writing: its tags are not made either.
    if (!keys.has(entryKey(e))) entryTags(e).forEach((t) => seen.tags.add(t));
    keys.add(entryKey(e));
    seen.authors.add(e.author || '（著者不明）');
    try {
      const share = nativeShare(toBlocks(e, NO_EDGES));
      report.nativeShare.native += share.native;
      report.nativeShare.html += share.html;
    } catch (err) {
      throw new ImportError(`${e.index}件目（${e.line}行目「${e.title.slice(0, 30)}」）: ${(err as Error).message}`);
    }
  }
  // Mojibake was found by line; name the entry that line belongs to.
  for (const r of mojibake) report.mojibake.push({ ...r, entry: entryAt(entryStarts, r.line) });
  for (const r of report.mojibake) {
    report.warnings.push({
      entry: r.entry,
      line: r.line,
      message: r.repaired
        ? `文字化けを直しました: 「${r.before.slice(0, 40)}」→「${r.after.slice(0, 40)}」`
        : `文字化けの疑いがあります。確実には直せないため元のまま取り込み、要確認の一覧に載せます: 「${r.before.slice(0, 40)}」`,
    });
  }
  report.review = report.mojibake.filter((r) => !r.repaired).length;
  const { native, html } = report.nativeShare;
  report.nativeShare.percent = native + html ? Math.round((1000 * native) / (native + html)) / 10 : 100;
  if (seen.authors.size === 1) {
    seen.greeting = commonEdge(seen.firsts, 'start');
    seen.signoff = commonEdge(seen.lasts, 'end');
  }
  report.greeting = seen.greeting;
  report.signoff = seen.signoff;
  report.edgeVariants = { start: edgeVariants(seen.firsts, 'start'), end: edgeVariants(seen.lasts, 'end') };
  return seen;
}

/** A name's row, found by name or made with a free slug; `made` tells the report. */
async function findOrMake(
  name: string,
  prefix: string,
  find: () => Promise<{ slug: string; id: number } | undefined>,
  slugTaken: (slug: string) => Promise<boolean>,
  make: (slug: string) => Promise<number>,
  made: string[],
): Promise<{ slug: string; id: number }> {
  const existing = await find();
  if (existing) return existing;
  let slug = slugFromTitle(name) || `${prefix}-${shortId(6)}`;
  while (await slugTaken(slug)) slug = `${slug}-${shortId(3)}`;
  made.push(name);
  return { slug, id: await make(slug) };
}

/** Categories the file declares (with parents) and those its entries name: name → slug. */
async function makeCategories(
  db: Db,
  source: Source,
  names: Set<string>,
  report: ImportReport,
  actor: Actor,
): Promise<Map<string, string>> {
  const slugs = new Map<string, string>();
  await createDeclaredCategories(db, source, slugs, report, actor);
  for (const name of names) {
    if (slugs.has(name)) continue;
    const row = await findOrMake(
      name,
      'c',
      async () => {
        const c = await store.findCategoryByName(db.kysely, name);
        return c ? { slug: c.slug, id: Number(c.id) } : undefined;
      },
      async (slug) => (await findCategoryBySlug(db.kysely, slug)) !== undefined,
      (slug) => createCategory(db, { slug, name: name.slice(0, 100) }, actor),
      report.categoriesCreated,
    );
    slugs.set(name, row.slug);
  }
  return slugs;
}

/** The entries' authors: name → id. */
async function makeAuthors(db: Db, names: Set<string>, report: ImportReport): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const name of names) {
    const row = await findOrMake(
      name,
      'a',
      async () => {
        const a = await store.findAuthorByName(db.kysely, name);
        return a ? { slug: a.slug, id: Number(a.id) } : undefined;
      },
      async (slug) => (await findAuthorBySlug(db.kysely, slug)) !== undefined,
      (slug) => createAuthor(db, { slug, displayName: name.slice(0, 100) }),
      report.authorsCreated,
    );
    ids.set(name, row.id);
  }
  return ids;
}

/** With --extract-greeting: the greeting and sign-off that every post has exactly become the
 * author's (shown on every post), and are taken out of the bodies. An author who already has a
 * different one keeps it, and the bodies keep theirs. */
async function giveTemplateLinesToAuthor(db: Db, authorId: number, seen: Seen, report: ImportReport): Promise<Edges> {
  if (!seen.greeting.length && !seen.signoff.length) return NO_EDGES;
  const row = await store.authorTemplates(db.kysely, authorId);
  const greeting = seen.greeting.join('\n');
  const signoff = seen.signoff.join('\n');
  const edges: Edges = {
    greeting: !row.greeting || row.greeting === greeting ? seen.greeting : [],
    signoff: !row.signoff || row.signoff === signoff ? seen.signoff : [],
  };
  const change = {
    ...(edges.greeting.length && !row.greeting ? { greeting } : {}),
    ...(edges.signoff.length && !row.signoff ? { signoff } : {}),
  };
  if (Object.keys(change).length) await writeContent(db, (trx) => updateAuthorRow(trx, authorId, change));
  report.greetingTaken = edges.greeting.length > 0 || edges.signoff.length > 0;
  return edges;
}

/** Pass 2: the entries, in batches of one transaction each (the posts' own writes join it),
 * so a failure leaves whole batches and a run started again skips what was committed.
 * PostgreSQL writes several batches at once on several connections (each post is a couple
 * of dozen round trips, so waiting on the network was most of the time); SQLite has one
 * writer and one connection. */
async function writeEntries(db: Db, ctx: EntryContext): Promise<void> {
  const { o, source, report } = ctx;
  let done = 0;
  const write = async (entries: ImportEntry[]) => {
    await inBatch(db, async (batch) => {
      for (const e of entries) await importEntry(ctx, batch, e);
      // One content change per batch (the posts' own writes do not bump it inside a batch).
      await bumpContentVersion(batch.kysely);
    });
    notifyContentChange();
    done += entries.length;
    o.onProgress?.(done, report.entries, 'write');
  };
  const parallel = db.kind === 'postgres' ? PARALLEL_BATCHES : 1;
  let batch: ImportEntry[] = [];
  let group: ImportEntry[][] = [];
  const flushGroup = async () => {
    const batches = group;
    group = [];
    await Promise.all(batches.map(write));
  };
  for await (const read of source.entries()) {
    batch.push(source.complete ? source.complete(read) : read);
    if (batch.length >= BATCH) {
      group.push(batch);
      batch = [];
      if (group.length >= parallel) await flushGroup();
    }
  }
  if (batch.length) group.push(batch);
  await flushGroup();
}

/** Entries written per transaction. */
const BATCH = 100;
/** Transactions written side by side on PostgreSQL. */
const PARALLEL_BATCHES = 3;

/** Most tags or categories one post keeps (a bound, far above any real post). */
const MAX_TERMS = 1000;

/** The tags an entry's post gets: its tags, then its keywords (each once). */
function entryTags(e: ImportEntry): string[] {
  return [...new Set([...e.tags, ...e.keywords.split(/[,、\s]+/)].map((t) => t.trim()).filter((k) => k && k.length <= 100))].slice(
    0,
    MAX_TERMS,
  );
}

interface EntryContext {
  o: ImportOptions;
  source: Source;
  report: ImportReport;
  edges: Edges;
  /** Damaged lines per entry, listed for the author (要確認). */
  review: Map<number, Array<Repair & { entry: number }>>;
  categorySlugs: Map<string, string>;
  authorIds: Map<string, number>;
  months: Set<string>;
  keysSeen: Set<string>;
  slugsAsked: Set<string>;
}

/** The slug a new post asks for. Two entries of one run never ask for the same one (their
 * batches may be written side by side, where neither sees the other's uncommitted post). */
function wantedSlug(ctx: EntryContext, e: ImportEntry, title: string): string {
  const basename = withoutInvisible(e.basename);
  let slug = basename && isValidSlug(basename) ? basename : proposeSlug(title);
  if (ctx.slugsAsked.has(slug)) slug = `${slug}-${e.index}`;
  ctx.slugsAsked.add(slug);
  return slug;
}

/** One entry becomes a post (or updates its post), with its comments and old URLs. */
async function importEntry(ctx: EntryContext, db: Db, e: ImportEntry): Promise<void> {
  const { o, source, report } = ctx;
  const trx = db.kysely;
  const key = entryKey(e);
  // Checked and noted before any await: batches run side by side, one JavaScript thread.
  if (ctx.keysSeen.has(key)) {
    report.warnings.push({
      entry: e.index,
      line: e.line,
      message: `同じ記事（${key}）がファイルに2回あります。最初のものを取り込み、これは飛ばしました`,
    });
    return;
  }
  ctx.keysSeen.add(key);
  const hash = entryHash(e);
  const previous = await store.findImported(trx, source.kind, key);
  if (e.status !== 'publish') report.drafts++;
  let postId: number;
  let slug: string;
  if (previous && previous.content_hash === hash) {
    report.unchanged++;
    postId = previous.post_id;
    slug = await store.slugOf(trx, postId);
  } else {
    const input = {
      title: e.title || '（無題）',
      // Checked in the first pass; the content service validates them again as it saves.
      blocks: toBlocks(e, ctx.edges, false),
      status: e.status === 'publish' ? ('published' as const) : ('draft' as const),
      publishedAt: (e.date ?? new Date()).toISOString(),
      updatedAt: (e.date ?? new Date()).toISOString(),
      categories: [...new Set(e.categories.map((c) => ctx.categorySlugs.get(c)!).filter(Boolean))].slice(0, MAX_TERMS),
      tags: entryTags(e),
    };
    const post = previous
      ? await updatePost(db, previous.post_id, input, { actor: o.actor })
      : await createPost(
          db,
          { ...input, slug: wantedSlug(ctx, e, input.title), authorId: ctx.authorIds.get(e.author || '（著者不明）')! },
          o.actor,
        );
    postId = Number(post.id);
    slug = post.slug;
    if (previous) report.updated++;
    else report.created++;
  }
  await store.saveImported(trx, source.kind, key, postId, hash);
  for (const r of ctx.review.get(e.index) ?? []) {
    await store.addReviewLine(trx, {
      post_id: postId,
      file: o.fileName,
      entry: e.index,
      line: r.line,
      text: htmlText(r.before) || r.before,
      guess: r.guess ? htmlText(r.guess) : '',
    });
  }
  for (const [i, c] of e.comments.entries()) {
    const keep = o.keepCommenterContacts;
    if (!keep && (c.email || c.ip || c.url)) report.commentContactsDropped++;
    const added = await store.addComment(trx, {
      post_id: postId,
      author_name: c.author.slice(0, 200) || '（名無し）',
      author_email: keep && c.email ? c.email.slice(0, 254) : null,
      author_ip: keep && c.ip ? c.ip.slice(0, 100) : null,
      author_url: keep && c.url ? c.url.slice(0, 2000) : null,
      body: c.body.slice(0, 100_000),
      created_at: (c.date ?? e.date ?? new Date()).toISOString(),
      source_key: `${source.kind}:${key}:${i}`,
    });
    if (added) report.comments++;
  }
  for (const from of e.oldPaths) {
    await store.putRedirect(trx, from, `/posts/${encodeURIComponent(slug)}`);
    report.redirects++;
  }
  if (e.date && e.status === 'publish') ctx.months.add(localMonth(e.date));
}

/** The entry whose lines include `line` (entries start at ascending lines). */
function entryAt(starts: number[], line: number): number {
  let n = 0;
  while (n < starts.length && starts[n]! <= line) n++;
  return n;
}

/** Categories a WordPress file declares, parents first, including those no post uses. */
async function createDeclaredCategories(
  db: Db,
  source: Source,
  slugs: Map<string, string>,
  report: ImportReport,
  actor: Actor,
): Promise<void> {
  const declared = source.categories?.() ?? [];
  const bySlug = new Map(declared.map((c) => [c.slug, c]));
  const created = new Map<string, string>(); // old slug → new slug
  const ensure = async (c: { name: string; slug: string; parentSlug: string }, depth = 0): Promise<string> => {
    const done = created.get(c.slug);
    if (done) return done;
    const existing = await store.findCategoryByName(db.kysely, c.name);
    let slug = existing?.slug;
    if (!slug) {
      const parent = c.parentSlug && depth < 10 ? bySlug.get(c.parentSlug) : undefined;
      const parentSlug = parent ? await ensure(parent, depth + 1) : undefined;
      slug = isValidSlug(c.slug) ? c.slug : slugFromTitle(c.name) || `c-${shortId(6)}`;
      while (await findCategoryBySlug(db.kysely, slug)) slug = `${slug}-${shortId(3)}`;
      await createCategory(db, { slug, name: c.name.slice(0, 100), parentSlug }, actor);
      report.categoriesCreated.push(c.name);
    }
    created.set(c.slug, slug);
    slugs.set(c.name, slug);
    return slug;
  };
  for (const c of declared) await ensure(c);
}

export async function redirectFor(db: Db, path: string): Promise<string | undefined> {
  return store.findRedirect(db.kysely, path);
}
