// 要確認: the damaged lines imports kept as they were, for editors to fix by hand.
import type { FastifyInstance } from 'fastify';
import type { App } from '../../app.ts';
import { listReviewLines, resolveReviewLine } from '../../import/review.ts';
import { renderImportReview } from '../../render/admin/import-review.tsx';
import { actorOf, requireRole, requireSession, sendHtml } from './guard.ts';

export function importReviewRoutes(app: App) {
  return async function (f: FastifyInstance): Promise<void> {
    f.get('/admin/import-review', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      requireRole(session, ['owner', 'editor']);
      const done = (req.query as { done?: string }).done ? '確認済みにしました。' : undefined;
      return sendHtml(reply, renderImportReview(app.styleUrl, session, await listReviewLines(app.db), done));
    });
    f.post('/admin/import-review/:id/resolve', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      requireRole(session, ['owner', 'editor']);
      const id = Number((req.params as { id: string }).id);
      if (!Number.isSafeInteger(id) || id < 1) return reply.code(404).send();
      await resolveReviewLine(app.db, id, actorOf(req, session));
      return reply.code(303).redirect('/admin/import-review?done=1');
    });
  };
}
