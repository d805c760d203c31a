// `kawaraban comments list [--held]` and `comments approve|spam|delete ID…`: moderation for
// operators, each action in the audit log as the CLI. A running server shows the change
// within a second (the content version moves).
import { cliActor } from '../audit/service.ts';
import { listComments, moderate, COMMENT_STATES, type ModerationAction } from '../comments/service.ts';
import { excerptOf } from '../comments/text.ts';
import { ConfigError, type Config } from '../config.ts';
import { openConfiguredDatabase } from '../db/open.ts';
import { sealerOf } from './privacy.ts';

/** One line per comment: id first, then the post, the name, the state and the body's start. */
export async function commentsListCommand(config: Config, o: { held?: boolean }): Promise<void> {
  const db = await openConfiguredDatabase(config);
  try {
    const rows = await listComments(db, o.held ? { status: 'held' } : {}, 10_000);
    for (const c of rows) {
      const oneLine = (s: string) => s.replace(/[\t\r\n]+/g, ' ');
      console.log([c.id, c.post.slug, oneLine(c.name), COMMENT_STATES[c.status], oneLine(excerptOf(c.body, 60))].join('\t'));
    }
    if (!rows.length) console.error(o.held ? 'No held comments.' : 'No comments.');
  } finally {
    await db.close();
  }
}

export function parseIds(ids: string[]): number[] {
  const bad = ids.find((id) => !/^\d{1,12}$/.test(id));
  if (bad !== undefined) throw new ConfigError(`"${bad}" is not a comment id (see: kawaraban comments list)`);
  return ids.map(Number);
}

export async function commentsModerateCommand(config: Config, action: ModerationAction, ids: string[]): Promise<void> {
  const wanted = parseIds(ids);
  // An approved reply tells the commenter answered: the keys open their sealed address.
  const notices = { sealer: sealerOf(config), siteUrl: config.siteUrl };
  const db = await openConfiguredDatabase(config);
  try {
    const done = await moderate(db, action, wanted, cliActor, notices);
    const verb = { approve: 'Approved', spam: 'Marked as spam', delete: 'Deleted' }[action];
    console.log(`${verb}: ${done} comment(s).`);
    if (done < new Set(wanted).size) {
      console.error(`${new Set(wanted).size - done} id(s) not found.`);
      process.exitCode = 1;
    }
  } finally {
    await db.close();
  }
}
