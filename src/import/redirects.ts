// The redirect map (old blog URLs → new pages): filled by imports, edited by the owner.
import { z } from 'zod';
import { audit, type Actor } from '../audit/service.ts';
import type { Db } from '../db/connection.ts';
import { writeContent } from '../site/write.ts';
import * as store from './store.ts';

export class RedirectError extends Error {}

const redirectSchema = z.object({
  from: z
    .string()
    .trim()
    .max(500)
    .regex(/^\/[^\s]*$/, '元のURLは / で始まるパスで書いてください（例: /archives/12345678.html）'),
  to: z
    .string()
    .trim()
    .max(2000)
    .regex(/^(\/(?!\/)[^\s]*|https?:\/\/[^\s]+)$/, '転送先は / で始まるパスか http(s):// のURLにしてください'),
});

export async function listRedirects(db: Db) {
  return store.listRedirects(db.kysely);
}

export async function saveRedirect(db: Db, input: { from: string; to: string }, actor: Actor): Promise<void> {
  const parsed = redirectSchema.safeParse(input);
  if (!parsed.success) throw new RedirectError(parsed.error.issues[0]!.message);
  if (parsed.data.from === parsed.data.to) throw new RedirectError('元のURLと転送先が同じです');
  // Through writeContent: a page cached under the old URL (e.g. /?p=12) must go.
  await writeContent(db, (trx) => store.putRedirect(trx, parsed.data.from, parsed.data.to));
  await audit(db.kysely, actor, 'redirect.save', parsed.data.from, parsed.data.to);
}

export async function removeRedirect(db: Db, id: number, actor: Actor): Promise<void> {
  await writeContent(db, (trx) => store.deleteRedirect(trx, id));
  await audit(db.kysely, actor, 'redirect.delete', String(id));
}
