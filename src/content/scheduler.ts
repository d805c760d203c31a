// Time-driven content work, run by every serving process: publish scheduled posts whose
// time has come, empty the trash of posts older than 30 days. Each step is safe to run in
// several processes at once (see publishDue).
import type { Db } from '../db/connection.ts';
import { publishDue, purgeTrash } from './service.ts';

export const SCHEDULER_INTERVAL_MS = 20_000;

export interface SchedulerHandle {
  /** Runs one round now (also used by tests). */
  tick(): Promise<{ published: number; purged: number }>;
  stop(): void;
}

export function startScheduler(db: Db, onError: (err: unknown) => void, intervalMs = SCHEDULER_INTERVAL_MS): SchedulerHandle {
  let running: Promise<{ published: number; purged: number }> | undefined;
  const tick = () => {
    // One round at a time per process; a slow round is not stacked on.
    running ??= (async () => {
      try {
        const published = await publishDue(db);
        const purged = await purgeTrash(db);
        return { published, purged };
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  const timer = setInterval(() => tick().catch(onError), intervalMs);
  timer.unref();
  // A post scheduled while the server was down is published right after start.
  tick().catch(onError);
  return { tick, stop: () => clearInterval(timer) };
}
