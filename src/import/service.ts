// Importing a Movable Type export (Livedoor Blog, FC2, Seesaa, Hatena …).
//
// Two passes over the file, both streamed: the first reads and checks every entry (format,
// dates, conversion) and writes nothing, so a bad file leaves the site as it was; the second
// writes, one post at a time, through the content service. Every entry is remembered by its
// key (BASENAME, or date and title), so running the same file again changes nothing, and an
// edited entry updates its post — a run cut short resumes where it stopped.
import { createHash } from 'node:crypto';
import { audit, type Actor } from '../audit/service.ts';
import { validateBlocks, type Block } from '../content/blocks.ts';
import { createAuthor, createCategory, createPost, updatePost } from '../content/service.ts';
import { isValidSlug, proposeSlug, shortId, slugFromTitle } from '../content/slug.ts';
import { findCategoryBySlug } from '../content/taxonomy-store.ts';
import { findAuthorBySlug, updateAuthorRow } from '../content/author-store.ts';
import type { Db } from '../db/connection.ts';
import { localMonth } from '../render/format.ts';
import { writeContent } from '../site/write.ts';
import { convertHtml, edgeLines, recurringLines } from './convert.ts';
import { decodeLines, detectEncoding, type Encoding } from './encoding.ts';
import { parseMt, type MtEntry } from './mt.ts';
import * as store from './store.ts';

export type OldBlog = 'livedoor' | 'fc2' | 'other';

export interface ImportOptions {
  /** Opens the file anew for each pass. */
  open: () => AsyncIterable<Uint8Array>;
  fileName: string;
  encoding?: Encoding;
  dryRun: boolean;
  keepCommenterContacts: boolean;
  blog: OldBlog;
  actor: Actor;
  onProgress?: (done: number, total: number) => void;
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
  greeting: string[];
  signoff: string[];
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

function entryKey(e: MtEntry): string {
  return e.basename || createHash('sha1').update(`${e.rawDate}\n${e.title}`).digest('hex').slice(0, 16);
}

function entryHash(e: MtEntry): string {
  const { index: _i, line: _l, ...content } = e;
  return createHash('sha1').update(JSON.stringify(content)).digest('hex');
}

function toBlocks(e: MtEntry, templateLines: Set<string>): Block[] {
  const convertBreaks = e.convertBreaks !== '0';
  const blocks = convertHtml([e.body, e.extendedBody].filter(Boolean).join('\n'), { published: e.date ?? new Date(), templateLines, convertBreaks });
  if (e.image && /^(https?:\/\/|\/)/.test(e.image) && !blocks.some((b) => b.type === 'image')) blocks.unshift({ type: 'image', src: e.image, alt: e.title });
  return validateBlocks(blocks.length ? blocks : [{ type: 'paragraph', text: '（本文なし）' }]);
}

function oldPaths(blog: OldBlog, e: MtEntry): string[] {
  if (!e.basename) return [];
  if (blog === 'livedoor') return [`/archives/${e.basename}.html`];
  if (blog === 'fc2') return [`/blog-entry-${e.basename}.html`];
  return [];
}

export async function importMt(db: Db, o: ImportOptions): Promise<ImportReport> {
  const detected = detectEncoding(await firstBytes(o.open));
  const encoding = o.encoding ?? detected.encoding;
  const report: ImportReport = {
    file: o.fileName,
    encoding,
    encodingDetected: !o.encoding,
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
    greeting: [],
    signoff: [],
    warnings: [],
  };

  // Pass 1: read everything, check everything, write nothing.
  const firsts: string[][] = [];
  const lasts: string[][] = [];
  const categories = new Set<string>();
  const authors = new Set<string>();
  for await (const e of parseMt(decodeLines(o.open(), encoding))) {
    report.entries++;
    if (!e.date) report.warnings.push({ entry: e.index, line: e.line, message: '日付がないため、取り込んだ日時を公開日にします' });
    const edges = edgeLines([e.body, e.extendedBody].join('\n'), e.convertBreaks !== '0');
    firsts.push(edges.slice(0, 3));
    lasts.push(edges.slice(-3));
    e.categories.forEach((c) => categories.add(c));
    authors.add(e.author || '（著者不明）');
    try {
      toBlocks(e, new Set());
    } catch (err) {
      throw new ImportError(`${e.index}件目（${e.line}行目「${e.title.slice(0, 30)}」）: ${(err as Error).message}`);
    }
  }
  const greeting = recurringLines(firsts);
  const signoff = recurringLines(lasts);
  report.greeting = [...greeting];
  report.signoff = [...signoff];
  const templateLines = new Set([...greeting, ...signoff]);
  if (o.dryRun) return report;

  // Pass 2: categories and authors, then the entries.
  const categorySlugs = new Map<string, string>();
  for (const name of categories) {
    const existing = await store.findCategoryByName(db.kysely, name);
    if (existing) {
      categorySlugs.set(name, existing.slug);
      continue;
    }
    let slug = slugFromTitle(name) || `c-${shortId(6)}`;
    while (await findCategoryBySlug(db.kysely, slug)) slug = `${slug}-${shortId(3)}`;
    await createCategory(db, { slug, name: name.slice(0, 100) }, o.actor);
    categorySlugs.set(name, slug);
    report.categoriesCreated.push(name);
  }
  const authorIds = new Map<string, number>();
  for (const name of authors) {
    const existing = await store.findAuthorByName(db.kysely, name);
    if (existing) {
      authorIds.set(name, Number(existing.id));
      continue;
    }
    let slug = slugFromTitle(name) || `a-${shortId(6)}`;
    while (await findAuthorBySlug(db.kysely, slug)) slug = `${slug}-${shortId(3)}`;
    authorIds.set(name, await createAuthor(db, { slug, displayName: name.slice(0, 100) }));
    report.authorsCreated.push(name);
  }
  // The recurring lines become the author's greeting and sign-off (when not set yet), so the
  // posts still show them although they were taken out of each body.
  if (authors.size === 1 && (greeting.size || signoff.size)) {
    const id = [...authorIds.values()][0]!;
    const row = await db.kysely.selectFrom('authors').select(['greeting', 'signoff']).where('id', '=', id).executeTakeFirstOrThrow();
    const firstOrder = (set: Set<string>, edges: string[][]) => [...set].sort((a, b) => Math.max(...edges.map((l) => l.indexOf(a))) - Math.max(...edges.map((l) => l.indexOf(b))));
    const change = {
      ...(row.greeting || !greeting.size ? {} : { greeting: firstOrder(greeting, firsts).join('\n') }),
      ...(row.signoff || !signoff.size ? {} : { signoff: firstOrder(signoff, lasts).join('\n') }),
    };
    if (Object.keys(change).length) await writeContent(db, (trx) => updateAuthorRow(trx, id, change));
  }

  const months = new Set<string>();
  let done = 0;
  for await (const e of parseMt(decodeLines(o.open(), encoding))) {
    const key = entryKey(e);
    const hash = entryHash(e);
    const previous = await store.findImported(db.kysely, 'mt', key);
    const input = {
      title: e.title || '（無題）',
      blocks: toBlocks(e, templateLines),
      status: e.status === 'publish' ? ('published' as const) : ('draft' as const),
      publishedAt: (e.date ?? new Date()).toISOString(),
      updatedAt: (e.date ?? new Date()).toISOString(),
      categories: e.categories.map((c) => categorySlugs.get(c)!).filter(Boolean),
      tags: [...e.tags, ...e.keywords.split(/[,、\s]+/).filter((k) => k && k.length <= 100)].slice(0, 100),
    };
    if (e.status !== 'publish') report.drafts++;
    let postId: number;
    let slug: string;
    if (previous && previous.content_hash === hash) {
      report.unchanged++;
      postId = previous.post_id;
      slug = (await db.kysely.selectFrom('posts').select('slug').where('id', '=', postId).executeTakeFirstOrThrow()).slug;
    } else if (previous) {
      const post = await updatePost(db, previous.post_id, input, { actor: o.actor });
      postId = Number(post.id);
      slug = post.slug;
      report.updated++;
    } else {
      const wanted = e.basename && isValidSlug(e.basename) ? e.basename : proposeSlug(input.title);
      const post = await createPost(db, { ...input, slug: wanted, authorId: authorIds.get(e.author || '（著者不明）')! }, o.actor);
      postId = Number(post.id);
      slug = post.slug;
      report.created++;
    }
    await store.saveImported(db.kysely, 'mt', key, postId, hash);
    for (const [i, c] of e.comments.entries()) {
      const keep = o.keepCommenterContacts;
      if (!keep && (c.email || c.ip || c.url)) report.commentContactsDropped++;
      const added = await store.addComment(db.kysely, {
        post_id: postId,
        author_name: c.author.slice(0, 200) || '（名無し）',
        author_email: keep && c.email ? c.email.slice(0, 254) : null,
        author_ip: keep && c.ip ? c.ip.slice(0, 100) : null,
        author_url: keep && c.url ? c.url.slice(0, 2000) : null,
        body: c.body.slice(0, 100_000),
        created_at: (c.date ?? e.date ?? new Date()).toISOString(),
        source_key: `mt:${key}:${i}`,
      });
      if (added) report.comments++;
    }
    for (const from of oldPaths(o.blog, e)) {
      await store.putRedirect(db.kysely, from, `/posts/${encodeURIComponent(slug)}`);
      report.redirects++;
    }
    if (e.date && e.status === 'publish') months.add(localMonth(e.date));
    o.onProgress?.(++done, report.entries);
  }
  if (o.blog === 'livedoor') {
    for (const m of months) {
      await store.putRedirect(db.kysely, `/archives/${m}.html`, `/archive/${m.replace('-', '/')}`);
      report.redirects++;
    }
  }
  await audit(db.kysely, o.actor, 'import.mt', o.fileName, `${report.created} created, ${report.updated} updated, ${report.comments} comments`);
  return report;
}

export async function redirectFor(db: Db, path: string): Promise<string | undefined> {
  return store.findRedirect(db.kysely, path);
}
