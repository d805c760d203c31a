// All SQL about posts. Functions take a Kysely instance or a transaction, so the service
// decides what happens atomically.
import { sql, type Insertable, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { DatabaseKind } from '../db/connection.ts';
import type { Database, PostRevisionTable, PostStatus, PostTable } from '../db/schema.ts';
import { preparedQuery } from '../db/prepared-query.ts';
import { utf8Bytes } from '../db/utf8-bytes.ts';

export type Q = Kysely<Database> | Transaction<Database>;
export type PostRow = Selectable<PostTable>;

/** What pages show of a post: everything but the author's source, the blocks and the search
 * text, which are large and only the editor, the API and the search index read. */
const pageColumns = [
  'id',
  'slug',
  'title',
  'status',
  'published_at',
  'archive_month',
  'updated_at',
  'created_at',
  'author_id',
  'excerpt',
  'reading_chars',
  'lead_image',
] as const;
/** The body's HTML comes as its stored UTF-8 bytes: pages splice it into their own bytes,
 * and decoding Japanese text into a string would cost more than the rest of the page. */
export type PagePostRow = Pick<PostRow, (typeof pageColumns)[number]> & {
  body_html: Buffer;
  /** The post's category and tag ids, comma-separated (null when it has none). */
  category_ids: string | null;
  tag_ids: string | null;
};

/** A post's term ids read in the same statement as the post (one round trip and one query
 * less per page than a second lookup); pages name them from the remembered dictionary. */
function termIds(
  kind: DatabaseKind,
  table: 'post_categories' | 'post_tags',
  column: 'category_id' | 'tag_id',
  as: 'category_ids' | 'tag_ids',
) {
  const list = kind === 'sqlite' ? sql`group_concat(${sql.ref(column)}, ',')` : sql`string_agg(cast(${sql.ref(column)} as text), ',')`;
  return sql<string | null>`(select ${list} from ${sql.table(table)} where ${sql.ref(`${table}.post_id`)} = ${sql.ref('posts.id')})`.as(as);
}

/** Everything a page shows of a post. */
function pageSelection(kind: DatabaseKind) {
  return [
    ...pageColumns,
    utf8Bytes(kind, 'body_html'),
    termIds(kind, 'post_categories', 'category_id', 'category_ids'),
    termIds(kind, 'post_tags', 'tag_id', 'tag_ids'),
  ] as const;
}

export interface PostFilter {
  categoryIds?: number[];
  tagId?: number;
  /** YYYY-MM (a month) or YYYY (a year), in the site's time zone. */
  month?: string;
  year?: string;
  authorId?: number;
}

/** Published posts matching a filter, newest first. */
function publishedQuery(db: Q, filter: PostFilter) {
  let q = db.selectFrom('posts').where('status', '=', 'published');
  if (filter.categoryIds) {
    const ids = filter.categoryIds.length ? filter.categoryIds : [-1];
    q = q.where('id', 'in', db.selectFrom('post_categories').select('post_id').where('category_id', 'in', ids));
  }
  if (filter.tagId !== undefined) {
    q = q.where('id', 'in', db.selectFrom('post_tags').select('post_id').where('tag_id', '=', filter.tagId!));
  }
  if (filter.month) q = q.where('archive_month', '=', filter.month);
  if (filter.year) q = q.where('archive_month', 'like', `${filter.year}-%`);
  if (filter.authorId !== undefined) q = q.where('author_id', '=', filter.authorId!);
  return q;
}

function newestFirst(db: Q, kind: DatabaseKind, filter: PostFilter, limit: number, offset: number) {
  return publishedQuery(db, filter)
    .select(pageSelection(kind))
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset);
}

/** The front page's list (no filter), the listing asked most: compiled once. */
const newestOfAll = preparedQuery((db: Q, kind: DatabaseKind, limit: number, offset: number) => newestFirst(db, kind, {}, limit, offset));

export async function listPublished(db: Q, kind: DatabaseKind, filter: PostFilter, limit: number, offset: number): Promise<PagePostRow[]> {
  if (!Object.values(filter).some((v) => v !== undefined)) return newestOfAll(db, kind, limit, offset);
  return newestFirst(db, kind, filter, limit, offset).execute();
}

export async function countPublished(db: Q, filter: PostFilter): Promise<number> {
  const row = await publishedQuery(db, filter)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A post's own page, the read asked most after the front page: compiled once. */
const publishedBySlug = preparedQuery((db: Q, kind: DatabaseKind, slug: string) =>
  db.selectFrom('posts').select(pageSelection(kind)).where('slug', '=', slug).where('status', '=', 'published'),
);

export async function findPublishedForPage(db: Q, kind: DatabaseKind, slug: string): Promise<PagePostRow | undefined> {
  return (await publishedBySlug(db, kind, slug))[0];
}

export async function findBySlug(db: Q, slug: string): Promise<PostRow | undefined> {
  return db.selectFrom('posts').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function findById(db: Q, id: number): Promise<PostRow | undefined> {
  return db.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function slugTaken(db: Q, slug: string, exceptId?: number): Promise<boolean> {
  let q = db.selectFrom('posts').select('id').where('slug', '=', slug);
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function insertPost(db: Q, row: Insertable<PostTable>): Promise<number> {
  const { id } = await db.insertInto('posts').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(id);
}

export async function updatePostRow(db: Q, id: number, row: Updateable<PostTable>): Promise<void> {
  await db.updateTable('posts').set(row).where('id', '=', id).execute();
}

export async function deletePostRow(db: Q, id: number): Promise<void> {
  await db.deleteFrom('posts').where('id', '=', id).execute();
}

export async function setPostCategories(db: Q, postId: number, categoryIds: number[]): Promise<void> {
  await db.deleteFrom('post_categories').where('post_id', '=', postId).execute();
  if (categoryIds.length) {
    await db
      .insertInto('post_categories')
      .values(categoryIds.map((category_id) => ({ post_id: postId, category_id })))
      .execute();
  }
}

export async function setPostTags(db: Q, postId: number, tagIds: number[]): Promise<void> {
  await db.deleteFrom('post_tags').where('post_id', '=', postId).execute();
  if (tagIds.length) {
    await db
      .insertInto('post_tags')
      .values(tagIds.map((tag_id) => ({ post_id: postId, tag_id })))
      .execute();
  }
}

/** Posts whose body HTML an older renderer wrote, lowest id first. */
export async function staleBodies(db: Q, version: number, limit: number): Promise<Array<{ id: number; blocks: string }>> {
  return db.selectFrom('posts').select(['id', 'blocks']).where('body_version', '<', version).orderBy('id').limit(limit).execute();
}

/** Records the body HTML a renderer version wrote (undefined: the stored HTML is kept). */
export async function storeBody(db: Q, id: number, bodyHtml: string | undefined, version: number): Promise<void> {
  await db
    .updateTable('posts')
    .set(bodyHtml === undefined ? { body_version: version } : { body_html: bodyHtml, body_version: version })
    .where('id', '=', id)
    .execute();
}

/** The stored blocks (JSON) of posts, for the API. */
export async function blocksOf(db: Q, ids: number[]): Promise<Array<{ id: number; blocks: string }>> {
  if (!ids.length) return [];
  return db.selectFrom('posts').select(['id', 'blocks']).where('id', 'in', ids).execute();
}

/** Every published post's link, newest first (the order of previous/next). */
export async function publishedLinksNewestFirst(db: Q): Promise<Array<{ id: number; slug: string; title: string }>> {
  return db
    .selectFrom('posts')
    .select(['id', 'slug', 'title'])
    .where('status', '=', 'published')
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function recentTitles(db: Q, limit: number): Promise<Array<{ slug: string; title: string; published_at: string | null }>> {
  return db
    .selectFrom('posts')
    .select(['slug', 'title', 'published_at'])
    .where('status', '=', 'published')
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function monthCounts(db: Q): Promise<Array<{ month: string; count: number }>> {
  const rows = await db
    .selectFrom('posts')
    .select((eb) => ['archive_month', eb.fn.countAll().as('n')])
    .where('status', '=', 'published')
    .where('archive_month', 'is not', null)
    .groupBy('archive_month')
    .orderBy('archive_month', 'desc')
    .execute();
  return rows.map((r) => ({ month: r.archive_month!, count: Number(r.n) }));
}

/** Slugs and dates of every published post, for the sitemap. */
export async function allPublishedForSitemap(db: Q): Promise<Array<{ slug: string; updated_at: string }>> {
  return db.selectFrom('posts').select(['slug', 'updated_at']).where('status', '=', 'published').orderBy('published_at', 'desc').execute();
}

export async function countAllPosts(db: Q): Promise<number> {
  const row = await db
    .selectFrom('posts')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Categories and tags of many posts at once (one query for both), keyed by post id;
 * categories in their order, tags by name. */
export async function taxonomyOfPosts(
  db: Q,
  postIds: number[],
): Promise<{ categories: Map<number, Array<{ slug: string; name: string }>>; tags: Map<number, Array<{ slug: string; name: string }>> }> {
  const categories = new Map<number, Array<{ slug: string; name: string }>>();
  const tags = new Map<number, Array<{ slug: string; name: string }>>();
  if (!postIds.length) return { categories, tags };
  const rows = await db
    .selectFrom('post_categories')
    .innerJoin('categories', 'categories.id', 'post_categories.category_id')
    .select(['post_categories.post_id', sql<number>`0`.as('kind'), 'categories.position', 'categories.slug', 'categories.name'])
    .where('post_categories.post_id', 'in', postIds)
    .unionAll(
      db
        .selectFrom('post_tags')
        .innerJoin('tags', 'tags.id', 'post_tags.tag_id')
        .select(['post_tags.post_id', sql<number>`1`.as('kind'), sql<number>`0`.as('position'), 'tags.slug', 'tags.name'])
        .where('post_tags.post_id', 'in', postIds),
    )
    .orderBy('kind')
    .orderBy('position')
    .orderBy('name')
    .execute();
  for (const r of rows) push(Number(r.kind) === 0 ? categories : tags, Number(r.post_id), { slug: r.slug, name: r.name });
  return { categories, tags };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** lower(column) contains `needle` (already lower-cased). ESCAPE is spelled out: SQLite has
 * no default escape character for LIKE. */
function contains(column: 'title' | 'plain_text', needle: string) {
  const pattern = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}

export async function insertRevision(db: Q, row: Insertable<PostRevisionTable>): Promise<void> {
  await db.insertInto('post_revisions').values(row).execute();
}

export async function listRevisions(db: Q, postId: number): Promise<Array<Selectable<PostRevisionTable>>> {
  return db.selectFrom('post_revisions').selectAll().where('post_id', '=', postId).orderBy('revision', 'desc').execute();
}

export async function findRevision(db: Q, postId: number, revision: number): Promise<Selectable<PostRevisionTable> | undefined> {
  return db.selectFrom('post_revisions').selectAll().where('post_id', '=', postId).where('revision', '=', revision).executeTakeFirst();
}

export async function trashedBefore(db: Q, cutoff: string): Promise<number[]> {
  const rows = await db.selectFrom('posts').select('id').where('deleted_at', 'is not', null).where('deleted_at', '<', cutoff).execute();
  return rows.map((r) => Number(r.id));
}

export async function anyScheduledBefore(db: Q, at: string): Promise<boolean> {
  const row = await db
    .selectFrom('posts')
    .select('id')
    .where('status', '=', 'scheduled')
    .where('published_at', '<=', at)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function publishScheduledBefore(db: Q, at: string): Promise<Array<{ id: number; slug: string }>> {
  return db
    .updateTable('posts')
    .set({ status: 'published' })
    .where('status', '=', 'scheduled')
    .where('published_at', '<=', at)
    .where('deleted_at', 'is', null)
    .returning(['id', 'slug'])
    .execute();
}

export interface AdminFilter {
  status?: PostStatus;
  query?: string;
  categoryId?: number;
  authorId?: number;
  trashed: boolean;
  /** Authors see only the posts they created. */
  createdBy?: number;
}

export type AdminPostRow = Pick<
  PostRow,
  'id' | 'slug' | 'title' | 'status' | 'published_at' | 'updated_at' | 'author_id' | 'deleted_at' | 'created_by'
>;

export async function listForAdmin(db: Q, f: AdminFilter, limit: number, offset: number): Promise<{ rows: AdminPostRow[]; total: number }> {
  let q = db.selectFrom('posts').where('deleted_at', f.trashed ? 'is not' : 'is', null);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.authorId !== undefined) q = q.where('author_id', '=', f.authorId);
  if (f.createdBy !== undefined) q = q.where('created_by', '=', f.createdBy);
  if (f.categoryId !== undefined)
    q = q.where('id', 'in', db.selectFrom('post_categories').select('post_id').where('category_id', '=', f.categoryId));
  if (f.query) {
    q = q.where(contains('title', f.query.toLowerCase()));
  }
  const total = Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await q
    .select(['id', 'slug', 'title', 'status', 'published_at', 'updated_at', 'author_id', 'deleted_at', 'created_by'])
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return { rows, total };
}

export async function postIdsInCategory(db: Q, categoryId: number): Promise<number[]> {
  return (await db.selectFrom('post_categories').select('post_id').where('category_id', '=', categoryId).execute()).map((r) =>
    Number(r.post_id),
  );
}

export async function postIdsWithTag(db: Q, tagId: number): Promise<number[]> {
  return (await db.selectFrom('post_tags').select('post_id').where('tag_id', '=', tagId).execute()).map((r) => Number(r.post_id));
}

export async function allPostIds(db: Q): Promise<number[]> {
  return (await db.selectFrom('posts').select('id').orderBy('id').execute()).map((r) => Number(r.id));
}

export type SearchResultRow = Pick<PostRow, 'id' | 'slug' | 'title' | 'published_at' | 'plain_text'>;

export async function postsForResults(db: Q, ids: number[]): Promise<Map<number, SearchResultRow>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('posts').select(['id', 'slug', 'title', 'published_at', 'plain_text']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [Number(r.id), r]));
}
