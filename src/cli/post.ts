// `kawaraban post list|publish|unpublish` — for scripts. Publishing here is the same as in
// the editor: subscribers' mail is queued in the publishing transaction (sent by the server).
import { cliActor } from '../audit/service.ts';
import { ConfigError, type Config } from '../config.ts';
import { publishPostBySlug, unpublishPostBySlug } from '../content/service.ts';
import { adminPostList } from '../content/read.ts';
import type { PostStatus } from '../db/schema.ts';
import { openConfiguredDatabase } from '../db/open.ts';
import { createSealer } from '../privacy/crypto.ts';
import { KeyError, loadKeys } from '../privacy/keys.ts';
import { wireSubscriptions } from '../subscriptions/jobs.ts';

const STATUSES = ['draft', 'pending', 'scheduled', 'published'];

export async function postListCommand(config: Config, o: { status?: string }): Promise<void> {
  if (o.status && !STATUSES.includes(o.status)) throw new ConfigError(`--status must be one of ${STATUSES.join(', ')}`);
  const db = await openConfiguredDatabase(config);
  try {
    const { rows } = await adminPostList(db, { trashed: false, ...(o.status ? { status: o.status as PostStatus } : {}) }, 1, 10_000);
    for (const r of rows) console.log(`${r.status.padEnd(9)}  ${(r.published_at ?? '').slice(0, 16).padEnd(16)}  ${r.slug}  ${r.title}`);
  } finally {
    await db.close();
  }
}

export async function postPublishCommand(config: Config, slug: string, publish: boolean): Promise<void> {
  const db = await openConfiguredDatabase(config);
  try {
    let sealer;
    try {
      sealer = createSealer(loadKeys(config));
    } catch (err) {
      if (err instanceof KeyError) throw new ConfigError(err.message);
      throw err;
    }
    const unwire = wireSubscriptions(db, sealer, config);
    try {
      const post = publish ? await publishPostBySlug(db, slug, cliActor) : await unpublishPostBySlug(db, slug, cliActor);
      console.log(`${publish ? 'Published' : 'Unpublished'} ${post.slug} (${post.title})`);
    } finally {
      unwire();
    }
  } finally {
    await db.close();
  }
}
