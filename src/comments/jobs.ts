// Time-driven work of comments, run by every serving process and done once across them: the
// author's mail about held comments (at most one per 10 minutes, listing what came in since
// the last one), and, once a day, clearing commenters' address hashes older than 30 days;
// and, a batch at a time, making the body HTML of comments stored without it (imports).
import type { Db } from '../db/connection.ts';
import { inTransaction } from '../db/transaction.ts';
import { enqueueMail } from '../mail/outbox.ts';
import type { Sealer } from '../privacy/crypto.ts';
import { claimJob, lastJobRun } from '../site/job-store.ts';
import { heldDigestMail, type MailContext } from './mails.ts';
import { ADDRESS_HASH_DAYS, fillMissingBodyHtml } from './service.ts';
import * as store from './store.ts';

export const DIGEST_INTERVAL_MS = 10 * 60_000;
const DAY_MS = 86_400_000;

export interface CommentJobContext extends MailContext {
  db: Db;
  sealer: Sealer;
}

/** Queues the digest of held comments if 10 minutes have passed since the last one; returns
 * how many mails were queued. */
export async function queueHeldDigest(ctx: CommentJobContext, now = new Date()): Promise<number> {
  const previous = (await lastJobRun(ctx.db.kysely, 'comments.digest')) ?? new Date(now.getTime() - DIGEST_INTERVAL_MS).toISOString();
  const held = await store.heldSince(ctx.db.kysely, previous);
  if (!held.length) return 0;
  return inTransaction(ctx.db, async (trx) => {
    if (!(await claimJob(trx, 'comments.digest', now.toISOString(), new Date(now.getTime() - DIGEST_INTERVAL_MS).toISOString()))) return 0;
    const { byAuthor, owners } = await store.recipientsFor(trx, [...new Set(held.map((h) => Number(h.author_id)))]);
    // Each held comment goes to its post's author's accounts, or to the owners when the
    // author has none.
    const perRecipient = new Map<string, typeof held>();
    for (const h of held) {
      const to = byAuthor.filter((u) => Number(u.author_id) === Number(h.author_id));
      for (const u of to.length ? to : owners) perRecipient.set(u.email, [...(perRecipient.get(u.email) ?? []), h]);
    }
    for (const [email, list] of perRecipient) {
      await enqueueMail(
        trx,
        ctx.sealer,
        {
          ...heldDigestMail(
            ctx,
            list.map((h) => ({ name: h.author_name, body: h.body, postTitle: h.title })),
          ),
          to: email,
        },
        now,
      );
    }
    return perRecipient.size;
  });
}

/** Once a day across processes: address hashes older than 30 days are cleared. */
export async function clearAddressHashes(db: Db, now = new Date(), force = false): Promise<number> {
  if (!force && !(await claimJob(db.kysely, 'comments.retention', now.toISOString(), new Date(now.getTime() - DAY_MS).toISOString())))
    return 0;
  return store.clearOldAddressHashes(db.kysely, new Date(now.getTime() - ADDRESS_HASH_DAYS * DAY_MS).toISOString());
}

export interface CommentJobs {
  tick(now?: Date): Promise<void>;
  stop(): void;
}

export function startCommentJobs(
  context: () => Promise<CommentJobContext>,
  onMail: () => void,
  onError: (err: unknown) => void,
  intervalMs = 20_000,
): CommentJobs {
  let running: Promise<void> | undefined;
  const tick = (now = new Date()) => {
    running ??= (async () => {
      try {
        const ctx = await context();
        if (await queueHeldDigest(ctx, now)) onMail();
        await clearAddressHashes(ctx.db, now);
        await fillMissingBodyHtml(ctx.db);
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  const timer = setInterval(() => tick().catch(onError), intervalMs);
  timer.unref();
  return { tick, stop: () => clearInterval(timer) };
}
