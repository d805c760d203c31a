// Comments readers write (005 kept only imported ones): a state (held, approved, spam), one
// level of replies, the author's own replies marked, the notice the commenter was shown, and
// what is kept about the commenter — the email sealed (AES-256-GCM) with a keyed hash to find
// it, the IP only as a keyed hash (cleared after 30 days). Comments imported before this
// change were approved on their old blog: they become approved, with their names and dates.
import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../connection.ts';

export async function up(db: Kysely<unknown>, _kind: DatabaseKind): Promise<void> {
  const columns: Array<[string, 'text' | 'integer', boolean, string | number | null]> = [
    ['status', 'text', true, 'approved'], // held | approved | spam
    ['parent_id', 'integer', false, null],
    ['by_author', 'integer', true, 0],
    ['ref', 'text', false, null],
    ['sealed_email', 'text', false, null],
    ['email_hash', 'text', false, null],
    ['notify_reply', 'integer', true, 0],
    ['ip_hash', 'text', false, null],
    ['body_hash', 'text', false, null],
    ['consent_id', 'integer', false, null],
    ['moderated_at', 'text', false, null],
  ];
  for (const [name, type, notNull, dflt] of columns) {
    await db.schema
      .alterTable('comments')
      .addColumn(name, type, (c) => {
        let col = notNull ? c.notNull() : c;
        if (dflt !== null) col = col.defaultTo(dflt);
        if (name === 'parent_id') col = col.references('comments.id').onDelete('cascade');
        if (name === 'consent_id') col = col.references('consent_texts.id');
        return col;
      })
      .execute();
  }
  await db.schema.createIndex('comments_post_status').on('comments').columns(['post_id', 'status', 'created_at']).execute();
  await db.schema.createIndex('comments_parent').on('comments').column('parent_id').execute();
  await db.schema.createIndex('comments_status').on('comments').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('comments_email_hash').on('comments').column('email_hash').execute();
  await db.schema.createIndex('comments_ref').on('comments').column('ref').unique().execute();

  // Per post: comments opened or closed by hand; without a row the site's rule applies
  // (closed N days after publication).
  await db.schema
    .createTable('comment_threads')
    .addColumn('post_id', 'integer', (c) => c.primaryKey().references('posts.id').onDelete('cascade'))
    .addColumn('mode', 'text', (c) => c.notNull()) // open | closed
    .execute();
}
