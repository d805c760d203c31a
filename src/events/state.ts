// An event's state (受付中, 満席, 終了 …) from its dates and seats, at a given moment.
import type { EventKind } from '../db/schema.ts';

/** before: not open yet; open; waitlist: full, waiting list open; full; closed: past the
 * close; ended: the event is over (on-demand and downloads end only by closing). */
export type EventState = 'before' | 'open' | 'waitlist' | 'full' | 'closed' | 'ended';

export interface EventTimes {
  kind: EventKind;
  opens_at: string | null;
  closes_at: string | null;
  starts_at: string | null;
  ends_at: string | null;
  capacity: number | null;
  waitlist: boolean;
}

export function eventState(e: EventTimes, confirmed: number, now: Date): EventState {
  const t = now.toISOString();
  const end = e.ends_at ?? e.starts_at;
  if ((e.kind === 'seminar' || e.kind === 'webinar') && end && end < t) return 'ended';
  if (e.closes_at && e.closes_at < t) return 'closed';
  // A dated event stops taking registrations when it starts, unless a later close is set.
  if (!e.closes_at && e.starts_at && (e.kind === 'seminar' || e.kind === 'webinar') && e.starts_at < t) return 'closed';
  if (e.opens_at && e.opens_at > t) return 'before';
  if (e.capacity !== null && confirmed >= e.capacity) return e.waitlist ? 'waitlist' : 'full';
  return 'open';
}
