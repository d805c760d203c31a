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
import type { Db } from '../db/connection.ts';
import { readSettings } from '../site/store.ts';
import { updateSettings } from '../site/write.ts';
import { settingsSchema } from '../site/settings.ts';
import * as store from './store.ts';
import { insertMedia } from '../media/store.ts';
import { insertEvent, listEventRows } from '../events/store.ts';

export const EXPORT_FORMAT = 'kawaraban-export';
export const EXPORT_VERSION = 1;

const exportSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  exported_at: z.string(),
  settings: settingsSchema,
  authors: z.array(z.object({ slug: z.string(), display_name: z.string(), profile: z.string(), greeting: z.string(), signoff: z.string() })),
  categories: z.array(z.object({ slug: z.string(), name: z.string(), description: z.string(), parent: z.string().nullable(), position: z.number() })),
  posts: z.array(
    z.object({
      slug: z.string(),
      title: z.string(),
      status: z.enum(['draft', 'pending', 'scheduled', 'published']),
      published_at: z.string().nullable(),
      updated_at: z.string(),
      author: z.string(),
      categories: z.array(z.string()),
      tags: z.array(z.string()),
      markdown: z.string(),
    }),
  ),
  comments: z.array(z.object({ post: z.string(), author_name: z.string(), author_email: z.string().nullable(), author_ip: z.string().nullable(), author_url: z.string().nullable(), body: z.string(), created_at: z.string(), source_key: z.string() })),
  redirects: z.array(z.object({ from: z.string(), to: z.string() })),
  events: z
    .array(
      z.object({
        slug: z.string(),
        kind: z.enum(['seminar', 'webinar', 'ondemand', 'download']),
        status: z.enum(['draft', 'published']),
        title: z.string(),
        description: z.string(),
        starts_at: z.string().nullable(),
        ends_at: z.string().nullable(),
        place: z.string(),
        capacity: z.number().nullable(),
        waitlist: z.number(),
        opens_at: z.string().nullable(),
        closes_at: z.string().nullable(),
        join_url: z.string(),
        video_url: z.string(),
        file_path: z.string().nullable(),
        file_name: z.string().nullable(),
        file_type: z.string().nullable(),
        questions: z.string(),
        purpose: z.string(),
        provided_to: z.string(),
        retention_days: z.number(),
        contact: z.string(),
        access_days: z.number(),
        created_at: z.string(),
        updated_at: z.string(),
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
  const authors = await k.selectFrom('authors').selectAll().orderBy('id').execute();
  const authorSlug = new Map(authors.map((a) => [Number(a.id), a.slug]));
  const categories = await k.selectFrom('categories').selectAll().orderBy('id').execute();
  const categorySlug = new Map(categories.map((c) => [Number(c.id), c.slug]));
  const posts = await k.selectFrom('posts').selectAll().where('deleted_at', 'is', null).orderBy('id').execute();
  const postSlug = new Map(posts.map((p) => [Number(p.id), p.slug]));
  const postCategories = await k.selectFrom('post_categories').selectAll().execute();
  const postTags = await k.selectFrom('post_tags').innerJoin('tags', 'tags.id', 'post_tags.tag_id').select(['post_tags.post_id', 'tags.name']).orderBy('tags.name').execute();
  const comments = await k.selectFrom('comments').selectAll().orderBy('id').execute();
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exported_at: new Date().toISOString(),
    settings: await readSettings(k),
    authors: authors.map((a) => ({ slug: a.slug, display_name: a.display_name, profile: a.profile, greeting: a.greeting, signoff: a.signoff })),
    categories: categories.map((c) => ({ slug: c.slug, name: c.name, description: c.description, parent: c.parent_id === null ? null : (categorySlug.get(Number(c.parent_id)) ?? null), position: Number(c.position) })),
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
      .map((c) => ({ post: postSlug.get(Number(c.post_id))!, author_name: c.author_name, author_email: c.author_email, author_ip: c.author_ip, author_url: c.author_url, body: c.body, created_at: c.created_at, source_key: c.source_key })),
    redirects: (await k.selectFrom('redirects').select(['from_path', 'to_path']).orderBy('id').execute()).map((r) => ({ from: r.from_path, to: r.to_path })),
    events: (await listEventRows(k)).map(({ id: _id, ...e }) => ({ ...e, capacity: e.capacity === null ? null : Number(e.capacity), waitlist: Number(e.waitlist), retention_days: Number(e.retention_days), access_days: Number(e.access_days) })),
    media: (await k.selectFrom('media').selectAll().orderBy('id').execute()).map((m) => ({
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

/** Reads an export into an empty site. Refuses a site that has posts already. */
export async function importSite(db: Db, raw: unknown, actor: Actor): Promise<{ posts: number; comments: number }> {
  const parsed = exportSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ExportFormatError(`Not a Kawaraban export of version ${EXPORT_VERSION}: ${issue.path.join('.')}: ${issue.message}`);
  }
  const data = parsed.data;
  const existing = await db.kysely.selectFrom('posts').select('id').limit(1).executeTakeFirst();
  if (existing) throw new ExportFormatError('The site has posts already; import json fills an empty site only');
  await updateSettings(db, data.settings);
  const authorIds = new Map<string, number>();
  for (const a of data.authors) {
    authorIds.set(a.slug, await createAuthor(db, { slug: a.slug, displayName: a.display_name, profile: a.profile, greeting: a.greeting, signoff: a.signoff }));
  }
  // Parents before children.
  const pending = [...data.categories];
  const done = new Set<string>();
  while (pending.length) {
    const i = pending.findIndex((c) => c.parent === null || done.has(c.parent));
    if (i < 0) throw new ExportFormatError(`Categories refer to parents that are not there: ${pending.map((c) => c.slug).join(', ')}`);
    const c = pending.splice(i, 1)[0]!;
    await createCategory(db, { slug: c.slug, name: c.name, description: c.description, parentSlug: c.parent ?? undefined, position: c.position }, actor);
    done.add(c.slug);
  }
  const postIds = new Map<string, number>();
  for (const p of data.posts) {
    const authorId = authorIds.get(p.author);
    if (!authorId) throw new ExportFormatError(`Post ${p.slug} names an author that is not in the export: ${p.author}`);
    const post = await createPost(
      db,
      { title: p.title, slug: p.slug, markdown: p.markdown, status: p.status, publishedAt: p.published_at ?? undefined, updatedAt: p.updated_at, authorId, categories: p.categories, tags: p.tags },
      actor,
    );
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
