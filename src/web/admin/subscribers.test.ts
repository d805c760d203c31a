import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { currentTotp } from '../../accounts/totp.ts';
import { subscribe } from '../../subscriptions/service.ts';
import { AdminClient, createTestUser } from '../../testing/admin-client.ts';
import { createTestSite, type TestSite } from '../../testing/app.ts';

describe('admin: 購読者', () => {
  let site: TestSite;
  let c: AdminClient;
  before(async () => {
    site = await createTestSite();
    const owner = await createTestUser(site.app.db, 'owner@example.jp', 'owner');
    await createTestUser(site.app.db, 'author@example.jp', 'author');
    c = new AdminClient(site.server);
    await c.signIn('owner@example.jp', await currentTotp(owner.secret!));
    const ctx = { db: site.app.db, sealer: site.app.sealer, siteUrl: 'https://blog.example.jp', mailFrom: 'no-reply@blog.example.jp' };
    await subscribe(ctx, { email: 'reader@example.jp', consent: true });
    await subscribe(ctx, { email: '+cmd@example.jp', consent: true });
  });
  after(() => site.close());

  const audited = async (action: string) =>
    Number(
      (
        await site.app.db.kysely
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('action', '=', action)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('shows counts without addresses, and the decrypted list only on request, audited', async () => {
    const page = await c.get('/admin/subscribers');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /確認待ち: 2人/);
    assert.doesNotMatch(page.body, /reader@example\.jp/);
    assert.equal(await audited('subscribers.view'), 0);
    const list = await c.get('/admin/subscribers?list=1');
    assert.match(list.body, /reader@example\.jp/);
    assert.equal(await audited('subscribers.view'), 1);
  });

  it('exports a formula-safe CSV with a BOM, audited', async () => {
    const csv = await c.get('/admin/subscribers.csv');
    assert.ok(csv.body.startsWith('\uFEFF登録日時'));
    assert.match(csv.body, /'\+cmd@example\.jp/);
    assert.equal(await audited('subscribers.export'), 1);
  });

  it('saves the settings and removes a subscriber; an author may not look', async () => {
    await c.get('/admin/subscribers');
    const saved = await c.post('/admin/subscribers/settings', {
      enabled: 'yes',
      digestDay: '5',
      digestHour: '7',
      senderName: '山田の便り',
      contact: 'privacy@example.jp',
    });
    assert.equal(saved.statusCode, 303);
    assert.match((await c.get('/admin/subscribers')).body, /<option value="5" selected>金曜日/);
    const list = await c.get('/admin/subscribers?list=1');
    const id = /\/admin\/subscribers\/(\d+)\/delete/.exec(list.body)![1]!;
    assert.equal((await c.post(`/admin/subscribers/${id}/delete`, {})).statusCode, 303);
    assert.match((await c.get('/admin/subscribers')).body, /確認待ち: 1人/);
    assert.equal(await audited('subscriber.remove'), 1);
    const author = new AdminClient(site.server);
    await author.signIn('author@example.jp');
    assert.equal((await author.get('/admin/subscribers?list=1')).statusCode, 403);
  });
});
