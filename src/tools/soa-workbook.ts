// The Statement of Applicability as an Excel workbook, in the layout auditors expect: a cover
// sheet (organisation, scope, version, date), one row per control with a frozen header and
// filters, Japanese column names, and a sheet mapping the 2013 controls to 2022. Reading the
// same file back is bounded: size, zip entries and inflated bytes are checked before exceljs
// opens it, and only the rows of Annex A are read.
import type { CellValue, Workbook } from 'exceljs';
import { startOfDay } from '../time.ts';
import { attributeKinds, controlById, controls, labelOf, mapping2013, themes } from './soa-controls.ts';
import { implementationStates, rowsOf, summaryOf, type Implementation, type SoaDocument, type SoaEntry } from './soa.ts';

export const SHEET_COVER = '表紙';
export const SHEET_CONTROLS = '適用宣言書';
export const SHEET_MAPPING = '2013年版との対応';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const columns = [
  { header: '管理策番号', width: 10 },
  { header: 'テーマ', width: 14 },
  { header: '管理策', width: 36 },
  { header: '管理策（英語）', width: 36 },
  { header: '適用', width: 8 },
  { header: '適用・除外の理由', width: 40 },
  { header: '実施状況', width: 10 },
  { header: '責任者', width: 14 },
  { header: '証拠・関連文書', width: 36 },
  ...attributeKinds.map((k) => ({ header: k.ja, width: 22 })),
] as const;

const APPLICABLE = '適用';
const EXCLUDED = '除外';
const UNDECIDED = '未決定';

const themeName = new Map<string, string>(themes.map((t) => [t.id, t.ja]));

/** exceljs is loaded when a workbook is made or read: it costs a second and 25 MB at every start otherwise. */
async function newWorkbook(): Promise<Workbook> {
  const { default: ExcelJS } = await import('exceljs');
  return new ExcelJS.Workbook();
}

export async function buildWorkbook(doc: SoaDocument): Promise<Buffer> {
  const wb = await newWorkbook();
  wb.creator = '瓦版';
  wb.created = startOfDay(doc.date);

  const cover = wb.addWorksheet(SHEET_COVER);
  cover.columns = [{ width: 24 }, { width: 70 }];
  cover.addRow(['適用宣言書（Statement of Applicability）']).font = { bold: true, size: 16 };
  cover.addRow([]);
  const summary = summaryOf(doc.entries);
  const facts: Array<[string, string]> = [
    ['組織名', doc.organisation],
    ['適用範囲', doc.scope],
    ['版', doc.version],
    ['作成日', doc.date],
    ['規格', 'ISO/IEC 27001:2022（JIS Q 27001:2023）附属書A'],
    ['管理策の数', `${controls.length}`],
    ['適用', `${summary.applicable}`],
    ['除外', `${summary.excluded}`],
    ['未決定', `${summary.undecided}`],
  ];
  for (const [k, v] of facts) {
    const row = cover.addRow([k, v]);
    row.getCell(1).font = { bold: true };
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  }

  const sheet = wb.addWorksheet(SHEET_CONTROLS, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  const head = sheet.getRow(1);
  head.font = { bold: true };
  head.alignment = { vertical: 'middle', wrapText: true };
  head.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF1EDE5' } };
  });
  for (const { id, decision } of rowsOf(doc.entries)) {
    const c = controlById.get(id)!;
    sheet.addRow([
      c.id,
      themeName.get(c.theme),
      c.title.ja,
      c.title.en,
      decision ? (decision.applicable ? APPLICABLE : EXCLUDED) : UNDECIDED,
      decision?.justification ?? '',
      decision ? implementationStates[decision.implemented] : '',
      decision?.owner ?? '',
      decision?.evidence ?? '',
      ...attributeKinds.map((k) => c.attributes[k.key].map(labelOf).join('、')),
    ]).alignment = { vertical: 'top', wrapText: true };
  }
  const last = controls.length + 1;
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: last, column: columns.length } };
  for (let r = 2; r <= last; r++) {
    sheet.getCell(r, 5).dataValidation = { type: 'list', allowBlank: false, formulae: [`"${APPLICABLE},${EXCLUDED},${UNDECIDED}"`] };
    sheet.getCell(r, 7).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [`"${Object.values(implementationStates).join(',')}"`],
    };
  }

  const map = wb.addWorksheet(SHEET_MAPPING, { views: [{ state: 'frozen', ySplit: 1 }] });
  map.columns = [
    { header: '2013年版の管理策番号', width: 20 },
    { header: '2022年版の管理策番号', width: 20 },
    { header: '2022年版の管理策', width: 60 },
  ];
  map.getRow(1).font = { bold: true };
  for (const m of mapping2013) {
    map.addRow([m.from, m.to.join('、'), m.to.map((id) => controlById.get(id)!.title.ja).join('、')]);
  }
  map.addRow([]);
  map.addRow([
    '（2022年版の新しい管理策）',
    controls
      .filter((c) => c.isNew)
      .map((c) => c.id)
      .join('、'),
  ]);
  map.autoFilter = { from: { row: 1, column: 1 }, to: { row: mapping2013.length + 1, column: 3 } };

  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------
// Reading a workbook back.

export class WorkbookError extends Error {}

export const MAX_WORKBOOK_BYTES = 2 * 1024 * 1024;
const MAX_INFLATED_BYTES = 20 * 1024 * 1024;
const MAX_ZIP_ENTRIES = 200;

/** Checks the zip directory of an .xlsx without inflating it: a real zip, not too many
 * entries, not too many bytes once inflated (a small file that would expand to gigabytes is
 * refused before any of it is read). */
export function checkXlsxContainer(buf: Buffer): void {
  if (buf.length > MAX_WORKBOOK_BYTES) throw new WorkbookError(`ファイルが大きすぎます（上限 ${MAX_WORKBOOK_BYTES / 1024 / 1024} MB）`);
  if (buf.length < 22 || buf.readUInt32LE(0) !== 0x04034b50) throw new WorkbookError('Excel（.xlsx）のファイルではありません');
  // End of central directory: the last 22 bytes, or earlier when the zip has a comment.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new WorkbookError('Excel（.xlsx）のファイルが壊れています');
  const entries = buf.readUInt16LE(eocd + 10);
  const dirSize = buf.readUInt32LE(eocd + 12);
  const dirOffset = buf.readUInt32LE(eocd + 16);
  if (entries > MAX_ZIP_ENTRIES) throw new WorkbookError('Excel のファイルの中身が多すぎます');
  if (dirOffset + dirSize > buf.length) throw new WorkbookError('Excel（.xlsx）のファイルが壊れています');
  let total = 0;
  let pos = dirOffset;
  for (let n = 0; n < entries; n++) {
    if (pos + 46 > buf.length || buf.readUInt32LE(pos) !== 0x02014b50) throw new WorkbookError('Excel（.xlsx）のファイルが壊れています');
    total += buf.readUInt32LE(pos + 24);
    if (total > MAX_INFLATED_BYTES) throw new WorkbookError('Excel のファイルの中身が大きすぎます');
    pos += 46 + buf.readUInt16LE(pos + 28) + buf.readUInt16LE(pos + 30) + buf.readUInt16LE(pos + 32);
  }
}

function text(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return String(v.result ?? '');
    if (v instanceof Date) return v.toISOString().slice(0, 10);
  }
  return String(v).trim();
}

const implementationByLabel = new Map<string, Implementation>(
  Object.entries(implementationStates).map(([k, v]) => [v, k as Implementation]),
);

/** Reads a workbook made by buildWorkbook (and edited in Excel) back into a document. */
export async function readWorkbook(buf: Buffer): Promise<SoaDocument> {
  checkXlsxContainer(buf);
  const wb = await newWorkbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw new WorkbookError('Excel（.xlsx）のファイルとして読めませんでした');
  }
  const sheet = wb.getWorksheet(SHEET_CONTROLS);
  if (!sheet) throw new WorkbookError(`「${SHEET_CONTROLS}」のシートがありません。このサイトで作ったファイルを選んでください`);
  const header = columns.map((_, i) => text(sheet.getRow(1).getCell(i + 1).value));
  for (const [i, c] of columns.slice(0, 9).entries()) {
    if (header[i] !== c.header) throw new WorkbookError(`「${SHEET_CONTROLS}」の${i + 1}列目の見出しが「${c.header}」ではありません`);
  }
  const entries: SoaEntry[] = [];
  const seen = new Set<string>();
  const lastRow = Math.min(sheet.rowCount, controls.length + 50);
  for (let r = 2; r <= lastRow; r++) {
    const row = sheet.getRow(r);
    const id = text(row.getCell(1).value);
    if (!id) continue;
    if (!controlById.has(id)) throw new WorkbookError(`${r}行目: 「${id.slice(0, 20)}」は 5.1〜8.34 の管理策番号ではありません`);
    if (seen.has(id)) throw new WorkbookError(`${r}行目: 管理策 ${id} が2回あります`);
    seen.add(id);
    const decided = text(row.getCell(5).value);
    if (decided === UNDECIDED || decided === '') continue;
    if (decided !== APPLICABLE && decided !== EXCLUDED)
      throw new WorkbookError(`${r}行目（管理策 ${id}）: 「適用」は ${APPLICABLE}・${EXCLUDED}・${UNDECIDED} のいずれかです`);
    const stateLabel = text(row.getCell(7).value);
    const implemented = stateLabel ? implementationByLabel.get(stateLabel) : 'no';
    if (!implemented)
      throw new WorkbookError(`${r}行目（管理策 ${id}）: 「実施状況」は ${Object.values(implementationStates).join('・')} のいずれかです`);
    entries.push({
      id,
      applicable: decided === APPLICABLE,
      justification: text(row.getCell(6).value).slice(0, 2000),
      implemented,
      owner: text(row.getCell(8).value).slice(0, 200),
      evidence: text(row.getCell(9).value).slice(0, 2000),
    });
  }
  const cover = wb.getWorksheet(SHEET_COVER);
  const fact = (label: string): string => {
    if (!cover) return '';
    for (let r = 1; r <= Math.min(cover.rowCount, 30); r++) {
      if (text(cover.getRow(r).getCell(1).value) === label) return text(cover.getRow(r).getCell(2).value);
    }
    return '';
  };
  const date = fact('作成日');
  return {
    organisation: fact('組織名').slice(0, 200),
    scope: fact('適用範囲').slice(0, 2000),
    version: fact('版').slice(0, 40) || '1.0',
    date: /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : '',
    entries,
  };
}
