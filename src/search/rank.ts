// Ranking, the same on both engines: per word (group of synonyms), 100 when the title has
// it, plus how often the text has it (at most 10); then the newest first. The scores are
// worked out by the database (store.scoresOf), so the long texts of the pool are not read.

export const TITLE_WEIGHT = 100;
export const MAX_OCCURRENCES = 10;

export interface Ranked {
  post_id: number;
  score: number;
}

export function rank(pool: Array<{ post_id: number; published_at: string }>, scores: Map<number, { score: number }>): Ranked[] {
  return pool
    .map((p) => ({ post_id: p.post_id, published_at: p.published_at, score: scores.get(p.post_id)?.score ?? 0 }))
    .sort((a, b) => b.score - a.score || b.published_at.localeCompare(a.published_at) || b.post_id - a.post_id)
    .map(({ post_id, score: s }) => ({ post_id, score: s }));
}
