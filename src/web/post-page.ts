// A post's own page with its comments and the comment form, rendered for the page cache
// (public-routes). The form carries no token: a cached page (or a CDN's copy) would hand out
// an old one. Its token comes from the 確認 step, which is never cached (comment-routes).
import type { App } from '../app.ts';
import { commentNotice, commentPage } from '../comments/service.ts';
import * as read from '../content/read.ts';
import { statesOf } from '../events/event.ts';
import { EVENT_STATE_MARK, eventSlugsIn, fillEventStates } from '../render/event-state.ts';
import { renderPostHtml } from '../render/post-html.ts';
import { notFound } from './errors.ts';

export async function renderPostPage(app: App, slug: string): Promise<Buffer> {
  const [site, found] = await Promise.all([app.siteContext(), read.publishedPost(app.db, slug, app.remember)]);
  if (!found) throw notFound();
  // A call to action for an event shows whether seats are left: the one body decoded here.
  if (found.post.body.includes(EVENT_STATE_MARK)) {
    const html = found.post.body.toString('utf8');
    const events = eventSlugsIn(html);
    if (events.length) found.post.body = Buffer.from(fillEventStates(html, await statesOf(app.db, events)), 'utf8');
  }
  const post = { id: found.post.id, published_at: found.post.publishedAt };
  const page = await commentPage(app.db, post, site.settings, 1, app.remember);
  found.post.commentCount = page.count;
  return renderPostHtml(site, found, { page, notice: commentNotice(site.settings.title) });
}
