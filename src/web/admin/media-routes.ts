// The media library: upload (multipart), alt text, delete when unused.
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { App } from '../../app.ts';
import { MediaError, deleteUnused, listMedia, saveUpload, setAlt } from '../../media/service.ts';
import { renderMediaLibrary } from '../../render/admin/media.tsx';
import type { SessionInfo } from '../../accounts/service.ts';
import { formatBytes } from '../../render/format.ts';
import { actorOf, requireSession, sendHtml } from './guard.ts';


const notices: Record<string, string> = { uploaded: 'アップロードしました。', saved: '保存しました。', deleted: '削除しました。' };

interface MultipartField {
  type: 'field' | 'file';
  value?: unknown;
  filename?: string;
  toBuffer?: () => Promise<Buffer>;
}

export function mediaRoutes(app: App) {
  const limit = formatBytes(app.config.maxUploadBytes);
  const show = async (reply: FastifyReply, session: SessionInfo, messages: { notice?: string; error?: string }, status = 200) =>
    sendHtml(reply, renderMediaLibrary(app.styleUrl, session, await listMedia(app.db, 1), limit, messages), status);

  return async function (f: FastifyInstance): Promise<void> {
    // Fields arrive on req.body (so the CSRF check sees _csrf); the file is read with a limit
    // one byte above the configured size, so "too large" is told, not silently truncated.
    await f.register(fastifyMultipart, { attachFieldsToBody: true, limits: { fileSize: app.config.maxUploadBytes + 1, files: 1, fields: 10 } });

    f.get('/admin/media', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      return show(reply, session, { notice: notices[(req.query as Record<string, string>).done ?? ''] });
    });

    // The visual editor's image block: the library as JSON, and uploads answered in JSON.
    f.get('/admin/media/library.json', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      const media = (await listMedia(app.db, 1)).map((m) => ({ src: m.src, width: m.width, height: m.height, alt: m.alt, name: m.originalName }));
      return reply.header('cache-control', 'no-store').send({ media });
    });

    f.post('/admin/media', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      const body = (req.body ?? {}) as Record<string, MultipartField | undefined>;
      const file = body.file;
      const json = /application\/json/.test(String(req.headers.accept ?? ''));
      try {
        if (!file || file.type !== 'file' || !file.toBuffer) throw new MediaError('ファイルを選んでください');
        let bytes: Buffer;
        try {
          bytes = await file.toBuffer();
        } catch {
          throw new MediaError(`ファイルが大きすぎます（上限 ${limit}）`);
        }
        const alt = typeof body.alt?.value === 'string' ? body.alt.value : '';
        const saved = await saveUpload(app.db, app.config.dataDir, { fileName: file.filename ?? 'image', bytes, alt }, app.config.maxUploadBytes, actorOf(req, session));
        if (json) return reply.send({ src: saved.src, width: saved.width, height: saved.height, alt: saved.alt, name: saved.originalName });
      } catch (err) {
        if (err instanceof MediaError) return json ? reply.code(400).send({ error: err.message }) : show(reply, session, { error: err.message }, 400);
        throw err;
      }
      return reply.code(303).redirect('/admin/media?done=uploaded');
    });

    f.post('/admin/media/:id/alt', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      const alt = (req.body as Record<string, MultipartField | string | undefined>).alt;
      await setAlt(app.db, Number((req.params as { id: string }).id), typeof alt === 'string' ? alt : String(alt?.value ?? ''));
      return reply.code(303).redirect('/admin/media?done=saved');
    });

    f.post('/admin/media/:id/delete', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      try {
        await deleteUnused(app.db, app.config.dataDir, Number((req.params as { id: string }).id), actorOf(req, session));
      } catch (err) {
        if (err instanceof MediaError) return show(reply, session, { error: err.message }, 400);
        throw err;
      }
      return reply.code(303).redirect('/admin/media?done=deleted');
    });
  };
}
