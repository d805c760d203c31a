// Mail about a post is queued as one small row per subscriber (its text is made when it is
// sent), so a big list means many rows: leaving, a privacy deletion and the foreign key's
// "set null" find a subscriber's mail by this index instead of reading the whole outbox.
import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../connection.ts';

export async function up(db: Kysely<unknown>, _kind: DatabaseKind): Promise<void> {
  await db.schema.createIndex('mail_outbox_subscriber').on('mail_outbox').column('subscriber_id').execute();
}
