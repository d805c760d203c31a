// SQL of privacy requests that reaches beyond events: comments and the mail outbox.
import { sql } from 'kysely';
import type { Tx } from '../db/transaction.ts';

/** Comments whose stored email is this one (kept only when an import was told to). */
export async function commentsByEmail(db: Tx, email: string) {
  return db
    .selectFrom('comments')
    .innerJoin('posts', 'posts.id', 'comments.post_id')
    .select(['comments.id', 'posts.slug', 'comments.author_name', 'comments.author_email', 'comments.author_url', 'comments.body', 'comments.created_at'])
    .where(sql<string>`lower(comments.author_email)`, '=', email)
    .orderBy('comments.created_at')
    .execute();
}

export async function deleteCommentsByEmail(db: Tx, email: string): Promise<number> {
  const r = await db.deleteFrom('comments').where(sql<string>`lower(author_email)`, '=', email).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function queuedMailCount(db: Tx, registrationIds: number[]): Promise<number> {
  if (!registrationIds.length) return 0;
  const r = await db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('registration_id', 'in', registrationIds).where('status', '=', 'pending').executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function mailSealedWithOldKeys(db: Tx) {
  return db.selectFrom('mail_outbox').select(['id', 'ref', 'recipient', 'body', 'html', 'headers']).where('status', '!=', 'sent').execute();
}

export async function updateMailSeal(db: Tx, id: number, change: { recipient: string; body: string; html?: string; headers?: string }): Promise<void> {
  await db.updateTable('mail_outbox').set(change).where('id', '=', id).execute();
}
