// SQL of consent texts: the exact notice a person agreed to (an event's registration form, a
// comment form), stored once per version and referred to by id.
import type { Tx } from '../db/transaction.ts';

export async function upsertConsentText(db: Tx, hash: string, text: string, now: string): Promise<number> {
  const found = await db.selectFrom('consent_texts').select('id').where('hash', '=', hash).executeTakeFirst();
  if (found) return Number(found.id);
  await db
    .insertInto('consent_texts')
    .values({ hash, text, created_at: now })
    .onConflict((oc) => oc.column('hash').doNothing())
    .execute();
  return Number((await db.selectFrom('consent_texts').select('id').where('hash', '=', hash).executeTakeFirstOrThrow()).id);
}

export async function consentText(db: Tx, id: number) {
  return db.selectFrom('consent_texts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}
