import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cliActor } from '../audit/service.ts';
import { deliverDue } from '../mail/outbox.ts';
import { createTestSite, type TestSite } from '../testing/app.ts';
import { startTestSmtp, type TestSmtp } from '../testing/smtp.ts';
import { createEvent, findEvent, findEventById } from './event.ts';
import { access, cancel, confirm, openRegistration, register, type RegisterContext, type RegistrationInput } from './registration.ts';
import { registrants } from './registrants.ts';
import { purgeExpired } from './retention.ts';
import { registrantsCsv } from '../render/admin/registrants-csv.ts';
import { signToken } from '../privacy/tokens.ts';

const NOTICE = {
  purpose: 'セミナーの運営と、関連するセミナーのご案内のため',
  providedTo: '共催の見本監査法人に、氏名・会社名・部署名を提供します',
  retentionDays: 30,
  contact: '見本事務所 個人情報窓口（privacy@example.jp）',
};

function person(n: number, extra: Partial<RegistrationInput> = {}): RegistrationInput {
  return {
    name: `申込 太郎${n}`,
    company: '見本商事株式会社',
    department: '総務部',
    email: `taro${n}@example.jp`,
    phone: '',
    answers: {},
    consent: true,
    ...extra,
  };
}

function linkIn(text: string, path: string): string {
  const m = new RegExp(`https://blog\\.example\\.jp${path}\\?t=([^\\s]+)`).exec(text);
  assert.ok(m, `no ${path} link in: ${text}`);
  return decodeURIComponent(m[1]!);
}

describe('events and registration', () => {
  let site: TestSite;
  let smtp: TestSmtp;
  let ctx: RegisterContext;
  const send = () => deliverDue(site.app.db, site.app.sealer, site.app.mailTransport!, site.app.config.mailFrom);

  before(async () => {
    smtp = await startTestSmtp();
    site = await createTestSite({ smtpUrl: smtp.url });
    ctx = { db: site.app.db, sealer: site.app.sealer, siteUrl: site.app.config.siteUrl, siteTitle: '見本ブログ' };
    await createEvent(
      site.app.db,
      {
        slug: 'template',
        kind: 'download',
        status: 'published',
        title: '規程ひな形',
        questions: [{ label: '従業員数', required: true }],
        ...NOTICE,
      },
      { path: 'x', name: 'ひな形.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      cliActor,
    );
    await createEvent(
      site.app.db,
      {
        slug: 'small',
        kind: 'seminar',
        status: 'published',
        title: '少人数セミナー',
        startsAt: '2099-12-10T14:00',
        place: '東京都千代田区',
        capacity: 1,
        waitlist: false,
        ...NOTICE,
      },
      undefined,
      cliActor,
    );
    await createEvent(
      site.app.db,
      {
        slug: 'queue',
        kind: 'webinar',
        status: 'published',
        title: 'キャンセル待ちあり',
        startsAt: '2099-12-11T14:00',
        joinUrl: 'https://meet.example.jp/abc',
        capacity: 1,
        waitlist: true,
        ...NOTICE,
      },
      undefined,
      cliActor,
    );
    await createEvent(
      site.app.db,
      { slug: 'past', kind: 'download', status: 'published', title: '終了した配布', closesAt: '2020-01-01T00:00', ...NOTICE },
      { path: 'x', name: 'a.pdf', type: 'application/pdf' },
      cliActor,
    );
  });
  after(async () => {
    await site.close();
    await smtp.close();
  });

  it('keeps every personal field sealed, and finds the person by a keyed hash of the email', async () => {
    assert.equal(await register(ctx, 'template', person(1, { answers: { q1: '120名' } })), 'pending');
    const row = await site.app.db.kysely.selectFrom('registrations').selectAll().executeTakeFirstOrThrow();
    const raw = JSON.stringify(row);
    for (const secret of ['申込 太郎1', 'taro1@example.jp', '見本商事', '総務部', '120名'])
      assert.ok(!raw.includes(secret), `${secret} is in the clear`);
    assert.match(row.email, /^v1\./);
    assert.equal(row.email_hash, site.app.sealer.emailHash('TARO1@example.jp '));
    const opened = openRegistration(site.app.sealer, row);
    assert.deepEqual([opened.name, opened.email, opened.answers], ['申込 太郎1', 'taro1@example.jp', { q1: '120名' }]);
    // A sealed value moved to another column does not open.
    assert.throws(() => site.app.sealer.open(row.name, `registration.email:${row.ref}`));
  });

  it('stores the consent text that was shown, with its version and time', async () => {
    const row = await site.app.db.kysely.selectFrom('registrations').selectAll().executeTakeFirstOrThrow();
    const consent = await site.app.db.kysely
      .selectFrom('consent_texts')
      .selectAll()
      .where('id', '=', row.consent_id)
      .executeTakeFirstOrThrow();
    assert.match(consent.text, /利用目的: セミナーの運営/);
    assert.match(consent.text, /第三者への提供: 共催の見本監査法人/);
    assert.match(consent.text, /30 日後に削除/);
    assert.match(consent.text, /privacy@example\.jp/);
    assert.ok(row.consented_at);
  });

  it('mails a double opt-in link through the outbox; the link confirms once, and the download link follows', async () => {
    assert.deepEqual(await send(), { sent: 1, retried: 0, failed: 0 });
    const mail = await smtp.waitFor('taro1@example.jp', /お申し込みの確認: 規程ひな形/);
    // Nothing typed into the form goes to an address not yet confirmed.
    assert.doesNotMatch(mail.text, /申込 太郎1/);
    assert.match(mail.text, /お申し込みいただいた方へ/);
    const token = linkIn(mail.text, '/events/confirm');
    const result = await confirm(ctx, token);
    assert.equal(result.status, 'confirmed');
    assert.ok(result.accessToken);
    await assert.rejects(confirm(ctx, token), /既に使われています/);
    await send();
    const accessMail = await smtp.waitFor('taro1@example.jp', /お申し込みが確定しました/);
    const accessToken = linkIn(accessMail.text, '/events/access');
    const opened = await access(ctx, accessToken);
    assert.equal(opened.event.file_name, 'ひな形.xlsx');
    assert.equal(opened.registrant.name, '申込 太郎1');
  });

  it('refuses forged, altered, expired and misused tokens with Japanese messages', async () => {
    const row = await site.app.db.kysely.selectFrom('registrations').selectAll().executeTakeFirstOrThrow();
    const forged = signToken([Buffer.alloc(32, 7)], 'access', row.ref, new Date(Date.now() + 3600_000));
    await assert.rejects(access(ctx, forged), /正しくありません/);
    const good = signToken(site.app.sealer.tokenKeys, 'access', row.ref, new Date(Date.now() + 3600_000));
    await assert.rejects(access(ctx, good.replace(/\.[^.]+\./, '.zzzz.')), /正しくありません/);
    await assert.rejects(confirm(ctx, good), /正しくありません/); // an access token is not a confirmation
    const expired = signToken(site.app.sealer.tokenKeys, 'access', row.ref, new Date(Date.now() - 1000));
    await assert.rejects(access(ctx, expired), /有効期限が切れています/);
    await assert.rejects(access(ctx, 'garbage'), /正しくありません/);
  });

  it('rejects bad input with a clear message and saves nothing', async () => {
    const before = (await site.app.db.kysely.selectFrom('registrations').select('id').execute()).length;
    await assert.rejects(
      register(ctx, 'template', { ...person(2, { answers: { q1: 'x' } }), consent: false }),
      /同意いただく必要があります/,
    );
    await assert.rejects(register(ctx, 'template', person(2, { email: 'not-an-email', answers: { q1: 'x' } })), /メールアドレスの形式/);
    await assert.rejects(register(ctx, 'template', person(2)), /「従業員数」に回答してください/);
    await assert.rejects(register(ctx, 'past', person(2)), /受付は終了しました/);
    await assert.rejects(register(ctx, 'no-such-event', person(2)), /見つかりません/);
    const after = (await site.app.db.kysely.selectFrom('registrations').select('id').execute()).length;
    assert.equal(after, before);
  });

  it('answers a duplicate registration the same way on screen, and mails the owner of the address', async () => {
    assert.equal(await register(ctx, 'template', person(1, { name: '別人', answers: { q1: '1' } })), 'duplicate');
    await send();
    const mail = await smtp.waitFor('taro1@example.jp', /お申し込みが確定しました/);
    assert.ok(mail);
    const again = smtp.messages.filter((m) => m.to === 'taro1@example.jp').at(-1)!;
    assert.match(again.text, /もう一度お申し込みがありました/);
    assert.match(again.text, /申込 太郎1 様/); // the registered name, not the one typed now
    assert.equal((await site.app.db.kysely.selectFrom('registrations').select('id').where('event_id', '=', 1).execute()).length, 1);
  });

  it('refuses a full event without a waiting list, and waitlists when it has one', async () => {
    await register(ctx, 'small', person(3));
    await send();
    await confirm(ctx, linkIn((await smtp.waitFor('taro3@example.jp', /確認/)).text, '/events/confirm'));
    assert.equal((await findEvent(site.app.db, 'small'))!.state, 'full');
    await assert.rejects(register(ctx, 'small', person(4)), /満席/);

    await register(ctx, 'queue', person(5));
    await send();
    await confirm(ctx, linkIn((await smtp.waitFor('taro5@example.jp', /確認/)).text, '/events/confirm'));
    assert.equal((await findEvent(site.app.db, 'queue'))!.state, 'waitlist');
    assert.equal(await register(ctx, 'queue', person(6)), 'pending');
    await send();
    const second = await confirm(ctx, linkIn((await smtp.waitFor('taro6@example.jp', /キャンセル待ち/)).text, '/events/confirm'));
    assert.equal(second.status, 'waitlisted');
    assert.equal(second.accessToken, undefined);
  });

  it('gives the seat to the first on the waiting list when a registrant cancels, and forgets the one who left', async () => {
    await send();
    const access = await smtp.waitFor('taro5@example.jp', /お申し込みが確定しました: キャンセル待ちあり/);
    const token = linkIn(access.text, '/events/access');
    const r = await cancel(ctx, token);
    assert.equal(r.promoted, true);
    await send();
    const seat = await smtp.waitFor('taro6@example.jp', /お席が空きました/);
    assert.match(linkIn(seat.text, '/events/access'), /^access\./);
    const people = await site.app.db.kysely.selectFrom('registrations').select(['status']).where('event_id', '=', 3).execute();
    assert.deepEqual(
      people.map((p) => p.status),
      ['confirmed'],
    );
    await assert.rejects(cancel(ctx, token), /既に取り消されています/);
  });

  it('gives the last seat to one of two people confirming at the same moment', async () => {
    await createEvent(
      site.app.db,
      {
        slug: 'race',
        kind: 'webinar',
        status: 'published',
        title: '最後の一席',
        startsAt: '2099-12-12T14:00',
        joinUrl: 'https://meet.example.jp/r',
        capacity: 1,
        waitlist: true,
        ...NOTICE,
      },
      undefined,
      cliActor,
    );
    await register(ctx, 'race', person(31));
    await register(ctx, 'race', person(32));
    await send();
    const tokens = await Promise.all(
      ['taro31@example.jp', 'taro32@example.jp'].map(async (to) => linkIn((await smtp.waitFor(to, /最後の一席/)).text, '/events/confirm')),
    );
    const results = await Promise.all(tokens.map((t) => confirm(ctx, t)));
    assert.deepEqual(results.map((r) => r.status).sort(), ['confirmed', 'waitlisted']);
  });

  it('retries mail with backoff when the SMTP server refuses, and sends it later', async () => {
    await send(); // what earlier tests queued
    await register(ctx, 'template', person(7, { answers: { q1: '5' } }));
    smtp.refuseNext(1);
    assert.deepEqual(await send(), { sent: 0, retried: 1, failed: 0 });
    const row = await site.app.db.kysely.selectFrom('mail_outbox').selectAll().where('status', '=', 'pending').executeTakeFirstOrThrow();
    assert.equal(row.attempts, 1);
    assert.ok(new Date(row.next_attempt_at).getTime() > Date.now() + 20_000);
    assert.doesNotMatch(row.last_error, /taro7/);
    assert.deepEqual(await send(), { sent: 0, retried: 0, failed: 0 }); // not due yet
    const later = new Date(Date.now() + 60_000);
    assert.deepEqual(await deliverDue(site.app.db, site.app.sealer, site.app.mailTransport!, 'x@example.jp', later), {
      sent: 1,
      retried: 0,
      failed: 0,
    });
    await smtp.waitFor('taro7@example.jp', /確認/);
  });

  it('shows registrants only through an audited read, and exports CSV for Excel', async () => {
    const people = await registrants(site.app.db, site.app.sealer, 1, cliActor, 'export');
    const event = (await findEventById(site.app.db, 1))!;
    const csv = registrantsCsv(event, [
      ...people,
      { ...people[0]!, name: '=HYPERLINK("x")', company: '株式会社"見本"' },
      // Full-width signs: spreadsheets read ＝ as = when the cell is typed in Japanese.
      { ...people[0]!, name: '＝HYPERLINK("y")', company: '＋1', department: '－2', phone: '＠SUM' },
    ]);
    assert.ok(csv.startsWith('\uFEFF申込日時,状態,お名前,会社名,部署名,メールアドレス,電話番号,従業員数,'));
    assert.match(csv, /申込 太郎1,見本商事株式会社,総務部,taro1@example\.jp/);
    assert.match(csv, /'=HYPERLINK\(""x""\)/);
    for (const cell of ['\'＝HYPERLINK(""y"")', "'＋1", "'－2", "'＠SUM"]) assert.ok(csv.includes(cell), `${cell} neutralised`);
    assert.match(csv, /"株式会社""見本"""/);
    assert.ok(csv.includes('\r\n'));
    const log = await site.app.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'registrants.export').execute();
    assert.equal(log.length, 1);
    assert.doesNotMatch(JSON.stringify(log), /taro|太郎/);
  });

  it('deletes registrations past the retention period and records only counts', async () => {
    const in40days = new Date(Date.now() + 40 * 86_400_000);
    const deleted = await purgeExpired(site.app.db, in40days, true);
    // The downloads (no date) keep 30 days from registration; the 2099 events stay.
    const left = await site.app.db.kysely.selectFrom('registrations').select(['event_id']).execute();
    assert.equal(deleted, 2);
    assert.ok(
      left.every((r) => Number(r.event_id) !== 1),
      JSON.stringify(left),
    );
    const log = await site.app.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'registrations.purge').execute();
    assert.ok(log.length >= 1);
    assert.match(log[0]!.detail, /^\d+ registrations deleted/);
    // Once a day: a second claim within the day does nothing.
    assert.equal(await purgeExpired(site.app.db, in40days), 0);
    assert.equal(await purgeExpired(site.app.db, in40days), 0);
  });
});
