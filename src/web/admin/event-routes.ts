// Events in the admin (owners and editors): create and edit with the file to give away,
// registrants with attendance and CSV (each look audited).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { App } from '../../app.ts';
import { saveEventFile } from '../../events/files.ts';
import {
  createEvent,
  deleteEvent,
  EventError,
  findEventById,
  listEvents,
  updateEvent,
  type EventFile,
  type EventInput,
} from '../../events/event.ts';
import { markAttendance, registrants } from '../../events/registrants.ts';
import { registrantsCsv } from '../../render/admin/registrants-csv.ts';
import { formValuesOf, renderEventForm, renderEventList, renderRegistrants, type EventFormValues } from '../../render/admin/events.tsx';
import { formatBytes } from '../../media/sizes.ts';
import { z } from 'zod';
import { doneQuery, id, idParams, text, type ZodProvider } from '../validation.ts';
import { actorOf, sendHtml, sessionOf, staff } from './guard.ts';
import { readUpload, UploadTooLarge, type Upload } from './upload.ts';

const notices: Record<string, string> = { saved: '保存しました。', deleted: '削除しました。', attendance: '出席を記録しました。' };

function formValues(f: Record<string, string>): EventFormValues {
  return { ...f, waitlist: f.waitlist === 'yes' };
}

function eventInput(v: EventFormValues): EventInput {
  return {
    slug: v.slug ?? '',
    kind: (v.kind ?? 'seminar') as EventInput['kind'],
    status: v.status === 'published' ? 'published' : 'draft',
    title: v.title ?? '',
    description: v.description ?? '',
    startsAt: v.startsAt ?? '',
    endsAt: v.endsAt ?? '',
    place: v.place ?? '',
    capacity: v.capacity ? Number(v.capacity) : null,
    waitlist: Boolean(v.waitlist),
    opensAt: v.opensAt ?? '',
    closesAt: v.closesAt ?? '',
    joinUrl: v.joinUrl ?? '',
    videoUrl: v.videoUrl ?? '',
    questions: (v.questions ?? '')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => ({ label: l.replace(/^\*\s*/, ''), required: l.startsWith('*') })),
    purpose: v.purpose ?? '',
    providedTo: v.providedTo ?? '',
    retentionDays: Number(v.retentionDays || 0),
    contact: v.contact ?? '',
    accessDays: Number(v.accessDays || 30),
  };
}

export function eventAdminRoutes(app: App) {
  const style = app.styleUrl;

  /** The event form (streamed after the guard); a file too large is the form's message. */
  async function eventForm(req: FastifyRequest): Promise<Upload> {
    try {
      return await readUpload(req, app.config.maxUploadBytes, 40);
    } catch (err) {
      if (err instanceof UploadTooLarge) throw new EventError(`ファイルが大きすぎます（上限 ${formatBytes(app.config.maxUploadBytes)}）`);
      throw err;
    }
  }

  /** The uploaded file, if one was chosen. */
  async function uploaded(form: Upload): Promise<EventFile | undefined> {
    return form.file ? saveEventFile(app.config.dataDir, form.file.fileName, form.file.bytes) : undefined;
  }

  return async function (plain: FastifyInstance): Promise<void> {
    const f = plain.withTypeProvider<ZodProvider>();
    const config = { roles: staff };
    const upload = { roles: staff, upload: true };

    f.get('/admin/events', { config, schema: { querystring: doneQuery } }, async (req, reply) => {
      const session = sessionOf(req);
      return sendHtml(reply, renderEventList(style, session, await listEvents(app.db, false), { notice: notices[req.query.done ?? ''] }));
    });

    f.get('/admin/events/new', { config }, async (req, reply) => {
      const session = sessionOf(req);
      return sendHtml(reply, renderEventForm(style, session, undefined, { kind: 'seminar', retentionDays: '365', accessDays: '30' }));
    });

    f.post('/admin/events', { config: upload }, async (req, reply) => {
      const session = sessionOf(req);
      let values: EventFormValues = {};
      let id: number;
      try {
        const form = await eventForm(req);
        values = formValues(form.fields);
        id = await createEvent(app.db, eventInput(values), await uploaded(form), actorOf(req, session));
      } catch (err) {
        if (err instanceof EventError)
          return sendHtml(reply, renderEventForm(style, session, undefined, values, { error: err.message }), 400);
        throw err;
      }
      return reply.code(303).redirect(`/admin/events/${id}?done=saved`);
    });

    f.get('/admin/events/:id', { config, schema: { params: idParams, querystring: doneQuery } }, async (req, reply) => {
      const session = sessionOf(req);
      const e = await findEventById(app.db, req.params.id);
      if (!e) return reply.callNotFound();
      return sendHtml(reply, renderEventForm(style, session, e.id, formValuesOf(e), { notice: notices[req.query.done ?? ''] }));
    });

    f.post('/admin/events/:id', { config: upload, schema: { params: idParams } }, async (req, reply) => {
      const session = sessionOf(req);
      const id = req.params.id;
      let values: EventFormValues = {};
      try {
        const form = await eventForm(req);
        values = formValues(form.fields);
        await updateEvent(app.db, id, eventInput(values), await uploaded(form), actorOf(req, session));
      } catch (err) {
        if (err instanceof EventError)
          return sendHtml(
            reply,
            renderEventForm(
              style,
              session,
              id,
              { ...values, fileName: (await findEventById(app.db, id))?.file_name },
              { error: err.message },
            ),
            err.status === 404 ? 404 : 400,
          );
        throw err;
      }
      return reply.code(303).redirect(`/admin/events/${id}?done=saved`);
    });

    f.post('/admin/events/:id/delete', { config, schema: { params: idParams } }, async (req, reply) => {
      const session = sessionOf(req);
      await deleteEvent(app.db, req.params.id, actorOf(req, session));
      return reply.code(303).redirect('/admin/events?done=deleted');
    });

    f.get('/admin/events/:id/registrants', { config, schema: { params: idParams, querystring: doneQuery } }, async (req, reply) => {
      const session = sessionOf(req);
      const e = await findEventById(app.db, req.params.id);
      if (!e) return reply.callNotFound();
      const people = await registrants(app.db, app.sealer, e.id, actorOf(req, session), 'view');
      return sendHtml(reply, renderRegistrants(style, session, e, people, { notice: notices[req.query.done ?? ''] }));
    });

    f.get('/admin/events/:id/registrants.csv', { config, schema: { params: idParams } }, async (req, reply) => {
      const session = sessionOf(req);
      const e = await findEventById(app.db, req.params.id);
      if (!e) return reply.callNotFound();
      const csv = registrantsCsv(e, await registrants(app.db, app.sealer, e.id, actorOf(req, session), 'export'));
      return reply
        .header('cache-control', 'no-store')
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="registrants-${e.slug}.csv"`)
        .send(csv);
    });

    f.post(
      '/admin/events/:id/registrants/:rid/attendance',
      { config, schema: { params: z.object({ id, rid: id }), body: z.object({ attended: text(10) }) } },
      async (req, reply) => {
        const session = sessionOf(req);
        await markAttendance(app.db, req.params.id, req.params.rid, req.body.attended === 'yes', actorOf(req, session));
        return reply.code(303).redirect(`/admin/events/${req.params.id}/registrants?done=attendance`);
      },
    );
  };
}
