// Which renderer made each post's stored body HTML. When the block renderer changes what it
// writes (say, heading levels or a landmark's name), the new version number makes the posts
// saved before re-rendered once, at the next start (content/service.ts refreshStaleBodies),
// so old posts and new ones send the same markup. Every post stored so far is version 0.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('posts')
    .addColumn('body_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
