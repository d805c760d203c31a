// Ranking, the same on both engines: per word (group of synonyms), 100 when the title has
// it, plus how often the text has it (at most 10); then the newest first.
import type { PoolRow } from './store.ts';

export const TITLE_WEIGHT = 100;
export const MAX_OCCURRENCES = 10;

function occurrences(text: string, term: string, cap: number): number {
  let n = 0;
  for (let i = text.indexOf(term); i >= 0 && n < cap; i = text.indexOf(term, i + term.length)) n++;
  return n;
}

export function score(title: string, body: string, groups: string[][]): number {
  let total = 0;
  for (const group of groups) {
    if (group.some((t) => title.includes(t))) total += TITLE_WEIGHT;
    let inBody = 0;
    for (const t of group) inBody += occurrences(body, t, MAX_OCCURRENCES - inBody);
    total += Math.min(MAX_OCCURRENCES, inBody);
  }
  return total;
}

export interface Ranked {
  post_id: number;
  score: number;
}

export function rank(pool: PoolRow[], bodies: Map<number, string>, groups: string[][]): Ranked[] {
  return pool
    .map((p) => ({ post_id: p.post_id, published_at: p.published_at, score: score(p.title, bodies.get(p.post_id) ?? '', groups) }))
    .sort((a, b) => b.score - a.score || b.published_at.localeCompare(a.published_at) || b.post_id - a.post_id)
    .map(({ post_id, score: s }) => ({ post_id, score: s }));
}
