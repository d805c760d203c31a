// The whole site as versioned JSON (`kawaraban export`), and back into an empty site
// (`kawaraban import json`). Posts carry their Markdown (which holds every block), dates,
// author, categories and tags; with them go settings, authors, categories, comments,
// redirects, the list of media files (the files themselves are copied with the data dir) and
// the events (their files are in the data dir's event-files). Registrations are not exported:
// they are personal data sealed with the site's keys, and leave only through `privacy export`
// or a backup of the database.
import { z } from 'zod';
import { audit, type Actor } from '../audit/service.ts';
import { createAuthor, createCategory, createPost } from '../content/service.ts';
import { parseMarkdown } from '../content/markdown.ts';
import { isValidSlug } from '../content/slug.ts';
import type { Db } from '../db/connection.ts';
import { readSettings } from '../site/store.ts';
import { updateSettings } from '../site/write.ts';
import { settingsSchema } from '../site/settings.ts';
import * as store from './store.ts';
import { insertMedia } from '../media/store.ts';
import { insertEvent, listEventRows } from '../events/store.ts';

export const EXPORT_FORMAT = 'kawaraban-export';
export const EXPORT_VERSION = 1;

/** An event's questions as the event pages read them (JSON.parse, then each question's id,
 * label and required). */
const questionList = z
  .array(z.object({ id: z.string().min(1).max(40), label: z.string().trim().min(1).max(300), required: z.boolean() }))
  .max(20);

function questionsReadable(text: string): boolean {
  try {
    return questionList.safeParse(JSON.parse(text)).success;
  } catch {
    return false;
  }
}

const isoTime = z.string().refine((t) => !Number.isNaN(Date.parse(t)), '日時が読めません（ISO 8601 で書いてください）');

const exportSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  exported_at: z.string(),
  settings: settingsSchema,
  authors: z.array(
    z.object({ slug: z.string(), display_name: z.string(), profile: z.string(), greeting: z.string(), signoff: z.string() }),
  ),
  categories: z.array(
    z.object({ slug: z.string(), name: z.string(), description: z.string(), parent: z.string().nullable(), position: z.number() }),
  ),
  posts: z.array(
    z.object({
      slug: z.string(),
      title: z.string(),
      status: z.enum(['draft', 'pending', 'scheduled', 'published']),
      published_at: isoTime.nullable(),
      updated_at: isoTime,
      author: z.string(),
      categories: z.array(z.string()),
      tags: z.array(z.string()),
      markdown: z.string(),
    }),
  ),
  comments: z.array(
    z.object({
      post: z.string(),
      author_name: z.string(),
      author_email: z.string().nullable(),
      author_ip: z.string().nullable(),
      author_url: z.string().nullable(),
      body: z.string(),
      created_at: z.string(),
      source_key: z.string(),
    }),
  ),
  redirects: z.array(z.object({ from: z.string(), to: z.string() })),
  events: z
    .array(
      z.object({
        slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'イベントのスラッグは英小文字・数字・- で80文字までです'),
        kind: z.enum(['seminar', 'webinar', 'ondemand', 'download']),
        status: z.enum(['draft', 'published']),
        title: z.string(),
        description: z.string(),
        starts_at: isoTime.nullable(),
        ends_at: isoTime.nullable(),
        place: z.string(),
        capacity: z.number().nullable(),
        waitlist: z.number(),
        opens_at: isoTime.nullable(),
        closes_at: isoTime.nullable(),
        join_url: z.string(),
        video_url: z.string(),
        file_path: z.string().nullable(),
        file_name: z.string().nullable(),
        file_type: z.string().nullable(),
        questions: z
          .string()
          .refine(questionsReadable, 'questions は [{"id":"q1","label":"…","required":true}] の形の JSON（20問まで）にしてください'),
        purpose: z.string(),
        provided_to: z.string(),
        retention_days: z.number(),
        contact: z.string(),
        access_days: z.number(),
        created_at: isoTime,
        updated_at: isoTime,
      }),
    )
    .default([]),
  media: z.array(
    z.object({
      stem: z.string(),
      original_name: z.string(),
      original_path: z.string(),
      format: z.string(),
      width: z.number(),
      height: z.number(),
      bytes: z.number(),
      widths: z.string(),
      alt: z.string(),
      sha256: z.string(),
      created_at: z.string(),
    }),
  ),
});

export type SiteExport = z.infer<typeof exportSchema>;

export class ExportFormatError extends Error {}

export async function exportSite(db: Db): Promise<SiteExport> {
  const k = db.kysely;
  const { authors, categories, posts, postCategories, postTags, comments, redirects, media } = await store.exportRows(k);
  const authorSlug = new Map(authors.map((a) => [Number(a.id), a.slug]));
  const categorySlug = new Map(categories.map((c) => [Number(c.id), c.slug]));
  const postSlug = new Map(posts.map((p) => [Number(p.id), p.slug]));
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exported_at: new Date().toISOString(),
    settings: await readSettings(k),
    authors: authors.map((a) => ({
      slug: a.slug,
      display_name: a.display_name,
      profile: a.profile,
      greeting: a.greeting,
      signoff: a.signoff,
    })),
    categories: categories.map((c) => ({
      slug: c.slug,
      name: c.name,
      description: c.description,
      parent: c.parent_id === null ? null : (categorySlug.get(Number(c.parent_id)) ?? null),
      position: Number(c.position),
    })),
    posts: posts.map((p) => ({
      slug: p.slug,
      title: p.title,
      status: p.status,
      published_at: p.published_at,
      updated_at: p.updated_at,
      author: authorSlug.get(Number(p.author_id)) ?? '',
      categories: postCategories.filter((pc) => Number(pc.post_id) === Number(p.id)).map((pc) => categorySlug.get(Number(pc.category_id))!),
      tags: postTags.filter((pt) => Number(pt.post_id) === Number(p.id)).map((pt) => pt.name),
      markdown: p.body_markdown,
    })),
    comments: comments
      .filter((c) => postSlug.has(Number(c.post_id)))
      .map((c) => ({
        post: postSlug.get(Number(c.post_id))!,
        author_name: c.author_name,
        author_email: c.author_email,
        author_ip: c.author_ip,
        author_url: c.author_url,
        body: c.body,
        created_at: c.created_at,
        source_key: c.source_key,
      })),
    redirects: redirects.map((r) => ({ from: r.from_path, to: r.to_path })),
    events: (await listEventRows(k)).map(({ id: _id, ...e }) => ({
      ...e,
      capacity: e.capacity === null ? null : Number(e.capacity),
      waitlist: Number(e.waitlist),
      retention_days: Number(e.retention_days),
      access_days: Number(e.access_days),
    })),
    media: media.map((m) => ({
      stem: m.stem,
      original_name: m.original_name,
      original_path: m.original_path,
      format: m.format,
      width: Number(m.width),
      height: Number(m.height),
      bytes: Number(m.bytes),
      widths: m.widths,
      alt: m.alt,
      sha256: m.sha256,
      created_at: m.created_at,
    })),
  };
}

/** Where in the file a problem is, in the reader's words: the post (its slug and number) or
 * the list and item. */
function placeOf(data: unknown, path: ReadonlyArray<PropertyKey>): string {
  const [list, index, ...rest] = path.map(String);
  const names: Record<string, string> = {
    posts: '記事',
    comments: 'コメント',
    events: 'イベント',
    authors: '著者',
    categories: 'カテゴリー',
    redirects: '転送',
    media: 'メディア',
    settings: '設定',
  };
  if (!list) return '';
  const item = index !== undefined && /^\d+$/.test(index) ? (data as Record<string, unknown[]>)[list]?.[Number(index)] : undefined;
  const slug =
    item && typeof item === 'object' && typeof (item as { slug?: unknown }).slug === 'string'
      ? `「${(item as { slug: string }).slug}」`
      : '';
  const field = (index !== undefined && /^\d+$/.test(index) ? rest : [index, ...rest]).filter(Boolean).join('.');
  return `${names[list] ?? list}${index !== undefined && /^\d+$/.test(index) ? `${Number(index) + 1}件目${slug}` : ''}${field ? ` の ${field}` : ''}`;
}

/** Reads an export into an empty site. Everything is checked first, as the product will read
 * it (each post's Markdown, each event's questions …): a bad file changes nothing, and the
 * message names the post and the line. Refuses a site that has posts already. */
export async function importSite(db: Db, raw: unknown, actor: Actor): Promise<{ posts: number; comments: number }> {
  if (!raw || typeof raw !== 'object' || (raw as { format?: unknown }).format !== EXPORT_FORMAT)
    throw new ExportFormatError('瓦版のエクスポート（format: "kawaraban-export"）ではありません');
  if ((raw as { version?: unknown }).version !== EXPORT_VERSION)
    throw new ExportFormatError(
      `このエクスポートの版（${String((raw as { version?: unknown }).version)}）は読めません（読めるのは ${EXPORT_VERSION}）`,
    );
  const parsed = exportSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ExportFormatError(`${placeOf(raw, issue.path)}: ${issue.message}`);
  }
  const data = parsed.data;
  const authorSlugs = new Set(data.authors.map((a) => a.slug));
  const categorySlugs = new Set(data.categories.map((c) => c.slug));
  const postSlugs = new Set<string>();
  for (const [i, p] of data.posts.entries()) {
    const where = `記事${i + 1}件目「${p.slug}」`;
    if (!isValidSlug(p.slug)) throw new ExportFormatError(`${where}: スラッグに使えない文字があります`);
    if (postSlugs.has(p.slug)) throw new ExportFormatError(`${where}: 同じスラッグの記事が2つあります`);
    postSlugs.add(p.slug);
    if (!authorSlugs.has(p.author)) throw new ExportFormatError(`${where}: 著者「${p.author}」がエクスポートにありません`);
    const missing = p.categories.find((c) => !categorySlugs.has(c));
    if (missing) throw new ExportFormatError(`${where}: カテゴリー「${missing}」がエクスポートにありません`);
    try {
      parseMarkdown(p.markdown);
    } catch (err) {
      throw new ExportFormatError(`${where}の本文: ${(err as Error).message}`);
    }
  }
  const badComment = data.comments.findIndex((c) => !postSlugs.has(c.post));
  if (badComment >= 0)
    throw new ExportFormatError(`コメント${badComment + 1}件目: 記事「${data.comments[badComment]!.post}」がエクスポートにありません`);
  if (await store.hasPosts(db.kysely))
    throw new ExportFormatError('このサイトにはすでに記事があります。import json は空のサイトにだけ読み込めます');
  await updateSettings(db, data.settings);
  const authorIds = new Map<string, number>();
  for (const a of data.authors) {
    authorIds.set(
      a.slug,
      await createAuthor(db, { slug: a.slug, displayName: a.display_name, profile: a.profile, greeting: a.greeting, signoff: a.signoff }),
    );
  }
  // Parents before children.
  const pending = [...data.categories];
  const done = new Set<string>();
  while (pending.length) {
    const i = pending.findIndex((c) => c.parent === null || done.has(c.parent));
    if (i < 0) throw new ExportFormatError(`カテゴリーの親がエクスポートにありません: ${pending.map((c) => c.slug).join(', ')}`);
    const c = pending.splice(i, 1)[0]!;
    await createCategory(
      db,
      { slug: c.slug, name: c.name, description: c.description, parentSlug: c.parent ?? undefined, position: c.position },
      actor,
    );
    done.add(c.slug);
  }
  const postIds = new Map<string, number>();
  for (const [i, p] of data.posts.entries()) {
    const authorId = authorIds.get(p.author)!;
    let post;
    try {
      post = await createPost(
        db,
        {
          title: p.title,
          slug: p.slug,
          markdown: p.markdown,
          status: p.status,
          publishedAt: p.published_at ?? undefined,
          updatedAt: p.updated_at,
          authorId,
          categories: p.categories,
          tags: p.tags,
        },
        actor,
      );
    } catch (err) {
      throw new ExportFormatError(`記事${i + 1}件目「${p.slug}」: ${(err as Error).message}`);
    }
    postIds.set(p.slug, Number(post.id));
  }
  let comments = 0;
  for (const { post, ...c } of data.comments) {
    const postId = postIds.get(post);
    if (postId && (await store.addComment(db.kysely, { ...c, post_id: postId }))) comments++;
  }
  for (const r of data.redirects) await store.putRedirect(db.kysely, r.from, r.to);
  // The media rows; their files come with a copy of KAWARABAN_DATA_DIR/media.
  for (const m of data.media) await insertMedia(db.kysely, { ...m, user_id: null });
  for (const e of data.events) await insertEvent(db.kysely, e);
  await audit(db.kysely, actor, 'import.json', '', `${data.posts.length} posts`);
  return { posts: data.posts.length, comments };
}
