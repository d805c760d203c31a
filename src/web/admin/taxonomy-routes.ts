// Categories and tags (editors and owners), one's author profile (everyone), users (owner).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AccountError, changeUser, createUser, listUsersWithState, type SessionInfo } from '../../accounts/service.ts';
import type { App } from '../../app.ts';
import * as read from '../../content/read.ts';
import { ContentError, createCategory, deleteCategory, deleteTag, renameTag, updateAuthorProfile, updateCategory } from '../../content/service.ts';
import type { Role } from '../../db/schema.ts';
import { allCategoryRows } from '../../content/read.ts';
import { renderCategories, renderProfile, renderTags, renderUsers } from '../../render/admin/taxonomy.tsx';
import { renderSynonyms } from '../../render/admin/synonyms.tsx';
import { saveSynonyms, synonymLines } from '../../search/service.ts';
import { RedirectError, listRedirects, removeRedirect, saveRedirect } from '../../import/redirects.ts';
import { renderRedirects } from '../../render/admin/redirects.tsx';
import { actorOf, clientIp, Forbidden, requireRole, requireSession, sendHtml } from './guard.ts';

type Body = Record<string, string | undefined>;


const saved = { notice: '保存しました。' };
const idOf = (req: FastifyRequest) => Number((req.params as { id: string }).id);

function categoryInput(b: Body) {
  return {
    slug: b.slug ?? '',
    name: b.name ?? '',
    description: b.description ?? '',
    parentSlug: b.parentSlug || undefined,
    position: Number.isFinite(Number(b.position)) ? Math.trunc(Number(b.position)) : 0,
  };
}

export function taxonomyRoutes(app: App) {
  const style = app.styleUrl;

  async function categoriesPage(reply: FastifyReply, session: SessionInfo, messages: { notice?: string; error?: string }, status = 200) {
    const [tree, rows] = await Promise.all([read.categoryTree(app.db), allCategoryRows(app.db)]);
    const slugOf = new Map(rows.map((r) => [Number(r.id), r.slug]));
    const meta = new Map(rows.map((r) => [Number(r.id), { parentSlug: r.parent_id === null ? undefined : slugOf.get(Number(r.parent_id)), position: Number(r.position) }]));
    return sendHtml(reply, renderCategories(style, session, tree, meta, messages), status);
  }

  /** Runs a change; a ContentError comes back on the same page as a message. */
  async function attempt(reply: FastifyReply, work: () => Promise<unknown>, onError: (message: string) => Promise<FastifyReply>, redirect: string) {
    try {
      await work();
    } catch (err) {
      if (err instanceof ContentError || err instanceof AccountError) return onError(err.message);
      throw err;
    }
    return reply.code(303).redirect(redirect);
  }

  return async function (f: FastifyInstance): Promise<void> {
    f.get('/admin/categories', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      requireRole(session, ['owner', 'editor']);
      return categoriesPage(reply, session, (req.query as Body).done ? saved : {});
    });
    f.post('/admin/categories', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      requireRole(session, ['owner', 'editor']);
      return attempt(reply, () => createCategory(app.db, categoryInput(req.body as Body), actorOf(req, session)), (error) => categoriesPage(reply, session, { error }, 400), '/admin/categories?done=1');
    });
    f.post('/admin/categories/:id', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      requireRole(session, ['owner', 'editor']);
      return attempt(reply, () => updateCategory(app.db, idOf(req), categoryInput(req.body as Body), actorOf(req, session)), (error) => categoriesPage(reply, session, { error }, 400), '/admin/categories?done=1');
    });
    f.post('/admin/categories/:id/delete', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      requireRole(session, ['owner', 'editor']);
      return attempt(reply, () => deleteCategory(app.db, idOf(req), actorOf(req, session)), (error) => categoriesPage(reply, session, { error }, 400), '/admin/categories?done=1');
    });

    f.get('/admin/tags', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      requireRole(session, ['owner', 'editor']);
      return sendHtml(reply, renderTags(style, session, await read.allTags(app.db), (req.query as Body).done ? saved : {}));
    });
    f.post('/admin/tags/:id', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      requireRole(session, ['owner', 'editor']);
      return attempt(
        reply,
        () => renameTag(app.db, idOf(req), (req.body as Body).name ?? '', actorOf(req, session)),
        async (error) => sendHtml(reply, renderTags(style, session, await read.allTags(app.db), { error }), 400),
        '/admin/tags?done=1',
      );
    });
    f.post('/admin/tags/:id/delete', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      requireRole(session, ['owner', 'editor']);
      await deleteTag(app.db, idOf(req), actorOf(req, session));
      return reply.code(303).redirect('/admin/tags?done=1');
    });

    const redirectsPage = async (reply: FastifyReply, session: SessionInfo, messages: { notice?: string; error?: string }, status = 200, values = {}) =>
      sendHtml(reply, renderRedirects(style, session, (await listRedirects(app.db)).map((r) => ({ ...r, id: Number(r.id) })), messages, values), status);
    f.get('/admin/redirects', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      requireRole(session, ['owner', 'editor']);
      return redirectsPage(reply, session, (req.query as Body).done ? saved : {});
    });
    f.post('/admin/redirects', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      requireRole(session, ['owner', 'editor']);
      const b = req.body as Body;
      const values = { from: b.from ?? '', to: b.to ?? '' };
      try {
        await saveRedirect(app.db, values, actorOf(req, session));
      } catch (err) {
        if (err instanceof RedirectError) return redirectsPage(reply, session, { error: err.message }, 400, values);
        throw err;
      }
      return reply.code(303).redirect('/admin/redirects?done=1');
    });
    f.post('/admin/redirects/:id/delete', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      requireRole(session, ['owner', 'editor']);
      await removeRedirect(app.db, idOf(req), actorOf(req, session));
      return reply.code(303).redirect('/admin/redirects?done=1');
    });

    f.get('/admin/synonyms', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      requireRole(session, ['owner', 'editor']);
      return sendHtml(reply, renderSynonyms(style, session, await synonymLines(app.db), (req.query as Body).done ? '保存しました。' : undefined));
    });
    f.post('/admin/synonyms', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      requireRole(session, ['owner', 'editor']);
      await saveSynonyms(app.db, String((req.body as Body).synonyms ?? ''), actorOf(req, session));
      return reply.code(303).redirect('/admin/synonyms?done=1');
    });

    f.get('/admin/profile', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      const author = session.user.author_id ? await read.authorById(app.db, session.user.author_id) : undefined;
      if (!author) throw new Forbidden('このアカウントには著者プロフィールがありません');
      return sendHtml(reply, renderProfile(style, session, author, (req.query as Body).done ? saved : {}));
    });
    f.post('/admin/profile', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      const authorId = session.user.author_id;
      if (!authorId) throw new Forbidden('このアカウントには著者プロフィールがありません');
      const b = req.body as Body;
      const input = { displayName: b.displayName ?? '', profile: b.profile ?? '', greeting: b.greeting ?? '', signoff: b.signoff ?? '' };
      return attempt(
        reply,
        () => updateAuthorProfile(app.db, authorId, input, actorOf(req, session)),
        async (error) => sendHtml(reply, renderProfile(style, session, { slug: '', ...input }, { error }), 400),
        '/admin/profile?done=1',
      );
    });

    f.get('/admin/users', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      requireRole(session, ['owner']);
      return sendHtml(reply, renderUsers(style, session, await listUsersWithState(app.db), (req.query as Body).done ? saved : {}));
    });
    f.post('/admin/users', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      requireRole(session, ['owner']);
      const b = req.body as Body;
      const values = { email: b.email ?? '', displayName: b.displayName ?? '' };
      return attempt(
        reply,
        () => createUser(app.db, { ...values, role: (b.role ?? 'author') as Role, password: b.password ?? '' }, actorOf(req, session)),
        async (error) => sendHtml(reply, renderUsers(style, session, await listUsersWithState(app.db), { error }, values), 400),
        '/admin/users?done=1',
      );
    });
    f.post('/admin/users/:id', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      requireRole(session, ['owner']);
      const b = req.body as Body;
      const change = { ...(b.role ? { role: b.role as Role } : {}), ...(b.disabled !== undefined ? { disabled: b.disabled === '1' } : {}) };
      return attempt(
        reply,
        () => changeUser(app.db, session, idOf(req), change, clientIp(req)),
        async (error) => sendHtml(reply, renderUsers(style, session, await listUsersWithState(app.db), { error }), 400),
        '/admin/users?done=1',
      );
    });
  };
}
