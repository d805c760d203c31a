// Readers who subscribe to new posts (each post or a weekly digest) and follow single posts
// for their addenda; what each post's mailing did; and what the outbox needs for them: an
// HTML part, extra headers (List-Unsubscribe), a key that makes a mail unique per subscriber
// and post, and a shared send rate. The email is sealed and found by its keyed hash, as a
// registration's is.
import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../connection.ts';
import { primaryId } from './columns.ts';

export async function up(db: Kysely<unknown>, kind: DatabaseKind): Promise<void> {
  await db.schema
    .createTable('subscribers')
    .addColumn('id', 'integer', primaryId(kind))
    // Random: the associated data of the sealed email and the subject of tokens.
    .addColumn('ref', 'text', (c) => c.notNull().unique())
    .addColumn('email_hash', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text', (c) => c.notNull()) // sealed
    .addColumn('status', 'text', (c) => c.notNull()) // pending | confirmed | paused
    .addColumn('frequency', 'text', (c) => c.notNull()) // each | weekly | none (followed posts only)
    .addColumn('categories', 'text', (c) => c.notNull()) // JSON array of category slugs; [] = all
    .addColumn('consent_id', 'integer', (c) => c.notNull().references('consent_texts.id'))
    .addColumn('consented_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    // Hash of the confirmation link's nonce; emptied when it is used.
    .addColumn('confirm_nonce', 'text')
    // Permanent (5xx) delivery failures; at 3 the subscriber is paused.
    .addColumn('failures', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('subscribers_status').on('subscribers').columns(['status', 'frequency']).execute();

  await db.schema
    .createTable('subscriber_follows')
    .addColumn('subscriber_id', 'integer', (c) => c.notNull().references('subscribers.id').onDelete('cascade'))
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('subscriber_follows_pk', ['subscriber_id', 'post_id'])
    .execute();
  await db.schema.createIndex('subscriber_follows_post').on('subscriber_follows').column('post_id').execute();

  // One row per post that was mailed or must never be: メールで配信しない, and when its
  // mailing was queued (a post edited or published again after that is not sent again).
  await db.schema
    .createTable('post_mailings')
    .addColumn('post_id', 'integer', (c) => c.primaryKey().references('posts.id').onDelete('cascade'))
    .addColumn('mail_off', 'integer', (c) => c.notNull())
    .addColumn('queued_at', 'text')
    .addColumn('queued', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .alterTable('mail_outbox')
    .addColumn('html', 'text', (c) => c.notNull().defaultTo(''))
    .execute(); // sealed when set
  await db.schema
    .alterTable('mail_outbox')
    .addColumn('headers', 'text', (c) => c.notNull().defaultTo(''))
    .execute(); // sealed JSON when set
  await db.schema
    .alterTable('mail_outbox')
    .addColumn('from_name', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  // Kept after sending (a number, not the address) for the per-post counts.
  await db.schema
    .alterTable('mail_outbox')
    .addColumn('subscriber_id', 'integer', (c) => c.references('subscribers.id').onDelete('set null'))
    .execute();
  await db.schema.alterTable('mail_outbox').addColumn('post_id', 'integer').execute();
  await db.schema.alterTable('mail_outbox').addColumn('dedupe_key', 'text').execute();
  await db.schema.createIndex('mail_outbox_dedupe').on('mail_outbox').column('dedupe_key').unique().execute();
  await db.schema.createIndex('mail_outbox_post').on('mail_outbox').columns(['post_id', 'status']).execute();

  // The shared send rate: mails sent in each second, across processes.
  await db.schema
    .createTable('mail_rate')
    .addColumn('second', 'text', (c) => c.primaryKey())
    .addColumn('used', 'integer', (c) => c.notNull())
    .execute();
}
