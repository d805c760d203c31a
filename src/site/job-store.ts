// SQL of jobs that must run once in a period across all processes (retention, digests).
import type { Tx } from '../db/transaction.ts';

/** Takes the daily job `name` for this run; false when another process ran it since `since`. */
export async function claimJob(db: Tx, name: string, now: string, since: string): Promise<boolean> {
  await db
    .insertInto('job_runs')
    .values({ name, last_run_at: '1970-01-01T00:00:00.000Z' })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const r = await db
    .updateTable('job_runs')
    .set({ last_run_at: now })
    .where('name', '=', name)
    .where('last_run_at', '<', since)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** When the job last ran (across processes), or undefined when it never has. */
export async function lastJobRun(db: Tx, name: string): Promise<string | undefined> {
  const r = await db.selectFrom('job_runs').select('last_run_at').where('name', '=', name).executeTakeFirst();
  return r?.last_run_at;
}
