// The sealer of a test database: a test site registers its app's; a bare test database gets
// one made from a fixed test key (never used outside tests).
import type { Db } from '../db/connection.ts';
import { createSealer, type Sealer } from '../privacy/crypto.ts';
import { parseKeys } from '../privacy/keys.ts';

const sealers = new WeakMap<Db, Sealer>();
const fallback = createSealer(parseKeys(`test:${Buffer.alloc(32, 7).toString('base64')}`));

export function registerSealer(db: Db, sealer: Sealer): void {
  sealers.set(db, sealer);
}

export function sealerOf(db: Db): Sealer {
  return sealers.get(db) ?? fallback;
}
