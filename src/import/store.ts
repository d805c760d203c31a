// All SQL of imports: which entry became which post, comments, redirects.
import type { Insertable } from 'kysely';
import type { CommentTable, ImportReviewTable } from '../db/schema.ts';
import type { Tx } from '../db/transaction.ts';

export async function findImported(db: Tx, source: string, key: string): Promise<{ post_id: number; content_hash: string } | undefined> {
  const row = await db
    .selectFrom('imported_entries')
    .select(['post_id', 'content_hash'])
    .where('source', '=', source)
    .where('source_key', '=', key)
    .executeTakeFirst();
  return row ? { post_id: Number(row.post_id), content_hash: row.content_hash } : undefined;
}

export async function slugOf(db: Tx, postId: number): Promise<string> {
  return (await db.selectFrom('posts').select('slug').where('id', '=', postId).executeTakeFirstOrThrow()).slug;
}

export async function saveImported(db: Tx, source: string, key: string, postId: number, hash: string): Promise<void> {
  await db
    .insertInto('imported_entries')
    .values({ source, source_key: key, post_id: postId, content_hash: hash })
    .onConflict((oc) => oc.columns(['source', 'source_key']).doUpdateSet({ post_id: postId, content_hash: hash }))
    .execute();
}

export type NewComment = Insertable<CommentTable>;

/** Adds a comment once (a second import of the same file adds nothing). */
export async function addComment(db: Tx, c: NewComment): Promise<boolean> {
  const rows = await db
    .insertInto('comments')
    .values(c)
    .onConflict((oc) => oc.column('source_key').doNothing())
    .returning('id')
    .execute();
  return rows.length > 0;
}

export async function commentsOf(db: Tx, postId: number) {
  return db.selectFrom('comments').selectAll().where('post_id', '=', postId).orderBy('created_at').execute();
}

/** Old URLs are kept and looked up in one form, so /2019/05/01/%E6%BC%8F/ and
 * /2019/05/01/漏 (and with or without the final slash) are the same old page. */
export function oldPathKey(pathAndQuery: string): string {
  const q = pathAndQuery.indexOf('?');
  const rawPath = q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    path = rawPath;
  }
  if (path.length > 1) path = path.replace(/\/+$/, '') || '/';
  return q < 0 ? path : `${path}${pathAndQuery.slice(q)}`;
}

export async function putRedirect(db: Tx, from: string, to: string): Promise<void> {
  await db
    .insertInto('redirects')
    .values({ from_path: oldPathKey(from), to_path: to, created_at: new Date().toISOString() })
    .onConflict((oc) => oc.column('from_path').doUpdateSet({ to_path: to }))
    .execute();
}

export async function findRedirect(db: Tx, from: string): Promise<string | undefined> {
  return (await db.selectFrom('redirects').select('to_path').where('from_path', '=', oldPathKey(from)).executeTakeFirst())?.to_path;
}

export async function findCategoryByName(db: Tx, name: string) {
  return db.selectFrom('categories').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function findAuthorByName(db: Tx, name: string) {
  return db.selectFrom('authors').selectAll().where('display_name', '=', name).executeTakeFirst();
}

export async function listRedirects(db: Tx) {
  return db.selectFrom('redirects').select(['id', 'from_path', 'to_path']).orderBy('from_path').execute();
}

export async function deleteRedirect(db: Tx, id: number): Promise<void> {
  await db.deleteFrom('redirects').where('id', '=', id).execute();
}

/** An author's greeting and sign-off, as set now. */
export async function authorTemplates(db: Tx, authorId: number): Promise<{ greeting: string; signoff: string }> {
  return db.selectFrom('authors').select(['greeting', 'signoff']).where('id', '=', authorId).executeTakeFirstOrThrow();
}

// ---- The 要確認 list: damaged lines kept as they were, for the author to fix by hand.

export type NewReviewLine = Omit<Insertable<ImportReviewTable>, 'id' | 'created_at' | 'resolved_at'>;

/** Adds a line once (a second import of the same file adds nothing). */
export async function addReviewLine(db: Tx, r: NewReviewLine): Promise<void> {
  await db
    .insertInto('import_review')
    .values({ ...r, created_at: new Date().toISOString(), resolved_at: null })
    .onConflict((oc) => oc.columns(['post_id', 'line', 'text']).doNothing())
    .execute();
}

/** Lines still waiting, with their post's title and slug, oldest post first. */
export async function openReviewLines(db: Tx, limit = 500) {
  return db
    .selectFrom('import_review')
    .innerJoin('posts', 'posts.id', 'import_review.post_id')
    .select([
      'import_review.id',
      'import_review.post_id',
      'import_review.file',
      'import_review.entry',
      'import_review.line',
      'import_review.text',
      'import_review.guess',
      'posts.title',
      'posts.slug',
      'posts.body_markdown',
    ])
    .where('import_review.resolved_at', 'is', null)
    .where('posts.deleted_at', 'is', null)
    .orderBy('import_review.post_id')
    .orderBy('import_review.line')
    .limit(limit)
    .execute();
}

export async function resolveReviewLine(db: Tx, id: number, at: string): Promise<boolean> {
  const r = await db
    .updateTable('import_review')
    .set({ resolved_at: at })
    .where('id', '=', id)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

// ---- The whole site, for `export` (import/json.ts).

export async function exportRows(db: Tx) {
  const [authors, categories, posts, postCategories, postTags, comments, redirects, media] = await Promise.all([
    db.selectFrom('authors').selectAll().orderBy('id').execute(),
    db.selectFrom('categories').selectAll().orderBy('id').execute(),
    db.selectFrom('posts').selectAll().where('deleted_at', 'is', null).orderBy('id').execute(),
    db.selectFrom('post_categories').selectAll().execute(),
    db
      .selectFrom('post_tags')
      .innerJoin('tags', 'tags.id', 'post_tags.tag_id')
      .select(['post_tags.post_id', 'tags.name'])
      .orderBy('tags.name')
      .execute(),
    db.selectFrom('comments').selectAll().orderBy('id').execute(),
    db.selectFrom('redirects').select(['from_path', 'to_path']).orderBy('id').execute(),
    db.selectFrom('media').selectAll().orderBy('id').execute(),
  ]);
  return { authors, categories, posts, postCategories, postTags, comments, redirects, media };
}

/** Whether the site holds any post (import json fills an empty site only). */
export async function hasPosts(db: Tx): Promise<boolean> {
  return (await db.selectFrom('posts').select('id').limit(1).executeTakeFirst()) !== undefined;
}
