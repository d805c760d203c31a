// Time-driven work of events and mail, run by every serving process: send queued mail,
// queue tomorrow's reminders, delete what is past its retention (once a day across
// processes), and let cached pages go when an event opens, closes or ends by the clock.
import type { Db } from '../db/connection.ts';
import { deliverDue, type MailTransport } from '../mail/outbox.ts';
import type { Sealer } from '../privacy/crypto.ts';
import { notifyContentChange } from '../site/changes.ts';
import { bumpContentVersion } from '../site/store.ts';
import { clockChangedStates } from './event.ts';
import { purgeExpired } from './retention.ts';
import { queueReminders } from './reminders.ts';

export const EVENT_JOBS_INTERVAL_MS = 20_000;

export interface EventJobs {
  /** One round now (tests call it). */
  tick(now?: Date): Promise<void>;
  stop(): void;
}

/** What the jobs need of the running application (the app is handed in at start-up). */
export interface EventJobsContext {
  db: Db;
  sealer: Sealer;
  mailTransport: MailTransport | undefined;
  config: { siteUrl: string; mailFrom: string; mailRatePerMinute: number };
  /** A subscriber's address refused for good (the subscriptions domain, handed in). */
  onSubscriberMailRefused(subscriberId: number): Promise<void>;
  siteContext(): Promise<{ settings: { title: string } }>;
  /** Set here: what the app's nudgeMail runs. */
  onMailNudge?: () => void;
}

export function startEventJobs(app: EventJobsContext, onError: (err: unknown) => void, intervalMs = EVENT_JOBS_INTERVAL_MS): EventJobs {
  let last = new Date();
  let running: Promise<void> | undefined;
  const sendMail = async () => {
    if (app.mailTransport)
      await deliverDue(app.db, app.sealer, app.mailTransport, app.config.mailFrom, new Date(), {
        ratePerMinute: app.config.mailRatePerMinute,
        onPermanentFailure: app.onSubscriberMailRefused,
      });
  };
  const tick = (now = new Date()) => {
    running ??= (async () => {
      try {
        const site = await app.siteContext();
        await queueReminders({ db: app.db, sealer: app.sealer, siteUrl: app.config.siteUrl, siteTitle: site.settings.title }, now);
        await sendMail();
        await purgeExpired(app.db, now);
        if (await clockChangedStates(app.db, last, now)) {
          await bumpContentVersion(app.db.kysely);
          notifyContentChange();
        }
        last = now;
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  let sending: Promise<void> | undefined;
  app.onMailNudge = () => {
    sending ??= sendMail()
      .catch(onError)
      .finally(() => (sending = undefined));
  };
  const timer = setInterval(() => tick().catch(onError), intervalMs);
  timer.unref();
  return {
    tick,
    stop() {
      clearInterval(timer);
      app.onMailNudge = undefined;
    },
  };
}
