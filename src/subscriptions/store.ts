// All SQL of subscriptions: subscribers, followed posts, each post's mailing, their settings
// (rows of the settings table under "subscriptions.") and their counts in the outbox.
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { SubscriberTable } from '../db/schema.ts';
import type { Tx } from '../db/transaction.ts';

export type SubscriberRow = Selectable<SubscriberTable>;

export async function insertSubscriber(db: Tx, row: Insertable<SubscriberTable>): Promise<number> {
  const r = await db.insertInto('subscribers').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function findByEmailHash(db: Tx, hashes: string[]): Promise<SubscriberRow | undefined> {
  if (!hashes.length) return undefined;
  return db.selectFrom('subscribers').selectAll().where('email_hash', 'in', hashes).executeTakeFirst();
}

export async function findByRef(db: Tx, ref: string): Promise<SubscriberRow | undefined> {
  return db.selectFrom('subscribers').selectAll().where('ref', '=', ref).executeTakeFirst();
}

export async function updateSubscriber(db: Tx, id: number, change: Updateable<SubscriberTable>): Promise<void> {
  await db.updateTable('subscribers').set(change).where('id', '=', id).execute();
}

/** Uses the confirmation nonce once: false when it was used or replaced meanwhile. */
export async function consumeNonce(db: Tx, id: number, nonceHash: string, confirmedAt: string): Promise<boolean> {
  const r = await db
    .updateTable('subscribers')
    .set({ status: 'confirmed', confirmed_at: confirmedAt, confirm_nonce: null })
    .where('id', '=', id)
    .where('confirm_nonce', '=', nonceHash)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteSubscribers(db: Tx, ids: number[]): Promise<number> {
  if (!ids.length) return 0;
  // Mail not yet sent to them goes too; sent mail keeps only a number (set null).
  await db.deleteFrom('mail_outbox').where('subscriber_id', 'in', ids).where('status', '!=', 'sent').execute();
  const r = await db.deleteFrom('subscribers').where('id', 'in', ids).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function unconfirmedBefore(db: Tx, before: string): Promise<number[]> {
  const rows = await db.selectFrom('subscribers').select('id').where('status', '=', 'pending').where('created_at', '<', before).execute();
  return rows.map((r) => Number(r.id));
}

/** Confirmed subscribers of a frequency, by id, a page at a time. */
export async function confirmedSubscribers(db: Tx, frequency: 'each' | 'weekly', after: number, limit: number): Promise<SubscriberRow[]> {
  return db
    .selectFrom('subscribers')
    .selectAll()
    .where('status', '=', 'confirmed')
    .where('frequency', '=', frequency)
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Id and categories of every confirmed subscriber of a frequency: what a publish needs to
 * queue their mail (their addresses are opened only when the mail is sent). */
export async function confirmedTopics(db: Tx, frequency: 'each' | 'weekly') {
  return db
    .selectFrom('subscribers')
    .select(['id', 'categories'])
    .where('status', '=', 'confirmed')
    .where('frequency', '=', frequency)
    .orderBy('id')
    .execute();
}

export async function subscribersByIds(db: Tx, ids: number[]): Promise<SubscriberRow[]> {
  if (!ids.length) return [];
  return db.selectFrom('subscribers').selectAll().where('id', 'in', ids).execute();
}

/** Posts as a mail shows them, with their author's name. */
export async function postsForMail(db: Tx, ids: number[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('posts')
    .leftJoin('authors', 'authors.id', 'posts.author_id')
    .select(['posts.id', 'posts.slug', 'posts.title', 'posts.published_at', 'posts.blocks', 'posts.updated_at', 'authors.display_name'])
    .where('posts.id', 'in', ids)
    .execute();
}

/** Mail to a subscriber not sent yet (a person's export). */
export async function queuedMailOf(db: Tx, subscriberId: number): Promise<number> {
  const r = await db
    .selectFrom('mail_outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('subscriber_id', '=', subscriberId)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function allSubscribers(db: Tx): Promise<SubscriberRow[]> {
  return db.selectFrom('subscribers').selectAll().orderBy('id').execute();
}

export async function countsByStatus(db: Tx) {
  return db
    .selectFrom('subscribers')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
}

export async function follow(db: Tx, subscriberId: number, postId: number, at: string): Promise<void> {
  await db
    .insertInto('subscriber_follows')
    .values({ subscriber_id: subscriberId, post_id: postId, created_at: at })
    .onConflict((oc) => oc.columns(['subscriber_id', 'post_id']).doNothing())
    .execute();
}

export async function unfollow(db: Tx, subscriberId: number, postIds: number[]): Promise<void> {
  if (!postIds.length) return;
  await db.deleteFrom('subscriber_follows').where('subscriber_id', '=', subscriberId).where('post_id', 'in', postIds).execute();
}

export async function followsOf(db: Tx, subscriberId: number) {
  return db
    .selectFrom('subscriber_follows')
    .innerJoin('posts', 'posts.id', 'subscriber_follows.post_id')
    .select(['posts.id', 'posts.slug', 'posts.title', 'subscriber_follows.created_at'])
    .where('subscriber_follows.subscriber_id', '=', subscriberId)
    .orderBy('subscriber_follows.created_at')
    .execute();
}

export async function followersOf(db: Tx, postId: number): Promise<SubscriberRow[]> {
  return db
    .selectFrom('subscriber_follows')
    .innerJoin('subscribers', 'subscribers.id', 'subscriber_follows.subscriber_id')
    .selectAll('subscribers')
    .where('subscriber_follows.post_id', '=', postId)
    .where('subscribers.status', '=', 'confirmed')
    .execute();
}

export async function mailingOf(db: Tx, postId: number) {
  return db.selectFrom('post_mailings').selectAll().where('post_id', '=', postId).executeTakeFirst();
}

export async function setMailOff(db: Tx, postId: number, off: boolean): Promise<void> {
  await db
    .insertInto('post_mailings')
    .values({ post_id: postId, mail_off: off ? 1 : 0, queued_at: null, queued: 0 })
    .onConflict((oc) => oc.column('post_id').doUpdateSet({ mail_off: off ? 1 : 0 }))
    .execute();
}

/** Marks a post's mailing as queued; false when it was already (so nothing is queued twice). */
export async function claimMailing(db: Tx, postId: number, at: string): Promise<boolean> {
  await db
    .insertInto('post_mailings')
    .values({ post_id: postId, mail_off: 0, queued_at: null, queued: 0 })
    .onConflict((oc) => oc.column('post_id').doNothing())
    .execute();
  const r = await db
    .updateTable('post_mailings')
    .set({ queued_at: at })
    .where('post_id', '=', postId)
    .where('queued_at', 'is', null)
    .where('mail_off', '=', 0)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setQueued(db: Tx, postId: number, queued: number): Promise<void> {
  await db.updateTable('post_mailings').set({ queued }).where('post_id', '=', postId).execute();
}

export async function categorySlugsOfPost(db: Tx, postId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('post_categories')
    .innerJoin('categories', 'categories.id', 'post_categories.category_id')
    .select('categories.slug')
    .where('post_categories.post_id', '=', postId)
    .execute();
  return rows.map((r) => r.slug);
}

export async function allCategories(db: Tx) {
  return db.selectFrom('categories').select(['slug', 'name']).orderBy('position').orderBy('name').execute();
}

export async function findPublishedPost(db: Tx, slug: string) {
  return db
    .selectFrom('posts')
    .select(['id', 'slug', 'title'])
    .where('slug', '=', slug)
    .where('status', '=', 'published')
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function postsPublishedBetween(db: Tx, from: string, to: string) {
  return db
    .selectFrom('posts')
    .select(['id', 'slug', 'title', 'excerpt', 'published_at'])
    .where('status', '=', 'published')
    .where('deleted_at', 'is', null)
    .where('published_at', '>', from)
    .where('published_at', '<=', to)
    .orderBy('published_at')
    .execute();
}

export async function categoriesOfPosts(db: Tx, postIds: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>(postIds.map((id) => [id, []]));
  if (!postIds.length) return out;
  const rows = await db
    .selectFrom('post_categories')
    .innerJoin('categories', 'categories.id', 'post_categories.category_id')
    .select(['post_categories.post_id', 'categories.slug'])
    .where('post_categories.post_id', 'in', postIds)
    .execute();
  for (const r of rows) out.get(Number(r.post_id))?.push(r.slug);
  return out;
}

/** queued / sent / failed per post, of mails about posts. */
export async function mailCountsByPost(db: Tx) {
  return db
    .selectFrom('mail_outbox')
    .innerJoin('posts', 'posts.id', 'mail_outbox.post_id')
    .select(['posts.id', 'posts.slug', 'posts.title', 'mail_outbox.status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('mail_outbox.kind', 'in', ['post', 'addendum'])
    .groupBy(['posts.id', 'posts.slug', 'posts.title', 'mail_outbox.status'])
    .orderBy('posts.id', 'desc')
    .execute();
}

export async function readSettingRows(db: Tx) {
  return db.selectFrom('settings').selectAll().where('key', 'like', 'subscriptions.%').execute();
}

export async function writeSettingRow(db: Tx, key: string, value: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

export async function recordFailure(db: Tx, id: number): Promise<void> {
  await db
    .updateTable('subscribers')
    .set({ failures: (eb) => eb('failures', '+', 1) })
    .where('id', '=', id)
    .execute();
  await db
    .updateTable('subscribers')
    .set({ status: 'paused' })
    .where('id', '=', id)
    .where('failures', '>=', 3)
    .where('status', '=', 'confirmed')
    .execute();
}
