// The media library: upload (multipart, streamed after the guard), alt text, delete when
// unused. Authors change only their own images.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SessionInfo } from '../../accounts/service.ts';
import type { App } from '../../app.ts';
import { MediaError, deleteUnused, listMedia, saveUpload, setAlt } from '../../media/service.ts';
import { formatBytes } from '../../media/sizes.ts';
import { renderMediaLibrary } from '../../render/admin/media.tsx';
import { doneQuery, idParams, text, type ZodProvider } from '../validation.ts';
import { actorOf, everyone, sendHtml, sessionOf } from './guard.ts';
import { readUpload, UploadTooLarge } from './upload.ts';

const notices: Record<string, string> = { uploaded: 'アップロードしました。', saved: '保存しました。', deleted: '削除しました。' };

export function mediaRoutes(app: App) {
  const limit = formatBytes(app.config.maxUploadBytes);
  const show = async (reply: FastifyReply, session: SessionInfo, messages: { notice?: string; error?: string }, status = 200) =>
    sendHtml(reply, renderMediaLibrary(app.styleUrl, session, await listMedia(app.db, 1), limit, messages), status);
  const by = (req: FastifyRequest) => ({ userId: sessionOf(req).user.id, role: sessionOf(req).user.role });

  return async function (plain: FastifyInstance): Promise<void> {
    const f = plain.withTypeProvider<ZodProvider>();
    const config = { roles: everyone };

    f.get('/admin/media', { config, schema: { querystring: doneQuery } }, async (req, reply) =>
      show(reply, sessionOf(req), { notice: notices[req.query.done ?? ''] }),
    );

    // The visual editor's image block: the library as JSON, and uploads answered in JSON
    // when the request asks for it (accept: application/json).
    f.get('/admin/media/library.json', { config }, async (_req, reply) => {
      const media = (await listMedia(app.db, 1)).map((m) => ({
        src: m.src,
        width: m.width,
        height: m.height,
        alt: m.alt,
        name: m.originalName,
      }));
      return reply.header('cache-control', 'no-store').send({ media });
    });

    f.post('/admin/media', { config: { ...config, upload: true } }, async (req, reply) => {
      const session = sessionOf(req);
      const json = /application\/json/.test(String(req.headers.accept ?? ''));
      try {
        const { fields, file } = await readUpload(req, app.config.maxUploadBytes, 10);
        if (!file) throw new MediaError('ファイルを選んでください');
        const saved = await saveUpload(
          app.db,
          app.config.dataDir,
          { fileName: file.fileName, bytes: file.bytes, alt: fields.alt ?? '' },
          app.config.maxUploadBytes,
          actorOf(req),
        );
        if (json)
          return reply
            .header('cache-control', 'no-store')
            .send({ src: saved.src, width: saved.width, height: saved.height, alt: saved.alt, name: saved.originalName });
      } catch (err) {
        const message =
          err instanceof UploadTooLarge
            ? `ファイルが大きすぎます（上限 ${limit}）。小さくしてからもう一度お試しください。`
            : err instanceof MediaError
              ? err.message
              : undefined;
        const status = err instanceof UploadTooLarge ? 413 : 400;
        if (message && json) return reply.code(status).send({ error: message });
        if (message) return show(reply, session, { error: message }, status);
        throw err;
      }
      return reply.code(303).redirect('/admin/media?done=uploaded');
    });

    f.post('/admin/media/:id/alt', { config, schema: { params: idParams, body: z.object({ alt: text(2000) }) } }, async (req, reply) => {
      try {
        await setAlt(app.db, req.params.id, req.body.alt, actorOf(req), by(req));
      } catch (err) {
        if (err instanceof MediaError) return show(reply, sessionOf(req), { error: err.message }, 400);
        throw err;
      }
      return reply.code(303).redirect('/admin/media?done=saved');
    });

    f.post('/admin/media/:id/delete', { config, schema: { params: idParams } }, async (req, reply) => {
      try {
        await deleteUnused(app.db, app.config.dataDir, req.params.id, actorOf(req), by(req));
      } catch (err) {
        if (err instanceof MediaError) return show(reply, sessionOf(req), { error: err.message }, 400);
        throw err;
      }
      return reply.code(303).redirect('/admin/media?done=deleted');
    });
  };
}
