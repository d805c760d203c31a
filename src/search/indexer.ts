// Keeps the search index in step with the posts: called inside the same transaction as
// every write that can change what a published post says or whether it is published.
import type { DatabaseKind } from '../db/connection.ts';
import type { Tx } from '../db/transaction.ts';
import * as posts from '../content/post-store.ts';
import { localDate } from '../time.ts';
import { normalize } from './normalize.ts';
import * as store from './store.ts';

/** Indexes a published post (title, text with commentary, addenda and sources, categories,
 * tags), or removes any other post from the index. */
export async function reindexPost(db: Tx, kind: DatabaseKind, postId: number): Promise<void> {
  const post = await posts.findById(db, postId);
  if (!post || post.status !== 'published' || post.deleted_at || !post.published_at) {
    await store.removeDocument(db, kind, postId);
    return;
  }
  const terms = await posts.taxonomyOfPosts(db, [postId]);
  const labels = [...(terms.categories.get(postId) ?? []), ...(terms.tags.get(postId) ?? [])].map((t) => t.name);
  await store.putDocument(db, kind, {
    post_id: postId,
    title: normalize(post.title),
    body: normalize(`${post.plain_text}\n${labels.join(' ')}`),
    published_at: post.published_at,
    year: localDate(post.published_at).slice(0, 4),
  });
}

export async function reindexPosts(db: Tx, kind: DatabaseKind, postIds: number[]): Promise<void> {
  for (const id of postIds) await reindexPost(db, kind, id);
}
