// Moments of a post that other domains act on inside the same transaction — "published",
// "addenda added" — without content knowing who listens. Listeners are registered at wiring
// time (app.ts, a CLI command) for one Db: a Db made for an import's batch has none, so an
// import never tells anyone.
import type { Db } from '../db/connection.ts';
import type { Tx } from '../db/transaction.ts';
import type { AddendumBlock } from './blocks.ts';
import type { PostRow } from './post-store.ts';

export interface PostListener {
  /** The post became public (editor, schedule, CLI); runs in the publishing transaction. */
  published?(trx: Tx, post: PostRow): Promise<void>;
  /** A public post got addenda it did not have; runs in the saving transaction. */
  addendaAdded?(trx: Tx, post: PostRow, addenda: AddendumBlock[]): Promise<void>;
}

const registry = new WeakMap<Db, PostListener[]>();

/** Registers a listener for posts written through `db`; returns its removal. */
export function listenToPosts(db: Db, listener: PostListener): () => void {
  const list = registry.get(db) ?? [];
  list.push(listener);
  registry.set(db, list);
  return () => {
    const i = list.indexOf(listener);
    if (i >= 0) list.splice(i, 1);
  };
}

export async function tellPublished(db: Db, trx: Tx, post: PostRow): Promise<void> {
  for (const l of registry.get(db) ?? []) await l.published?.(trx, post);
}

export async function tellAddendaAdded(db: Db, trx: Tx, post: PostRow, addenda: AddendumBlock[]): Promise<void> {
  if (!addenda.length) return;
  for (const l of registry.get(db) ?? []) await l.addendaAdded?.(trx, post, addenda);
}
