// The tools' HTML forms → the tools' inputs. Form fields arrive as strings and ticks; these
// turn them into the same input the JSON APIs take, with Japanese messages that name the
// field by its label.
import { BreachInputError, parseBreachInput, type BreachInput } from '../tools/breach.ts';
import { controlById, controls } from '../tools/soa-controls.ts';
import { parseSoaRequest, SoaInputError, type SoaRequest } from '../tools/soa.ts';
import type { BreachFormValues } from '../render/pages/breach-tool.tsx';
import type { SoaFormValues } from '../render/pages/soa-tool.tsx';

type Body = Record<string, unknown>;

function str(body: Body, name: string, max = 5000): string {
  const v = body[name];
  return typeof v === 'string' ? v.slice(0, max) : '';
}

const ticked = (body: Body, name: string) => body[name] === 'yes';

const breachLabels: Record<string, string> = {
  learned_on: '発覚日',
  event: '起きたこと',
  people: '本人の数',
};

/** Digits as people type them: 8,260,000 / ８２６万 is not accepted, １２３ is. */
export function parsePeople(raw: string): number | undefined {
  const ascii = raw
    .trim()
    .replace(/[０-９，]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[,\s人]/g, '');
  return /^\d{1,11}$/.test(ascii) ? Number(ascii) : undefined;
}

export function breachFromForm(body: Body): { values: BreachFormValues; input?: BreachInput; error?: string } {
  const values: BreachFormValues = {
    learned_on: str(body, 'learned_on', 20),
    event: str(body, 'event', 20),
    people: str(body, 'people', 20),
    suspected_only: ticked(body, 'suspected_only'),
    sensitive: ticked(body, 'sensitive'),
    financial_harm: ticked(body, 'financial_harm'),
    malicious: ticked(body, 'malicious'),
    encrypted: ticked(body, 'encrypted'),
    key_leaked: ticked(body, 'key_leaked'),
    entrusted: ticked(body, 'entrusted'),
    my_number: ticked(body, 'my_number'),
  };
  const people = parsePeople(values.people ?? '');
  if (people === undefined) return { values, error: '本人の数は 0 以上の整数で入れてください（例: 1001）。' };
  try {
    const input = parseBreachInput({
      learned_on: values.learned_on,
      event: values.event,
      suspected_only: values.suspected_only,
      sensitive: values.sensitive,
      financial_harm: values.financial_harm,
      malicious: values.malicious,
      people,
      // High-grade encryption excludes the data only while the key is safe.
      encrypted_high_grade: Boolean(values.encrypted && !values.key_leaked),
      entrusted: values.entrusted,
      my_number: values.my_number,
    });
    return { values, input };
  } catch (e) {
    if (!(e instanceof BreachInputError)) throw e;
    const label = breachLabels[e.field] ?? e.field;
    return {
      values,
      error:
        e.reason === 'missing' || (e.field === 'learned_on' && !values.learned_on)
          ? `${label}を入れてください。`
          : `${label}が正しくありません（${e.reason}）。`,
    };
  }
}

const soaFieldLabels: Record<string, string> = {
  organisation: '組織名',
  scope: '適用範囲',
  version: '版',
  justification: '適用・除外の理由',
  owner: '責任者',
  evidence: '証拠・関連文書',
  implemented: '実施状況',
  applicable: '適用',
};

/** The builder's form → the SoA request (undecided controls are left out). */
export function soaFromForm(body: Body): { values: SoaFormValues; request?: SoaRequest; error?: string } {
  const organisation = str(body, 'organisation', 300);
  const scope = str(body, 'scope', 3000);
  const version = str(body, 'version', 60) || '1.0';
  const list: Array<Record<string, unknown>> = [];
  for (const c of controls) {
    const applicable = str(body, `applicable_${c.id}`, 10);
    if (applicable !== 'yes' && applicable !== 'no') continue;
    list.push({
      id: c.id,
      applicable: applicable === 'yes',
      justification: str(body, `justification_${c.id}`, 3000),
      implemented: str(body, `implemented_${c.id}`, 10) || 'no',
      owner: str(body, `owner_${c.id}`, 300),
      evidence: str(body, `evidence_${c.id}`, 3000),
    });
  }
  const raw = { organisation, scope, version, controls: list };
  try {
    const request = parseSoaRequest(raw);
    return {
      values: { organisation: request.organisation, scope: request.scope, version: request.version ?? '1.0', entries: request.controls },
      request,
    };
  } catch (e) {
    if (!(e instanceof SoaInputError)) throw e;
    const path = e.field.split('.');
    const entries = list.filter((x) => controlById.has(String(x.id))) as unknown as SoaFormValues['entries'];
    const values = { organisation, scope, version, entries };
    if (path[0] === 'controls') {
      const row = list[Number(path[1])];
      const label = soaFieldLabels[path[2] ?? ''] ?? path[2];
      return {
        values,
        error: `管理策 ${String(row?.id ?? '')} の「${label}」が正しくありません（${e.message.replace(/^.*（|）$/g, '')}）。`,
      };
    }
    const label = soaFieldLabels[path[0]!] ?? path[0];
    return {
      values,
      error:
        e.message.includes('がありません') || (path[0] === 'organisation' && !organisation.trim())
          ? `${label}を入れてください。`
          : `${label}が正しくありません（${e.message.replace(/^.*（|）$/g, '')}）。`,
    };
  }
}
