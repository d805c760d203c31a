// Readers who subscribe: to every new post or a weekly digest, by category, and to the
// addenda of single posts they follow. The same rules as event registrations protect them: a
// versioned notice consented to before anything is kept, the email sealed and found by its
// keyed hash, double opt-in through a button (a mail scanner confirms nothing), signed
// expiring links, and nothing kept that is no longer needed (leaving deletes at once,
// unconfirmed subscriptions go after 7 days).
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { audit, systemActor, type Actor } from '../audit/service.ts';
import type { AddendumBlock } from '../content/blocks.ts';
import type { PostRow } from '../content/post-store.ts';
import type { Db } from '../db/connection.ts';
import type { SubscriberFrequency, SubscriberStatus } from '../db/schema.ts';
import { inTransaction, type Tx } from '../db/transaction.ts';
import { enqueueLater, enqueueMail, enqueueMails, type ComposedMail, type Mail, type MailComposer } from '../mail/outbox.ts';
import { toCsv } from '../privacy/csv.ts';
import { type Sealer } from '../privacy/crypto.ts';
import { signToken, verifyToken } from '../privacy/tokens.ts';
import { readSettings } from '../site/store.ts';
import {
  addendumMailMaker,
  alreadyMail,
  confirmMail,
  digestMail,
  personalLinks,
  postMailMaker,
  postSubject,
  type MailParts,
  type MailSite,
  type PersonalLinks,
} from './mails.ts';
import * as store from './store.ts';
import { consentText, upsertConsentText } from '../privacy/consent-store.ts';
import { claimJob } from '../site/job-store.ts';
import type { SubscriberRow } from './store.ts';

/** A message for the reader or the author, in Japanese; nothing personal in it. */
export class SubscriptionError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 | 410 = 400,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------
// Settings (the owner's): on/off, the digest's day and hour (site time), the sender's name

export const subscriptionSettingsSchema = z.object({
  enabled: z.boolean().default(true),
  /** 0 = Sunday … 6 = Saturday, in the site's time zone (Japan). */
  digestDay: z.coerce.number().int().min(0).max(6).default(1),
  digestHour: z.coerce.number().int().min(0).max(23).default(8),
  /** Shown as the sender; empty: the site's title. */
  senderName: z.string().trim().max(100).default(''),
  /** Whom to ask about one's data (in the notice); empty: a reply to the mail. */
  contact: z.string().trim().max(500).default(''),
});

export type SubscriptionSettings = z.infer<typeof subscriptionSettingsSchema>;

export async function readSubscriptionSettings(db: Tx): Promise<SubscriptionSettings> {
  const merged: Record<string, unknown> = {};
  for (const r of await store.readSettingRows(db)) {
    try {
      merged[r.key.slice('subscriptions.'.length)] = JSON.parse(r.value);
    } catch {
      // keep the default
    }
  }
  const parsed = subscriptionSettingsSchema.safeParse(merged);
  return parsed.success ? parsed.data : subscriptionSettingsSchema.parse({});
}

export async function writeSubscriptionSettings(
  db: Db,
  raw: z.input<typeof subscriptionSettingsSchema>,
  actor: Actor,
): Promise<SubscriptionSettings> {
  const parsed = subscriptionSettingsSchema.safeParse(raw);
  if (!parsed.success) throw new SubscriptionError(parsed.error.issues[0]!.message);
  await inTransaction(db, async (trx) => {
    for (const [k, v] of Object.entries(parsed.data)) await store.writeSettingRow(trx, `subscriptions.${k}`, JSON.stringify(v));
    await audit(trx, actor, 'subscriptions.settings', '');
  });
  return parsed.data;
}

// ---------------------------------------------------------------------------------------
// The notice and the form

export const FREQUENCIES: Record<SubscriberFrequency, string> = {
  each: '記事が公開されるたび',
  weekly: '週に一度のまとめ',
  none: '追記を受け取る記事だけ',
};

export const STATUS_LABELS: Record<SubscriberStatus, string> = { pending: '確認待ち', confirmed: '配信中', paused: '停止中（配信エラー）' };

const DAYS = ['日', '月', '火', '水', '木', '金', '土'];

/** The notice shown above the consent box; its exact text is what a subscriber consents to. */
export function subscriptionNotice(siteTitle: string, s: SubscriptionSettings): string {
  return [
    `メール購読での個人情報の取り扱いについて（${siteTitle}）`,
    '保存するもの: メールアドレス（暗号化して保存）、選んだカテゴリーと頻度、追記を受け取る記事、同意した文面の版と日時。',
    `利用目的: 新しい記事（または${DAYS[s.digestDay]}曜日${s.digestHour}時のまとめ）と、選んだ記事の追記をメールでお送りするため。ほかの目的には使いません。`,
    '第三者への提供: ありません。メールの開封や、リンクのクリックは記録しません。',
    '保存期間: 購読をやめるまで（やめるとすぐに削除します）。確認されなかったお申し込みは7日後に削除します。',
    `開示・訂正・利用停止・削除のご請求先: ${s.contact || 'お送りするメールへのご返信'}`,
  ].join('\n');
}

export const subscribeSchema = z.object({
  email: z.string().trim().max(254, 'メールアドレスが長すぎます').email('メールアドレスの形式が正しくありません'),
  categories: z.array(z.string().max(100)).max(100).default([]),
  frequency: z.enum(['each', 'weekly', 'none'], { message: '配信の頻度を選んでください' }).default('each'),
  consent: z.boolean().refine((v) => v, '個人情報の取り扱いに同意いただく必要があります'),
  /** A post to follow (its addenda by mail). */
  follow: z.string().max(200).optional(),
});

export type SubscribeInput = z.input<typeof subscribeSchema>;

export interface SubscriptionContext {
  db: Db;
  sealer: Sealer;
  siteUrl: string;
  mailFrom: string;
  now?: Date;
}

const CONFIRM_HOURS = 48;
/** A subscriber's own link (preferences, leaving) lasts a year from the mail that carries it. */
const PERSONAL_DAYS = 365;

const sha = (text: string) => createHash('sha256').update(text).digest('base64url');

async function mailSite(ctx: SubscriptionContext, trx: Tx): Promise<MailSite & { settings: SubscriptionSettings }> {
  const [site, settings] = await Promise.all([readSettings(trx), readSubscriptionSettings(trx)]);
  return { siteUrl: ctx.siteUrl, siteTitle: site.title, mailFrom: ctx.mailFrom, settings };
}

export function personalToken(sealer: Sealer, ref: string, now = new Date()): string {
  return signToken(sealer.tokenKeys, 'subscriber', ref, new Date(now.getTime() + PERSONAL_DAYS * 86_400_000));
}

function linksFor(sealer: Sealer, site: MailSite, ref: string, now: Date): { links: PersonalLinks; token: string } {
  const token = personalToken(sealer, ref, now);
  return { links: personalLinks(site, token), token };
}

function openEmail(sealer: Sealer, r: SubscriberRow): string {
  return sealer.open(r.email, `subscriber.email:${r.ref}`);
}

function fromName(site: MailSite & { settings: SubscriptionSettings }): string {
  return site.settings.senderName || site.siteTitle;
}

function mail(parts: MailParts, to: string, extra: Partial<Mail> = {}): Mail {
  return { ...parts, to, ...extra };
}

export type SubscribeOutcome = 'pending' | 'duplicate';

/** A subscription: checked, sealed, saved with its consent and its confirmation mail in one
 * transaction. An address that is there already is not saved again: its owner gets a mail
 * (the screen says the same either way, so nobody learns who subscribes). */
export async function subscribe(ctx: SubscriptionContext, raw: SubscribeInput): Promise<SubscribeOutcome> {
  const now = ctx.now ?? new Date();
  const parsed = subscribeSchema.safeParse(raw);
  if (!parsed.success) throw new SubscriptionError(parsed.error.issues[0]!.message);
  const input = parsed.data;
  return inTransaction(ctx.db, async (trx) => {
    const site = await mailSite(ctx, trx);
    if (!site.settings.enabled) throw new SubscriptionError('現在、メール購読の受付を停止しています。', 410);
    const known = new Set((await store.allCategories(trx)).map((c) => c.slug));
    const categories = [...new Set(input.categories)].filter((c) => known.has(c));
    let followId: number | undefined;
    if (input.follow) {
      const post = await store.findPublishedPost(trx, input.follow);
      if (!post) throw new SubscriptionError('記事が見つかりません', 404);
      followId = Number(post.id);
    }
    const existing = await store.findByEmailHash(trx, ctx.sealer.emailHashes(input.email));
    if (existing) {
      await mailExisting(ctx, trx, site, existing, followId, now);
      return 'duplicate';
    }
    const notice = subscriptionNotice(site.siteTitle, site.settings);
    const consentId = await upsertConsentText(trx, sha(notice), notice, now.toISOString());
    const ref = randomUUID();
    const nonce = randomUUID();
    const id = await store.insertSubscriber(trx, {
      ref,
      email_hash: ctx.sealer.emailHash(input.email),
      email: ctx.sealer.seal(input.email.trim(), `subscriber.email:${ref}`),
      status: 'pending',
      frequency: input.follow && !raw.frequency ? 'none' : input.frequency,
      categories: JSON.stringify(categories),
      consent_id: consentId,
      consented_at: now.toISOString(),
      created_at: now.toISOString(),
      confirmed_at: null,
      confirm_nonce: sha(nonce),
      failures: 0,
    });
    if (followId) await store.follow(trx, id, followId, now.toISOString());
    await enqueueMail(
      trx,
      ctx.sealer,
      mail(confirmMail(site, confirmUrl(ctx, ref, nonce, now), false), input.email.trim(), { fromName: fromName(site), subscriberId: id }),
      now,
    );
    return 'pending';
  });
}

function confirmUrl(ctx: SubscriptionContext, subject: string, nonce: string, now: Date): string {
  const token = signToken(ctx.sealer.tokenKeys, 'subscribe', subject, new Date(now.getTime() + CONFIRM_HOURS * 3600_000), nonce);
  return `${ctx.siteUrl}/subscriptions/confirm?t=${encodeURIComponent(token)}`;
}

async function mailExisting(
  ctx: SubscriptionContext,
  trx: Tx,
  site: MailSite & { settings: SubscriptionSettings },
  r: SubscriberRow,
  followId: number | undefined,
  now: Date,
): Promise<void> {
  const email = openEmail(ctx.sealer, r);
  if (r.status === 'pending') {
    // A new link replaces the old one (the old nonce no longer matches).
    const nonce = randomUUID();
    await store.updateSubscriber(trx, Number(r.id), { confirm_nonce: sha(nonce) });
    if (followId) await store.follow(trx, Number(r.id), followId, now.toISOString());
    await enqueueMail(
      trx,
      ctx.sealer,
      mail(confirmMail(site, confirmUrl(ctx, r.ref, nonce, now), true), email, { fromName: fromName(site), subscriberId: Number(r.id) }),
      now,
    );
    return;
  }
  // Following a post is confirmed by the address's owner too (a nonce-less link: following
  // twice changes nothing).
  const follow = followId ? confirmUrl(ctx, `${r.ref}~${followId}`, 'follow', now) : undefined;
  const { links } = linksFor(ctx.sealer, site, r.ref, now);
  await enqueueMail(
    trx,
    ctx.sealer,
    mail(alreadyMail(site, links, follow), email, { fromName: fromName(site), subscriberId: Number(r.id) }),
    now,
  );
}

const TOKEN_MESSAGES = {
  invalid: 'このリンクは正しくありません。メールに書かれたリンクをそのまま開いてください。',
  expired: 'このリンクの有効期限が切れています。お手数ですが、もう一度お申し込みください。',
  used: 'このリンクは既に使われています。購読は始まっています。',
};

/** Checks a confirmation link without using it (the page with the button). */
export function checkConfirmToken(sealer: Sealer, token: unknown, now = new Date()): void {
  const check = verifyToken(sealer.tokenKeys, token, 'subscribe', now);
  if (!check.ok) throw new SubscriptionError(TOKEN_MESSAGES[check.reason], check.reason === 'expired' ? 410 : 400);
}

/** The button on the confirmation page: the subscription starts (or a post is followed). */
export async function confirmSubscription(ctx: SubscriptionContext, token: unknown): Promise<{ followed: boolean }> {
  const now = ctx.now ?? new Date();
  const check = verifyToken(ctx.sealer.tokenKeys, token, 'subscribe', now);
  if (!check.ok) throw new SubscriptionError(TOKEN_MESSAGES[check.reason], check.reason === 'expired' ? 410 : 400);
  const [ref, followId] = check.body.subject.split('~') as [string, string | undefined];
  return inTransaction(ctx.db, async (trx) => {
    const r = await store.findByRef(trx, ref);
    if (!r)
      throw new SubscriptionError('このお申し込みは見つかりません（7日を過ぎたか、購読をやめた後です）。もう一度お申し込みください。', 404);
    if (followId !== undefined) {
      if (r.status === 'pending') throw new SubscriptionError(TOKEN_MESSAGES.invalid);
      await store.follow(trx, Number(r.id), Number(followId), now.toISOString());
      return { followed: true };
    }
    if (r.confirm_nonce !== sha(check.body.nonce))
      throw new SubscriptionError(r.status === 'pending' ? TOKEN_MESSAGES.invalid : TOKEN_MESSAGES.used, 409);
    if (!(await store.consumeNonce(trx, Number(r.id), sha(check.body.nonce), now.toISOString())))
      throw new SubscriptionError(TOKEN_MESSAGES.used, 409);
    await audit(trx, { ...systemActor, name: 'subscriber' }, 'subscriber.confirm', String(r.id));
    return { followed: false };
  });
}

// ---------------------------------------------------------------------------------------
// The subscriber's own page (a signed link in every mail)

export interface Preferences {
  ref: string;
  email: string;
  status: SubscriberStatus;
  frequency: SubscriberFrequency;
  categories: string[];
  follows: Array<{ id: number; slug: string; title: string }>;
  allCategories: Array<{ slug: string; name: string }>;
}

async function subscriberOf(ctx: SubscriptionContext, db: Tx, token: unknown): Promise<SubscriberRow> {
  const check = verifyToken(ctx.sealer.tokenKeys, token, 'subscriber', ctx.now ?? new Date());
  if (!check.ok)
    throw new SubscriptionError(
      check.reason === 'expired' ? 'このリンクの有効期限が切れています。新しいメールのリンクからお開きください。' : TOKEN_MESSAGES.invalid,
      check.reason === 'expired' ? 410 : 400,
    );
  const r = await store.findByRef(db, check.body.subject);
  if (!r) throw new SubscriptionError('購読は見つかりません。既に購読をやめているか、削除されています。', 404);
  return r;
}

export async function preferences(ctx: SubscriptionContext, token: unknown): Promise<Preferences> {
  const r = await subscriberOf(ctx, ctx.db.kysely, token);
  return {
    ref: r.ref,
    email: openEmail(ctx.sealer, r),
    status: r.status,
    frequency: r.frequency,
    categories: JSON.parse(r.categories) as string[],
    follows: (await store.followsOf(ctx.db.kysely, Number(r.id))).map((f) => ({ id: Number(f.id), slug: f.slug, title: f.title })),
    allCategories: await store.allCategories(ctx.db.kysely),
  };
}

export const preferencesSchema = z.object({
  frequency: z.enum(['each', 'weekly', 'none'], { message: '配信の頻度を選んでください' }),
  categories: z.array(z.string().max(100)).max(100).default([]),
  unfollow: z.array(z.coerce.number().int().positive()).max(1000).default([]),
});

export async function updatePreferences(ctx: SubscriptionContext, token: unknown, raw: z.input<typeof preferencesSchema>): Promise<void> {
  const parsed = preferencesSchema.safeParse(raw);
  if (!parsed.success) throw new SubscriptionError(parsed.error.issues[0]!.message);
  await inTransaction(ctx.db, async (trx) => {
    const r = await subscriberOf(ctx, trx, token);
    const known = new Set((await store.allCategories(trx)).map((c) => c.slug));
    // A paused subscriber who saves their settings says the address works again.
    await store.updateSubscriber(trx, Number(r.id), {
      frequency: parsed.data.frequency,
      categories: JSON.stringify([...new Set(parsed.data.categories)].filter((c) => known.has(c))),
      ...(r.status === 'paused' ? { status: 'confirmed', failures: 0 } : {}),
    });
    await store.unfollow(trx, Number(r.id), parsed.data.unfollow);
  });
}

/** Leaving: the record, its follows and its unsent mail are deleted at once. Also the
 * one-click POST of a mail program (RFC 8058), which carries no cookie. */
export async function unsubscribe(ctx: SubscriptionContext, token: unknown): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const r = await subscriberOf(ctx, trx, token);
    await store.deleteSubscribers(trx, [Number(r.id)]);
    await audit(trx, { ...systemActor, name: 'subscriber' }, 'subscriber.leave', String(r.id));
  });
}

// ---------------------------------------------------------------------------------------
// Sending: a post published, an addendum added (inside the content's transaction)

/** メールで配信しない for one post (the editor). */
export async function setPostMailOff(db: Db, postId: number, off: boolean): Promise<void> {
  await store.setMailOff(db.kysely, postId, off);
}

export async function postMailOff(db: Db, postId: number): Promise<boolean> {
  return Boolean((await store.mailingOf(db.kysely, postId))?.mail_off);
}

const wants = (r: Pick<SubscriberRow, 'categories'>, categories: string[]) => {
  const chosen = JSON.parse(r.categories) as string[];
  return chosen.length === 0 || chosen.some((c) => categories.includes(c));
};

/** One mail per subscriber whose categories match, queued in the publishing transaction;
 * a post is mailed once in its life (edited or published again, it is not sent again).
 * Each mail is queued as a small row (post, subscriber, kind) in multi-row inserts: its
 * personal text is made when it is sent (composePostMails), so a publish to ten thousand
 * subscribers neither renders nor seals ten thousand mails. */
export async function queuePostMail(ctx: SubscriptionContext, trx: Tx, post: PostRow): Promise<number> {
  const now = ctx.now ?? new Date();
  const site = await mailSite(ctx, trx);
  if (!site.settings.enabled) return 0;
  if (!(await store.claimMailing(trx, Number(post.id), now.toISOString()))) return 0;
  const categories = await store.categorySlugsOfPost(trx, Number(post.id));
  const subject = postSubject(site, post.title);
  const mails = (await store.confirmedTopics(trx, 'each'))
    .filter((r) => wants(r, categories))
    .map((r) => ({
      kind: 'post',
      subject,
      fromName: fromName(site),
      subscriberId: Number(r.id),
      postId: Number(post.id),
      dedupeKey: `post:${post.id}:${r.id}`,
    }));
  const queued = await enqueueLater(trx, mails, now);
  await store.setQueued(trx, Number(post.id), queued);
  return queued;
}

type PostMaker = ReturnType<typeof postMailMaker>;

/** Makes the post mails of a batch when they are sent: each post's mail-safe HTML and text
 * once (kept while the post is unchanged), then per subscriber only the address, the personal
 * links and the List-Unsubscribe headers. A subscriber who left or is paused gets nothing. */
export function postMailComposer(ctx: Omit<SubscriptionContext, 'sealer' | 'now'>): MailComposer {
  const made = new Map<string, PostMaker>();
  return async (mails, sealer) => {
    const db = ctx.db.kysely;
    const now = new Date();
    const site = await mailSite({ ...ctx, sealer }, db);
    const people = new Map(
      (await store.subscribersByIds(db, [...new Set(mails.flatMap((m) => (m.subscriberId === null ? [] : [m.subscriberId])))])).map((r) => [
        Number(r.id),
        r,
      ]),
    );
    const makers = new Map<number, PostMaker>();
    for (const p of await store.postsForMail(db, [...new Set(mails.flatMap((m) => (m.postId === null ? [] : [m.postId])))])) {
      const key = `${p.id}\n${p.updated_at}\n${site.siteTitle}`;
      let make = made.get(key);
      if (!make) {
        make = postMailMaker(site, { ...p, id: Number(p.id) }, p.display_name ?? '');
        if (made.size >= 16) made.delete(made.keys().next().value!);
        made.set(key, make);
      }
      makers.set(Number(p.id), make);
    }
    const out = new Map<number, ComposedMail | null>();
    for (const m of mails) {
      const person = m.subscriberId === null ? undefined : people.get(m.subscriberId);
      const make = m.postId === null ? undefined : makers.get(m.postId);
      if (!person || person.status !== 'confirmed' || !make) {
        out.set(m.id, null);
        continue;
      }
      const { links, token } = linksFor(sealer, site, person.ref, now);
      out.set(m.id, { ...make(links, token), to: openEmail(sealer, person), fromName: fromName(site) });
    }
    return out;
  };
}

/** Followers of a post get one mail with its new addenda. */
export async function queueAddendumMail(ctx: SubscriptionContext, trx: Tx, post: PostRow, addenda: AddendumBlock[]): Promise<number> {
  const now = ctx.now ?? new Date();
  const site = await mailSite(ctx, trx);
  if (!site.settings.enabled) return 0;
  const followers = await store.followersOf(trx, Number(post.id));
  if (!followers.length) return 0;
  const make = addendumMailMaker(site, post, addenda);
  const key = sha(JSON.stringify(addenda)).slice(0, 16);
  const mails = followers.map((r) => {
    const { links, token } = linksFor(ctx.sealer, site, r.ref, now);
    return mail(make(links, token), openEmail(ctx.sealer, r), {
      fromName: fromName(site),
      subscriberId: Number(r.id),
      postId: Number(post.id),
      dedupeKey: `addendum:${post.id}:${key}:${r.id}`,
    });
  });
  return enqueueMails(trx, ctx.sealer, mails, now);
}

// ---------------------------------------------------------------------------------------
// Time-driven work

const ZONE = 'Asia/Tokyo';

function localParts(now: Date): { day: number; hour: number; date: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: ZONE,
      weekday: 'short',
      hour: 'numeric',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return {
    day: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday!),
    hour: Number(parts.hour),
    date: `${parts.year}-${parts.month}-${parts.day}`,
  };
}

/** The weekly digest, at the set day and hour (site time), once across processes: each
 * weekly subscriber gets the week's posts in their categories; none for an empty week. */
export async function queueDigest(ctx: SubscriptionContext, now = ctx.now ?? new Date()): Promise<number> {
  const settings = await readSubscriptionSettings(ctx.db.kysely);
  const local = localParts(now);
  if (!settings.enabled || local.day !== settings.digestDay || local.hour !== settings.digestHour) return 0;
  if (!(await claimJob(ctx.db.kysely, 'subscriptions.digest', now.toISOString(), new Date(now.getTime() - 6 * 86_400_000).toISOString())))
    return 0;
  const posts = await store.postsPublishedBetween(ctx.db.kysely, new Date(now.getTime() - 7 * 86_400_000).toISOString(), now.toISOString());
  if (!posts.length) return 0;
  const cats = await store.categoriesOfPosts(
    ctx.db.kysely,
    posts.map((p) => Number(p.id)),
  );
  let queued = 0;
  for (let after = 0; ;) {
    const page = await store.confirmedSubscribers(ctx.db.kysely, 'weekly', after, 500);
    if (!page.length) break;
    after = Number(page.at(-1)!.id);
    queued += await inTransaction(ctx.db, async (trx) => {
      const site = await mailSite(ctx, trx);
      const mails: Mail[] = [];
      for (const r of page) {
        const mine = posts.filter((p) => wants(r, cats.get(Number(p.id)) ?? []));
        if (!mine.length) continue;
        const { links, token } = linksFor(ctx.sealer, site, r.ref, now);
        mails.push(
          mail(digestMail(site, mine, local.date, links, token), openEmail(ctx.sealer, r), {
            fromName: fromName(site),
            subscriberId: Number(r.id),
            dedupeKey: `digest:${local.date}:${r.id}`,
          }),
        );
      }
      // Due at once, whatever clock the digest was asked at.
      return enqueueMails(trx, ctx.sealer, mails);
    });
  }
  return queued;
}

/** Unconfirmed subscriptions are deleted after 7 days (once a day across processes). */
export async function purgeUnconfirmed(db: Db, now = new Date(), force = false): Promise<number> {
  if (!force && !(await claimJob(db.kysely, 'subscriptions.purge', now.toISOString(), new Date(now.getTime() - 86_400_000).toISOString())))
    return 0;
  const ids = await store.unconfirmedBefore(db.kysely, new Date(now.getTime() - 7 * 86_400_000).toISOString());
  if (!ids.length) return 0;
  return inTransaction(db, async (trx) => {
    const n = await store.deleteSubscribers(trx, ids);
    await audit(trx, { ...systemActor, name: 'retention' }, 'subscribers.purge', '', `${n} unconfirmed subscriptions deleted (7 days)`);
    return n;
  });
}

/** A subscriber's mail refused for good (5xx): the third time pauses them. */
export async function recordPermanentFailure(db: Db, subscriberId: number): Promise<void> {
  await store.recordFailure(db.kysely, subscriberId);
}

// ---------------------------------------------------------------------------------------
// The author's view (every look at addresses is audited)

export interface Subscriber {
  id: number;
  email: string;
  status: SubscriberStatus;
  frequency: SubscriberFrequency;
  categories: string[];
  failures: number;
  consentId: number;
  consentedAt: string;
  createdAt: string;
  confirmedAt: string | null;
}

function toSubscriber(sealer: Sealer, r: SubscriberRow): Subscriber {
  return {
    id: Number(r.id),
    email: openEmail(sealer, r),
    status: r.status,
    frequency: r.frequency,
    categories: JSON.parse(r.categories) as string[],
    failures: r.failures,
    consentId: Number(r.consent_id),
    consentedAt: r.consented_at,
    createdAt: r.created_at,
    confirmedAt: r.confirmed_at,
  };
}

export async function subscriberCounts(db: Db): Promise<Record<SubscriberStatus, number>> {
  const counts: Record<SubscriberStatus, number> = { pending: 0, confirmed: 0, paused: 0 };
  for (const r of await store.countsByStatus(db.kysely)) counts[r.status] = Number(r.n);
  return counts;
}

export async function listSubscribers(db: Db, sealer: Sealer, actor: Actor, purpose: 'view' | 'export'): Promise<Subscriber[]> {
  const rows = await store.allSubscribers(db.kysely);
  await audit(db.kysely, actor, purpose === 'view' ? 'subscribers.view' : 'subscribers.export', '', `${rows.length} subscribers`);
  return rows.map((r) => toSubscriber(sealer, r));
}

export function subscribersCsv(people: Subscriber[]): string {
  const head = ['登録日時', '状態', 'メールアドレス', '頻度', 'カテゴリー', '同意した文面の版', '同意日時', '確認日時', '配信エラー'];
  return toCsv([
    head,
    ...people.map((p) => [
      p.createdAt,
      STATUS_LABELS[p.status],
      p.email,
      FREQUENCIES[p.frequency],
      p.categories.join(' ') || 'すべて',
      String(p.consentId),
      p.consentedAt,
      p.confirmedAt ?? '',
      String(p.failures),
    ]),
  ]);
}

export async function removeSubscriber(db: Db, id: number, actor: Actor): Promise<void> {
  await inTransaction(db, async (trx) => {
    if (!(await store.deleteSubscribers(trx, [id]))) throw new SubscriptionError('購読者が見つかりません', 404);
    await audit(trx, actor, 'subscriber.remove', String(id));
  });
}

export async function mailingCounts(
  db: Db,
): Promise<Array<{ id: number; slug: string; title: string; pending: number; sent: number; failed: number }>> {
  const byPost = new Map<number, { id: number; slug: string; title: string; pending: number; sent: number; failed: number }>();
  for (const r of await store.mailCountsByPost(db.kysely)) {
    const row = byPost.get(Number(r.id)) ?? { id: Number(r.id), slug: r.slug, title: r.title, pending: 0, sent: 0, failed: 0 };
    row[r.status] += Number(r.n);
    byPost.set(row.id, row);
  }
  return [...byPost.values()];
}

// ---------------------------------------------------------------------------------------
// A person's request (privacy/service.ts)

export interface SubscriptionData {
  email: string;
  status: SubscriberStatus;
  frequency: SubscriberFrequency;
  categories: string[];
  consent: { version: number; text: string; at: string };
  subscribedAt: string;
  confirmedAt: string | null;
  followedPosts: Array<{ slug: string; title: string; since: string }>;
  /** Mails to them not sent yet (deleted with the subscription). */
  queuedMails: number;
}

export async function subscriptionOf(db: Db, sealer: Sealer, email: string): Promise<SubscriptionData | null> {
  const r = await store.findByEmailHash(db.kysely, sealer.emailHashes(email));
  if (!r) return null;
  const s = toSubscriber(sealer, r);
  const consent = await consentText(db.kysely, s.consentId);
  return {
    email: s.email,
    status: s.status,
    frequency: s.frequency,
    categories: s.categories,
    consent: { version: s.consentId, text: consent.text, at: s.consentedAt },
    subscribedAt: s.createdAt,
    confirmedAt: s.confirmedAt,
    followedPosts: (await store.followsOf(db.kysely, s.id)).map((f) => ({ slug: f.slug, title: f.title, since: f.created_at })),
    queuedMails: await store.queuedMailOf(db.kysely, s.id),
  };
}

/** Deletes the subscription of an email (with its follows and unsent mail) inside the
 * caller's transaction; returns how many subscriptions went (0 or 1). */
export async function deleteSubscriptionOf(trx: Tx, sealer: Sealer, email: string): Promise<number> {
  const r = await store.findByEmailHash(trx, sealer.emailHashes(email));
  return r ? store.deleteSubscribers(trx, [Number(r.id)]) : 0;
}

/** Re-seals subscribers' emails after a key rotation; returns how many changed. */
export async function resealSubscribers(db: Db, sealer: Sealer): Promise<number> {
  let changed = 0;
  for (const r of await store.allSubscribers(db.kysely)) {
    if (!sealer.isOld(r.email)) continue;
    const email = openEmail(sealer, r);
    await store.updateSubscriber(db.kysely, Number(r.id), {
      email: sealer.seal(email, `subscriber.email:${r.ref}`),
      email_hash: sealer.emailHash(email),
    });
    changed++;
  }
  return changed;
}
