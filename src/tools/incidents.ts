// The incident log (owners and editors): a breach triage saved as an incident, its 速報 / 確報 /
// 本人通知 marked done with dates, the deadlines still open, and an audited export. The title,
// the notes and the triage typed for it are sealed at rest, bound to the incident's random
// ref; the dates stay in the clear for the deadline list.
import { randomBytes } from 'node:crypto';
import type { Actor } from '../audit/service.ts';
import { audit } from '../audit/service.ts';
import type { Db } from '../db/connection.ts';
import { inTransaction } from '../db/transaction.ts';
import type { Sealer } from '../privacy/crypto.ts';
import { triage, type BreachInput, type Triage } from './breach.ts';
import { parseDate } from './japan-calendar.ts';
import * as store from './incident-store.ts';

export class IncidentError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 = 400,
  ) {
    super(message);
  }
}

export interface Incident {
  id: number;
  title: string;
  notes: string;
  input: BreachInput;
  result: Triage;
  learnedOn: string;
  preliminaryDoneOn: string | null;
  finalDoneOn: string | null;
  notifiedOn: string | null;
  closed: boolean;
  createdAt: string;
  updatedAt: string;
}

/** What the deadline list shows: no sealed field is opened for it. */
export interface Deadline {
  id: number;
  learnedOn: string;
  preliminaryDue: string | null;
  finalDue: string | null;
  preliminaryDone: boolean;
  finalDone: boolean;
  notifyPending: boolean;
}

const context = (ref: string, field: string) => `incidents.${field}.${ref}`;

function open(sealer: Sealer, row: store.IncidentRow): Incident {
  const t = JSON.parse(sealer.open(row.triage, context(row.ref, 'triage'))) as { input: BreachInput; result: Triage };
  return {
    id: Number(row.id),
    title: sealer.open(row.title, context(row.ref, 'title')),
    notes: sealer.open(row.notes, context(row.ref, 'notes')),
    input: t.input,
    result: t.result,
    learnedOn: row.learned_on,
    preliminaryDoneOn: row.preliminary_done_on,
    finalDoneOn: row.final_done_on,
    notifiedOn: row.notified_on,
    closed: row.closed === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function checkText(title: string, notes: string): { title: string; notes: string } {
  const t = title.trim();
  if (!t) throw new IncidentError('件名を入れてください');
  if (t.length > 200) throw new IncidentError('件名は200文字までです');
  if (notes.length > 20_000) throw new IncidentError('メモは20,000文字までです');
  return { title: t, notes };
}

function checkDate(v: string | null, label: string): string | null {
  if (v === null || v === '') return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(parseDate(v).getTime()) || !parseDate(v).toISOString().startsWith(v))
    throw new IncidentError(`${label}の日付が正しくありません`);
  return v;
}

/** Saves a triage as a new incident; the triage is computed here, from the input. */
export async function createIncident(
  db: Db,
  sealer: Sealer,
  input: BreachInput,
  text: { title: string; notes: string },
  actor: Actor,
): Promise<number> {
  const { title, notes } = checkText(text.title, text.notes);
  const result = triage(input);
  const ref = randomBytes(12).toString('base64url');
  const now = new Date().toISOString();
  return inTransaction(db, async (trx) => {
    const id = await store.insertIncident(trx, {
      ref,
      title: sealer.seal(title, context(ref, 'title')),
      notes: sealer.seal(notes, context(ref, 'notes')),
      triage: sealer.seal(JSON.stringify({ input, result }), context(ref, 'triage')),
      learned_on: input.learned_on,
      reportable: result.reportable ? 1 : 0,
      preliminary_due: result.preliminary_due?.to ?? null,
      final_due: result.final_due,
      notify_required: result.notify_individuals ? 1 : 0,
      preliminary_done_on: null,
      final_done_on: null,
      notified_on: null,
      closed: 0,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    });
    await audit(trx, actor, 'incident.create', String(id));
    return id;
  });
}

/** Opens one incident; every look is audited. */
export async function findIncident(db: Db, sealer: Sealer, id: number, actor: Actor): Promise<Incident | undefined> {
  const row = await store.findIncidentRow(db.kysely, id);
  if (!row) return undefined;
  await audit(db.kysely, actor, 'incident.view', String(id));
  return open(sealer, row);
}

export interface Progress {
  title: string;
  notes: string;
  preliminaryDoneOn: string | null;
  finalDoneOn: string | null;
  notifiedOn: string | null;
  closed: boolean;
}

export async function updateIncident(db: Db, sealer: Sealer, id: number, p: Progress, actor: Actor): Promise<void> {
  const { title, notes } = checkText(p.title, p.notes);
  const change = {
    preliminary_done_on: checkDate(p.preliminaryDoneOn, '速報'),
    final_done_on: checkDate(p.finalDoneOn, '確報'),
    notified_on: checkDate(p.notifiedOn, '本人通知'),
  };
  await inTransaction(db, async (trx) => {
    const row = await store.findIncidentRow(trx, id);
    if (!row) throw new IncidentError('インシデントが見つかりません', 404);
    await store.updateIncidentRow(trx, id, {
      ...change,
      title: sealer.seal(title, context(row.ref, 'title')),
      notes: sealer.seal(notes, context(row.ref, 'notes')),
      closed: p.closed ? 1 : 0,
      updated_at: new Date().toISOString(),
    });
    await audit(trx, actor, 'incident.update', String(id));
  });
}

export async function deleteIncident(db: Db, id: number, actor: Actor): Promise<void> {
  await inTransaction(db, async (trx) => {
    await store.deleteIncidentRow(trx, id);
    await audit(trx, actor, 'incident.delete', String(id));
  });
}

/** The list: titles are opened (the list is part of the admin's work), not audited per row. */
export async function listIncidents(db: Db, sealer: Sealer): Promise<Incident[]> {
  return (await store.listIncidentRows(db.kysely, 500)).map((r) => open(sealer, r));
}

/** Deadlines still open, for the admin's front page: dates only, nothing unsealed. */
export async function openDeadlines(db: Db): Promise<Deadline[]> {
  return (await store.openIncidentRows(db.kysely, 20)).map((r) => ({
    id: Number(r.id),
    learnedOn: r.learned_on,
    preliminaryDue: r.preliminary_due,
    finalDue: r.final_due,
    preliminaryDone: r.preliminary_done_on !== null,
    finalDone: r.final_done_on !== null,
    notifyPending: r.notify_required === 1 && r.notified_on === null,
  }));
}

/** Every incident opened, for a download; audited with the count. */
export async function exportIncidents(db: Db, sealer: Sealer, actor: Actor): Promise<object> {
  const list = await listIncidents(db, sealer);
  await audit(db.kysely, actor, 'incident.export', '', `${list.length}件`);
  return { exported_at: new Date().toISOString(), incidents: list };
}
