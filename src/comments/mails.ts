// The mails of comments, as plain Japanese text (text/plain: a comment's body in a mail is
// only ever text, so nothing in it can become markup).
import { excerptOf } from './text.ts';
import type { MailContext, MailText } from '../mail/text.ts';

export type { MailContext };

function postUrl(ctx: MailContext, slug: string): string {
  return `${ctx.siteUrl}/posts/${encodeURIComponent(slug)}#comments`;
}

/** To a commenter who asked to hear of a reply (from the author or another reader). */
export function replyMail(
  ctx: MailContext,
  post: { slug: string; title: string },
  name: string,
  reply: { name: string; byAuthor: boolean; body: string },
): MailText {
  const from = reply.byAuthor ? '投稿者' : `${reply.name} さん`;
  return {
    kind: 'comment-reply',
    subject: `【${ctx.siteTitle}】コメントに返信がありました: ${post.title}`,
    text:
      `${name} 様\n\n「${post.title}」へのコメントに、${from}から返信がありました。\n\n` +
      `${excerptOf(reply.body, 400)}\n\n続きと全文はこちら:\n${postUrl(ctx, post.slug)}\n\n` +
      'このお知らせは、コメントの送信時に「返信があったらメールで知らせる」を選ばれた方にだけお送りしています。\n' +
      `\n--\n${ctx.siteTitle}\n${ctx.siteUrl}/\n`,
  };
}

export interface HeldComment {
  name: string;
  body: string;
  postTitle: string;
}

/** To the author: what came in and waits for approval (at most one mail per 10 minutes). */
export function heldDigestMail(ctx: MailContext, held: HeldComment[]): MailText {
  const lines = held.map((c) => `・「${c.postTitle}」に ${c.name} さん: ${excerptOf(c.body, 80)}`).join('\n');
  return {
    kind: 'comment-held',
    subject: `【${ctx.siteTitle}】承認待ちのコメントが${held.length}件あります`,
    text: `承認待ちのコメントが届きました（${held.length}件）。\n\n${lines}\n\n承認・スパム・削除は管理画面から:\n${ctx.siteUrl}/admin/comments?status=held\n\n--\n${ctx.siteTitle}\n`,
  };
}
