// A person's rights over their data (APPI arts. 33–35: disclosure, correction, deletion):
// everything kept about one email — registrations for every event, queued mail, comments —
// found, exported or deleted in one go. And re-sealing everything after a key rotation.
//
// The audit log records that it happened and how many records, with a keyed hash of the email
// as the target: never the email itself.
import { audit, type Actor } from '../audit/service.ts';
import type { Db } from '../db/connection.ts';
import { inTransaction } from '../db/transaction.ts';
import { openRegistration } from '../events/registration.ts';
import * as events from '../events/store.ts';
import { normaliseEmail, type Sealer } from './crypto.ts';
import { consentText } from './consent-store.ts';
import * as store from './store.ts';
import { deleteSubscriptionOf, resealSubscribers, subscriptionOf, type SubscriptionData } from '../subscriptions/service.ts';

export interface PersonData {
  email: string;
  exportedAt: string;
  registrations: Array<{
    event: { slug: string; title: string; kind: string };
    status: string;
    name: string;
    company: string;
    department: string;
    email: string;
    phone: string;
    answers: Record<string, { question: string; answer: string }>;
    consent: { version: number; text: string; at: string };
    registeredAt: string;
    confirmedAt: string | null;
    attendedAt: string | null;
  }>;
  comments: Array<{
    post: string;
    name: string;
    email: string | null;
    url: string | null;
    body: string;
    at: string;
    status?: string;
    replyNotice?: boolean;
    notice?: string;
  }>;
  /** Mail waiting to be sent to this person (registrations' and reply notices). */
  queuedMail: number;
  /** The reply notices among them: about replies to this person's comments. */
  queuedCommentMail: Array<{ subject: string; queuedAt: string }>;
  /** The mail subscription, with the posts whose addenda they follow; null when none. */
  subscription: SubscriptionData | null;
}

function target(sealer: Sealer, email: string): string {
  return `email#${sealer.emailHash(email).slice(0, 12)}`;
}

export async function findPersonData(db: Db, sealer: Sealer, email: string): Promise<PersonData> {
  const rows = await events.registrationsByEmailHash(db.kysely, sealer.emailHashes(email));
  const registrations: PersonData['registrations'] = [];
  for (const row of rows) {
    const r = openRegistration(sealer, row);
    const e = (await events.findEventById(db.kysely, Number(row.event_id)))!;
    const questions = JSON.parse(e.questions) as Array<{ id: string; label: string }>;
    const consent = await consentText(db.kysely, r.consentId);
    registrations.push({
      event: { slug: e.slug, title: e.title, kind: e.kind },
      status: r.status,
      name: r.name,
      company: r.company,
      department: r.department,
      email: r.email,
      phone: r.phone,
      answers: Object.fromEntries(
        Object.entries(r.answers).map(([id, answer]) => [id, { question: questions.find((q) => q.id === id)?.label ?? id, answer }]),
      ),
      consent: { version: r.consentId, text: consent.text, at: r.consentedAt },
      registeredAt: r.createdAt,
      confirmedAt: r.confirmedAt,
      attendedAt: r.attendedAt,
    });
  }
  const comments: PersonData['comments'] = [];
  for (const c of await store.commentsByEmail(db.kysely, normaliseEmail(email), sealer.emailHashes(email))) {
    // A comment written here: its email sealed (it is the one asked about), with whether it
    // asked for reply notices and the notice it was sent under.
    const own =
      c.author_email === null
        ? {
            status: c.status,
            replyNotice: Boolean(c.notify_reply),
            ...(c.consent_id ? { notice: (await consentText(db.kysely, Number(c.consent_id))).text } : {}),
          }
        : {};
    comments.push({
      post: c.slug,
      name: c.author_name,
      email: c.author_email ?? normaliseEmail(email),
      url: c.author_url,
      body: c.body,
      at: c.created_at,
      ...own,
    });
  }
  const queuedCommentMail = (await store.queuedCommentMail(db.kysely, normaliseEmail(email), sealer.emailHashes(email))).map((m) => ({
    subject: m.subject,
    queuedAt: m.created_at,
  }));
  const queuedMail =
    (await store.queuedMailCount(
      db.kysely,
      rows.map((r) => Number(r.id)),
    )) + queuedCommentMail.length;
  const subscription = await subscriptionOf(db, sealer, email);
  return {
    email: normaliseEmail(email),
    exportedAt: new Date().toISOString(),
    registrations,
    comments,
    queuedMail,
    queuedCommentMail,
    subscription,
  };
}

/** The person's data as JSON, and the fact (not the content) in the audit log. */
export async function exportPersonData(db: Db, sealer: Sealer, email: string, actor: Actor): Promise<PersonData> {
  const data = await findPersonData(db, sealer, email);
  await audit(
    db.kysely,
    actor,
    'privacy.export',
    target(sealer, email),
    `${data.registrations.length} registrations, ${data.comments.length} comments, ${data.subscription ? 1 : 0} subscriptions`,
  );
  return data;
}

export interface Deleted {
  registrations: number;
  comments: number;
  /** The mail subscription (0 or 1), with its followed posts and unsent mail. */
  subscriptions: number;
}

/** Deletes every record about the email in one transaction (queued mail goes with its
 * registration, unsent reply notices with the comments). */
export async function deletePersonData(db: Db, sealer: Sealer, email: string, actor: Actor): Promise<Deleted> {
  return inTransaction(db, async (trx) => {
    const rows = await events.registrationsByEmailHash(trx, sealer.emailHashes(email));
    const registrations = await events.deleteRegistrations(
      trx,
      rows.map((r) => Number(r.id)),
    );
    const comments = await store.deleteCommentsByEmail(trx, normaliseEmail(email), sealer.emailHashes(email));
    const subscriptions = await deleteSubscriptionOf(trx, sealer, email);
    await audit(
      trx,
      actor,
      'privacy.delete',
      target(sealer, email),
      `${registrations} registrations, ${comments} comments, ${subscriptions} subscriptions deleted`,
    );
    return { registrations, comments, subscriptions };
  });
}

/** After a new key was put first: every field sealed with an older key is sealed again with
 * the current one and every email hash recomputed, batch by batch (the site keeps running).
 * Returns the number of records changed. */
export async function resealAll(db: Db, sealer: Sealer, onProgress: (done: number) => void = () => {}): Promise<number> {
  let changed = 0;
  let after = 0;
  for (;;) {
    const rows = await events.allRegistrations(db.kysely, after, 200);
    if (!rows.length) break;
    await inTransaction(db, async (trx) => {
      for (const row of rows) {
        if (![row.email, row.name, row.company, row.department, row.phone, row.answers].some((v) => sealer.isOld(v))) continue;
        const fields = {
          email: row.email,
          name: row.name,
          company: row.company,
          department: row.department,
          phone: row.phone,
          answers: row.answers,
        };
        const resealed = Object.fromEntries(
          Object.entries(fields).map(([k, v]) => [
            k,
            sealer.seal(sealer.open(v, `registration.${k}:${row.ref}`), `registration.${k}:${row.ref}`),
          ]),
        );
        await events.updateRegistration(trx, Number(row.id), {
          ...resealed,
          email_hash: sealer.emailHash(sealer.open(row.email, `registration.email:${row.ref}`)),
        });
        changed++;
      }
    });
    after = Number(rows.at(-1)!.id);
    onProgress(changed);
  }
  changed += await resealSubscribers(db, sealer);
  for (const c of await store.sealedCommentEmails(db.kysely)) {
    if (!c.sealed_email || !c.ref || !sealer.isOld(c.sealed_email)) continue;
    const plain = sealer.open(c.sealed_email, `comment.email:${c.ref}`);
    await store.updateCommentSeal(db.kysely, Number(c.id), {
      sealed_email: sealer.seal(plain, `comment.email:${c.ref}`),
      email_hash: sealer.emailHash(plain),
    });
    changed++;
  }
  for (const mail of await store.mailSealedWithOldKeys(db.kysely)) {
    if (![mail.recipient, mail.body, mail.html, mail.headers].some((v) => v && sealer.isOld(v))) continue;
    const again = (v: string, field: string) =>
      v ? sealer.seal(sealer.open(v, `mail.${field}:${mail.ref}`), `mail.${field}:${mail.ref}`) : v;
    await store.updateMailSeal(db.kysely, Number(mail.id), {
      recipient: again(mail.recipient, 'recipient'),
      body: again(mail.body, 'body'),
      html: again(mail.html, 'html'),
      headers: again(mail.headers, 'headers'),
    });
    changed++;
  }
  return changed;
}
