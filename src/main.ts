// Start-up: config → database (migrated) → app → HTTP server, and a clean stop on signals.
import type { FastifyInstance } from 'fastify';
import { createApp, type App } from './app.ts';
import type { Config } from './config.ts';
import { openConfiguredDatabase } from './db/open.ts';
import { buildServer } from './web/server.ts';
import { startScheduler } from './content/scheduler.ts';
import { startEventJobs } from './events/jobs.ts';
import { startAccountJobs } from './accounts/jobs.ts';
import { startSubscriptionJobs } from './subscriptions/jobs.ts';
import { startCommentJobs } from './comments/jobs.ts';

export interface Running {
  app: App;
  server: FastifyInstance;
  url: string;
  stop(): Promise<void>;
}

export async function startServer(config: Config): Promise<Running> {
  const db = await openConfiguredDatabase(config);
  let server: FastifyInstance | undefined;
  const app = await createApp(config, db, (err) => server?.log.warn({ err: String(err) }, 'content version check failed'));
  server = await buildServer(app);
  const scheduler = startScheduler(db, (err) => server?.log.error({ err: String(err) }, 'scheduled work failed'));
  const eventJobs = startEventJobs(app, (err) => server?.log.error({ err: String(err) }, 'event or mail work failed'));
  const accountJobs = startAccountJobs(db, (err) => server?.log.error({ err: String(err) }, 'accounts work failed'));
  const subscriptionJobs = startSubscriptionJobs({ db, sealer: app.sealer, config, transport: app.mailTransport }, (err) =>
    server?.log.error({ err: String(err) }, 'subscription mail work failed'),
  );
  const commentJobs = startCommentJobs(
    async () => ({ db: app.db, sealer: app.sealer, siteUrl: config.siteUrl, siteTitle: (await app.siteContext()).settings.title }),
    () => app.nudgeMail(),
    (err) => server?.log.error({ err: String(err) }, 'comment work failed'),
  );
  if (!config.smtpUrl) server.log.warn('SMTP_URL is not set: registration mail waits in the outbox until it is');
  try {
    await server.listen({ port: config.port, host: config.host });
  } catch (err) {
    scheduler.stop();
    eventJobs.stop();
    accountJobs.stop();
    subscriptionJobs.stop();
    commentJobs.stop();
    await app.close();
    throw err;
  }
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const running: Running = {
    app,
    server,
    url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
    async stop() {
      scheduler.stop();
      eventJobs.stop();
      accountJobs.stop();
      subscriptionJobs.stop();
      commentJobs.stop();
      await server!.close();
      await app.close();
    },
  };
  return running;
}

/** SIGTERM/SIGINT: stop accepting, let requests in flight finish (bounded), close the database. */
export function stopOnSignals(running: Running, timeoutMs = 10000): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.server.log.info(`${signal}: shutting down`);
    const timer = setTimeout(() => {
      running.server.log.error('shutdown timed out; exiting');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
