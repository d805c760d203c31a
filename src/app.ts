// The running application's parts, made once at start and handed to the HTTP layer.
import { PageCache } from './cache/page-cache.ts';
import type { Config } from './config.ts';
import { sidebar, type Remember } from './content/read.ts';
import { VersionMemo } from './cache/version-memo.ts';
import type { Db } from './db/connection.ts';
import { assetUrl } from './render/assets.ts';
import type { SiteContext } from './render/layout.tsx';
import { onContentChange } from './site/changes.ts';
import { readContentVersion, readSettings } from './site/store.ts';
import { securityHeaders, type HeaderMap } from './web/security-headers.ts';
import { createSealer, type Sealer } from './privacy/crypto.ts';
import { sealTotpSecrets } from './accounts/service.ts';
import { refreshStaleBodies } from './content/service.ts';
import { loadKeys } from './privacy/keys.ts';
import { smtpTransport, type MailTransport } from './mail/outbox.ts';
import { wire } from './wiring.ts';
import { wireSubscriptions } from './subscriptions/jobs.ts';
import { recordPermanentFailure } from './subscriptions/service.ts';

export { publicDir } from './render/assets.ts';

export interface App {
  config: Config;
  db: Db;
  cache: PageCache;
  styleUrl: string;
  /** Security headers (CSP and the rest), the same for every response. */
  securityHeaders: HeaderMap;
  /** Seals and opens personal data; signs tokens. */
  sealer: Sealer;
  /** Where queued mail goes; undefined when SMTP_URL is not set (mail waits). */
  mailTransport: MailTransport | undefined;
  /** Asks for queued mail to be sent now rather than at the next round. */
  nudgeMail(): void;
  /** A subscriber's mail refused for good (5xx): counts towards pausing them. */
  onSubscriberMailRefused(subscriberId: number): Promise<void>;
  /** Set by the event jobs: what nudgeMail runs. */
  onMailNudge?: () => void;
  /** Settings and sidebar for rendering, read once per content version. */
  siteContext(): Promise<SiteContext>;
  /** Keeps a read for the current content version (counts, authors, the order of posts). */
  remember: Remember;
  close(): Promise<void>;
}

export async function createApp(config: Config, db: Db, onPollError: (err: unknown) => void = () => {}): Promise<App> {
  wire(config);
  const cache = new PageCache({
    enabled: config.pageCache,
    maxBytes: config.pageCacheBytes,
    fromSecondRender: true,
    pollMs: config.cachePollMs,
    readVersion: () => readContentVersion(db.kysely),
    onPollError,
  });
  await cache.refresh();
  cache.start();
  const unsubscribe = onContentChange(() => void cache.invalidate());
  const sealer = createSealer(loadKeys(config));
  // A post published or given an addendum queues subscribers' mail in the same transaction.
  const unwire = wireSubscriptions(db, sealer, config);
  const style = assetUrl('style.css');

  const memo = new VersionMemo(() => (cache.version < 0 ? -1 : cache.generation));
  const loadSiteContext = async (): Promise<SiteContext> => {
    const [settings, side] = await Promise.all([readSettings(db.kysely), sidebar(db)]);
    return { settings, sidebar: side, siteUrl: config.siteUrl, styleUrl: style };
  };

  const mailTransport = config.smtpUrl ? smtpTransport(config.smtpUrl) : undefined;
  const app: App = {
    config,
    db,
    cache,
    sealer,
    onSubscriberMailRefused: (id) => recordPermanentFailure(db, id),
    mailTransport,
    nudgeMail() {
      const run = app.onMailNudge;
      if (run) setImmediate(run);
    },
    styleUrl: style,
    securityHeaders: securityHeaders(config),
    siteContext: () => memo.get('site', loadSiteContext),
    remember: (key, load) => memo.get(key, load),
    async close() {
      unsubscribe();
      unwire();
      cache.stop();
      mailTransport?.close?.();
      await db.close();
    },
  };
  // TOTP secrets written before they were sealed (or with an older key) are sealed now:
  // this step needs the data keys, which the schema migrations do not have.
  await sealTotpSecrets(db, app.sealer);
  // Bodies an older renderer stored get today's markup (a no-op but for one query, usually).
  await refreshStaleBodies(db);
  return app;
}
