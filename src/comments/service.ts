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
import type { Remember } from '../content/read.ts';
import type { Db } from '../db/connection.ts';
import type { CommentStatus } from '../db/schema.ts';
import { inTransaction, type Tx } from '../db/transaction.ts';
import { enqueueMails } from '../mail/outbox.ts';
import { upsertConsentText } from '../privacy/consent-store.ts';
import type { Sealer } from '../privacy/crypto.ts';
import { signToken, verifyToken } from '../privacy/tokens.ts';
import type { Settings } from '../site/settings.ts';
import { readSettings } from '../site/store.ts';
import { writeContent } from '../site/write.ts';
import { replyMail } from './mails.ts';
import * as store from './store.ts';
import { bannedWordIn, bodyHash, bodyHtml, countLinks, importedBodyText, normaliseBody } from './text.ts';

/** A message for the reader or the author, in Japanese; nothing personal in it. */
export class CommentError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 | 410 | 429 = 400,
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
/** Comments one address may send in RATE_WINDOW_MS. */
export const RATE_MAX = 5;
export const RATE_WINDOW_MS = 10 * 60_000;

export interface CommentView {
  id: number;
  name: string;
  /** The body as HTML: escaped text, <br/> and links only (text.ts bodyHtml); the stored
   * UTF-8 bytes when read from the database, which pages splice in (render/slots.ts). */
  bodyHtml: string | Buffer;
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

/** The text a comment's HTML is made from: imported bodies carry a little old HTML. */
function bodyText(body: string, sourceKey: string): string {
  return sourceKey.startsWith(OWN_SOURCE) ? body : importedBodyText(body);
}

/** Rows without their HTML yet: made now, and kept (later pages read it), in one transaction. */
async function fillBodyHtml(db: Db, rows: store.PublicCommentRow[]): Promise<void> {
  const missing = rows.filter((r) => r.body_html === null);
  if (!missing.length) return;
  const texts = await store.textsOf(
    db.kysely,
    missing.map((r) => Number(r.id)),
  );
  const html = new Map(texts.map((t) => [Number(t.id), bodyHtml(bodyText(t.body, t.source_key))]));
  await keepBodyHtml(db, html);
  for (const r of missing) r.body_html = html.get(Number(r.id)) ?? '';
}

async function keepBodyHtml(db: Db, html: Map<number, string>): Promise<void> {
  await inTransaction(db, async (trx) => {
    for (const [id, h] of html) await store.setBodyHtml(trx, id, h);
  });
}

function toView(r: store.PublicCommentRow): CommentView {
  return {
    id: Number(r.id),
    name: r.author_name,
    bodyHtml: r.body_html ?? '',
    createdAt: r.created_at,
    byAuthor: Boolean(r.by_author),
    replies: [],
  };
}

/** Once in a while (the comments job): makes the HTML of comments that lack it. */
export async function fillMissingBodyHtml(db: Db, limit = 500): Promise<number> {
  const rows = await store.withoutBodyHtml(db.kysely, limit);
  if (rows.length) await keepBodyHtml(db, new Map(rows.map((r) => [Number(r.id), bodyHtml(bodyText(r.body, r.source_key))])));
  return rows.length;
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
  return openUnder(await store.threadMode(db.kysely, post.id), post, settings, now);
}

/** Opened or closed by hand, or else open for the site's number of days after publishing. */
function openUnder(
  mode: 'open' | 'closed' | undefined,
  post: { published_at: string | null },
  settings: Pick<Settings, 'commentCloseDays'>,
  now = new Date(),
): boolean {
  if (mode) return mode === 'open';
  if (!settings.commentCloseDays || !post.published_at) return true;
  return now.getTime() < new Date(post.published_at).getTime() + settings.commentCloseDays * 86_400_000;
}

/** Approved comments per post and the hand-set thread modes, kept per content version when
 * the caller remembers (pages): approving, deleting or opening comments changes the version. */
async function commentState(db: Db, remember: Remember) {
  const [tallies, modes] = await Promise.all([
    remember('comment tallies', () => store.approvedTallies(db.kysely)),
    remember('comment thread modes', () => store.threadModes(db.kysely)),
  ]);
  return { tallies, modes };
}

const readNow: Remember = (_key, load) => load();

/** One page of a post's approved comments with their replies, oldest first. */
export async function commentPage(
  db: Db,
  post: { id: number; published_at: string | null },
  settings: Pick<Settings, 'commentCloseDays'>,
  page = 1,
  remember: Remember = readNow,
): Promise<CommentPage> {
  const { tallies, modes } = await commentState(db, remember);
  const tally = tallies.get(post.id) ?? { all: 0, top: 0 };
  const open = openUnder(modes.get(post.id), post, settings);
  const totalPages = Math.max(1, Math.ceil(tally.top / COMMENTS_PER_PAGE));
  // A post without comments (most of them) asks nothing more.
  if (page > totalPages || tally.top === 0) return { items: [], page, totalPages, count: tally.all, open };
  const offset = (page - 1) * COMMENTS_PER_PAGE;
  const [tops, replies] = await Promise.all([
    store.approvedTopLevel(db.kysely, db.kind, post.id, offset, COMMENTS_PER_PAGE),
    store.approvedRepliesOfPage(db.kysely, db.kind, post.id, offset, COMMENTS_PER_PAGE),
  ]);
  await fillBodyHtml(db, [...tops, ...replies]);
  const items = tops.map(toView);
  const byId = new Map(items.map((c) => [c.id, c]));
  for (const r of replies) byId.get(Number(r.parent_id))?.replies.push(toView(r));
  return { items, page, totalPages, count: tally.all, open };
}

/** Approved comments per post (front page, listings, JSON-LD). */
export async function commentCounts(db: Db, postIds: number[], remember: Remember = readNow): Promise<Map<number, number>> {
  const { tallies } = await commentState(db, remember);
  const counts = new Map<number, number>();
  for (const id of postIds) counts.set(id, tallies.get(id)?.all ?? 0);
  return counts;
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
    'メールアドレス（任意）は公開しません。コメントへの返信をお知らせするためと、以前に承認されたコメントの方を確かめるためにだけ使い、暗号化して保存します。',
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
  /** For the links in reply notices. */
  siteUrl: string;
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

/** A reader's comment checked and ready to keep: what the preview shows and the final
 * step saves. */
export interface CommentDraft {
  post: { id: number; slug: string; title: string };
  /** The top-level comment it answers (a reply to a reply goes under the same one). */
  parent?: { id: number; name: string };
  input: z.output<typeof commentInputSchema>;
  /** What it will be once saved: approved at once, held, or (a banned word) spam. */
  status: CommentStatus;
  bodyHtml: string;
}

/** The approved top-level comment a reader answers under a post: the comment itself, or the
 * one above it when it is a reply (one level). */
export async function replyTarget(db: Db, postId: number, commentId: number) {
  const c = await store.findComment(db.kysely, commentId);
  if (!c || c.status !== 'approved') return undefined;
  const top = c.parent_id !== null ? await store.findComment(db.kysely, Number(c.parent_id)) : c;
  if (!top || Number(top.post_id) !== postId || top.status !== 'approved') return undefined;
  return {
    id: Number(top.id),
    name: top.author_name,
    bodyHtml: top.body_html ?? bodyHtml(bodyText(top.body, top.source_key)),
    createdAt: top.created_at,
    byAuthor: Boolean(top.by_author),
  };
}

/** Every check a reader's comment goes through, without keeping anything: the post is there
 * and open, the reply's comment is there, the fields are right, the address has not sent
 * too many, the same body was not sent before; and what it will be (approved, held, spam). */
export async function checkComment(
  ctx: CommentContext,
  slug: string,
  raw: CommentInput,
  addressHash: string,
  parentId?: number,
): Promise<CommentDraft> {
  const now = ctx.now ?? new Date();
  const post = await store.publishedPost(ctx.db.kysely, slug);
  if (!post) throw new CommentError('記事が見つかりません。', 404);
  const postRef = { id: Number(post.id), published_at: post.published_at };
  if (!(await isOpen(ctx.db, postRef, ctx.settings, now))) throw new CommentError('この記事のコメントの受付は終了しました。', 410);
  const parent = parentId === undefined ? undefined : await replyTarget(ctx.db, postRef.id, parentId);
  if (parentId !== undefined && !parent) throw new CommentError('返信先のコメントが見つかりません。', 404);
  const parsed = commentInputSchema.safeParse(raw);
  if (!parsed.success) throw new CommentError(parsed.error.issues[0]!.message);
  const input = parsed.data;
  const since = new Date(now.getTime() - RATE_WINDOW_MS).toISOString();
  if ((await store.countFromAddressSince(ctx.db.kysely, addressHash, since)) >= RATE_MAX)
    throw new CommentError('短い時間にたくさんの送信がありました。しばらく待ってから、もう一度お試しください。', 429);
  if (await store.bodyExists(ctx.db.kysely, postRef.id, bodyHash(input.body)))
    throw new CommentError('同じ内容のコメントがすでに送信されています。', 409);

  let status: CommentStatus = 'held';
  if (bannedWordIn(input.body, ctx.settings.commentBannedWords)) status = 'spam';
  else if (countLinks(input.body) > ctx.settings.commentMaxLinks) status = 'held';
  else if (
    ctx.settings.commentApproval === 'known' &&
    input.email &&
    (await store.hasApprovedComment(ctx.db.kysely, ctx.sealer.emailHashes(input.email)))
  )
    status = 'approved';
  return {
    post: { id: postRef.id, slug: post.slug, title: post.title },
    ...(parent ? { parent: { id: parent.id, name: parent.name } } : {}),
    input,
    status,
    bodyHtml: bodyHtml(input.body),
  };
}

/** What a preview's form token is bound to: the post, the comment answered and the exact
 * content, so the token cannot be used to send anything else. */
export function draftSubject(draft: CommentDraft): string {
  const { name, email, body, notify } = draft.input;
  const content = sha(JSON.stringify([name, email, body, notify])).slice(0, 22);
  return `comment-${draft.post.id}-${draft.parent?.id ?? 0}-${content}`;
}

/** Keeps a checked comment: held for approval, approved at once (a known commenter, when
 * the settings say so), or spam (a banned word). A reply shown at once tells the commenter
 * answered, if they asked to be told. */
export async function saveComment(ctx: CommentContext, draft: CommentDraft, addressHash: string): Promise<Posted> {
  const now = ctx.now ?? new Date();
  const { input, status } = draft;
  const ref = randomUUID();
  const notice = commentNotice(ctx.settings.title);
  const write = async (trx: Parameters<Parameters<typeof inTransaction>[1]>[0]) => {
    const consentId = await upsertConsentText(trx, sha(notice), notice, now.toISOString());
    const id = await store.insertComment(trx, {
      post_id: draft.post.id,
      author_name: input.name,
      author_email: null,
      author_ip: null,
      author_url: null,
      body: input.body,
      body_html: draft.bodyHtml,
      created_at: now.toISOString(),
      source_key: `${OWN_SOURCE}${ref}`,
      status,
      parent_id: draft.parent?.id ?? null,
      by_author: 0,
      ref,
      sealed_email: input.email ? ctx.sealer.seal(input.email, `comment.email:${ref}`) : null,
      email_hash: input.email ? ctx.sealer.emailHash(input.email) : null,
      // Notices go to the comment answered: a reply asks for none.
      notify_reply: input.email && input.notify && !draft.parent ? 1 : 0,
      ip_hash: addressHash,
      body_hash: bodyHash(input.body),
      consent_id: consentId,
      moderated_at: null,
    });
    if (status === 'approved' && draft.parent) await queueReplyNotices(trx, ctx, [id], now);
    return id;
  };
  // A comment shown at once changes pages: the content version moves with it.
  const id = status === 'approved' ? await writeContent(ctx.db, write) : await inTransaction(ctx.db, write);
  return { id, status, withdrawToken: withdrawToken(ctx.sealer, ref, now), post: { slug: draft.post.slug, title: draft.post.title } };
}

/** Checks a reader's comment and keeps it (checkComment, then saveComment). Nothing is
 * stored when the input is refused. */
export async function postComment(
  ctx: CommentContext,
  slug: string,
  raw: CommentInput,
  addressHash: string,
  parentId?: number,
): Promise<Posted> {
  return saveComment(ctx, await checkComment(ctx, slug, raw, addressHash, parentId), addressHash);
}

/** What reply notices need: the key to open the commenter's address, and the site's URL. */
export interface NoticeContext {
  sealer: Sealer;
  siteUrl: string;
}

/** Queues the reply notices for replies just shown: to the commenter answered, if they
 * asked, and not for their own reply. One notice per reply, ever (its dedupe key), tied to
 * the reply so that deleting either comment takes an unsent notice with it. */
async function queueReplyNotices(trx: Tx, ctx: NoticeContext, replyIds: number[], now: Date): Promise<number> {
  const replies = (await store.commentsByIds(trx, replyIds)).filter((r) => r.parent_id !== null && r.status === 'approved');
  const mails = [];
  let siteTitle: string | undefined;
  for (const r of replies) {
    const top = await store.findComment(trx, Number(r.parent_id));
    if (!top?.notify_reply || !top.sealed_email || !top.ref) continue;
    if (r.email_hash && r.email_hash === top.email_hash) continue;
    const post = (await store.postById(trx, Number(top.post_id)))!;
    siteTitle ??= (await readSettings(trx)).title;
    mails.push({
      ...replyMail({ siteUrl: ctx.siteUrl, siteTitle }, { slug: post.slug, title: post.title }, top.author_name, {
        name: r.author_name,
        byAuthor: Boolean(r.by_author),
        body: r.body,
      }),
      to: ctx.sealer.open(top.sealed_email, `comment.email:${top.ref}`),
      commentId: Number(r.id),
      dedupeKey: `comment-reply:${r.id}`,
    });
  }
  return enqueueMails(trx, ctx.sealer, mails, now);
}

/** What a commenter is told when the withdraw link cannot be used, by why. */
export const WITHDRAW_LINK_PROBLEMS = {
  expired: 'このリンクの有効期限（30日）が切れています。削除をご希望の場合は、サイトの管理者にお知らせください。',
  invalid: 'このリンクは正しくありません。表示されたリンクをそのまま開いてください。',
} as const;

/** The withdraw link: deletes the comment (with its replies) and everything kept with it. */
export async function withdrawComment(
  ctx: { db: Db; sealer: Sealer; now?: Date },
  token: unknown,
): Promise<{ post: { slug: string; title: string } }> {
  const check = verifyToken(ctx.sealer.tokenKeys, token, 'withdraw', ctx.now);
  if (!check.ok) throw new CommentError(WITHDRAW_LINK_PROBLEMS[check.reason], check.reason === 'expired' ? 410 : 400);
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
 * existed. Pages change (the content version moves) when what readers see changes. A
 * reader's reply approved here tells the commenter answered (if they asked); one marked as
 * spam takes its unsent notice back. */
export async function moderate(
  db: Db,
  action: ModerationAction,
  ids: number[],
  actor: Actor,
  notices: NoticeContext,
  now = new Date(),
): Promise<number> {
  const unique = [...new Set(ids.filter((id) => Number.isSafeInteger(id) && id > 0))].slice(0, 1000);
  const rows = await store.commentsByIds(db.kysely, unique);
  if (!rows.length) return 0;
  const found = rows.map((r) => Number(r.id));
  const visible = action === 'approve' || rows.some((r) => r.status === 'approved');
  const work = async (trx: Parameters<Parameters<typeof inTransaction>[1]>[0]) => {
    if (action === 'delete') await store.deleteComments(trx, found);
    else await store.setStatus(trx, found, action === 'approve' ? 'approved' : 'spam', now.toISOString());
    if (action === 'approve') await queueReplyNotices(trx, notices, found, now);
    if (action === 'spam') await store.deleteUnsentMailAbout(trx, found);
    for (const r of rows) await audit(trx, actor, `comment.${action}`, `comment:${r.id}`, `post:${r.post_id}`);
  };
  if (visible) await writeContent(db, work);
  else await inTransaction(db, work);
  return found.length;
}

export interface ReplyContext extends NoticeContext {
  db: Db;
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
      body_html: bodyHtml(parsed.data.body),
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
    await queueReplyNotices(trx, ctx, [id], now);
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
