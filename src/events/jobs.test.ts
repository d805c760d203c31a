import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cliActor } from '../audit/service.ts';
import { createPost } from '../content/service.ts';
import { createTestSite, type TestSite } from '../testing/app.ts';
import { startTestSmtp, type TestSmtp } from '../testing/smtp.ts';
import { startEventJobs, type EventJobs } from './jobs.ts';
import { confirm, register } from './registration.ts';
import { createEvent } from './event.ts';

const NOTICE = { purpose: 'ご案内', retentionDays: 30, contact: 'privacy@example.jp' };

describe('event jobs', () => {
  let site: TestSite;
  let smtp: TestSmtp;
  let jobs: EventJobs;
  const soon = new Date(Date.now() + 6 * 3600_000); // the webinar starts in six hours
  before(async () => {
    smtp = await startTestSmtp();
    site = await createTestSite({ smtpUrl: smtp.url });
    jobs = startEventJobs(site.app, (err) => console.error(err), 3600_000);
    await createEvent(
      site.app.db,
      {
        slug: 'tomorrow',
        kind: 'webinar',
        status: 'published',
        title: '直前ウェビナー',
        startsAt: soon.toISOString(),
        joinUrl: 'https://meet.example.jp/x',
        closesAt: new Date(Date.now() + 3600_000).toISOString(),
        ...NOTICE,
      },
      undefined,
      cliActor,
    );
    const author = await site.app.db.kysely
      .insertInto('authors')
      .values({ slug: 'a', display_name: 'a', profile: '', greeting: '', signoff: '', created_at: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await createPost(
      site.app.db,
      {
        title: '告知',
        slug: 'notice',
        status: 'published',
        authorId: Number(author.id),
        markdown: '::cta{label="参加する" url="/events/tomorrow"}',
      },
      cliActor,
    );
  });
  after(async () => {
    jobs.stop();
    await site.close();
    await smtp.close();
  });

  it('sends the mail a registration queued, and a reminder once before the webinar with the personal link', async () => {
    const ctx = { db: site.app.db, sealer: site.app.sealer, siteUrl: 'https://blog.example.jp', siteTitle: '見本' };
    await register(ctx, 'tomorrow', {
      name: '伊藤',
      company: '見本',
      department: '総務',
      email: 'ito@example.jp',
      phone: '',
      answers: {},
      consent: true,
    });
    site.app.nudgeMail();
    const mail = await smtp.waitFor('ito@example.jp', /お申し込みの確認/);
    await confirm(ctx, decodeURIComponent(/t=(\S+)/.exec(mail.text)![1]!));
    await jobs.tick();
    const reminder = await smtp.waitFor('ito@example.jp', /明日のご案内: 直前ウェビナー/);
    assert.match(reminder.text, /\/events\/access\?t=/);
    await jobs.tick();
    assert.equal(smtp.messages.filter((m) => /明日のご案内/.test(m.subject)).length, 1);
  });

  it('lets cached pages go when an event closes by the clock, and only then', async () => {
    const version = async () =>
      Number((await site.app.db.kysely.selectFrom('site_state').select('content_version').executeTakeFirstOrThrow()).content_version);
    const start = await version();
    await jobs.tick(new Date(Date.now() + 2 * 3600_000)); // closesAt (in one hour) has passed
    const closed = await version();
    assert.ok(closed > start);
    await jobs.tick(new Date(Date.now() + 2 * 3600_000 + 60_000)); // nothing happens in this minute
    assert.equal(await version(), closed);
  });
});
