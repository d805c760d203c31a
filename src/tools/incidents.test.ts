import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cliActor } from '../audit/service.ts';
import { createSealer } from '../privacy/crypto.ts';
import { parseKeys } from '../privacy/keys.ts';
import { createTestDb, type TestDb } from '../testing/db.ts';
import { shaRoumuCase } from '../testing/breach-cases.ts';
import {
  createIncident,
  deleteIncident,
  exportIncidents,
  findIncident,
  IncidentError,
  listIncidents,
  openDeadlines,
  updateIncident,
} from './incidents.ts';
import { deleteSoaVersion, findSoaVersion, listSoaVersions, saveSoaVersion, SoaVersionError } from './soa-versions.ts';

const sealer = createSealer(parseKeys('a:' + Buffer.alloc(32, 7).toString('base64')));
const input = shaRoumuCase;

describe('the incident log', () => {
  let t: TestDb;
  before(async () => {
    t = await createTestDb();
  });
  after(async () => {
    await t.cleanup();
  });

  it('saves a triage as an incident, sealed at rest: the title, notes and typed facts are not in the row', async () => {
    const id = await createIncident(
      t.db,
      sealer,
      input,
      { title: '給与計算サービスのランサムウェア被害', notes: '委託元の山田様へ連絡済み' },
      cliActor,
    );
    const row = await t.db.kysely.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const raw = JSON.stringify(row);
    assert.doesNotMatch(raw, /ランサムウェア|山田|8260000/);
    assert.match(row.title, /^v1\./);
    assert.equal(row.final_due, '2023-08-04');
    assert.equal(row.preliminary_due, '2023-06-10');
    const opened = await findIncident(t.db, sealer, id, cliActor);
    assert.equal(opened?.title, '給与計算サービスのランサムウェア被害');
    assert.deepEqual(opened?.result.grounds.slice(0, 2), ['3号', '4号']);
    const views = await t.db.kysely.selectFrom('audit_log').select('action').where('target', '=', String(id)).execute();
    assert.deepEqual(views.map((v) => v.action).sort(), ['incident.create', 'incident.view']);
  });

  it('a sealed field moved to another incident does not open', async () => {
    const a = await createIncident(t.db, sealer, input, { title: 'A', notes: '' }, cliActor);
    const b = await createIncident(t.db, sealer, input, { title: 'B', notes: '' }, cliActor);
    const rowA = await t.db.kysely.selectFrom('incidents').select('title').where('id', '=', a).executeTakeFirstOrThrow();
    await t.db.kysely.updateTable('incidents').set({ title: rowA.title }).where('id', '=', b).execute();
    await assert.rejects(findIncident(t.db, sealer, b, cliActor), /did not open/);
    await deleteIncident(t.db, b, cliActor);
  });

  it('lists open deadlines without opening anything, until 速報, 確報 and 本人通知 are all done', async () => {
    const id = await createIncident(t.db, sealer, { ...input, learned_on: '2024-11-01' }, { title: '締切テスト', notes: '' }, cliActor);
    assert.ok((await openDeadlines(t.db)).some((d) => d.id === id && d.finalDue === '2025-01-06' && d.notifyPending));
    await updateIncident(
      t.db,
      sealer,
      id,
      {
        title: '締切テスト',
        notes: '',
        preliminaryDoneOn: '2024-11-03',
        finalDoneOn: '2024-12-20',
        notifiedOn: '2024-11-10',
        closed: false,
      },
      cliActor,
    );
    assert.ok(!(await openDeadlines(t.db)).some((d) => d.id === id));
    await assert.rejects(
      updateIncident(
        t.db,
        sealer,
        id,
        { title: '締切テスト', notes: '', preliminaryDoneOn: '2024-02-30', finalDoneOn: null, notifiedOn: null, closed: false },
        cliActor,
      ),
      (e) => e instanceof IncidentError && e.message === '速報の日付が正しくありません',
    );
    await assert.rejects(createIncident(t.db, sealer, input, { title: ' ', notes: '' }, cliActor), /件名を入れてください/);
  });

  it('exports every incident opened, and the export is audited with its count', async () => {
    const data = (await exportIncidents(t.db, sealer, cliActor)) as { incidents: Array<{ title: string }> };
    assert.equal(data.incidents.length, (await listIncidents(t.db, sealer)).length);
    assert.ok(data.incidents.some((i) => i.title === '給与計算サービスのランサムウェア被害'));
    const entry = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'incident.export').executeTakeFirstOrThrow();
    assert.equal(entry.detail, `${data.incidents.length}件`);
  });
});

describe('SoA versions', () => {
  let t: TestDb;
  before(async () => {
    t = await createTestDb();
  });
  after(async () => {
    await t.cleanup();
  });

  it('keeps versions for client templates, validated like the API, and deletes them', async () => {
    const entries = [{ id: '5.1', applicable: true, justification: '必須', implemented: 'yes' as const, owner: '', evidence: '' }];
    const id = await saveSoaVersion(t.db, '製造業向けひな形', { organisation: 'ひな形', scope: '本社', version: '2', entries }, cliActor);
    const v = await findSoaVersion(t.db, id);
    assert.deepEqual(v?.entries, entries);
    assert.equal(v?.version, '2');
    assert.deepEqual(
      (await listSoaVersions(t.db)).map((x) => x.name),
      ['製造業向けひな形'],
    );
    await assert.rejects(
      saveSoaVersion(t.db, '', { organisation: 'x', scope: '', version: '1', entries }, cliActor),
      (e) => e instanceof SoaVersionError,
    );
    await assert.rejects(
      saveSoaVersion(t.db, 'x', { organisation: 'x', scope: '', version: '1', entries: [{ ...entries[0]!, id: '9.9' }] }, cliActor),
      /管理策番号ではありません/,
    );
    await deleteSoaVersion(t.db, id, cliActor);
    assert.equal(await findSoaVersion(t.db, id), undefined);
  });
});
