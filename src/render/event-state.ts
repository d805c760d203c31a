// Calls to action for the site's events carry an empty marker (blocks.tsx) that the page
// fills with the event's state when it is rendered: saved HTML cannot know that a seminar
// filled up after the post was written.
import { STATE_LABELS } from './event-labels.ts';
import { type EventState } from '../events/state.ts';

const MARKER = /<span class="cta-state" data-event="([a-z0-9-]+)"><\/span>/g;

/** Slugs of the events a post's HTML links to with a call to action. */
/** Text every body with an event's state in it contains. */
export const EVENT_STATE_MARK = 'class="cta-state"';

export function eventSlugsIn(html: string): string[] {
  if (!html.includes(EVENT_STATE_MARK)) return [];
  return [...new Set([...html.matchAll(MARKER)].map((m) => m[1]!))];
}

export function fillEventStates(html: string, states: Map<string, EventState>): string {
  return html.replace(MARKER, (whole, slug: string) => {
    const state = states.get(slug);
    return state ? `<span class="cta-state event-state event-state-${state}">${STATE_LABELS[state]}</span>` : whole;
  });
}
