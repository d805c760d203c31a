// Recording who did what, when, from where. Entries never hold passwords, codes or the
// body of personal data; `detail` is a short description.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { insertAudit } from './store.ts';

export interface Actor {
  userId: number | null;
  /** The email of the user, or 'cli' / 'system' / the email typed at a failed sign-in. */
  name: string;
  ip: string;
}

export const systemActor: Actor = { userId: null, name: 'system', ip: '' };
export const cliActor: Actor = { userId: null, name: 'cli', ip: '' };

export async function audit(
  db: Kysely<Database> | Transaction<Database>,
  actor: Actor,
  action: string,
  target = '',
  detail = '',
): Promise<void> {
  await insertAudit(db, {
    at: new Date().toISOString(),
    user_id: actor.userId,
    actor: actor.name.slice(0, 320),
    action,
    target: target.slice(0, 500),
    ip: actor.ip.slice(0, 100),
    detail: detail.slice(0, 2000),
  });
}
