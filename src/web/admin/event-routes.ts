// Events in the admin (owners and editors): create and edit with the file to give away,
// registrants with attendance and CSV (each look audited), and people's data requests
// (owners only).
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SessionInfo } from '../../accounts/service.ts';
import type { App } from '../../app.ts';
import { saveEventFile } from '../../events/files.ts';
import { createEvent, deleteEvent, EventError, findEventById, listEvents, markAttendance, registrants, registrantsCsv, updateEvent, type EventFile, type EventInput } from '../../events/service.ts';
import { deletePersonData, exportPersonData } from '../../privacy/service.ts';
import { formValuesOf, renderEventForm, renderEventList, renderPrivacyRequests, renderRegistrants, type EventFormValues } from '../../render/admin/events.tsx';
import { formatBytes } from '../../render/format.ts';
import { actorOf, requireRole, requireSession, sendHtml } from './guard.ts';

interface Part {
  type?: 'field' | 'file';
  value?: unknown;
  filename?: string;
  toBuffer?: () => Promise<Buffer>;
}

const notices: Record<string, string> = { saved: '保存しました。', deleted: '削除しました。', attendance: '出席を記録しました。' };

/** Multipart fields as plain strings (the file part is left out). */
function fieldsOf(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, Part | string>)) {
    if (typeof v === 'string') out[k] = v;
    else if (v && v.type === 'field' && typeof v.value === 'string') out[k] = v.value;
  }
  return out;
}

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
  const idOf = (req: FastifyRequest) => Number((req.params as { id: string }).id);

  async function editor(req: FastifyRequest, reply: FastifyReply): Promise<SessionInfo | undefined> {
    const session = await requireSession(app, req, reply);
    if (!session) return undefined;
    requireRole(session, ['owner', 'editor']);
    return session;
  }

  /** The uploaded file, if one was chosen. */
  async function uploaded(body: unknown): Promise<EventFile | undefined> {
    const file = (body as Record<string, Part | undefined>)?.file;
    if (!file || file.type !== 'file' || !file.filename || !file.toBuffer) return undefined;
    let bytes: Buffer;
    try {
      bytes = await file.toBuffer();
    } catch {
      throw new EventError(`ファイルが大きすぎます（上限 ${formatBytes(app.config.maxUploadBytes)}）`);
    }
    return saveEventFile(app.config.dataDir, file.filename, bytes);
  }

  return async function (f: FastifyInstance): Promise<void> {
    await f.register(fastifyMultipart, { attachFieldsToBody: true, limits: { fileSize: app.config.maxUploadBytes + 1, files: 1, fields: 40 } });

    f.get('/admin/events', async (req, reply) => {
      const session = await editor(req, reply);
      if (!session) return;
      return sendHtml(reply, renderEventList(style, session, await listEvents(app.db, false), { notice: notices[(req.query as Record<string, string>).done ?? ''] }));
    });

    f.get('/admin/events/new', async (req, reply) => {
      const session = await editor(req, reply);
      if (!session) return;
      return sendHtml(reply, renderEventForm(style, session, undefined, { kind: 'seminar', retentionDays: '365', accessDays: '30' }));
    });

    f.post('/admin/events', async (req, reply) => {
      const session = await editor(req, reply);
      if (!session) return;
      const values = formValues(fieldsOf(req.body));
      let id: number;
      try {
        id = await createEvent(app.db, eventInput(values), await uploaded(req.body), actorOf(req, session));
      } catch (err) {
        if (err instanceof EventError) return sendHtml(reply, renderEventForm(style, session, undefined, values, { error: err.message }), 400);
        throw err;
      }
      return reply.code(303).redirect(`/admin/events/${id}?done=saved`);
    });

    f.get('/admin/events/:id', async (req, reply) => {
      const session = await editor(req, reply);
      if (!session) return;
      const e = await findEventById(app.db, idOf(req));
      if (!e) return reply.callNotFound();
      return sendHtml(reply, renderEventForm(style, session, e.id, formValuesOf(e), { notice: notices[(req.query as Record<string, string>).done ?? ''] }));
    });

    f.post('/admin/events/:id', async (req, reply) => {
      const session = await editor(req, reply);
      if (!session) return;
      const id = idOf(req);
      const values = formValues(fieldsOf(req.body));
      try {
        await updateEvent(app.db, id, eventInput(values), await uploaded(req.body), actorOf(req, session));
      } catch (err) {
        if (err instanceof EventError) return sendHtml(reply, renderEventForm(style, session, id, { ...values, fileName: (await findEventById(app.db, id))?.file_name }, { error: err.message }), err.status === 404 ? 404 : 400);
        throw err;
      }
      return reply.code(303).redirect(`/admin/events/${id}?done=saved`);
    });

    f.post('/admin/events/:id/delete', async (req, reply) => {
      const session = await editor(req, reply);
      if (!session) return;
      await deleteEvent(app.db, idOf(req), actorOf(req, session));
      return reply.code(303).redirect('/admin/events?done=deleted');
    });

    f.get('/admin/events/:id/registrants', async (req, reply) => {
      const session = await editor(req, reply);
      if (!session) return;
      const e = await findEventById(app.db, idOf(req));
      if (!e) return reply.callNotFound();
      const people = await registrants(app.db, app.sealer, e.id, actorOf(req, session), 'view');
      return sendHtml(reply, renderRegistrants(style, session, e, people, { notice: notices[(req.query as Record<string, string>).done ?? ''] }));
    });

    f.get('/admin/events/:id/registrants.csv', async (req, reply) => {
      const session = await editor(req, reply);
      if (!session) return;
      const e = await findEventById(app.db, idOf(req));
      if (!e) return reply.callNotFound();
      const csv = registrantsCsv(e, await registrants(app.db, app.sealer, e.id, actorOf(req, session), 'export'));
      return reply
        .header('cache-control', 'no-store')
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="registrants-${e.slug}.csv"`)
        .send(csv);
    });

    f.post('/admin/events/:id/registrants/:rid/attendance', async (req, reply) => {
      const session = await editor(req, reply);
      if (!session) return;
      const rid = Number((req.params as { rid: string }).rid);
      await markAttendance(app.db, idOf(req), rid, fieldsOf(req.body).attended === 'yes', actorOf(req, session));
      return reply.code(303).redirect(`/admin/events/${idOf(req)}/registrants?done=attendance`);
    });

    f.get('/admin/privacy', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      requireRole(session, ['owner']);
      return sendHtml(reply, renderPrivacyRequests(style, session));
    });

    f.post('/admin/privacy/export', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      requireRole(session, ['owner']);
      const email = fieldsOf(req.body).email ?? '';
      if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) return sendHtml(reply, renderPrivacyRequests(style, session, { error: 'メールアドレスを入力してください' }, email), 400);
      const data = await exportPersonData(app.db, app.sealer, email, actorOf(req, session));
      return reply
        .header('cache-control', 'no-store')
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', 'attachment; filename="personal-data.json"')
        .send(JSON.stringify(data, null, 2));
    });

    f.post('/admin/privacy/delete', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      requireRole(session, ['owner']);
      const fields = fieldsOf(req.body);
      const email = fields.email ?? '';
      if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) return sendHtml(reply, renderPrivacyRequests(style, session, { error: 'メールアドレスを入力してください' }, email), 400);
      if (fields.confirm !== 'yes') return sendHtml(reply, renderPrivacyRequests(style, session, { error: '「元に戻せないことを確認しました」にチェックしてください' }, email), 400);
      const deleted = await deletePersonData(app.db, app.sealer, email, actorOf(req, session));
      return sendHtml(reply, renderPrivacyRequests(style, session, { notice: `削除しました（申込 ${deleted.registrations}件、コメント ${deleted.comments}件、メール購読 ${deleted.subscriptions}件）。` }));
    });
  };
}
