// SQL of privacy requests that reaches beyond events: comments and the mail outbox.
import { sql, type ExpressionBuilder } from 'kysely';
import type { Database } from '../db/schema.ts';
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

function byEmail(email: string, hashes: string[]) {
  return (eb: ExpressionBuilder<Database, 'comments'>) =>
    eb.or([eb(sql<string>`lower(comments.author_email)`, '=', email), ...(hashes.length ? [eb('comments.email_hash', 'in', hashes)] : [])]);
}

/** Deletes them with the replies under them, and every reply notice not sent yet about any
 * of these: the ones addressed to this person (about replies to their comments) and the
 * ones about their own replies (which quote them). */
export async function deleteCommentsByEmail(db: Tx, email: string, hashes: string[] = []): Promise<number> {
  const ids = (await db.selectFrom('comments').select('id').where(byEmail(email, hashes)).execute()).map((r) => Number(r.id));
  if (!ids.length) return 0;
  const replies = (await db.selectFrom('comments').select('id').where('parent_id', 'in', ids).execute()).map((r) => Number(r.id));
  await db
    .deleteFrom('mail_outbox')
    .where('comment_id', 'in', [...ids, ...replies])
    .where('status', '!=', 'sent')
    .execute();
  await db.deleteFrom('comments').where('parent_id', 'in', ids).execute();
  const r = await db.deleteFrom('comments').where('id', 'in', ids).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Reply notices waiting to be sent to this person: about replies to their comments. */
export async function queuedCommentMail(db: Tx, email: string, hashes: string[] = []) {
  return db
    .selectFrom('mail_outbox')
    .select(['mail_outbox.subject', 'mail_outbox.created_at'])
    .where('mail_outbox.status', '=', 'pending')
    .where('mail_outbox.comment_id', 'in', (eb) =>
      eb
        .selectFrom('comments as reply')
        .select('reply.id')
        .where('reply.parent_id', 'in', eb.selectFrom('comments').select('comments.id').where(byEmail(email, hashes))),
    )
    .orderBy('mail_outbox.created_at')
    .execute();
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
