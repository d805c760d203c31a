// The 要確認 list: lines an import found damaged and could not repair with certainty. They are
// in their posts exactly as they were; the author opens each post, fixes the line by hand and
// marks it done here. A line that no longer stands in its post is shown as fixed already.
import { audit, type Actor } from '../audit/service.ts';
import type { Db } from '../db/connection.ts';
import * as store from './store.ts';

export interface ReviewLine {
  id: number;
  postId: number;
  title: string;
  slug: string;
  file: string;
  entry: number;
  line: number;
  text: string;
  /** What a repair would have made of it (not certain, never published). */
  guess: string;
  /** Whether the post still holds the line as imported. */
  stillThere: boolean;
}

/** Most lines shown at once (an import of a badly damaged blog could list thousands). */
export const REVIEW_PAGE = 500;

export async function listReviewLines(db: Db): Promise<ReviewLine[]> {
  const rows = await store.openReviewLines(db.kysely, REVIEW_PAGE);
  return rows.map((r) => ({
    id: Number(r.id),
    postId: Number(r.post_id),
    title: r.title,
    slug: r.slug,
    file: r.file,
    entry: Number(r.entry),
    line: Number(r.line),
    text: r.text,
    guess: r.guess,
    stillThere: r.body_markdown.includes(r.text),
  }));
}

/** Marks a line checked; false when it was not waiting. */
export async function resolveReviewLine(db: Db, id: number, actor: Actor): Promise<boolean> {
  const done = await store.resolveReviewLine(db.kysely, id, new Date().toISOString());
  if (done) await audit(db.kysely, actor, 'import.review', String(id));
  return done;
}
