// The compliance tools in the admin (owners and editors): the incident log and the SoA
// versions kept as client templates. Each view of an incident and each export is audited
// (tools/incidents.ts); the workbook given to an event is made here from a saved version.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SessionInfo } from '../../accounts/service.ts';
import type { App } from '../../app.ts';
import { saveEventFile } from '../../events/files.ts';
import { attachEventFile, EventError, listEvents } from '../../events/event.ts';
import { renderIncident, renderIncidentForm, renderIncidentList, renderSoaVersions } from '../../render/admin/tools.tsx';
import {
  createIncident,
  deleteIncident,
  exportIncidents,
  findIncident,
  IncidentError,
  listIncidents,
  updateIncident,
} from '../../tools/incidents.ts';
import { today } from '../../time.ts';
import { buildWorkbook, MAX_WORKBOOK_BYTES, readWorkbook, WorkbookError, XLSX_TYPE } from '../../tools/soa-workbook.ts';
import {
  deleteSoaVersion,
  findSoaVersion,
  listSoaVersions,
  saveSoaVersion,
  SoaVersionError,
  type SoaVersion,
} from '../../tools/soa-versions.ts';
import { breachFromForm } from '../tool-forms.ts';
import { downloadName } from '../tool-routes.ts';
import { doneQuery, formFields, idParams, type ZodProvider } from '../validation.ts';
import { actorOf, sendHtml, sessionOf, staff } from './guard.ts';
import { readUpload, UploadTooLarge } from './upload.ts';

const notices: Record<string, string> = {
  saved: '保存しました。',
  deleted: '削除しました。',
  attached: 'イベントの配布ファイルにしました。',
};

function field(body: Record<string, string | string[]>, name: string): string {
  const v = body[name];
  return typeof v === 'string' ? v : '';
}

function workbookOf(v: SoaVersion, date: string) {
  return buildWorkbook({ organisation: v.organisation, scope: v.scope, version: v.version, date, entries: v.entries });
}

export function toolAdminRoutes(app: App) {
  const style = app.styleUrl;
  const doneOf = (done: string | undefined) => (done ? notices[done] : undefined);

  async function soaPage(reply: FastifyReply, session: SessionInfo, opts: { notice?: string; error?: string } = {}, status = 200) {
    const events = (await listEvents(app.db, false)).map((e) => ({ id: e.id, title: e.title }));
    return sendHtml(reply, renderSoaVersions(style, session, await listSoaVersions(app.db), events, opts), status);
  }

  return async function (plugin: FastifyInstance): Promise<void> {
    const f = plugin.withTypeProvider<ZodProvider>();
    // Owners and editors; the guard (guard.ts) checks session, role and CSRF before these run.
    const config = { roles: staff };
    const withId = { config, schema: { params: idParams } };
    const withNotice = { config, schema: { querystring: doneQuery } };
    const withForm = { config, schema: { body: formFields } };
    const withIdAndForm = { config, schema: { params: idParams, body: formFields } };

    // ---- the incident log
    f.get('/admin/incidents', withNotice, async (req, reply) => {
      const session = sessionOf(req);
      return sendHtml(reply, renderIncidentList(style, session, await listIncidents(app.db, app.sealer), today(), doneOf(req.query.done)));
    });

    f.get('/admin/incidents/new', { config }, async (req, reply) => {
      const session = sessionOf(req);
      return sendHtml(reply, renderIncidentForm(style, session, { learned_on: today(), event: 'leak' }));
    });

    f.post('/admin/incidents', withForm, async (req, reply) => {
      const session = sessionOf(req);
      const body = req.body;
      const { values, input, error } = breachFromForm(body);
      const text = { title: field(body, 'title'), notes: field(body, 'notes') };
      if (!input) return sendHtml(reply, renderIncidentForm(style, session, { ...values, ...text }, error), 400);
      try {
        const id = await createIncident(app.db, app.sealer, input, text, actorOf(req, session));
        return reply.code(303).redirect(`/admin/incidents/${id}?done=saved`);
      } catch (e) {
        if (e instanceof IncidentError) return sendHtml(reply, renderIncidentForm(style, session, { ...values, ...text }, e.message), 400);
        throw e;
      }
    });

    f.post('/admin/incidents/export', { config }, async (req, reply) => {
      const session = sessionOf(req);
      const data = await exportIncidents(app.db, app.sealer, actorOf(req, session));
      return reply
        .header('cache-control', 'no-store')
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="incidents-${today()}.json"`)
        .send(JSON.stringify(data, null, 2));
    });

    f.get('/admin/incidents/:id', { config, schema: { params: idParams, querystring: doneQuery } }, async (req, reply) => {
      const session = sessionOf(req);
      const incident = await findIncident(app.db, app.sealer, req.params.id, actorOf(req, session));
      if (!incident) return reply.callNotFound();
      return sendHtml(reply, renderIncident(style, session, incident, { notice: doneOf(req.query.done) }));
    });

    f.post('/admin/incidents/:id', withIdAndForm, async (req, reply) => {
      const session = sessionOf(req);
      const body = req.body;
      const id = req.params.id;
      try {
        await updateIncident(
          app.db,
          app.sealer,
          id,
          {
            title: field(body, 'title'),
            notes: field(body, 'notes'),
            preliminaryDoneOn: field(body, 'preliminary_done_on') || null,
            finalDoneOn: field(body, 'final_done_on') || null,
            notifiedOn: field(body, 'notified_on') || null,
            closed: field(body, 'closed') === 'yes',
          },
          actorOf(req, session),
        );
      } catch (e) {
        if (!(e instanceof IncidentError)) throw e;
        if (e.status === 404) return reply.callNotFound();
        const incident = await findIncident(app.db, app.sealer, id, actorOf(req, session));
        if (!incident) return reply.callNotFound();
        return sendHtml(reply, renderIncident(style, session, incident, { error: e.message }), 400);
      }
      return reply.code(303).redirect(`/admin/incidents/${id}?done=saved`);
    });

    f.post('/admin/incidents/:id/delete', withId, async (req, reply) => {
      const session = sessionOf(req);
      await deleteIncident(app.db, req.params.id, actorOf(req, session));
      return reply.code(303).redirect('/admin/incidents?done=deleted');
    });

    // ---- SoA versions
    f.get('/admin/soa', withNotice, async (req, reply) => {
      const session = sessionOf(req);
      return soaPage(reply, session, { notice: doneOf(req.query.done) });
    });

    f.post('/admin/soa', { config: { roles: staff, upload: true } }, async (req, reply) => {
      const session = sessionOf(req);
      try {
        const form = await readUpload(req, MAX_WORKBOOK_BYTES, 10);
        if (!form.file) return soaPage(reply, session, { error: 'Excel ファイルを選んでください' }, 400);
        const doc = await readWorkbook(form.file.bytes);
        await saveSoaVersion(app.db, form.fields.name ?? '', doc, actorOf(req, session));
      } catch (e) {
        if (e instanceof WorkbookError || e instanceof SoaVersionError) return soaPage(reply, session, { error: e.message }, 400);
        if (e instanceof UploadTooLarge) return soaPage(reply, session, { error: 'ファイルが大きすぎます（上限 2 MB）' }, 400);
        throw e;
      }
      return reply.code(303).redirect('/admin/soa?done=saved');
    });

    f.get('/admin/soa/:id/xlsx', withId, async (req, reply) => {
      const v = await findSoaVersion(app.db, req.params.id);
      if (!v) return reply.callNotFound();
      const date = today();
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', downloadName(v.organisation, date))
        .type(XLSX_TYPE)
        .send(await workbookOf(v, date));
    });

    f.post('/admin/soa/:id/attach', withIdAndForm, async (req, reply) => {
      const session = sessionOf(req);
      const v = await findSoaVersion(app.db, req.params.id);
      if (!v) return reply.callNotFound();
      const eventId = Number(field(req.body, 'event_id'));
      const date = today();
      try {
        const file = saveEventFile(
          app.config.dataDir,
          `適用宣言書_${v.name.replace(/[\\/:*?"<>|]/g, '')}_${v.version}.xlsx`,
          await workbookOf(v, date),
        );
        await attachEventFile(app.db, eventId, file, actorOf(req, session));
      } catch (e) {
        if (e instanceof EventError) return soaPage(reply, session, { error: e.message }, 400);
        throw e;
      }
      return reply.code(303).redirect('/admin/soa?done=attached');
    });

    f.post('/admin/soa/:id/delete', withId, async (req, reply) => {
      const session = sessionOf(req);
      await deleteSoaVersion(app.db, req.params.id, actorOf(req, session));
      return reply.code(303).redirect('/admin/soa?done=deleted');
    });
  };
}
