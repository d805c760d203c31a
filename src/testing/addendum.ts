// Appends a dated addendum to a post through the content service (the admin's "add an
// addendum" builds on the same call).
import type { Db } from '../db/connection.ts';
import * as read from '../content/read.ts';
import { updatePost } from '../content/service.ts';

export async function addAddendum(db: Db, slug: string, date: string, text: string): Promise<void> {
  const found = await read.publishedPost(db, slug);
  if (!found) throw new Error(`no post ${slug}`);
  const blocks = (await read.blocksOfPosts(db, [found.post.id])).get(found.post.id) ?? [];
  await updatePost(db, found.post.id, {
    blocks: [...blocks, { type: 'addendum', date, blocks: [{ type: 'paragraph', text }] }],
  });
}
