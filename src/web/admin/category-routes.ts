// Categories (editors and owners): add, change (name, parent, order), delete.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { SessionInfo } from '../../accounts/service.ts';
import type { App } from '../../app.ts';
import * as read from '../../content/read.ts';
import { createCategory, deleteCategory, updateCategory } from '../../content/service.ts';
import { renderCategories } from '../../render/admin/categories.tsx';
import { doneQuery, idParams, text, type ZodProvider } from '../validation.ts';
import { attempt } from './attempt.ts';
import { actorOf, sendHtml, sessionOf, staff } from './guard.ts';

const categoryBody = z.object({ slug: text(300), name: text(300), description: text(5000), parentSlug: text(300), position: text(20) });

function categoryInput(b: z.output<typeof categoryBody>) {
  return {
    slug: b.slug,
    name: b.name,
    description: b.description,
    parentSlug: b.parentSlug || undefined,
    position: Number.isFinite(Number(b.position)) ? Math.trunc(Number(b.position)) : 0,
  };
}

export function categoryRoutes(app: App) {
  const style = app.styleUrl;

  async function categoriesPage(reply: FastifyReply, session: SessionInfo, messages: { notice?: string; error?: string }, status = 200) {
    const [tree, rows] = await Promise.all([read.categoryTree(app.db), read.allCategoryRows(app.db)]);
    const slugOf = new Map(rows.map((r) => [Number(r.id), r.slug]));
    const meta = new Map(
      rows.map((r) => [
        Number(r.id),
        { parentSlug: r.parent_id === null ? undefined : slugOf.get(Number(r.parent_id)), position: Number(r.position) },
      ]),
    );
    return sendHtml(reply, renderCategories(style, session, tree, meta, messages), status);
  }

  return async function (plain: FastifyInstance): Promise<void> {
    const f = plain.withTypeProvider<ZodProvider>();
    const config = { roles: staff };
    const again = (reply: FastifyReply, session: SessionInfo) => (error: string) => categoriesPage(reply, session, { error }, 400);

    f.get('/admin/categories', { config, schema: { querystring: doneQuery } }, async (req, reply) =>
      categoriesPage(reply, sessionOf(req), req.query.done ? { notice: '保存しました。' } : {}),
    );
    f.post('/admin/categories', { config, schema: { body: categoryBody } }, async (req, reply) =>
      attempt(
        reply,
        () => createCategory(app.db, categoryInput(req.body), actorOf(req)),
        again(reply, sessionOf(req)),
        '/admin/categories?done=1',
      ),
    );
    f.post('/admin/categories/:id', { config, schema: { params: idParams, body: categoryBody } }, async (req, reply) =>
      attempt(
        reply,
        () => updateCategory(app.db, req.params.id, categoryInput(req.body), actorOf(req)),
        again(reply, sessionOf(req)),
        '/admin/categories?done=1',
      ),
    );
    f.post('/admin/categories/:id/delete', { config, schema: { params: idParams } }, async (req, reply) =>
      attempt(reply, () => deleteCategory(app.db, req.params.id, actorOf(req)), again(reply, sessionOf(req)), '/admin/categories?done=1'),
    );
  };
}
