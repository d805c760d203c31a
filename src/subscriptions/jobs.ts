// Wiring and time-driven work of subscriptions: the listener that queues mail when a post is
// published or a followed post gets an addendum (inside content's transaction), the sending
// pump (at MAIL_RATE_PER_MINUTE across processes), the weekly digest and the daily purge of
// unconfirmed subscriptions. Run by every serving process; each step is safe in several.
import type { Config } from '../config.ts';
import { listenToPosts } from '../content/listeners.ts';
import type { Db } from '../db/connection.ts';
import { composeMailsOf, deliverDue, type MailTransport } from '../mail/outbox.ts';
import type { Sealer } from '../privacy/crypto.ts';
import {
  purgeUnconfirmed,
  queueAddendumMail,
  queueDigest,
  postMailComposer,
  queuePostMail,
  recordPermanentFailure,
  type SubscriptionContext,
} from './service.ts';

/** Registers the publish and addendum listeners for posts written through `db`, and how a
 * post's mail queued without its text is made when it is sent through `db`. Every process that
 * publishes or sends mail wires its Db so. */
export function wireSubscriptions(db: Db, sealer: Sealer, config: Pick<Config, 'siteUrl' | 'mailFrom'>): () => void {
  const ctx = (): SubscriptionContext => ({ db, sealer, siteUrl: config.siteUrl, mailFrom: config.mailFrom });
  const unlisten = listenToPosts(db, {
    published: async (trx, post) => void (await queuePostMail(ctx(), trx, post)),
    addendaAdded: async (trx, post, addenda) => void (await queueAddendumMail(ctx(), trx, post, addenda)),
  });
  const uncompose = composeMailsOf(db, 'post', postMailComposer({ db, siteUrl: config.siteUrl, mailFrom: config.mailFrom }));
  return () => {
    unlisten();
    uncompose();
  };
}

export interface SubscriptionJobs {
  /** One round of the clock work now (tests call it). */
  tick(now?: Date): Promise<void>;
  /** Sends what is due until nothing is, keeping to the rate. */
  pump(): Promise<number>;
  stop(): void;
}

export interface JobParts {
  db: Db;
  sealer: Sealer;
  config: Pick<Config, 'siteUrl' | 'mailFrom' | 'mailRatePerMinute'>;
  transport: MailTransport | undefined;
}

export function startSubscriptionJobs(p: JobParts, onError: (err: unknown) => void, intervalMs = 60_000, pumpMs = 1000): SubscriptionJobs {
  let stopped = false;
  let pumping: Promise<number> | undefined;
  const pump = () => {
    pumping ??= (async () => {
      let sent = 0;
      try {
        while (!stopped && p.transport) {
          const r = await deliverDue(p.db, p.sealer, p.transport, p.config.mailFrom, new Date(), {
            ratePerMinute: p.config.mailRatePerMinute,
            onPermanentFailure: (id) => recordPermanentFailure(p.db, id),
          });
          sent += r.sent;
          if (r.limited) await new Promise((res) => setTimeout(res, 1005 - (Date.now() % 1000)));
          else if (r.sent + r.retried + r.failed === 0) break;
        }
        return sent;
      } finally {
        pumping = undefined;
      }
    })();
    return pumping;
  };
  let ticking: Promise<void> | undefined;
  const tick = (now = new Date()) => {
    ticking ??= (async () => {
      try {
        const ctx = { db: p.db, sealer: p.sealer, siteUrl: p.config.siteUrl, mailFrom: p.config.mailFrom, now };
        await queueDigest(ctx, now);
        await purgeUnconfirmed(p.db, now);
      } finally {
        ticking = undefined;
      }
    })();
    return ticking;
  };
  const clock = setInterval(() => tick().catch(onError), intervalMs);
  clock.unref();
  const sender = setInterval(() => void pump().catch(onError), pumpMs);
  sender.unref();
  return {
    tick,
    pump,
    stop() {
      stopped = true;
      clearInterval(clock);
      clearInterval(sender);
    },
  };
}
