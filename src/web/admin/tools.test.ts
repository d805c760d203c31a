import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { currentTotp } from '../../accounts/totp.ts';
import { cliActor } from '../../audit/service.ts';
import { saveEventFile } from '../../events/files.ts';
import { createEvent } from '../../events/event.ts';
import { AdminClient, createTestUser } from '../../testing/admin-client.ts';
import { createTestSite, type TestSite } from '../../testing/app.ts';
import { buildWorkbook } from '../../tools/soa-workbook.ts';

describe('admin: the incident log and SoA versions', () => {
  let site: TestSite;
  let editor: AdminClient;
  let author: AdminClient;
  let eventId: number;

  before(async () => {
    site = await createTestSite();
    const ed = await createTestUser(site.app.db, 'editor@example.jp', 'editor');
    const au = await createTestUser(site.app.db, 'author@example.jp', 'author');
    editor = new AdminClient(site.server);
    await editor.signIn('editor@example.jp', ed.secret ? await currentTotp(ed.secret) : undefined);
    author = new AdminClient(site.server);
    await author.signIn('author@example.jp', au.secret ? await currentTotp(au.secret) : undefined);
    const file = saveEventFile(site.app.config.dataDir, '古い版.xlsx', Buffer.from('PK old'));
    eventId = await createEvent(
      site.app.db,
      {
        slug: 'soa-template',
        kind: 'download',
        status: 'published',
        title: '適用宣言書のひな形',
        description: '',
        startsAt: '',
        endsAt: '',
        place: '',
        capacity: null,
        waitlist: false,
        opensAt: '',
        closesAt: '',
        joinUrl: '',
        videoUrl: '',
        questions: [],
        purpose: '資料の送付',
        providedTo: '',
        retentionDays: 90,
        contact: 'privacy@example.jp',
        accessDays: 30,
      },
      file,
      cliActor,
    );
  });
  after(() => site.close());

  it('saves a triage as an incident, shows its deadlines on the front page, and records 速報 / 確報 / 本人通知', async () => {
    await editor.get('/admin/incidents/new');
    const saved = await editor.post('/admin/incidents', {
      title: '給与計算クラウドのランサムウェア',
      learned_on: '2023-06-05',
      event: 'leak',
      people: '8260000',
      malicious: 'yes',
      entrusted: 'yes',
      my_number: 'yes',
      notes: '委託元へ連絡済み',
    });
    assert.equal(saved.statusCode, 303);
    const location = String(saved.headers.location);
    assert.match(location, /^\/admin\/incidents\/\d+\?done=saved$/);
    const page = await editor.get(location);
    assert.match(page.body, /報告対象です（3号、4号/);
    const front = await editor.get('/admin/posts');
    assert.match(front.body, /漏えい等報告の期限/);
    assert.match(front.body, /2023年8月4日（金）/);
    await editor.get(location);
    const done = await editor.post(location.replace(/\?.*/, ''), {
      title: '給与計算クラウドのランサムウェア',
      preliminary_done_on: '2023-06-07',
      final_done_on: '2023-07-20',
      notified_on: '2023-06-20',
      notes: '',
    });
    assert.equal(done.statusCode, 303);
    assert.doesNotMatch((await editor.get('/admin/posts')).body, /漏えい等報告の期限/);
    const list = await editor.get('/admin/incidents');
    assert.match(list.body, /済 2023年7月20日（木）/);
  });

  it('answers a bad triage in the admin form with a Japanese 400', async () => {
    await editor.get('/admin/incidents/new');
    const res = await editor.post('/admin/incidents', { title: 'x', learned_on: '2023-13-01', event: 'leak', people: '1' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /発覚日が正しくありません/);
  });

  it('exports the log as JSON, audited', async () => {
    await editor.get('/admin/incidents');
    const res = await editor.post('/admin/incidents/export', {});
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-disposition']), /attachment; filename="incidents-/);
    assert.equal(JSON.parse(res.body).incidents[0].title, '給与計算クラウドのランサムウェア');
    const audit = await site.app.db.kysely.selectFrom('audit_log').select('actor').where('action', '=', 'incident.export').execute();
    assert.deepEqual(
      audit.map((a) => a.actor),
      ['editor@example.jp'],
    );
  });

  it('keeps authors out of the incident log', async () => {
    assert.equal((await author.get('/admin/incidents')).statusCode, 403);
    assert.equal((await author.get('/admin/soa')).statusCode, 403);
  });

  it('keeps an SoA version from a workbook, downloads it, and gives it to an event as its file', async () => {
    await editor.get('/admin/soa');
    const xlsx = await buildWorkbook({
      organisation: '製造業のお客様',
      scope: '工場',
      version: '1.2',
      date: '2026-12-01',
      entries: [{ id: '7.4', applicable: true, justification: '工場の監視カメラ', implemented: 'yes', owner: '総務', evidence: '' }],
    });
    const saved = await editor.postMultipart(
      '/admin/soa',
      { name: '製造業向け' },
      { name: 'soa.xlsx', type: 'application/octet-stream', bytes: xlsx },
    );
    assert.equal(saved.statusCode, 303);
    const page = await editor.get('/admin/soa?done=saved');
    assert.match(page.body, /製造業向け/);
    const id = /\/admin\/soa\/(\d+)\/xlsx/.exec(page.body)![1]!;
    const download = await editor.get(`/admin/soa/${id}/xlsx`);
    assert.equal(download.statusCode, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(download.rawPayload as unknown as ArrayBuffer);
    assert.equal(wb.getWorksheet('適用宣言書')!.actualRowCount, 94);

    await editor.get('/admin/soa');
    const attached = await editor.post(`/admin/soa/${id}/attach`, { event_id: String(eventId) });
    assert.equal(attached.statusCode, 303);
    const row = await site.app.db.kysely
      .selectFrom('events')
      .select(['file_name', 'file_type'])
      .where('id', '=', eventId)
      .executeTakeFirstOrThrow();
    assert.equal(row.file_name, '適用宣言書_製造業向け_1.2.xlsx');
    assert.equal(row.file_type, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');

    await editor.get('/admin/soa');
    const bad = await editor.postMultipart('/admin/soa', { name: 'x' }, { name: 'a.csv', type: 'text/csv', bytes: Buffer.from('a,b') });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Excel（.xlsx）のファイルではありません/);
  });
});
