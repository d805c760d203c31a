import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cliActor } from '../audit/service.ts';
import { createEvent } from '../events/event.ts';
import { register, type RegisterContext } from '../events/registration.ts';
import { deliverDue } from '../mail/outbox.ts';
import { createTestSite, type TestSite } from '../testing/app.ts';
import { createSealer } from './crypto.ts';
import { parseKeys } from './keys.ts';
import { deletePersonData, exportPersonData, resealAll } from './service.ts';

const NOTICE = { purpose: 'ご案内のため', retentionDays: 365, contact: 'privacy@example.jp' };
const KEY_A = 'a:' + Buffer.alloc(32, 1).toString('base64');
const KEY_B = 'b:' + Buffer.alloc(32, 2).toString('base64');

describe("a person's data across events and comments", () => {
  let site: TestSite;
  let ctx: RegisterContext;
  before(async () => {
    site = await createTestSite({ dataKeys: KEY_A });
    ctx = { db: site.app.db, sealer: site.app.sealer, siteUrl: 'https://blog.example.jp', siteTitle: '見本' };
    for (const slug of ['one', 'two'])
      await createEvent(
        site.app.db,
        {
          slug,
          kind: 'ondemand',
          status: 'published',
          title: `配信${slug}`,
          videoUrl: 'https://video.example.jp/x',
          questions: [{ label: '感想', required: false }],
          ...NOTICE,
        },
        undefined,
        cliActor,
      );
    await register(ctx, 'one', {
      name: '山田花子',
      company: '見本社',
      department: '法務部',
      email: 'hanako@example.jp',
      phone: '03-0000-0000',
      answers: { q1: 'よかった' },
      consent: true,
    });
    await register(ctx, 'two', {
      name: '山田花子',
      company: '見本社',
      department: '法務部',
      email: 'Hanako@Example.jp',
      phone: '',
      answers: {},
      consent: true,
    });
    await register(ctx, 'two', {
      name: '別の人',
      company: '他社',
      department: '総務',
      email: 'other@example.jp',
      phone: '',
      answers: {},
      consent: true,
    });
    const author = await site.app.db.kysely
      .insertInto('authors')
      .values({ slug: 'a', display_name: 'a', profile: '', greeting: '', signoff: '', created_at: '2024-01-01T00:00:00Z' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const p = await site.app.db.kysely
      .insertInto('posts')
      .values({
        slug: 'p',
        title: 't',
        status: 'published',
        published_at: '2024-01-01T00:00:00Z',
        archive_month: '2024-01',
        updated_at: '2024-01-01T00:00:00Z',
        created_at: '2024-01-01T00:00:00Z',
        author_id: author.id,
        body_markdown: '',
        blocks: '[]',
        body_html: '',
        plain_text: '',
        excerpt: '',
        reading_chars: 0,
        lead_image: null,
        deleted_at: null,
        created_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await site.app.db.kysely
      .insertInto('comments')
      .values({
        post_id: p.id,
        author_name: '花子',
        author_email: 'HANAKO@example.jp',
        author_ip: '192.0.2.9',
        author_url: null,
        body: '参考になりました',
        created_at: '2024-01-02T00:00:00Z',
        source_key: 'mt:x:0',
      })
      .execute();
  });
  after(() => site.close());

  it('exports every record about an email, whatever its case, and audits only the fact', async () => {
    const data = await exportPersonData(site.app.db, site.app.sealer, ' hanako@EXAMPLE.jp', cliActor);
    assert.equal(data.registrations.length, 2);
    assert.deepEqual(data.registrations.map((r) => r.event.slug).sort(), ['one', 'two']);
    const one = data.registrations.find((r) => r.event.slug === 'one')!;
    assert.deepEqual([one.name, one.phone, one.answers.q1], ['山田花子', '03-0000-0000', { question: '感想', answer: 'よかった' }]);
    assert.match(one.consent.text, /利用目的: ご案内のため/);
    assert.equal(data.comments.length, 1);
    assert.equal(data.queuedMail, 2);
    const log = await site.app.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'privacy.export')
      .executeTakeFirstOrThrow();
    assert.match(log.target, /^email#/);
    assert.doesNotMatch(JSON.stringify(log), /hanako|花子/i);
  });

  it('re-seals everything with a new key; the old key may then go', async () => {
    const rotated = createSealer(parseKeys(`${KEY_B},${KEY_A}`));
    assert.equal(await resealAll(site.app.db, rotated), 3 + 3); // three registrations, three queued mails
    const onlyB = createSealer(parseKeys(KEY_B));
    const data = await exportPersonData(site.app.db, onlyB, 'hanako@example.jp', cliActor);
    assert.equal(data.registrations.length, 2);
    assert.equal(data.registrations[0]!.name, '山田花子');
    assert.equal(await resealAll(site.app.db, onlyB), 0);
    // Queued mail still opens and goes out.
    const sent: string[] = [];
    await deliverDue(site.app.db, onlyB, { send: async (m) => void sent.push(m.to) }, 'x@example.jp');
    assert.equal(sent.length, 3);
    const left = await site.app.db.kysely.selectFrom('mail_outbox').select(['recipient', 'body']).execute();
    assert.ok(
      left.every((m) => m.recipient === '' && m.body === ''),
      'sent mail keeps no personal data',
    );
  });

  it('deletes every record about the email in one transaction, leaving other people alone', async () => {
    const onlyB = createSealer(parseKeys(KEY_B));
    const deleted = await deletePersonData(site.app.db, onlyB, 'hanako@example.jp', cliActor);
    assert.deepEqual(deleted, { registrations: 2, comments: 1, subscriptions: 0 });
    const again = await exportPersonData(site.app.db, onlyB, 'hanako@example.jp', cliActor);
    assert.deepEqual([again.registrations.length, again.comments.length], [0, 0]);
    assert.equal((await site.app.db.kysely.selectFrom('registrations').select('id').execute()).length, 1);
    const log = await site.app.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'privacy.delete')
      .executeTakeFirstOrThrow();
    assert.equal(log.detail, '2 registrations, 1 comments, 0 subscriptions deleted');
  });
});
