// A post's own page with its comments and the comment form: rendered for the page cache
// (public-routes) and again, uncached, when a comment sent from it must be corrected
// (comment-routes: the reader's input kept, the error shown).
import type { App } from '../app.ts';
import { commentNotice, commentPage } from '../comments/service.ts';
import * as read from '../content/read.ts';
import { statesOf } from '../events/event.ts';
import type { CommentFormValues } from '../render/comments.tsx';
import { EVENT_STATE_MARK, eventSlugsIn, fillEventStates } from '../render/event-state.ts';
import { renderPost } from '../render/pages/post.tsx';
import { notFound } from './errors.ts';
import { issueFormToken } from './form-guard.ts';

/** How long a comment form stays valid. The token is issued when the page is rendered, and
 * the page cache serves that page until content changes: a form older than this is answered
 * with the form again (input kept, a new token), and the reader sends it once more. */
export const COMMENT_FORM_VALID_MS = 24 * 3600_000;

export function commentFormToken(app: App, postId: number): string {
  return issueFormToken(app.sealer.tokenKeys, `post-${postId}`, COMMENT_FORM_VALID_MS);
}

export async function renderPostPage(app: App, slug: string, form: { values?: CommentFormValues; error?: string } = {}): Promise<Buffer> {
  const [site, found] = await Promise.all([app.siteContext(), read.publishedPost(app.db, slug, app.remember)]);
  if (!found) throw notFound();
  // A call to action for an event shows whether seats are left: the one body decoded here.
  if (found.post.body.includes(EVENT_STATE_MARK)) {
    const html = found.post.body.toString('utf8');
    const events = eventSlugsIn(html);
    if (events.length) found.post.body = Buffer.from(fillEventStates(html, await statesOf(app.db, events)), 'utf8');
  }
  const page = await commentPage(app.db, { id: found.post.id, published_at: found.post.publishedAt }, site.settings);
  found.post.commentCount = page.count;
  return renderPost(site, found, {
    page,
    form: { formToken: commentFormToken(app, found.post.id), notice: commentNotice(site.settings.title), ...form },
  });
}
