// Content rules: how a post is saved (validated blocks, HTML rendered once, dates that follow
// the addenda), and how pages read posts. Routes and the CLI call these; SQL stays in the
// stores; every write bumps the content version so each process's page cache lets go.
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import { localMonth, startOfDay } from '../time.ts';
import { countReadingCharacters } from './reading-time.ts';
import { writeContent } from '../site/write.ts';
import { reindexPost, reindexPosts } from '../search/indexer.ts';
import { removeDocument } from '../search/store.ts';
import { audit, systemActor, type Actor } from '../audit/service.ts';
import { addendaOf, firstImage, validateBlocks, type Block } from './blocks.ts';
import * as authors from './author-store.ts';
import { BODY_HTML_VERSION, htmlToText, renderBlocksToHtml } from './body-html.tsx';
import { tellAddendaAdded, tellPublished } from './listeners.ts';
import { parseMarkdown, toMarkdown } from './markdown.ts';
import * as posts from './post-store.ts';
import { isValidSlug, proposeSlug, shortId, slugFromTitle, uniqueSlug } from './slug.ts';
import * as taxonomy from './taxonomy-store.ts';

export class ContentError extends Error {}

const isoInstant = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), '日時が読めません')
  .transform((s) => new Date(s).toISOString());

export const postInputSchema = z
  .object({
    title: z.string().trim().min(1, 'タイトルを入力してください').max(300, 'タイトルは300文字までです'),
    markdown: z.string().max(2_000_000).optional(),
    blocks: z.unknown().optional(),
    status: z.enum(['draft', 'pending', 'scheduled', 'published']).default('draft'),
    publishedAt: isoInstant.optional(),
    updatedAt: isoInstant.optional(),
    slug: z.string().trim().max(200).optional(),
    authorId: z.number().int().positive(),
    categories: z.array(z.string()).max(1000).default([]),
    tags: z.array(z.string().trim().min(1).max(100)).max(1000).default([]),
  })
  .refine((p) => p.markdown !== undefined || p.blocks !== undefined, '本文がありません');

export type PostInput = z.input<typeof postInputSchema>;

function firstMessage(err: z.ZodError): string {
  const issue = err.issues[0]!;
  return issue.message;
}

/** Everything derived from the body, computed once at save time. */
function derive(blocks: Block[]) {
  const bodyHtml = renderBlocksToHtml(blocks);
  const plain = htmlToText(bodyHtml);
  const excerpt = [...plain.replace(/\s+/g, ' ')].slice(0, 120).join('');
  return {
    body_html: bodyHtml,
    body_version: BODY_HTML_VERSION,
    plain_text: plain,
    excerpt: excerpt.length < plain.length ? `${excerpt}…` : excerpt,
    reading_chars: countReadingCharacters(plain),
    lead_image: firstImage(blocks)?.src ?? null,
  };
}

/** The updated date follows the newest addendum when that is later. */
function followAddenda(updatedAt: string, blocks: Block[]): string {
  const newest = addendaOf(blocks)
    .map((a) => a.date)
    .filter((d): d is string => Boolean(d))
    .at(-1);
  if (!newest) return updatedAt;
  const addendumAt = startOfDay(newest).toISOString();
  return addendumAt > updatedAt ? addendumAt : updatedAt;
}

function bodyOf(input: { markdown?: string; blocks?: unknown }): { blocks: Block[]; markdown: string } {
  if (input.blocks !== undefined) {
    const blocks = validateBlocks(input.blocks);
    return { blocks, markdown: input.markdown ?? toMarkdown(blocks) };
  }
  return { blocks: parseMarkdown(input.markdown!), markdown: input.markdown! };
}

async function resolveCategories(db: posts.Q, slugs: string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const slug of slugs) {
    const c = await taxonomy.findCategoryBySlug(db, slug);
    if (!c) throw new ContentError(`カテゴリー「${slug}」はありません`);
    ids.push(Number(c.id));
  }
  return ids;
}

/** Tags are created on first use; their slug follows the same rule as posts'. */
async function resolveTags(db: posts.Q, names: string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const name of [...new Set(names.map((n) => n.normalize('NFKC').trim()))]) {
    const existing = await taxonomy.findTagByName(db, name);
    if (existing) {
      ids.push(Number(existing.id));
      continue;
    }
    const slug = await uniqueSlug(slugFromTitle(name) || `t-${shortId(6)}`, (s) => taxonomy.tagSlugTaken(db, s));
    ids.push(await taxonomy.insertTag(db, { slug, name }));
  }
  return ids;
}

/** Makes the tags that do not exist yet (an import, before writing posts side by side). */
export async function ensureTags(db: Db, names: string[]): Promise<void> {
  for (let i = 0; i < names.length; i += 500) {
    const chunk = names.slice(i, i + 500);
    await writeContent(db, async (trx) => void (await resolveTags(trx, chunk)));
  }
}

/** Thrown when a save is based on an older revision than the stored one. */
export class ConflictError extends ContentError {
  constructor(readonly currentRevision: number) {
    super(
      'この記事は、あなたが開いた後に他の人が保存しました。内容は上書きしていません。最新の内容を開き直して、変更をもう一度加えてください。',
    );
  }
}

/** Published and scheduled posts carry a date; drafts and posts awaiting review may not. */
function publicationDate(status: string, given: string | undefined, current: string | null, now: string): string | null {
  if (status === 'scheduled' && !given && !current) throw new ContentError('予約投稿には公開日時を指定してください');
  if (status === 'published' || status === 'scheduled') return given ?? current ?? now;
  return given ?? current;
}

export async function createPost(db: Db, raw: PostInput, actor: Actor = systemActor): Promise<posts.PostRow> {
  const parsed = postInputSchema.safeParse(raw);
  if (!parsed.success) throw new ContentError(firstMessage(parsed.error));
  const input = parsed.data;
  if (input.slug && !isValidSlug(input.slug)) throw new ContentError('スラッグには文字・数字・-・_ だけが使えます');
  const { blocks, markdown } = bodyOf(input);
  const now = new Date().toISOString();
  const publishedAt = publicationDate(input.status, input.publishedAt, null, now);
  return writeContent(db, async (trx) => {
    if (!(await authors.authorsByIds(trx, [input.authorId])).size) throw new ContentError('著者が見つかりません');
    const slug = await uniqueSlug(input.slug || proposeSlug(input.title), (s) => posts.slugTaken(trx, s));
    const id = await posts.insertPost(trx, {
      slug,
      title: input.title,
      status: input.status,
      published_at: publishedAt,
      archive_month: publishedAt ? localMonth(publishedAt) : null,
      updated_at: followAddenda(input.updatedAt ?? publishedAt ?? now, blocks),
      created_at: now,
      author_id: input.authorId,
      created_by: actor.userId,
      body_markdown: markdown,
      blocks: JSON.stringify(blocks),
      ...derive(blocks),
    });
    await posts.setPostCategories(trx, id, await resolveCategories(trx, input.categories));
    await posts.setPostTags(trx, id, await resolveTags(trx, input.tags));
    await posts.insertRevision(trx, {
      post_id: id,
      revision: 1,
      saved_at: now,
      user_id: actor.userId,
      title: input.title,
      body_markdown: markdown,
    });
    await audit(trx, actor, input.status === 'published' ? 'post.publish' : 'post.create', `${id} ${slug}`);
    await reindexPost(trx, db.kind, id);
    const saved = (await posts.findById(trx, id))!;
    if (saved.status === 'published') await tellPublished(db, trx, saved);
    return saved;
  });
}

export type PostUpdate = Partial<Omit<PostInput, 'authorId'>> & { authorId?: number };

export interface SaveOptions {
  actor?: Actor;
  /** The revision the editor started from; a save from an older one is refused. */
  expectedRevision?: number;
}

/** Saves changes to a post. Its updated date becomes now (or follows a later addendum). */
export async function updatePost(db: Db, id: number, change: PostUpdate, options: SaveOptions = {}): Promise<posts.PostRow> {
  const actor = options.actor ?? systemActor;
  return writeContent(db, async (trx) => {
    const current = await posts.findById(trx, id);
    if (!current) throw new ContentError('記事が見つかりません');
    if (options.expectedRevision !== undefined && Number(current.revision) !== options.expectedRevision) {
      throw new ConflictError(Number(current.revision));
    }
    const merged = {
      title: current.title,
      status: current.status,
      authorId: current.author_id,
      ...change,
      ...(change.markdown === undefined && change.blocks === undefined ? { markdown: current.body_markdown } : {}),
    };
    const parsed = postInputSchema.safeParse(merged);
    if (!parsed.success) throw new ContentError(firstMessage(parsed.error));
    const input = parsed.data;
    const { blocks, markdown } = bodyOf(input);
    const now = new Date().toISOString();
    const publishedAt = publicationDate(input.status, input.publishedAt, current.published_at, now);
    const revision = Number(current.revision) + 1;
    let slug = current.slug;
    if (input.slug && input.slug !== current.slug) {
      if (!isValidSlug(input.slug)) throw new ContentError('スラッグには文字・数字・-・_ だけが使えます');
      if (await posts.slugTaken(trx, input.slug, id)) throw new ContentError(`スラッグ「${input.slug}」は他の記事が使っています`);
      slug = input.slug;
    }
    await posts.updatePostRow(trx, id, {
      slug,
      title: input.title,
      status: input.status,
      published_at: publishedAt,
      archive_month: publishedAt ? localMonth(publishedAt) : null,
      updated_at: followAddenda(input.updatedAt ?? now, blocks),
      author_id: input.authorId,
      body_markdown: markdown,
      blocks: JSON.stringify(blocks),
      revision,
      ...derive(blocks),
    });
    if (change.categories) await posts.setPostCategories(trx, id, await resolveCategories(trx, input.categories));
    if (change.tags) await posts.setPostTags(trx, id, await resolveTags(trx, input.tags));
    await posts.insertRevision(trx, {
      post_id: id,
      revision,
      saved_at: now,
      user_id: actor.userId,
      title: input.title,
      body_markdown: markdown,
    });
    await audit(trx, actor, statusAction(current.status, input.status), `${id} ${slug}`);
    await reindexPost(trx, db.kind, id);
    const saved = (await posts.findById(trx, id))!;
    if (saved.status === 'published' && current.status !== 'published') await tellPublished(db, trx, saved);
    else if (saved.status === 'published')
      await tellAddendaAdded(db, trx, saved, newAddenda(JSON.parse(current.blocks) as Block[], blocks));
    return saved;
  });
}

/** Addenda in `after` that `before` did not have (by date and text). */
function newAddenda(before: Block[], after: Block[]) {
  const key = (a: { date?: string; blocks: unknown }) => `${a.date ?? ''}|${JSON.stringify(a.blocks)}`;
  const had = new Set(addendaOf(before).map(key));
  return addendaOf(after).filter((a) => !had.has(key(a)));
}

function statusAction(before: string, after: string): string {
  if (before !== 'published' && after === 'published') return 'post.publish';
  if (before === 'published' && after !== 'published') return 'post.unpublish';
  if (before !== after) return `post.${after}`;
  return 'post.update';
}

/** Deletes for good (the CLI and the trash's 30-day purge). */
export async function deletePost(db: Db, id: number, actor: Actor = systemActor): Promise<void> {
  await writeContent(db, async (trx) => {
    await removeDocument(trx, db.kind, id);
    await posts.deletePostRow(trx, id);
    await audit(trx, actor, 'post.delete', String(id));
  });
}

/** Moves a post to the trash: off the site at once, restorable (as a draft) for 30 days. */
export async function trashPost(db: Db, id: number, actor: Actor): Promise<void> {
  await writeContent(db, async (trx) => {
    const post = await posts.findById(trx, id);
    if (!post) throw new ContentError('記事が見つかりません');
    await posts.updatePostRow(trx, id, { status: 'draft', deleted_at: new Date().toISOString() });
    await reindexPost(trx, db.kind, id);
    await audit(trx, actor, 'post.trash', `${id} ${post.slug}`, `was ${post.status}`);
  });
}

export async function restorePost(db: Db, id: number, actor: Actor): Promise<void> {
  await writeContent(db, async (trx) => {
    await posts.updatePostRow(trx, id, { deleted_at: null });
    await audit(trx, actor, 'post.restore', String(id));
  });
}

export const TRASH_DAYS = 30;

/** Empties posts that have been in the trash longer than 30 days. */
export async function purgeTrash(db: Db, now = Date.now()): Promise<number> {
  const cutoff = new Date(now - TRASH_DAYS * 86400_000).toISOString();
  const ids = await posts.trashedBefore(db.kysely, cutoff);
  if (!ids.length) return 0;
  await writeContent(db, async (trx) => {
    for (const id of ids) {
      await removeDocument(trx, db.kind, id);
      await posts.deletePostRow(trx, id);
    }
    await audit(trx, systemActor, 'post.purge', '', `${ids.length} posts older than ${TRASH_DAYS} days`);
  });
  return ids.length;
}

/** Re-renders, a hundred at a time, the bodies an older renderer stored (BODY_HTML_VERSION),
 * so posts saved before an upgrade send the markup new ones do. Only the HTML is written —
 * the text, and so search and excerpts, stay as they are. Safe to run in several processes
 * at once (the same HTML written twice); returns how many were re-rendered. */
export async function refreshStaleBodies(db: Db): Promise<number> {
  let done = 0;
  for (;;) {
    const stale = await posts.staleBodies(db.kysely, BODY_HTML_VERSION, 100);
    if (!stale.length) return done;
    await writeContent(db, async (trx) => {
      for (const row of stale) await posts.storeBody(trx, Number(row.id), renderedOrKept(row.blocks), BODY_HTML_VERSION);
    });
    done += stale.length;
  }
}

/** The body of stored blocks; undefined (keep the HTML stored) for blocks this renderer
 * cannot read, so one odd post never stops a start. */
function renderedOrKept(blocksJson: string): string | undefined {
  try {
    return renderBlocksToHtml(JSON.parse(blocksJson) as Block[]);
  } catch {
    return undefined;
  }
}

/** Publishes scheduled posts whose time has come. One UPDATE with the status in its WHERE,
 * so with several processes each post is published exactly once. */
export async function publishDue(db: Db, now = new Date()): Promise<number> {
  const at = now.toISOString();
  if (!(await posts.anyScheduledBefore(db.kysely, at))) return 0;
  const published = await writeContent(db, async (trx) => {
    const rows = await posts.publishScheduledBefore(trx, at);
    for (const r of rows) {
      await reindexPost(trx, db.kind, Number(r.id));
      await audit(trx, systemActor, 'post.publish', `${r.id} ${r.slug}`, 'scheduled');
      await tellPublished(db, trx, (await posts.findById(trx, Number(r.id)))!);
    }
    return rows.length;
  });
  return published;
}

/** Publishes a post now (the CLI); one already public is left as it is. */
export async function publishPostBySlug(db: Db, slug: string, actor: Actor): Promise<posts.PostRow> {
  const post = await posts.findBySlug(db.kysely, slug);
  if (!post || post.deleted_at) throw new ContentError(`記事「${slug}」が見つかりません`);
  if (post.status === 'published') return post;
  return updatePost(
    db,
    Number(post.id),
    { status: 'published', publishedAt: post.status === 'scheduled' ? undefined : new Date().toISOString() },
    { actor },
  );
}

/** Takes a post off the site (back to a draft). */
export async function unpublishPostBySlug(db: Db, slug: string, actor: Actor): Promise<posts.PostRow> {
  const post = await posts.findBySlug(db.kysely, slug);
  if (!post || post.deleted_at) throw new ContentError(`記事「${slug}」が見つかりません`);
  if (post.status !== 'published') throw new ContentError(`記事「${slug}」は公開されていません`);
  return updatePost(db, Number(post.id), { status: 'draft' }, { actor });
}

/** Appends a dated addendum (追記) to a post in one step; the updated date follows it. */
export async function addAddendum(db: Db, id: number, date: string, markdown: string, options: SaveOptions = {}): Promise<posts.PostRow> {
  const post = await posts.findById(db.kysely, id);
  if (!post) throw new ContentError('記事が見つかりません');
  if (!markdown.trim()) throw new ContentError('追記の本文を入力してください');
  const addendum = `:::addendum{date="${date.replace(/"/g, '')}"}\n${markdown.trim()}\n:::`;
  return updatePost(db, id, { markdown: `${post.body_markdown.trimEnd()}\n\n${addendum}\n`, updatedAt: undefined }, options);
}

export const categoryInputSchema = z.object({
  slug: z.string().trim().min(1).max(100).refine(isValidSlug, 'スラッグには文字・数字・-・_ だけが使えます'),
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(1000).default(''),
  parentSlug: z.string().optional(),
  position: z.number().int().default(0),
});

export async function createCategory(db: Db, raw: z.input<typeof categoryInputSchema>, actor: Actor = systemActor): Promise<number> {
  const parsed = categoryInputSchema.safeParse(raw);
  if (!parsed.success) throw new ContentError(firstMessage(parsed.error));
  const input = parsed.data;
  return writeContent(db, async (trx) => {
    if (await taxonomy.findCategoryBySlug(trx, input.slug)) throw new ContentError(`カテゴリー「${input.slug}」は既にあります`);
    let parentId: number | null = null;
    if (input.parentSlug) {
      const parent = await taxonomy.findCategoryBySlug(trx, input.parentSlug);
      if (!parent) throw new ContentError(`親カテゴリー「${input.parentSlug}」はありません`);
      parentId = Number(parent.id);
    }
    const id = await taxonomy.insertCategory(trx, {
      slug: input.slug,
      name: input.name,
      description: input.description,
      parent_id: parentId,
      position: input.position,
    });
    await audit(trx, actor, 'category.create', input.slug);
    return id;
  });
}

export const authorInputSchema = z.object({
  slug: z.string().trim().min(1).max(100).refine(isValidSlug, 'スラッグには文字・数字・-・_ だけが使えます'),
  displayName: z.string().trim().min(1).max(100),
  profile: z.string().trim().max(2000).default(''),
  greeting: z.string().trim().max(2000).default(''),
  signoff: z.string().trim().max(2000).default(''),
});

export async function createAuthor(db: Db, raw: z.input<typeof authorInputSchema>): Promise<number> {
  const parsed = authorInputSchema.safeParse(raw);
  if (!parsed.success) throw new ContentError(firstMessage(parsed.error));
  const a = parsed.data;
  return writeContent(db, async (trx) => {
    if (await authors.findAuthorBySlug(trx, a.slug)) throw new ContentError(`著者「${a.slug}」は既にいます`);
    const id = await authors.insertAuthor(trx, {
      slug: a.slug,
      display_name: a.displayName,
      profile: a.profile,
      greeting: a.greeting,
      signoff: a.signoff,
      created_at: new Date().toISOString(),
    });
    return id;
  });
}

/** An author profile for a new user, with a slug made from the display name. Runs inside
 * the caller's transaction. */
export async function createAuthorRow(trx: posts.Q, displayName: string): Promise<number> {
  const slug = await uniqueSlug(
    slugFromTitle(displayName) || `a-${shortId(6)}`,
    async (s) => (await authors.findAuthorBySlug(trx, s)) !== undefined,
  );
  return authors.insertAuthor(trx, {
    slug,
    display_name: displayName,
    profile: '',
    greeting: '',
    signoff: '',
    created_at: new Date().toISOString(),
  });
}

/** Changes a category; its parent may not be itself or one of its own descendants. */
export async function updateCategory(db: Db, id: number, raw: z.input<typeof categoryInputSchema>, actor: Actor): Promise<void> {
  const parsed = categoryInputSchema.safeParse(raw);
  if (!parsed.success) throw new ContentError(firstMessage(parsed.error));
  const input = parsed.data;
  await writeContent(db, async (trx) => {
    const current = await taxonomy.findCategoryById(trx, id);
    if (!current) throw new ContentError('カテゴリーが見つかりません');
    const clash = await taxonomy.findCategoryBySlug(trx, input.slug);
    if (clash && Number(clash.id) !== id) throw new ContentError(`スラッグ「${input.slug}」は他のカテゴリーが使っています`);
    let parentId: number | null = null;
    if (input.parentSlug) {
      const all = await taxonomy.allCategories(trx);
      const parent = all.find((c) => c.slug === input.parentSlug);
      if (!parent) throw new ContentError(`親カテゴリー「${input.parentSlug}」はありません`);
      // Walk up from the new parent: meeting this category would make a loop.
      for (let p: (typeof all)[number] | undefined = parent; p; p = all.find((c) => Number(c.id) === Number(p!.parent_id))) {
        if (Number(p.id) === id) throw new ContentError('カテゴリーを自分の下に入れることはできません');
        if (p.parent_id === null) break;
      }
      parentId = Number(parent.id);
    }
    await taxonomy.updateCategoryRow(trx, id, {
      slug: input.slug,
      name: input.name,
      description: input.description,
      parent_id: parentId,
      position: input.position,
    });
    if (input.name !== current.name) await reindexPosts(trx, db.kind, await posts.postIdsInCategory(trx, id));
    await audit(trx, actor, 'category.update', input.slug);
  });
}

export async function deleteCategory(db: Db, id: number, actor: Actor): Promise<void> {
  await writeContent(db, async (trx) => {
    const current = await taxonomy.findCategoryById(trx, id);
    if (!current) throw new ContentError('カテゴリーが見つかりません');
    const affected = await posts.postIdsInCategory(trx, id);
    await taxonomy.deleteCategoryRow(trx, id);
    await reindexPosts(trx, db.kind, affected);
    await audit(trx, actor, 'category.delete', current.slug);
  });
}

export async function renameTag(db: Db, id: number, name: string, actor: Actor): Promise<void> {
  const clean = name.normalize('NFKC').trim();
  if (!clean || clean.length > 100) throw new ContentError('タグ名は1〜100文字にしてください');
  await writeContent(db, async (trx) => {
    const clash = await taxonomy.findTagByName(trx, clean);
    if (clash && Number(clash.id) !== id) throw new ContentError(`タグ「${clean}」は既にあります`);
    await taxonomy.updateTagRow(trx, id, { name: clean });
    await reindexPosts(trx, db.kind, await posts.postIdsWithTag(trx, id));
    await audit(trx, actor, 'tag.update', clean);
  });
}

export async function deleteTag(db: Db, id: number, actor: Actor): Promise<void> {
  await writeContent(db, async (trx) => {
    const affected = await posts.postIdsWithTag(trx, id);
    await taxonomy.deleteTagRow(trx, id);
    await reindexPosts(trx, db.kind, affected);
    await audit(trx, actor, 'tag.delete', String(id));
  });
}

export const authorProfileSchema = authorInputSchema.omit({ slug: true });

/** The author's profile and the greeting / sign-off shown on every post of theirs. */
export async function updateAuthorProfile(db: Db, authorId: number, raw: z.input<typeof authorProfileSchema>, actor: Actor): Promise<void> {
  const parsed = authorProfileSchema.safeParse(raw);
  if (!parsed.success) throw new ContentError(firstMessage(parsed.error));
  const a = parsed.data;
  await writeContent(db, async (trx) => {
    await authors.updateAuthorRow(trx, authorId, {
      display_name: a.displayName,
      profile: a.profile,
      greeting: a.greeting,
      signoff: a.signoff,
    });
    await audit(trx, actor, 'author.update', String(authorId));
  });
}
