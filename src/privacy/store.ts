// SQL of privacy requests that reaches beyond events: comments and the mail outbox.
import { sql } from 'kysely';
import type { Tx } from '../db/transaction.ts';

/** Comments with this email: imported ones store it plainly (only when an import was told
 * to), comments written here sealed and found by its keyed hash (any key's). */
export async function commentsByEmail(db: Tx, email: string, hashes: string[] = []) {
  return db
    .selectFrom('comments')
    .innerJoin('posts', 'posts.id', 'comments.post_id')
    .select([
      'comments.id',
      'posts.slug',
      'comments.author_name',
      'comments.author_email',
      'comments.author_url',
      'comments.body',
      'comments.created_at',
      'comments.status',
      'comments.notify_reply',
      'comments.consent_id',
    ])
    .where((eb) =>
      eb.or([
        eb(sql<string>`lower(comments.author_email)`, '=', email),
        ...(hashes.length ? [eb('comments.email_hash', 'in', hashes)] : []),
      ]),
    )
    .orderBy('comments.created_at')
    .execute();
}

/** Deletes them (with the replies under them, and the reply notices they asked for). */
export async function deleteCommentsByEmail(db: Tx, email: string, hashes: string[] = []): Promise<number> {
  const r = await db
    .deleteFrom('comments')
    .where((eb) => eb.or([eb(sql<string>`lower(author_email)`, '=', email), ...(hashes.length ? [eb('email_hash', 'in', hashes)] : [])]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Comments written here whose email is sealed (re-sealed by a key rotation). */
export async function sealedCommentEmails(db: Tx) {
  return db.selectFrom('comments').select(['id', 'ref', 'sealed_email']).where('sealed_email', 'is not', null).execute();
}

export async function updateCommentSeal(db: Tx, id: number, change: { sealed_email: string; email_hash: string }): Promise<void> {
  await db.updateTable('comments').set(change).where('id', '=', id).execute();
}

export async function queuedMailCount(db: Tx, registrationIds: number[]): Promise<number> {
  if (!registrationIds.length) return 0;
  const r = await db
    .selectFrom('mail_outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('registration_id', 'in', registrationIds)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function mailSealedWithOldKeys(db: Tx) {
  return db.selectFrom('mail_outbox').select(['id', 'ref', 'recipient', 'body', 'html', 'headers']).where('status', '!=', 'sent').execute();
}

export async function updateMailSeal(
  db: Tx,
  id: number,
  change: { recipient: string; body: string; html?: string; headers?: string },
): Promise<void> {
  await db.updateTable('mail_outbox').set(change).where('id', '=', id).execute();
}
