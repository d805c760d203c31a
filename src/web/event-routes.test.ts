import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cliActor } from '../audit/service.ts';
import { createPost } from '../content/service.ts';
import { saveEventFile } from '../events/files.ts';
import { createEvent } from '../events/event.ts';
import { signToken } from '../privacy/tokens.ts';
import { deliverDue } from '../mail/outbox.ts';
import { createTestSite, type TestSite } from '../testing/app.ts';
import { startTestSmtp, type TestSmtp } from '../testing/smtp.ts';

const NOTICE = { purpose: '資料の送付と関連セミナーのご案内', retentionDays: 90, contact: 'privacy@example.jp' };

describe('event pages and registration over HTTP', () => {
  let site: TestSite;
  let smtp: TestSmtp;
  let eventId: number;
  const logLines: string[] = [];

  /** A form token issued `ageMs` ago, as the event page would have issued it. */
  const formToken = (ageMs = 10_000) => {
    const issued = Date.now() - ageMs;
    return signToken(site.app.sealer.tokenKeys, 'form', String(eventId), new Date(issued + 3600_000), issued.toString(36));
  };
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const valid = (n: number, extra: Record<string, string> = {}) => ({
    _form: formToken(),
    name: `読者${n}`,
    company: '見本株式会社',
    department: '情報システム部',
    email: `reader${n}@example.jp`,
    phone: '',
    consent: 'yes',
    ...extra,
  });
  const post = (url: string, fields: Record<string, string>) =>
    site.server.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form(fields) });
  const send = () => deliverDue(site.app.db, site.app.sealer, site.app.mailTransport!, site.app.config.mailFrom);

  before(async () => {
    smtp = await startTestSmtp();
    // Everything the server logs, at the most detailed level, is kept to be searched for
    // personal data at the end.
    site = await createTestSite({ smtpUrl: smtp.url }, { logLevel: 'trace', logStream: { write: (line) => void logLines.push(line) } });
    const file = saveEventFile(site.app.config.dataDir, '個人情報管理台帳ひな形.xlsx', Buffer.from('PK fake xlsx'));
    eventId = await createEvent(
      site.app.db,
      { slug: 'ledger-template', kind: 'download', status: 'published', title: '個人情報管理台帳のひな形', capacity: 2, ...NOTICE },
      file,
      cliActor,
    );
    const author = await site.app.db.kysely
      .insertInto('authors')
      .values({ slug: 'a', display_name: '著者', profile: '', greeting: '', signoff: '', created_at: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await createPost(
      site.app.db,
      {
        title: '台帳の作り方',
        slug: 'ledger',
        status: 'published',
        authorId: Number(author.id),
        markdown: '台帳の話です。\n\n::cta{label="ひな形をダウンロードする" url="/events/ledger-template"}',
      },
      cliActor,
    );
  });
  after(async () => {
    await site.close();
    await smtp.close();
  });

  it('shows the event with the privacy notice, a consent box and a honeypot, never cached', async () => {
    const res = await site.server.inject('/events/ledger-template');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'private, no-store');
    assert.match(res.body, /利用目的: 資料の送付と関連セミナーのご案内/);
    assert.match(res.body, /保存期間: .*90 日後に削除/);
    assert.match(res.body, /開示・訂正・利用停止・削除のご請求先: privacy@example\.jp/);
    assert.match(res.body, /<input type="checkbox" name="consent" value="yes" required/);
    assert.match(res.body, /name="website"/);
    assert.match(res.body, /受付中/);
    assert.match((await site.server.inject('/sitemap.xml')).body, /<loc>https:\/\/blog\.example\.jp\/events\/ledger-template<\/loc>/);
    assert.match((await site.server.inject('/events')).body, /個人情報管理台帳のひな形/);
  });

  it("shows the state beside the post's call to action", async () => {
    const res = await site.server.inject('/posts/ledger');
    assert.match(res.body, /ひな形をダウンロードする<\/a><span class="cta-state event-state event-state-open">受付中<\/span>/);
  });

  it('turns bots away: a filled honeypot, a form sent within seconds, a missing or forged form token', async () => {
    for (const fields of [
      valid(1, { website: 'http://spam.example' }),
      valid(1, { _form: formToken(500) }),
      { ...valid(1), _form: '' },
      valid(1, {
        _form: signToken([Buffer.alloc(32)], 'form', String(eventId), new Date(Date.now() + 9e6), (Date.now() - 9000).toString(36)),
      }),
    ]) {
      const res = await post('/events/ledger-template/register', fields);
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /受け付けられませんでした/);
      assert.match(res.body, /value="読者1"/); // what was typed is kept
    }
    assert.equal((await site.app.db.kysely.selectFrom('registrations').select('id').execute()).length, 0);
  });

  it('says in Japanese what is wrong, keeps the input, and puts no personal data in the message', async () => {
    const noConsent = await post('/events/ledger-template/register', valid(2, { consent: '' }));
    assert.equal(noConsent.statusCode, 400);
    assert.match(noConsent.body, /個人情報の取り扱いに同意いただく必要があります/);
    const badEmail = await post('/events/ledger-template/register', valid(2, { email: 'reader2-at-example' }));
    assert.match(badEmail.body, /role="alert">メールアドレスの形式が正しくありません/);
  });

  it('registers, mails the confirmation, confirms by a button press, and hands the file over', async () => {
    const res = await post('/events/ledger-template/register', valid(3));
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.body, /確認メールをお送りしました/);
    assert.doesNotMatch(res.body, /reader3/);
    await send();
    const mail = await smtp.waitFor('reader3@example.jp', /お申し込みの確認/);
    const link = /https:\/\/blog\.example\.jp(\/events\/confirm\?t=[^\s]+)/.exec(mail.text)![1]!;
    const page = await site.server.inject(link);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /お申し込みを確定する/);
    assert.equal((await site.app.db.kysely.selectFrom('registrations').select('status').executeTakeFirstOrThrow()).status, 'pending'); // opening the link changes nothing
    const token = decodeURIComponent(link.split('t=')[1]!);
    const done = await post('/events/confirm', { t: token });
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /お申し込みが確定しました/);
    const download = /href="(\/events\/access\?t=[^"]+)"/.exec(done.body)![1]!.replace(/&amp;/g, '&');
    const file = await site.server.inject(download);
    assert.equal(file.statusCode, 200);
    assert.equal(
      file.headers['content-disposition'],
      `attachment; filename="${'_'.repeat(11)}.xlsx"; filename*=UTF-8''${encodeURIComponent('個人情報管理台帳ひな形.xlsx')}`,
    );
    assert.equal(file.body, 'PK fake xlsx');
    assert.equal(file.headers['cache-control'], 'private, no-store');
    // A replayed confirmation is refused.
    const replay = await post('/events/confirm', { t: token });
    assert.equal(replay.statusCode, 409);
    assert.match(replay.body, /既に使われています/);
  });

  it('refuses forged and expired links with a Japanese page', async () => {
    const forged = await site.server.inject('/events/access?t=confirm.x.y.z.w');
    assert.equal(forged.statusCode, 400);
    assert.match(forged.body, /このリンクは正しくありません/);
    const expired = signToken(site.app.sealer.tokenKeys, 'confirm', 'x', new Date(Date.now() - 1000));
    const res = await site.server.inject(`/events/confirm?t=${encodeURIComponent(expired)}`);
    assert.equal(res.statusCode, 410);
    assert.match(res.body, /有効期限が切れています/);
  });

  it('shows 満席 on the post once the last seat is taken (the cached page lets go)', async () => {
    assert.match((await site.server.inject('/posts/ledger')).body, /受付中/);
    await post('/events/ledger-template/register', valid(4));
    await send();
    const mail = await smtp.waitFor('reader4@example.jp', /お申し込みの確認/);
    const token = decodeURIComponent(/t=([^\s]+)/.exec(mail.text)![1]!);
    await post('/events/confirm', { t: token });
    assert.match((await site.server.inject('/posts/ledger')).body, /event-state-full">満席</);
    const full = await post('/events/ledger-template/register', valid(5));
    assert.match(full.body, /満席のため、受付を終了しました/);
  });

  it('lets a seminar registrant see the details and cancel from their own link', async () => {
    const seminarId = await createEvent(
      site.app.db,
      {
        slug: 'seminar',
        kind: 'seminar',
        status: 'published',
        title: '対面セミナー',
        startsAt: '2099-05-01T14:00',
        place: '東京・見本会館',
        ...NOTICE,
      },
      undefined,
      cliActor,
    );
    const issued = Date.now() - 10_000;
    const token = signToken(site.app.sealer.tokenKeys, 'form', String(seminarId), new Date(issued + 3600_000), issued.toString(36));
    await post('/events/seminar/register', { ...valid(20), _form: token });
    await send();
    const mail = await smtp.waitFor('reader20@example.jp', /お申し込みの確認: 対面セミナー/);
    await post('/events/confirm', { t: decodeURIComponent(/t=(\S+)/.exec(mail.text)![1]!) });
    await send();
    const access = await smtp.waitFor('reader20@example.jp', /お申し込みが確定しました: 対面セミナー/);
    const link = /https:\/\/blog\.example\.jp(\/events\/access\?t=\S+)/.exec(access.text)![1]!;
    const page = await site.server.inject(link);
    assert.match(page.body, /会場: 東京・見本会館/);
    assert.match(page.body, /参加を取り消す/);
    const cancelled = await post('/events/cancel', { t: decodeURIComponent(link.split('t=')[1]!) });
    assert.equal(cancelled.statusCode, 200);
    assert.match(cancelled.body, /お申し込みを取り消しました/);
    assert.equal((await site.server.inject(link)).statusCode, 404);
  });

  it('limits registration attempts per address with 429 and a Japanese page', async () => {
    let last;
    for (let i = 0; i < 12; i++) last = await post('/events/ledger-template/register', valid(100 + i, { website: 'x' }));
    assert.equal(last!.statusCode, 429);
    assert.match(last!.body, /しばらく待ってから/);
    assert.ok(last!.headers['retry-after']);
  });

  it('logs nothing personal: no name, company, email or token of any registrant', async () => {
    // An error path too: a broken body on the confirm route.
    await site.server.inject({
      method: 'POST',
      url: '/events/confirm',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 't=%E0%A4%A',
    });
    site.server.log.info('probe: the log stream is read');
    const log = logLines.join('');
    assert.match(log, /probe: the log stream is read/);
    for (const secret of [
      'reader3@example.jp',
      'reader20@example.jp',
      '読者3',
      '見本株式会社',
      '情報システム部',
      't=confirm.',
      't=access.',
    ])
      assert.ok(!log.includes(secret), `the log contains ${secret}`);
  });
});
