// All SQL of comments: what readers see (approved, per post, in pages), what the author
// moderates, what the abuse checks count, and what the daily job clears.
import { sql, type Insertable, type Selectable } from 'kysely';
import type { CommentStatus, CommentTable } from '../db/schema.ts';
import type { DatabaseKind } from '../db/connection.ts';
import type { Tx } from '../db/transaction.ts';
import { utf8Bytes } from '../db/utf8-bytes.ts';

export type CommentRow = Selectable<CommentTable>;

/** What pages show of a comment (nothing personal). Its HTML is null on rows stored before
 * it was kept (and imports): their text is read apart (textsOf), once. */
const publicColumns = ['id', 'parent_id', 'author_name', 'created_at', 'by_author'] as const;
/** The body's HTML comes as its stored UTF-8 bytes (a page splices it in, as post bodies),
 * or null; set to a string when it is made on the spot (fillBodyHtml). */
export type PublicCommentRow = Pick<CommentRow, (typeof publicColumns)[number]> & { body_html: Buffer | string | null };

/** The bodies of these comments, and where they came from (an import's bodies carry HTML). */
export async function textsOf(db: Tx, ids: number[]) {
  if (!ids.length) return [];
  return db.selectFrom('comments').select(['id', 'body', 'source_key']).where('id', 'in', ids).execute();
}

export async function insertComment(db: Tx, row: Insertable<CommentTable>): Promise<number> {
  const r = await db.insertInto('comments').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function findComment(db: Tx, id: number): Promise<CommentRow | undefined> {
  return db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findCommentByRef(db: Tx, ref: string): Promise<CommentRow | undefined> {
  return db.selectFrom('comments').selectAll().where('ref', '=', ref).executeTakeFirst();
}

export async function commentsByIds(db: Tx, ids: number[]): Promise<CommentRow[]> {
  if (!ids.length) return [];
  return db.selectFrom('comments').selectAll().where('id', 'in', ids).orderBy('id').execute();
}

function topLevelPage(db: Tx, postId: number, offset: number, limit: number) {
  return db
    .selectFrom('comments')
    .where('post_id', '=', postId)
    .where('status', '=', 'approved')
    .where('parent_id', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .offset(offset)
    .limit(limit);
}

/** One page of a post's approved top-level comments, oldest first. */
export async function approvedTopLevel(
  db: Tx,
  kind: DatabaseKind,
  postId: number,
  offset: number,
  limit: number,
): Promise<PublicCommentRow[]> {
  return topLevelPage(db, postId, offset, limit)
    .select([...publicColumns, utf8Bytes<'body_html', Buffer | null>(kind, 'body_html')])
    .execute();
}

/** The approved replies to the comments of that same page, oldest first. */
export async function approvedRepliesOfPage(
  db: Tx,
  kind: DatabaseKind,
  postId: number,
  offset: number,
  limit: number,
): Promise<PublicCommentRow[]> {
  return db
    .selectFrom('comments')
    .select([...publicColumns, utf8Bytes<'body_html', Buffer | null>(kind, 'body_html')])
    .where('parent_id', 'in', topLevelPage(db, postId, offset, limit).select('id'))
    .where('status', '=', 'approved')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Every post's approved comments (all, and at the top level); posts without any are absent.
 * Read once per content version: most posts have none, and their pages then ask nothing. */
export async function approvedTallies(db: Tx): Promise<Map<number, { all: number; top: number }>> {
  const rows = await db
    .selectFrom('comments')
    .select((eb) => [
      'post_id',
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>(eb.case().when('parent_id', 'is', null).then(1).else(0).end()).as('top'),
    ])
    .where('status', '=', 'approved')
    .groupBy('post_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.post_id), { all: Number(r.n), top: Number(r.top ?? 0) }]));
}

/** Keeps a comment's body HTML once made (it is derived from the body: pages do not change). */
export async function setBodyHtml(db: Tx, id: number, html: string): Promise<void> {
  await db.updateTable('comments').set({ body_html: html }).where('id', '=', id).where('body_html', 'is', null).execute();
}

/** Comments whose body HTML is not made yet (rows from before it was kept, imports). */
export async function withoutBodyHtml(db: Tx, limit: number) {
  return db.selectFrom('comments').select(['id', 'body', 'source_key']).where('body_html', 'is', null).orderBy('id').limit(limit).execute();
}

/** Comments sent from this address (keyed hash) since then: the rate limit every process sees. */
export async function countFromAddressSince(db: Tx, addressHash: string, since: string): Promise<number> {
  const r = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('ip_hash', '=', addressHash)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export interface AdminFilter {
  status?: CommentStatus;
  postId?: number;
}

/** For the admin and the CLI: held first, then approved, then spam; newest first within. */
export async function listForModeration(db: Tx, filter: AdminFilter, limit: number) {
  let q = db
    .selectFrom('comments')
    .innerJoin('posts', 'posts.id', 'comments.post_id')
    .select([
      'comments.id',
      'comments.post_id',
      'comments.parent_id',
      'comments.author_name',
      'comments.body',
      'comments.created_at',
      'comments.status',
      'comments.by_author',
      'comments.source_key',
      'posts.slug',
      'posts.title',
    ]);
  if (filter.status) q = q.where('comments.status', '=', filter.status);
  if (filter.postId) q = q.where('comments.post_id', '=', filter.postId);
  return q
    .orderBy(sql`case comments.status when 'held' then 0 when 'approved' then 1 else 2 end`)
    .orderBy('comments.created_at', 'desc')
    .orderBy('comments.id', 'desc')
    .limit(limit)
    .execute();
}

export async function countByStatus(db: Tx, status: CommentStatus): Promise<number> {
  const r = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', status)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function setStatus(db: Tx, ids: number[], status: CommentStatus, at: string): Promise<number> {
  if (!ids.length) return 0;
  const r = await db.updateTable('comments').set({ status, moderated_at: at }).where('id', 'in', ids).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The ids of the replies to these comments. */
export async function replyIds(db: Tx, ids: number[]): Promise<number[]> {
  if (!ids.length) return [];
  return (await db.selectFrom('comments').select('id').where('parent_id', 'in', ids).execute()).map((r) => Number(r.id));
}

/** Mails about these comments (reply notices) that have not gone out yet. */
export async function deleteUnsentMailAbout(db: Tx, commentIds: number[]): Promise<number> {
  if (!commentIds.length) return 0;
  const r = await db.deleteFrom('mail_outbox').where('comment_id', 'in', commentIds).where('status', '!=', 'sent').executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Deletes comments with their replies and the reply notices about any of them not sent yet. */
export async function deleteComments(db: Tx, ids: number[]): Promise<number> {
  if (!ids.length) return 0;
  await deleteUnsentMailAbout(db, [...ids, ...(await replyIds(db, ids))]);
  // Replies go with their comment (the foreign key cascades; said here for both engines).
  await db.deleteFrom('comments').where('parent_id', 'in', ids).execute();
  const r = await db.deleteFrom('comments').where('id', 'in', ids).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Whether this body was already posted under the post (the same comment sent twice). */
export async function bodyExists(db: Tx, postId: number, bodyHash: string): Promise<boolean> {
  const r = await db.selectFrom('comments').select('id').where('post_id', '=', postId).where('body_hash', '=', bodyHash).executeTakeFirst();
  return r !== undefined;
}

/** Whether someone with one of these email hashes has had a comment approved. */
export async function hasApprovedComment(db: Tx, emailHashes: string[]): Promise<boolean> {
  if (!emailHashes.length) return false;
  const r = await db
    .selectFrom('comments')
    .select('id')
    .where('email_hash', 'in', emailHashes)
    .where('status', '=', 'approved')
    .executeTakeFirst();
  return r !== undefined;
}

export async function threadMode(db: Tx, postId: number): Promise<'open' | 'closed' | undefined> {
  const r = await db.selectFrom('comment_threads').select('mode').where('post_id', '=', postId).executeTakeFirst();
  return r?.mode;
}

/** The posts whose comments were opened or closed by hand (the rest follow the site's rule). */
export async function threadModes(db: Tx): Promise<Map<number, 'open' | 'closed'>> {
  const rows = await db.selectFrom('comment_threads').select(['post_id', 'mode']).execute();
  return new Map(rows.map((r) => [Number(r.post_id), r.mode]));
}

export async function setThreadMode(db: Tx, postId: number, mode: 'open' | 'closed' | 'auto'): Promise<void> {
  await db.deleteFrom('comment_threads').where('post_id', '=', postId).execute();
  if (mode !== 'auto') await db.insertInto('comment_threads').values({ post_id: postId, mode }).execute();
}

/** A published post that can take comments: its id, title, author and publication time. */
export async function publishedPost(db: Tx, slug: string) {
  return db
    .selectFrom('posts')
    .select(['id', 'slug', 'title', 'author_id', 'published_at'])
    .where('slug', '=', slug)
    .where('status', '=', 'published')
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function postById(db: Tx, id: number) {
  return db
    .selectFrom('posts')
    .select(['id', 'slug', 'title', 'author_id', 'published_at', 'status'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Held comments that came in after `since` (the author's digest). */
export async function heldSince(db: Tx, since: string) {
  return db
    .selectFrom('comments')
    .innerJoin('posts', 'posts.id', 'comments.post_id')
    .select(['comments.id', 'comments.author_name', 'comments.body', 'comments.created_at', 'posts.title', 'posts.author_id'])
    .where('comments.status', '=', 'held')
    .where('comments.created_at', '>', since)
    .orderBy('comments.created_at')
    .limit(200)
    .execute();
}

/** Accounts that hear of held comments: those of the post's author, else every owner. */
export async function recipientsFor(db: Tx, authorIds: number[]) {
  const users = await db.selectFrom('users').select(['email', 'author_id', 'role']).where('disabled', '=', 0).execute();
  return {
    byAuthor: users.filter((u) => u.author_id !== null && authorIds.includes(Number(u.author_id))),
    owners: users.filter((u) => u.role === 'owner'),
  };
}

/** Clears the address hashes older than `before`; returns how many. */
export async function clearOldAddressHashes(db: Tx, before: string): Promise<number> {
  const r = await db
    .updateTable('comments')
    .set({ ip_hash: null })
    .where('ip_hash', 'is not', null)
    .where('created_at', '<', before)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Posts that have comments, newest first (the admin's filter). */
export async function postsWithComments(db: Tx, limit = 300) {
  return db
    .selectFrom('posts')
    .select(['posts.id', 'posts.title'])
    .where((eb) => eb.exists(eb.selectFrom('comments').select('comments.id').whereRef('comments.post_id', '=', 'posts.id')))
    .orderBy('posts.id', 'desc')
    .limit(limit)
    .execute();
}
