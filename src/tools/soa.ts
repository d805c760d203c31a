// A Statement of Applicability (適用宣言書): for each Annex A control, whether it applies, why,
// how far it is implemented, who owns it and what shows it. The shape shared by the API, the
// reader's form, the workbook and the versions kept in the admin.
import { z } from 'zod';
import { controlById, controls } from './soa-controls.ts';

export const implementationStates = { yes: '実施済み', partly: '一部実施', planned: '計画中', no: '未実施' } as const;
export type Implementation = keyof typeof implementationStates;

export const soaEntry = z
  .object({
    id: z.string().refine((id) => controlById.has(id), '5.1〜8.34 の管理策番号ではありません'),
    applicable: z.boolean('true か false です'),
    justification: z.string('文字列です').max(2000, '2,000文字までです').default(''),
    implemented: z.enum(['yes', 'partly', 'planned', 'no'], 'yes, partly, planned, no のいずれかです'),
    owner: z.string('文字列です').max(200, '200文字までです').default(''),
    evidence: z.string('文字列です').max(2000, '2,000文字までです').default(''),
  })
  .strict();

export const soaRequest = z
  .object({
    organisation: z.string('文字列です').trim().min(1, '組織名を入れてください').max(200, '200文字までです'),
    scope: z.string('文字列です').trim().max(2000, '2,000文字までです').default(''),
    /** Not in the issue's example, but the cover sheet shows it: optional, "1.0" when absent. */
    version: z.string('文字列です').trim().max(40, '40文字までです').optional(),
    controls: z.array(soaEntry).max(93, '管理策は93までです'),
  })
  .strict();

export type SoaEntry = z.infer<typeof soaEntry>;
export type SoaRequest = z.infer<typeof soaRequest>;

/** A decided or undecided row, in the order of Annex A. */
export interface SoaRow {
  id: string;
  decision: SoaEntry | undefined;
}

export interface SoaDocument {
  organisation: string;
  scope: string;
  version: string;
  /** YYYY-MM-DD */
  date: string;
  entries: SoaEntry[];
}

export class SoaInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Validates an untrusted SoA; the error names the field (controls.3.implemented …) and, for a
 * control, its number. Two rows for one control are refused. */
export function parseSoaRequest(input: unknown): SoaRequest {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new SoaInputError('', 'JSON のオブジェクトを送ってください');
  const parsed = soaRequest.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      const field = [...path, issue.keys[0]!].join('.');
      throw new SoaInputError(field, `「${field}」という項目はありません`);
    }
    const field = path.join('.');
    const row =
      path[0] === 'controls' && path[1] !== undefined
        ? (input as { controls: Array<{ id?: unknown }> }).controls[Number(path[1])]
        : undefined;
    const which = row && typeof row.id === 'string' && path[2] !== 'id' ? `（管理策 ${row.id.slice(0, 10)}）` : '';
    const value = valueAt(input, path);
    const message = value === undefined ? `「${field}」がありません` : `「${field}」${which}が正しくありません（${issue.message}）`;
    throw new SoaInputError(field, message);
  }
  const seen = new Set<string>();
  parsed.data.controls.forEach((c, i) => {
    if (seen.has(c.id)) throw new SoaInputError(`controls.${i}.id`, `管理策 ${c.id} が2回あります`);
    seen.add(c.id);
  });
  return parsed.data;
}

function valueAt(input: unknown, path: string[]): unknown {
  let v: unknown = input;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
  return v;
}

/** Every control in Annex A order, with its decision when one was made. */
export function rowsOf(entries: readonly SoaEntry[]): SoaRow[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  return controls.map((c) => ({ id: c.id, decision: byId.get(c.id) }));
}

export function summaryOf(entries: readonly SoaEntry[]): { applicable: number; excluded: number; undecided: number } {
  const applicable = entries.filter((e) => e.applicable).length;
  const excluded = entries.length - applicable;
  return { applicable, excluded, undecided: controls.length - entries.length };
}
