import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { createTestSite, type TestSite } from '../testing/app.ts';
import { multipart } from '../testing/multipart.ts';
import { shaRoumuCase } from '../testing/breach-cases.ts';

const shaRoumu = shaRoumuCase;

async function rowsOf(buf: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb.getWorksheet('適用宣言書')!;
}

describe('the compliance tools over HTTP', () => {
  let site: TestSite;
  const logLines: string[] = [];
  before(async () => {
    site = await createTestSite({}, { logLevel: 'trace', logStream: { write: (line) => void logLines.push(line) } });
  });
  after(async () => {
    await site.close();
    // What readers typed never reaches the log.
    assert.ok(!logLines.some((l) => l.includes('8260000') || l.includes('株式会社見本')));
  });

  const json = (url: string, body: unknown) =>
    site.server.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json' },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const form = (url: string, fields: Record<string, string>) =>
    site.server.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString(),
    });

  describe('POST /api/tools/breach', () => {
    it('answers the 社労夢 case: reportable, 3号 and 4号, the dates, never cached', async () => {
      const res = await json('/api/tools/breach', shaRoumu);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['cache-control'], 'no-store');
      const body = res.json();
      assert.equal(body.reportable, true);
      assert.deepEqual(body.grounds.slice(0, 2), ['3号', '4号']);
      assert.deepEqual(body.preliminary_due, { from: '2023-06-08', to: '2023-06-10' });
      assert.equal(body.final_due, '2023-08-04');
      assert.equal(body.notify_individuals, true);
      assert.ok(body.explanations.every((e: { text: string; basis: string }) => e.text && e.basis));
    });

    it('names a missing field, an unknown field and a bad value with 400', async () => {
      const { people: _, ...noPeople } = shaRoumu;
      const missing = await json('/api/tools/breach', noPeople);
      assert.equal(missing.statusCode, 400);
      assert.deepEqual(missing.json(), { error: '「people」がありません', status: 400, field: 'people' });
      const unknown = await json('/api/tools/breach', { ...shaRoumu, note: 'x' });
      assert.equal(unknown.json().field, 'note');
      const bad = await json('/api/tools/breach', { ...shaRoumu, learned_on: '2023/06/05' });
      assert.equal(bad.json().field, 'learned_on');
      assert.match(bad.json().error, /YYYY-MM-DD/);
    });

    it('answers broken JSON, a non-object and an oversized body with a Japanese 400 or 413', async () => {
      const broken = await json('/api/tools/breach', '{"learned_on": ');
      assert.equal(broken.statusCode, 400);
      assert.match(broken.json().error, /リクエストが正しくありません/);
      assert.equal((await json('/api/tools/breach', [1, 2])).statusCode, 400);
      const big = await json('/api/tools/breach', { ...shaRoumu, pad: 'x'.repeat(20_000) });
      assert.ok(big.statusCode === 413 || big.statusCode === 400);
    });
  });

  describe('/tools/breach', () => {
    it('shows the form, says nothing is stored, and links the print stylesheet', async () => {
      const res = await site.server.inject('/tools/breach');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<form class="tool-form breach-form" method="post" action="\/tools\/breach">/);
      assert.match(res.body, /入力した内容は保存しません/);
      assert.match(res.body, /<link rel="stylesheet" href="\/static\/tools.css\?v=/);
      assert.doesNotMatch(res.body, /<script(?![^>]*src=)/);
    });

    it('answers the form without JavaScript: the 社労夢 case is 報告対象 (3号, 4号) with the dates and the articles', async () => {
      const res = await form('/tools/breach', {
        learned_on: '2023-06-05',
        event: 'leak',
        people: '8,260,000',
        suspected_only: 'yes',
        malicious: 'yes',
        entrusted: 'yes',
        my_number: 'yes',
      });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['cache-control'], 'private, no-store');
      assert.match(res.body, /報告対象です（3号、4号、番号法規則2条2号、番号法規則2条4号）/);
      assert.match(
        res.body,
        /<time datetime="2023-06-08">2023年6月8日（木）<\/time>〜<time datetime="2023-06-10">2023年6月10日（土）<\/time>/,
      );
      assert.match(res.body, /<time datetime="2023-08-04">2023年8月4日（金）<\/time>/);
      assert.match(res.body, /個人情報保護法施行規則7条3号/);
      assert.match(res.body, /報告する事項（個人情報保護法施行規則8条1項）/);
      // The form keeps what was typed.
      assert.match(res.body, /name="people" type="text" inputMode="numeric" required value="8,260,000"|value="8,260,000"/);
    });

    it('treats encryption with the key leaked as unprotected', async () => {
      const res = await form('/tools/breach', {
        learned_on: '2024-07-01',
        event: 'leak',
        people: '5',
        sensitive: 'yes',
        encrypted: 'yes',
        key_leaked: 'yes',
      });
      assert.match(res.body, /報告対象です（1号）/);
      const safe = await form('/tools/breach', {
        learned_on: '2024-07-01',
        event: 'leak',
        people: '5',
        sensitive: 'yes',
        encrypted: 'yes',
      });
      assert.match(safe.body, /報告対象事態には当たりません/);
    });

    it('answers bad form input with a Japanese message and the form filled in (400)', async () => {
      const res = await form('/tools/breach', { learned_on: '2023-02-30', event: 'leak', people: '10' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /発覚日が正しくありません（ありえない日付です）/);
      const people = await form('/tools/breach', { learned_on: '2023-06-05', event: 'leak', people: 'たくさん' });
      assert.match(people.body, /本人の数は 0 以上の整数で入れてください/);
      const empty = await form('/tools/breach', {});
      assert.equal(empty.statusCode, 400);
    });
  });

  describe('SoA', () => {
    const request = {
      organisation: '株式会社見本',
      scope: '本社',
      controls: [
        { id: '5.1', applicable: true, justification: '必須', implemented: 'yes', owner: '委員会', evidence: '基本方針' },
        { id: '7.4', applicable: false, justification: '施設なし', implemented: 'no', owner: '', evidence: '' },
      ],
    };

    it('GET /api/tools/soa/controls lists the 93 controls with themes, titles and attributes', async () => {
      const res = await site.server.inject('/api/tools/soa/controls');
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.equal(body.controls.length, 93);
      assert.deepEqual(body.controls[0], {
        id: '5.1',
        theme: '5',
        title: { ja: '情報セキュリティのための方針群', en: 'Policies for information security' },
        attributes: {
          controlType: ['Preventive'],
          securityProperties: ['Confidentiality', 'Integrity', 'Availability'],
          cybersecurityConcepts: ['Identify'],
          operationalCapabilities: ['Governance'],
          securityDomains: ['Governance_and_Ecosystem', 'Resilience'],
        },
        new_in_2022: false,
      });
      assert.equal(body.controls.at(-1).id, '8.34');
    });

    it('POST /api/tools/soa/xlsx returns a workbook with 93 rows; controls left out are 未決定', async () => {
      const res = await json('/api/tools/soa/xlsx', request);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      assert.match(String(res.headers['content-disposition']), /^attachment; filename="soa-\d{4}-\d{2}-\d{2}.xlsx"; filename\*=UTF-8''/);
      const sheet = await rowsOf(res.rawPayload);
      assert.equal(sheet.actualRowCount - 1, 93);
      assert.equal(sheet.getRow(2).getCell(5).text, '適用');
      assert.equal(sheet.getRow(3).getCell(5).text, '未決定');
    });

    it('POST /api/tools/soa/xlsx names a bad id or value with 400', async () => {
      const bad = await json('/api/tools/soa/xlsx', { ...request, controls: [{ ...request.controls[0], id: '5.38' }] });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().field, 'controls.0.id');
      const value = await json('/api/tools/soa/xlsx', { ...request, controls: [{ ...request.controls[0], implemented: 'maybe' }] });
      assert.equal(value.json().field, 'controls.0.implemented');
      assert.match(value.json().error, /管理策 5.1/);
    });

    it('the builder page lists the 93 controls as a plain form, and filters by theme and attribute without JavaScript', async () => {
      const all = await site.server.inject('/tools/soa');
      assert.equal(all.statusCode, 200);
      assert.equal(all.body.match(/<fieldset class="soa-control"/g)?.length, 93);
      assert.match(all.body, /<script src="\/static\/soa.js\?v=[0-9a-f]+" defer><\/script>/);
      const physical = await site.server.inject('/tools/soa?theme=7');
      assert.equal(physical.body.match(/<fieldset class="soa-control"/g)?.length, 14);
      const detect = await site.server.inject('/tools/soa?attr=Detective');
      assert.ok((detect.body.match(/<fieldset class="soa-control"/g)?.length ?? 0) > 5);
      assert.equal((await site.server.inject('/tools/soa?theme=9')).statusCode, 400);
    });

    it('the form downloads the workbook and the file reads back into the form', async () => {
      const res = await form('/tools/soa/xlsx', {
        organisation: '株式会社見本',
        scope: '本社',
        version: '3',
        'applicable_5.1': 'yes',
        'implemented_5.1': 'partly',
        'justification_5.1': '全社方針',
        'applicable_8.28': 'no',
        'justification_8.28': '開発をしない',
      });
      assert.equal(res.statusCode, 200);
      const sheet = await rowsOf(res.rawPayload);
      assert.equal(sheet.getRow(2).getCell(7).text, '一部実施');
      const row828 = sheet.getRow(1 + 37 + 8 + 14 + 28);
      assert.deepEqual([row828.getCell(1).text, row828.getCell(5).text, row828.getCell(6).text], ['8.28', '除外', '開発をしない']);

      const upload = await multipart(
        {},
        { name: 'soa.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', bytes: res.rawPayload },
      );
      const back = await site.server.inject({
        method: 'POST',
        url: '/tools/soa/import',
        headers: { 'content-type': upload.type },
        payload: upload.body,
      });
      assert.equal(back.statusCode, 200);
      assert.match(back.body, /「株式会社見本」の適用宣言書を読み込みました（決定済み 2 \/ 93）/);
      assert.match(back.body, /<option value="partly" selected>一部実施<\/option>/);
      assert.match(back.body, /data-imported="true"/);
    });

    it('refuses an upload that is not xlsx, and one that is too large, with a Japanese 400', async () => {
      const csv = await multipart({}, { name: 'soa.csv', type: 'text/csv', bytes: Buffer.from('a,b\n') });
      const res = await site.server.inject({
        method: 'POST',
        url: '/tools/soa/import',
        headers: { 'content-type': csv.type },
        payload: csv.body,
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /Excel（.xlsx）のファイルではありません/);
      const big = await multipart({}, { name: 'big.xlsx', type: 'application/octet-stream', bytes: Buffer.alloc(2 * 1024 * 1024 + 10, 1) });
      const tooBig = await site.server.inject({
        method: 'POST',
        url: '/tools/soa/import',
        headers: { 'content-type': big.type },
        payload: big.body,
      });
      assert.equal(tooBig.statusCode, 400);
      assert.match(tooBig.body, /ファイルが大きすぎます/);
      const none = await form('/tools/soa/import', {});
      assert.equal(none.statusCode, 400);
    });

    it('answers a form without an organisation with the form and a Japanese message', async () => {
      const res = await form('/tools/soa/xlsx', { organisation: ' ', 'applicable_5.1': 'yes' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /組織名を入れてください/);
    });
  });
});
