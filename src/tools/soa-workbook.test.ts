import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import {
  buildWorkbook,
  checkXlsxContainer,
  readWorkbook,
  SHEET_CONTROLS,
  SHEET_COVER,
  SHEET_MAPPING,
  WorkbookError,
} from './soa-workbook.ts';
import { parseSoaRequest, SoaInputError, type SoaDocument } from './soa.ts';

const doc: SoaDocument = {
  organisation: '株式会社見本',
  scope: '本社の受託開発業務',
  version: '2.1',
  date: '2026-12-01',
  entries: [
    {
      id: '5.1',
      applicable: true,
      justification: '全社方針として必須',
      implemented: 'yes',
      owner: '情報セキュリティ委員会',
      evidence: '情報セキュリティ基本方針 https://example.com/policy',
    },
    {
      id: '7.4',
      applicable: false,
      justification: '自社の施設を持たない（共用オフィスの管理会社が監視）',
      implemented: 'no',
      owner: '',
      evidence: '',
    },
    { id: '8.28', applicable: true, justification: '自社開発がある', implemented: 'partly', owner: '開発部', evidence: 'コーディング規約' },
  ],
};

async function open(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

describe('SoA workbook', () => {
  it('has a cover sheet, 93 control rows under a frozen, filtered Japanese header, and the 2013 mapping (114 rows)', async () => {
    const wb = await open(await buildWorkbook(doc));
    assert.deepEqual(
      wb.worksheets.map((s) => s.name),
      [SHEET_COVER, SHEET_CONTROLS, SHEET_MAPPING],
    );
    const cover = wb.getWorksheet(SHEET_COVER)!;
    const facts = Object.fromEntries(cover.getRows(3, 9)!.map((r) => [r.getCell(1).text, r.getCell(2).text]));
    assert.equal(facts['組織名'], '株式会社見本');
    assert.equal(facts['適用範囲'], '本社の受託開発業務');
    assert.equal(facts['版'], '2.1');
    assert.equal(facts['作成日'], '2026-12-01');
    assert.equal(facts['未決定'], '90');

    const sheet = wb.getWorksheet(SHEET_CONTROLS)!;
    assert.equal(sheet.actualRowCount, 94);
    assert.equal(sheet.getRow(1).getCell(1).text, '管理策番号');
    assert.equal(sheet.getRow(1).getCell(6).text, '適用・除外の理由');
    assert.equal(sheet.views[0]?.state, 'frozen');
    assert.equal((sheet.views[0] as { ySplit?: number }).ySplit, 1);
    assert.ok(sheet.autoFilter);
    const row = sheet.getRow(2);
    assert.deepEqual(
      [row.getCell(1).text, row.getCell(3).text, row.getCell(5).text, row.getCell(7).text],
      ['5.1', '情報セキュリティのための方針群', '適用', '実施済み'],
    );
    assert.equal(sheet.getRow(3).getCell(5).text, '未決定');
    assert.equal(sheet.getRow(94).getCell(1).text, '8.34');

    const map = wb.getWorksheet(SHEET_MAPPING)!;
    assert.equal(map.getRow(2).getCell(1).text, 'A.5.1.1');
    assert.equal(map.getRow(115).getCell(1).text, 'A.18.2.3');
    assert.equal(map.getRow(115).getCell(2).text, '5.36、8.8');
  });

  it('reads its own file back to the same document', async () => {
    const back = await readWorkbook(await buildWorkbook(doc));
    assert.deepEqual(back, doc);
  });

  it('reads a file edited in Excel: a decision changed in a cell', async () => {
    const wb = await open(await buildWorkbook(doc));
    const sheet = wb.getWorksheet(SHEET_CONTROLS)!;
    sheet.getRow(3).getCell(5).value = '適用';
    sheet.getRow(3).getCell(7).value = '計画中';
    const back = await readWorkbook(Buffer.from(await wb.xlsx.writeBuffer()));
    assert.deepEqual(
      back.entries.find((e) => e.id === '5.2'),
      { id: '5.2', applicable: true, justification: '', implemented: 'planned', owner: '', evidence: '' },
    );
  });

  it('refuses files that are not xlsx, too large, or with a bad value, in Japanese', async () => {
    await assert.rejects(
      readWorkbook(Buffer.from('管理策番号,適用\n5.1,適用\n')),
      (e) => e instanceof WorkbookError && /Excel（.xlsx）のファイルではありません/.test(e.message),
    );
    assert.throws(() => checkXlsxContainer(Buffer.alloc(3 * 1024 * 1024)), /ファイルが大きすぎます/);
    const wb = await open(await buildWorkbook(doc));
    wb.getWorksheet(SHEET_CONTROLS)!.getRow(2).getCell(5).value = 'たぶん';
    await assert.rejects(
      readWorkbook(Buffer.from(await wb.xlsx.writeBuffer())),
      /2行目（管理策 5.1）: 「適用」は 適用・除外・未決定 のいずれかです/,
    );
    const other = new ExcelJS.Workbook();
    other.addWorksheet('Sheet1').addRow(['a']);
    await assert.rejects(readWorkbook(Buffer.from(await other.xlsx.writeBuffer())), /「適用宣言書」のシートがありません/);
  });

  it('refuses a zip whose entries would inflate beyond the bound, before reading them', async () => {
    const buf = Buffer.from(await buildWorkbook(doc));
    // Claim a huge uncompressed size in the first central-directory entry.
    const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const dir = buf.readUInt32LE(eocd + 16);
    buf.writeUInt32LE(0x7fffffff, dir + 24);
    assert.throws(() => checkXlsxContainer(buf), /中身が大きすぎます/);
  });
});

describe('SoA request', () => {
  const good = {
    organisation: '株式会社見本',
    scope: '全社',
    controls: [{ id: '5.1', applicable: true, justification: '', implemented: 'yes', owner: '', evidence: '' }],
  };
  const error = (body: unknown) => {
    try {
      parseSoaRequest(body);
      return 'ok';
    } catch (e) {
      assert.ok(e instanceof SoaInputError);
      return `${e.field}: ${e.message}`;
    }
  };
  it('accepts the contract and names a bad id, a bad value, an unknown field, a duplicate', () => {
    assert.equal(error(good), 'ok');
    assert.equal(
      error({ ...good, controls: [{ ...good.controls[0], id: '9.1' }] }),
      'controls.0.id: 「controls.0.id」が正しくありません（5.1〜8.34 の管理策番号ではありません）',
    );
    assert.equal(
      error({ ...good, controls: [{ ...good.controls[0], implemented: 'done' }] }),
      'controls.0.implemented: 「controls.0.implemented」（管理策 5.1）が正しくありません（yes, partly, planned, no のいずれかです）',
    );
    assert.equal(
      error({ ...good, controls: [{ ...good.controls[0], colour: 'red' }] }),
      'controls.0.colour: 「controls.0.colour」という項目はありません',
    );
    assert.equal(error({ ...good, controls: [good.controls[0], good.controls[0]] }), 'controls.1.id: 管理策 5.1 が2回あります');
    assert.equal(error({ scope: '', controls: [] }), 'organisation: 「organisation」がありません');
  });
});
