// Comments: a reader answers under a post, the author moderates, imported comments appear.
//
// What is kept about a commenter is what the notice under the form says and no more: the
// name and the body (shown once approved), the email only if given (sealed, found by a keyed
// hash, used only to tell of a reply and to recognise an earlier approved commenter), and
// the address only as a keyed hash, cleared after 30 days. The withdraw link (signed, 30
// days) deletes the comment and all of that.
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { audit, type Actor } from '../audit/service.ts';
import type { Db } from '../db/connection.ts';
import type { CommentStatus } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { upsertConsentText } from '../privacy/consent-store.ts';
import type { Sealer } from '../privacy/crypto.ts';
import { signToken, verifyToken } from '../privacy/tokens.ts';
import type { Settings } from '../site/settings.ts';
import { writeContent } from '../site/write.ts';
import { replyMail } from './mails.ts';
import * as store from './store.ts';
import { bannedWordIn, bodyHash, countLinks, importedBodyText, normaliseBody } from './text.ts';

/** A message for the reader or the author, in Japanese; nothing personal in it. */
export class CommentError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 | 410 = 400,
  ) {
    super(message);
  }
}

export const COMMENT_STATES: Record<CommentStatus, string> = { held: '承認待ち', approved: '承認済み', spam: 'スパム' };

/** Approved top-level comments on a post's own page; the rest are on /posts/SLUG/comments?page=N. */
export const COMMENTS_PER_PAGE = 100;
export const NAME_MAX = 50;
export const BODY_MAX = 2000;
export const WITHDRAW_DAYS = 30;
/** Days the keyed hash of a commenter's address is kept (rate limits, abuse). */
export const ADDRESS_HASH_DAYS = 30;

export interface CommentView {
  id: number;
  name: string;
  body: string;
  createdAt: string;
  byAuthor: boolean;
  replies: CommentView[];
}

export interface CommentPage {
  items: CommentView[];
  page: number;
  totalPages: number;
  /** Approved comments in all, replies included. */
  count: number;
  open: boolean;
}

/** Comments written here start their source key with this; others came from an import. */
const OWN_SOURCE = 'kawaraban:';

function toView(r: store.PublicCommentRow): CommentView {
  const body = r.source_key.startsWith(OWN_SOURCE) ? r.body : importedBodyText(r.body);
  return { id: Number(r.id), name: r.author_name, body, createdAt: r.created_at, byAuthor: Boolean(r.by_author), replies: [] };
}

// ---------------------------------------------------------------------------------------
// Reading

/** Whether the post takes comments now: by hand (open / closed), else until N days after
 * publication (0: always). */
export async function isOpen(
  db: Db,
  post: { id: number; published_at: string | null },
  settings: Pick<Settings, 'commentCloseDays'>,
  now = new Date(),
): Promise<boolean> {
  const mode = await store.threadMode(db.kysely, post.id);
  if (mode) return mode === 'open';
  if (!settings.commentCloseDays || !post.published_at) return true;
  return now.getTime() < new Date(post.published_at).getTime() + settings.commentCloseDays * 86_400_000;
}

/** One page of a post's approved comments with their replies, oldest first. */
export async function commentPage(
  db: Db,
  post: { id: number; published_at: string | null },
  settings: Pick<Settings, 'commentCloseDays'>,
  page = 1,
): Promise<CommentPage> {
  const [top, counts, open] = await Promise.all([
    store.countApprovedTopLevel(db.kysely, post.id),
    store.approvedCounts(db.kysely, [post.id]),
    isOpen(db, post, settings),
  ]);
  const totalPages = Math.max(1, Math.ceil(top / COMMENTS_PER_PAGE));
  if (page > totalPages) return { items: [], page, totalPages, count: counts.get(post.id) ?? 0, open };
  const rows = await store.approvedTopLevel(db.kysely, post.id, (page - 1) * COMMENTS_PER_PAGE, COMMENTS_PER_PAGE);
  const items = rows.map(toView);
  const byId = new Map(items.map((c) => [c.id, c]));
  for (const r of await store.approvedReplies(db.kysely, [...byId.keys()])) byId.get(Number(r.parent_id))?.replies.push(toView(r));
  return { items, page, totalPages, count: counts.get(post.id) ?? 0, open };
}

/** Approved comments per post (front page, listings, JSON-LD). */
export async function commentCounts(db: Db, postIds: number[]): Promise<Map<number, number>> {
  return store.approvedCounts(db.kysely, postIds);
}

/** A published post that can be commented on, by its slug. */
export async function commentablePost(db: Db, slug: string) {
  const post = await store.publishedPost(db.kysely, slug);
  return post ? { id: Number(post.id), slug: post.slug, title: post.title, published_at: post.published_at } : undefined;
}

export async function heldCount(db: Db): Promise<number> {
  return store.countByStatus(db.kysely, 'held');
}

// ---------------------------------------------------------------------------------------
// A reader's comment

/** The notice under the form; its exact text is stored once per version with each comment. */
export function commentNotice(siteTitle: string): string {
  return [
    `コメントの個人情報の取り扱い（${siteTitle}）`,
    'お名前とコメントは、承認後にこの記事の下に公開されます。',
    'メールアドレス（任意）は公開しません。投稿者からの返信をお知らせするためと、以前に承認されたコメントの方を確かめるためにだけ使い、暗号化して保存します。',
    `送信元のIPアドレスは、荒らし対策のために元に戻せない形（鍵付きハッシュ）でのみ保存し、${ADDRESS_HASH_DAYS}日後に消去します。`,
    `送信後に表示される専用のリンク（${WITHDRAW_DAYS}日間有効）から、コメントとこれらの情報をいつでも削除できます。それ以降の開示・削除のご請求はサイトの管理者へお寄せください。`,
  ].join('\n');
}

export const commentInputSchema = z.object({
  name: z.string().trim().min(1, 'お名前を入力してください').max(NAME_MAX, `お名前は${NAME_MAX}文字までです`),
  email: z
    .string()
    .trim()
    .max(254, 'メールアドレスが長すぎます')
    .refine((v) => v === '' || z.email().safeParse(v).success, 'メールアドレスの形式が正しくありません'),
  body: z
    .string()
    .transform(normaliseBody)
    .refine((v) => v.length > 0, 'コメントを入力してください')
    .refine((v) => [...v].length <= BODY_MAX, `コメントは${BODY_MAX.toLocaleString('ja-JP')}文字までです`),
  notify: z.boolean(),
});

export type CommentInput = z.input<typeof commentInputSchema>;

export interface CommentContext {
  db: Db;
  sealer: Sealer;
  settings: Settings;
  now?: Date;
}

export interface Posted {
  id: number;
  status: CommentStatus;
  /** The commenter's own link to withdraw the comment. */
  withdrawToken: string;
  post: { slug: string; title: string };
}

function sha(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

function withdrawToken(sealer: Sealer, ref: string, now: Date): string {
  return signToken(sealer.tokenKeys, 'withdraw', ref, new Date(now.getTime() + WITHDRAW_DAYS * 86_400_000));
}

/** Checks a reader's comment and keeps it: held for approval, approved at once (a known
 * commenter, when the settings say so), or spam (a banned word). Nothing is stored when
 * the input is refused. */
export async function postComment(ctx: CommentContext, slug: string, raw: CommentInput, addressHash: string): Promise<Posted> {
  const now = ctx.now ?? new Date();
  const post = await store.publishedPost(ctx.db.kysely, slug);
  if (!post) throw new CommentError('記事が見つかりません。', 404);
  const postRef = { id: Number(post.id), published_at: post.published_at };
  if (!(await isOpen(ctx.db, postRef, ctx.settings, now))) throw new CommentError('この記事のコメントの受付は終了しました。', 410);
  const parsed = commentInputSchema.safeParse(raw);
  if (!parsed.success) throw new CommentError(parsed.error.issues[0]!.message);
  const input = parsed.data;
  const hash = bodyHash(input.body);
  if (await store.bodyExists(ctx.db.kysely, postRef.id, hash)) throw new CommentError('同じ内容のコメントがすでに送信されています。', 409);

  let status: CommentStatus = 'held';
  if (bannedWordIn(input.body, ctx.settings.commentBannedWords)) status = 'spam';
  else if (countLinks(input.body) > ctx.settings.commentMaxLinks) status = 'held';
  else if (
    ctx.settings.commentApproval === 'known' &&
    input.email &&
    (await store.hasApprovedComment(ctx.db.kysely, ctx.sealer.emailHashes(input.email)))
  )
    status = 'approved';

  const ref = randomUUID();
  const notice = commentNotice(ctx.settings.title);
  const write = async (trx: Parameters<Parameters<typeof inTransaction>[1]>[0]) => {
    const consentId = await upsertConsentText(trx, sha(notice), notice, now.toISOString());
    return store.insertComment(trx, {
      post_id: postRef.id,
      author_name: input.name,
      author_email: null,
      author_ip: null,
      author_url: null,
      body: input.body,
      created_at: now.toISOString(),
      source_key: `${OWN_SOURCE}${ref}`,
      status,
      parent_id: null,
      by_author: 0,
      ref,
      sealed_email: input.email ? ctx.sealer.seal(input.email, `comment.email:${ref}`) : null,
      email_hash: input.email ? ctx.sealer.emailHash(input.email) : null,
      notify_reply: input.email && input.notify ? 1 : 0,
      ip_hash: addressHash,
      body_hash: hash,
      consent_id: consentId,
      moderated_at: null,
    });
  };
  // A comment shown at once changes pages: the content version moves with it.
  const id = status === 'approved' ? await writeContent(ctx.db, write) : await inTransaction(ctx.db, write);
  return { id, status, withdrawToken: withdrawToken(ctx.sealer, ref, now), post: { slug: post.slug, title: post.title } };
}

/** The withdraw link: deletes the comment (with its replies) and everything kept with it. */
export async function withdrawComment(
  ctx: { db: Db; sealer: Sealer; now?: Date },
  token: unknown,
): Promise<{ post: { slug: string; title: string } }> {
  const check = verifyToken(ctx.sealer.tokenKeys, token, 'withdraw', ctx.now);
  if (!check.ok)
    throw new CommentError(
      check.reason === 'expired'
        ? 'このリンクの有効期限（30日）が切れています。削除をご希望の場合は、サイトの管理者にお知らせください。'
        : 'このリンクは正しくありません。表示されたリンクをそのまま開いてください。',
      check.reason === 'expired' ? 410 : 400,
    );
  const c = await store.findCommentByRef(ctx.db.kysely, check.body.subject);
  if (!c) throw new CommentError('このコメントはすでに削除されています。', 410);
  const post = (await store.postById(ctx.db.kysely, Number(c.post_id)))!;
  const work = async (trx: Parameters<Parameters<typeof inTransaction>[1]>[0]) => {
    await store.deleteComments(trx, [Number(c.id)]);
    await audit(trx, { userId: null, name: 'commenter', ip: '' }, 'comment.withdraw', `comment:${c.id}`);
  };
  if (c.status === 'approved') await writeContent(ctx.db, work);
  else await inTransaction(ctx.db, work);
  return { post: { slug: post.slug, title: post.title } };
}

export function checkWithdrawToken(sealer: Sealer, token: unknown): ReturnType<typeof verifyToken> {
  return verifyToken(sealer.tokenKeys, token, 'withdraw');
}

// ---------------------------------------------------------------------------------------
// The author's side

export interface ModerationFilter {
  status?: CommentStatus;
  postId?: number;
}

export async function listComments(db: Db, filter: ModerationFilter = {}, limit = 500) {
  return (await store.listForModeration(db.kysely, filter, limit)).map((r) => ({
    id: Number(r.id),
    postId: Number(r.post_id),
    parentId: r.parent_id === null ? null : Number(r.parent_id),
    name: r.author_name,
    body: r.source_key.startsWith(OWN_SOURCE) ? r.body : importedBodyText(r.body),
    createdAt: r.created_at,
    status: r.status,
    byAuthor: Boolean(r.by_author),
    imported: !r.source_key.startsWith(OWN_SOURCE),
    post: { slug: r.slug, title: r.title },
  }));
}

export async function postsWithComments(db: Db): Promise<Array<{ id: number; title: string }>> {
  return (await store.postsWithComments(db.kysely)).map((p) => ({ id: Number(p.id), title: p.title }));
}

export async function countsByStatus(db: Db): Promise<Record<CommentStatus, number>> {
  const [held, approved, spam] = await Promise.all((['held', 'approved', 'spam'] as const).map((s) => store.countByStatus(db.kysely, s)));
  return { held: held!, approved: approved!, spam: spam! };
}

export type ModerationAction = 'approve' | 'spam' | 'delete';

/** Approves, marks as spam or deletes comments; each one in the audit log. Returns how many
 * existed. Pages change (the content version moves) when what readers see changes. */
export async function moderate(db: Db, action: ModerationAction, ids: number[], actor: Actor, now = new Date()): Promise<number> {
  const unique = [...new Set(ids.filter((id) => Number.isSafeInteger(id) && id > 0))].slice(0, 1000);
  const rows = await store.commentsByIds(db.kysely, unique);
  if (!rows.length) return 0;
  const found = rows.map((r) => Number(r.id));
  const visible = action === 'approve' || rows.some((r) => r.status === 'approved');
  const work = async (trx: Parameters<Parameters<typeof inTransaction>[1]>[0]) => {
    if (action === 'delete') await store.deleteComments(trx, found);
    else await store.setStatus(trx, found, action === 'approve' ? 'approved' : 'spam', now.toISOString());
    for (const r of rows) await audit(trx, actor, `comment.${action}`, `comment:${r.id}`, `post:${r.post_id}`);
  };
  if (visible) await writeContent(db, work);
  else await inTransaction(db, work);
  return found.length;
}

export interface ReplyContext {
  db: Db;
  sealer: Sealer;
  siteUrl: string;
  siteTitle: string;
  now?: Date;
}

/** The author's reply under a comment: approved at once, marked 投稿者; the commenter is
 * mailed if they asked to be. A reply to a reply goes under the same comment (one level). */
export async function replyAsAuthor(
  ctx: ReplyContext,
  parentId: number,
  raw: { name: string; body: string },
  actor: Actor,
): Promise<number> {
  const now = ctx.now ?? new Date();
  const parent = await store.findComment(ctx.db.kysely, parentId);
  if (!parent) throw new CommentError('返信先のコメントが見つかりません。', 404);
  const top = parent.parent_id === null ? parent : await store.findComment(ctx.db.kysely, Number(parent.parent_id));
  if (!top) throw new CommentError('返信先のコメントが見つかりません。', 404);
  const parsed = commentInputSchema.pick({ name: true, body: true }).safeParse(raw);
  if (!parsed.success) throw new CommentError(parsed.error.issues[0]!.message);
  const post = (await store.postById(ctx.db.kysely, Number(top.post_id)))!;
  const ref = randomUUID();
  return writeContent(ctx.db, async (trx) => {
    // Replying approves the comment replied to (the author has read it).
    if (top.status !== 'approved') await store.setStatus(trx, [Number(top.id)], 'approved', now.toISOString());
    const id = await store.insertComment(trx, {
      post_id: Number(top.post_id),
      author_name: parsed.data.name,
      author_email: null,
      author_ip: null,
      author_url: null,
      body: parsed.data.body,
      created_at: now.toISOString(),
      source_key: `${OWN_SOURCE}${ref}`,
      status: 'approved',
      parent_id: Number(top.id),
      by_author: 1,
      ref,
      sealed_email: null,
      email_hash: null,
      notify_reply: 0,
      ip_hash: null,
      body_hash: bodyHash(parsed.data.body),
      consent_id: null,
      moderated_at: now.toISOString(),
    });
    await audit(trx, actor, 'comment.reply', `comment:${id}`, `reply to comment:${top.id}`);
    if (top.notify_reply && top.sealed_email && top.ref) {
      const to = ctx.sealer.open(top.sealed_email, `comment.email:${top.ref}`);
      await enqueueMail(
        trx,
        ctx.sealer,
        { ...replyMail(ctx, { slug: post.slug, title: post.title }, top.author_name, parsed.data.body), to },
        now,
      );
    }
    return id;
  });
}

/** Opens or closes comments on a post by hand, or gives it back to the site's rule. */
export async function setCommentsOpen(db: Db, postId: number, mode: 'open' | 'closed' | 'auto', actor: Actor): Promise<void> {
  const post = await store.postById(db.kysely, postId);
  if (!post) throw new CommentError('記事が見つかりません。', 404);
  await writeContent(db, async (trx) => {
    await store.setThreadMode(trx, postId, mode);
    await audit(trx, actor, 'comment.thread', `post:${postId}`, mode);
  });
}

export async function threadModeOf(db: Db, postId: number): Promise<'open' | 'closed' | 'auto'> {
  return (await store.threadMode(db.kysely, postId)) ?? 'auto';
}
