// Time-driven accounts work, run by every serving process: forget sessions past their
// absolute limit (a plain delete by time, safe to run in several processes at once).
import type { Db } from '../db/connection.ts';
import { deleteExpiredSessions } from './store.ts';

export const ACCOUNT_JOBS_INTERVAL_MS = 60_000;

export interface AccountJobs {
  /** One round now (tests call it). */
  tick(now?: Date): Promise<void>;
  stop(): void;
}

export function startAccountJobs(db: Db, onError: (err: unknown) => void, intervalMs = ACCOUNT_JOBS_INTERVAL_MS): AccountJobs {
  let running: Promise<void> | undefined;
  const tick = (now = new Date()) => {
    running ??= deleteExpiredSessions(db.kysely, now.toISOString()).finally(() => (running = undefined));
    return running;
  };
  const timer = setInterval(() => tick().catch(onError), intervalMs);
  timer.unref();
  tick().catch(onError);
  return { tick, stop: () => clearInterval(timer) };
}
