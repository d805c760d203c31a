// Migrations live in code and are listed here in order; the same list runs on both engines.
import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './connection.ts';
import * as content from './migrations/001-content.ts';
import * as accounts from './migrations/002-accounts.ts';
import * as media from './migrations/003-media.ts';
import * as search from './migrations/004-search.ts';
import * as imports from './migrations/005-import.ts';
import * as events from './migrations/006-events.ts';
import * as importReview from './migrations/009-import-review.ts';
import * as comments from './migrations/010-comments.ts';
import * as subscriptions from './migrations/011-subscriptions.ts';
import * as searchIndex from './migrations/013-search-index.ts';
import * as tools from './migrations/014-tools.ts';
import * as commentReplies from './migrations/015-comment-replies.ts';
import * as outboxSubscriber from './migrations/016-outbox-subscriber.ts';
import * as bodyVersion from './migrations/017-body-version.ts';
import * as searchLookup from './migrations/018-search-lookup.ts';
import * as searchTitles from './migrations/019-search-titles.ts';
import * as searchLetters from './migrations/020-search-letters.ts';
import * as searchTriples from './migrations/021-search-triples.ts';

export class MigrationError extends Error {}

function provider(db: Db): MigrationProvider {
  const list: Record<string, Migration> = {
    '001-content': { up: (k) => content.up(k, db.kind) },
    '002-accounts': { up: (k) => accounts.up(k, db.kind) },
    '003-media': { up: (k) => media.up(k, db.kind) },
    '004-search': { up: (k) => search.up(k, db.kind) },
    '005-import': { up: (k) => imports.up(k, db.kind) },
    '006-events': { up: (k) => events.up(k, db.kind) },
    '009-import-review': { up: (k) => importReview.up(k, db.kind) },
    '010-comments': { up: (k) => comments.up(k, db.kind) },
    '011-subscriptions': { up: (k) => subscriptions.up(k, db.kind) },
    '013-search-index': { up: (k) => searchIndex.up(k, db.kind) },
    '014-tools': { up: (k) => tools.up(k, db.kind) },
    '015-comment-replies': { up: (k) => commentReplies.up(k, db.kind) },
    '016-outbox-subscriber': { up: (k) => outboxSubscriber.up(k, db.kind) },
    '017-body-version': { up: (k) => bodyVersion.up(k) },
    '018-search-lookup': { up: (k) => searchLookup.up(k, db.kind) },
    '019-search-titles': { up: (k) => searchTitles.up(k, db.kind) },
    '020-search-letters': { up: (k) => searchLetters.up(k, db.kind) },
    '021-search-triples': { up: (k) => searchTriples.up(k, db.kind) },
  };
  return { getMigrations: async () => list };
}

/** Brings the schema up to date; safe to call from several processes at once. */
export async function migrate(db: Db): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await migrateOnce(db);
    } catch (err) {
      if (!(db.kind === 'postgres' && attempt < 5 && isCatalogRace(err))) throw err;
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }
}

/**
 * Kysely's check for its own tables reads the catalog of every schema in the database and
 * looks each table up by name; a schema or table that another application (or a parallel
 * test) drops at that moment makes PostgreSQL answer "schema … does not exist", "relation …
 * does not exist", "column … of relation … does not exist" (pg_get_serial_sequence on a table
 * being dropped) or "cache lookup failed". Nothing was migrated when that happens (the
 * migrations themselves run in one transaction), so trying again is safe.
 */
export function isCatalogRace(err: unknown): boolean {
  const cause = err instanceof MigrationError ? err.cause : err;
  const code = (cause as { code?: unknown } | undefined)?.code;
  const message = String((cause as Error | undefined)?.message ?? '');
  return code === '3F000' || code === '42P01' || code === '42703' || (code === 'XX000' && /cache lookup failed/.test(message));
}

async function migrateOnce(db: Db): Promise<string[]> {
  const migrator = new Migrator({
    db: db.kysely,
    provider: provider(db),
    // Kysely looks for its bookkeeping tables in every schema unless told which one; another
    // application (or a parallel test) with its own kysely_migration table would fool it.
    ...(db.kind === 'postgres' ? { migrationTableSchema: await currentSchema(db) } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationError(`Migration ${failed} failed: ${(error as Error).message ?? error}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

async function currentSchema(db: Db): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db.kysely);
  return rows[0]!.schema;
}
