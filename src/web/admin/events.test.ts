import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { register } from '../../events/registration.ts';
import { AdminClient, createTestUser, type TestUser } from '../../testing/admin-client.ts';
import { createTestSite, type TestSite } from '../../testing/app.ts';
import { currentTotp } from '../../accounts/totp.ts';

const EVENT = {
  kind: 'download',
  title: 'ISMS 規程ひな形セット',
  slug: 'isms-templates',
  description: '規程のひな形です。',
  capacity: '',
  accessDays: '14',
  questions: '*従業員数\n導入予定の時期',
  purpose: '資料の送付と、関連するセミナーのご案内のため',
  providedTo: '',
  retentionDays: '180',
  contact: '見本事務所 個人情報窓口 privacy@example.jp',
  status: 'published',
};

describe('admin: events, registrants and privacy requests', () => {
  let site: TestSite;
  let owner: TestUser;
  let c: AdminClient;
  before(async () => {
    site = await createTestSite();
    owner = await createTestUser(site.app.db, 'owner@example.jp', 'owner');
    await createTestUser(site.app.db, 'author@example.jp', 'author');
    c = new AdminClient(site.server);
    await c.signIn('owner@example.jp', await currentTotp(owner.secret!));
  });
  after(() => site.close());

  it('creates a download event with its file, and says what is missing in Japanese', async () => {
    await c.get('/admin/events/new');
    const missing = await c.postMultipart(
      '/admin/events',
      { ...EVENT, purpose: '' },
      { name: 'ひな形.xlsx', type: 'application/octet-stream', bytes: Buffer.from('PK') },
    );
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /個人情報の利用目的を書いてください/);
    assert.match(missing.body, /value="isms-templates"/); // the input is kept
    await c.get('/admin/events/new');
    const badType = await c.postMultipart('/admin/events', EVENT, {
      name: 'tool.exe',
      type: 'application/octet-stream',
      bytes: Buffer.from('MZ'),
    });
    assert.match(badType.body, /この種類のファイルは配布できません/);
    await c.get('/admin/events/new');
    const ok = await c.postMultipart('/admin/events', EVENT, {
      name: 'ひな形.xlsx',
      type: 'application/octet-stream',
      bytes: Buffer.from('PK'),
    });
    assert.equal(ok.statusCode, 303, ok.body);
    const page = await c.get(ok.headers.location as string);
    assert.match(page.body, /いまのファイル: ひな形\.xlsx/);
    assert.match(page.body, /\*従業員数/);
  });

  it('shows registrants decrypted, marks attendance, exports CSV with a BOM, and audits each look', async () => {
    const ctx = { db: site.app.db, sealer: site.app.sealer, siteUrl: 'https://blog.example.jp', siteTitle: '見本' };
    await register(ctx, 'isms-templates', {
      name: '佐藤一郎',
      company: '見本工業',
      department: '品質保証部',
      email: 'ichiro@example.jp',
      phone: '',
      answers: { q1: '300名' },
      consent: true,
    });
    const list = await c.get('/admin/events/1/registrants');
    assert.match(list.body, /佐藤一郎/);
    assert.match(list.body, /300名/);
    assert.match(list.body, /第1版/);
    const rid = /registrants\/(\d+)\/attendance/.exec(list.body)![1]!;
    const marked = await c.post(`/admin/events/1/registrants/${rid}/attendance`, { attended: 'yes' });
    assert.equal(marked.statusCode, 303);
    assert.match((await c.get('/admin/events/1/registrants')).body, /出席 ✓/);
    const csv = await c.get('/admin/events/1/registrants.csv');
    assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
    assert.ok(csv.body.startsWith('\uFEFF申込日時'));
    assert.match(csv.body, /佐藤一郎,見本工業,品質保証部,ichiro@example\.jp/);
    const actions = (await site.app.db.kysely.selectFrom('audit_log').select('action').execute()).map((r) => r.action);
    assert.equal(actions.filter((a) => a === 'registrants.view').length, 2);
    assert.equal(actions.filter((a) => a === 'registrants.export').length, 1);
    assert.ok(actions.includes('registrants.attendance'));
  });

  it("lets an owner export and delete a person's data; authors may not see registrants", async () => {
    await c.get('/admin/privacy');
    const exported = await c.post('/admin/privacy/export', { email: 'ICHIRO@example.jp' });
    assert.equal(exported.statusCode, 200);
    const data = JSON.parse(exported.body) as { registrations: Array<{ name: string }> };
    assert.equal(data.registrations[0]!.name, '佐藤一郎');
    await c.get('/admin/privacy');
    const noConfirm = await c.post('/admin/privacy/delete', { email: 'ichiro@example.jp' });
    assert.match(noConfirm.body, /チェックしてください/);
    await c.get('/admin/privacy');
    const deleted = await c.post('/admin/privacy/delete', { email: 'ichiro@example.jp', confirm: 'yes' });
    assert.match(deleted.body, /削除しました（申込 1件、コメント 0件、メール購読 0件）/);

    const a = new AdminClient(site.server);
    await a.signIn('author@example.jp');
    assert.equal((await a.get('/admin/events/1/registrants')).statusCode, 403);
    assert.equal((await a.get('/admin/privacy')).statusCode, 403);
  });
});
