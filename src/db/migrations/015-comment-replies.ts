// Comments, second step: the body's HTML kept beside its text (written when the comment is
// saved; rows from before, and imported ones, get it on first need and from the comments job),
// so a page of a hundred comments is not linkified and escaped again at every render; and the
// comment a queued mail is about (a reply notice), so that withdrawing either comment or a
// privacy deletion also removes the notices not yet sent; and an index for the per-address
// rate limit that the comment preview checks in the database (every process sees it), and
// one that reads a page of a post's top-level comments in order.
import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../connection.ts';

export async function up(db: Kysely<unknown>, _kind: DatabaseKind): Promise<void> {
  await db.schema.alterTable('comments').addColumn('body_html', 'text').execute();
  await db.schema.alterTable('mail_outbox').addColumn('comment_id', 'integer').execute();
  // A post's approved top-level comments in order, straight from the index (a page of them).
  await db.schema.createIndex('comments_post_top').on('comments').columns(['post_id', 'status', 'parent_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('comments_ip_hash').on('comments').columns(['ip_hash', 'created_at']).execute();
  await db.schema.createIndex('mail_outbox_comment').on('mail_outbox').column('comment_id').execute();
}
