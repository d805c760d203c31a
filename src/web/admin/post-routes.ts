// Writing: the post list, the editor (save, preview, submit, publish, schedule, unpublish),
// addenda, the trash, revisions, and the JSON endpoints the editor's script uses.
import { diffLines } from 'diff';
import { openDeadlines } from '../../tools/incidents.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SessionInfo } from '../../accounts/service.ts';
import type { App } from '../../app.ts';
import { parseMarkdown } from '../../content/markdown.ts';
import { canEditPost, canPublish } from '../../content/permissions.ts';
import * as read from '../../content/read.ts';
import { ConflictError, ContentError, addAddendum, createPost, restorePost, trashPost, updatePost } from '../../content/service.ts';
import { postMailOff, setPostMailOff } from '../../subscriptions/service.ts';
import type { PostStatus } from '../../db/schema.ts';
import { formatDateTimeShort as formatDateTime, localDateTimeInput, parseLocalDateTime, today } from '../../time.ts';
import { renderEditor, renderRevisions, type EditorValues } from '../../render/admin/editor.tsx';
import { renderPostList, renderTrash, statusLabels } from '../../render/admin/posts.tsx';
import { renderPreview } from '../../render/preview.tsx';
import { postPath } from '../../render/components.tsx';
import { isoDate } from '../../content/blocks.ts';
import { listEvents } from '../../events/event.ts';
import { z } from 'zod';
import { doneQuery, id, idParams, optionalText, text, textList, type ZodProvider } from '../validation.ts';
import { actorOf, everyone, Forbidden, sendHtml, sessionOf } from './guard.ts';

const MARKDOWN_MAX = 2_100_000;
/** The editor's form (also the preview and autosave requests of its script). */
const editorBody = z.object({
  action: text(20),
  // Generous at the edge: the content service says what is too long, on the form.
  title: text(100_000),
  slug: text(10_000),
  markdown: text(MARKDOWN_MAX),
  publishAt: text(40),
  categories: textList(200),
  tags: text(5000),
  revision: text(20),
  mailOff: text(5),
});
type EditorBody = z.output<typeof editorBody>;
const addendumBody = z.object({ date: text(40), text: text(MARKDOWN_MAX), revision: text(20) });
const postListQuery = z.object({
  done: optionalText(40),
  status: optionalText(40),
  q: optionalText(1000),
  category: optionalText(300),
  author: optionalText(20),
});
const revisionsQuery = z.object({ diff: optionalText(20) });
const revisionParams = z.object({ id, revision: id });

const notices: Record<string, string> = {
  saved: '保存しました。',
  published: '公開しました。',
  scheduled: '予約しました。指定の日時に公開されます。',
  unpublished: '公開を取り消しました（下書きに戻りました）。',
  submitted: 'レビューに出しました。編集者が確認して公開します。',
  addendum: '追記を加えて更新しました。',
  restored: '元に戻しました。',
  trashed: 'ゴミ箱へ移しました。',
};

/** datetime-local (the site's time zone) ⇄ ISO instant. */
function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) throw new ContentError('公開日時の形が正しくありません');
  const d = parseLocalDateTime(value);
  if (!d) throw new ContentError('公開日時の形が正しくありません');
  return d.toISOString();
}

function toLocalInput(iso: string | null): string {
  return localDateTimeInput(iso);
}

function splitTags(s: string): string[] {
  return s
    .split(/[,、，]/)
    .map((t) => t.trim())
    .filter(Boolean);
}

function valuesFromForm(body: EditorBody, base: Partial<EditorValues>): EditorValues {
  return {
    ...base,
    title: body.title,
    slug: body.slug.trim(),
    markdown: body.markdown.replace(/\r\n?/g, '\n'),
    status: base.status ?? 'draft',
    publishAt: body.publishAt,
    categories: body.categories,
    tags: body.tags,
    mailOff: body.mailOff === 'yes',
  };
}

function valuesFromPost(p: read.EditablePost): EditorValues {
  return {
    id: Number(p.row.id),
    revision: Number(p.row.revision),
    title: p.row.title,
    slug: p.row.slug,
    markdown: p.row.body_markdown,
    status: p.row.status,
    publishAt: toLocalInput(p.row.published_at),
    categories: p.categories,
    tags: p.tags.join('、'),
    publicUrl: p.row.status === 'published' ? postPath(p.row.slug) : undefined,
  };
}

/** Every image needs its alt text before the post goes public. */
function checkAltText(markdown: string): void {
  const missing = parseMarkdown(markdown).some(function hasMissing(b): boolean {
    if (b.type === 'image') return !b.alt.trim();
    if (b.type === 'commentary' || b.type === 'addendum') return b.blocks.some(hasMissing);
    return false;
  });
  if (missing) throw new ContentError('代替テキスト（alt）のない画像があります。画像の内容を説明する alt を入れてから公開してください。');
}

/** The status an editor's button asks for, checked against the user's role. */
function targetStatus(action: string, current: string, session: SessionInfo): PostStatus {
  const publisher = canPublish(session.user.role);
  switch (action) {
    case 'publish':
    case 'schedule':
    case 'unpublish':
      if (!publisher) throw new Forbidden('公開・予約・公開取り消しは編集者とオーナーだけが行えます');
      return action === 'publish' ? 'published' : action === 'schedule' ? 'scheduled' : 'draft';
    case 'submit':
      return 'pending';
    default:
      return (current as PostStatus) ?? 'draft';
  }
}

export function postRoutes(app: App) {
  const style = app.styleUrl;

  async function previewOf(session: SessionInfo, v: EditorValues) {
    const author = (session.user.author_id ? await read.authorById(app.db, session.user.author_id) : undefined) ?? {
      slug: '',
      displayName: session.user.display_name,
      profile: '',
      greeting: '',
      signoff: '',
    };
    return renderPreview({ title: v.title, markdown: v.markdown, author, dateStyle: (await app.siteContext()).settings.dateStyle });
  }

  async function showEditor(
    reply: FastifyReply,
    session: SessionInfo,
    v: EditorValues,
    messages: { notice?: string; error?: string },
    status = 200,
  ) {
    if (v.id && v.mailOff === undefined) v = { ...v, mailOff: await postMailOff(app.db, v.id) };
    const tree = await read.categoryTree(app.db);
    // The visual editor's call-to-action form offers the site's events.
    const events = (await listEvents(app.db, false)).map((e) => ({ slug: e.slug, title: e.title }));
    return sendHtml(
      reply,
      renderEditor(style, session, v, { canPublish: canPublish(session.user.role) }, tree, await previewOf(session, v), messages, events),
      status,
    );
  }

  async function editable(id: number, session: SessionInfo): Promise<read.EditablePost> {
    const post = await read.postForEditor(app.db, id);
    if (!post) throw new Forbidden('記事が見つからないか、見る権限がありません');
    if (!canEditPost(session.user, post.row)) throw new Forbidden('この記事を編集する権限がありません');
    return post;
  }

  /** Save (or preview) from the editor form; `post` is undefined for a new post. */
  async function save(
    req: FastifyRequest,
    reply: FastifyReply,
    session: SessionInfo,
    body: EditorBody,
    post: read.EditablePost | undefined,
  ) {
    const action = body.action || 'save';
    const base = post ? valuesFromPost(post) : { status: 'draft' };
    const v = valuesFromForm(body, {
      ...base,
      id: post ? Number(post.row.id) : undefined,
      revision: post ? Number(post.row.revision) : undefined,
    });
    if (action === 'preview') return showEditor(reply, session, v, {});
    try {
      const status = targetStatus(action, v.status, session);
      if (status === 'published' || status === 'scheduled') checkAltText(v.markdown);
      const publishedAt = fromLocalInput(v.publishAt);
      if (status === 'scheduled' && (!publishedAt || Date.parse(publishedAt) <= Date.now())) {
        throw new ContentError('予約するには、これから先の公開日時を指定してください');
      }
      const input = {
        title: v.title,
        markdown: v.markdown,
        status,
        slug: v.slug || undefined,
        categories: v.categories,
        tags: splitTags(v.tags),
        publishedAt: action === 'publish' && post?.row.status !== 'published' && !publishedAt ? new Date().toISOString() : publishedAt,
      };
      const actor = actorOf(req, session);
      // メールで配信しない is recorded before the post goes public (a new post is made as a
      // draft first), so the publish does not mail it.
      const quietNew = !post && v.mailOff && status !== 'draft' && status !== 'pending';
      if (post && post.row.status !== 'published') await setPostMailOff(app.db, Number(post.row.id), Boolean(v.mailOff));
      let saved = post
        ? await updatePost(app.db, Number(post.row.id), input, { actor, expectedRevision: Number(body.revision) })
        : await createPost(
            app.db,
            { ...input, ...(quietNew ? { status: 'draft' as const } : {}), authorId: session.user.author_id ?? 0 },
            actor,
          );
      if (!post && v.mailOff) await setPostMailOff(app.db, Number(saved.id), true);
      if (quietNew) saved = await updatePost(app.db, Number(saved.id), { status, publishedAt: input.publishedAt }, { actor });
      const done =
        action === 'publish'
          ? 'published'
          : action === 'schedule'
            ? 'scheduled'
            : action === 'unpublish'
              ? 'unpublished'
              : action === 'submit'
                ? 'submitted'
                : 'saved';
      return reply.code(303).redirect(`/admin/posts/${saved.id}?done=${done}`);
    } catch (err) {
      if (err instanceof ConflictError) {
        // Keep what this editor typed on screen: nothing is lost, nothing overwritten.
        return showEditor(reply, session, v, { error: err.message }, 409);
      }
      if (err instanceof ContentError) return showEditor(reply, session, v, { error: err.message }, 400);
      throw err;
    }
  }

  return async function (plain: FastifyInstance): Promise<void> {
    const f = plain.withTypeProvider<ZodProvider>();
    f.get('/admin/posts', { config: { roles: everyone }, schema: { querystring: postListQuery } }, async (req, reply) => {
      const session = sessionOf(req);
      const q = req.query;
      const tree = await read.categoryTree(app.db);
      const category = q.category ? read.findCategory(tree, q.category)?.node : undefined;
      const status = q.status && q.status in statusLabels ? (q.status as PostStatus) : undefined;
      const authorId = q.author && /^\d{1,9}$/.test(q.author) ? Number(q.author) : undefined;
      const { rows, total } = await read.adminPostList(
        app.db,
        {
          trashed: false,
          status,
          query: (q.q ?? '').slice(0, 200).normalize('NFKC') || undefined,
          categoryId: category?.id,
          authorId,
          createdBy: canPublish(session.user.role) ? undefined : session.user.id,
        },
        1,
        200,
      );
      return sendHtml(
        reply,
        renderPostList(
          style,
          session,
          rows,
          total,
          { status: q.status, q: q.q, category: q.category, author: q.author },
          tree,
          await read.allAuthors(app.db),
          notices[q.done ?? ''],
          {
            // The front page of the admin: 漏えい等報告 deadlines still open (owners and editors).
            deadlines: session.user.role === 'author' ? [] : await openDeadlines(app.db),
            today: today(),
          },
        ),
      );
    });

    f.get('/admin/posts/new', { config: { roles: everyone } }, async (req, reply) => {
      const session = sessionOf(req);
      return showEditor(
        reply,
        session,
        { title: '', slug: '', markdown: '', status: 'draft', publishAt: '', categories: [], tags: '' },
        {},
      );
    });
    f.post('/admin/posts/new', { config: { roles: everyone }, schema: { body: editorBody } }, async (req, reply) => {
      const session = sessionOf(req);
      return save(req, reply, session, req.body, undefined);
    });

    f.get('/admin/posts/:id', { config: { roles: everyone }, schema: { params: idParams, querystring: doneQuery } }, async (req, reply) => {
      const session = sessionOf(req);
      const post = await editable(req.params.id, session);
      return showEditor(reply, session, valuesFromPost(post), { notice: notices[req.query.done ?? ''] });
    });
    f.post('/admin/posts/:id', { config: { roles: everyone }, schema: { params: idParams, body: editorBody } }, async (req, reply) => {
      const session = sessionOf(req);
      return save(req, reply, session, req.body, await editable(req.params.id, session));
    });

    f.post(
      '/admin/posts/:id/addendum',
      { config: { roles: everyone }, schema: { params: idParams, body: addendumBody } },
      async (req, reply) => {
        const session = sessionOf(req);
        const post = await editable(req.params.id, session);
        const body = req.body;
        const date = isoDate.safeParse(body.date);
        try {
          if (!date.success) throw new ContentError('追記の日付が正しくありません');
          await addAddendum(app.db, Number(post.row.id), date.data, body.text, {
            actor: actorOf(req, session),
            expectedRevision: Number(body.revision),
          });
        } catch (err) {
          if (err instanceof ContentError)
            return showEditor(reply, session, valuesFromPost(post), { error: err.message }, err instanceof ConflictError ? 409 : 400);
          throw err;
        }
        return reply.code(303).redirect(`/admin/posts/${post.row.id}?done=addendum`);
      },
    );

    f.post('/admin/posts/:id/trash', { config: { roles: everyone }, schema: { params: idParams } }, async (req, reply) => {
      const session = sessionOf(req);
      const post = await editable(req.params.id, session);
      await trashPost(app.db, Number(post.row.id), actorOf(req, session));
      return reply.code(303).redirect('/admin/posts?done=trashed');
    });
    f.post('/admin/posts/:id/restore', { config: { roles: everyone }, schema: { params: idParams } }, async (req, reply) => {
      const session = sessionOf(req);
      const post = await editable(req.params.id, session);
      await restorePost(app.db, Number(post.row.id), actorOf(req, session));
      return reply.code(303).redirect(`/admin/posts/${post.row.id}?done=restored`);
    });
    f.get('/admin/trash', { config: { roles: everyone } }, async (req, reply) => {
      const session = sessionOf(req);
      const { rows } = await read.adminPostList(
        app.db,
        { trashed: true, createdBy: canPublish(session.user.role) ? undefined : session.user.id },
        1,
        500,
      );
      return sendHtml(reply, renderTrash(style, session, rows));
    });

    f.get(
      '/admin/posts/:id/revisions',
      { config: { roles: everyone }, schema: { params: idParams, querystring: revisionsQuery } },
      async (req, reply) => {
        const session = sessionOf(req);
        const post = await editable(req.params.id, session);
        const revisions = await read.revisionsOf(app.db, Number(post.row.id));
        const wanted = Number(req.query.diff);
        const i = revisions.findIndex((r) => Number(r.revision) === wanted);
        const diff =
          i >= 0 && i + 1 < revisions.length
            ? {
                from: Number(revisions[i + 1]!.revision),
                to: wanted,
                parts: diffLines(revisions[i + 1]!.body_markdown, revisions[i]!.body_markdown),
              }
            : undefined;
        const users = new Map((await read.allAuthors(app.db)).map((a) => [a.id, a.name]));
        const views = revisions.map((r) => ({
          revision: Number(r.revision),
          savedAt: r.saved_at,
          by: r.user_id ? (users.get(Number(r.user_id)) ?? `#${r.user_id}`) : 'system',
          title: r.title,
        }));
        return sendHtml(reply, renderRevisions(style, session, Number(post.row.id), post.row.title, views, diff, formatDateTime));
      },
    );
    f.post(
      '/admin/posts/:id/revisions/:revision/restore',
      { config: { roles: everyone }, schema: { params: revisionParams } },
      async (req, reply) => {
        const session = sessionOf(req);
        const post = await editable(req.params.id, session);
        const revision = await read.revisionOf(app.db, Number(post.row.id), req.params.revision);
        if (!revision) throw new Forbidden('その版はありません');
        await updatePost(
          app.db,
          Number(post.row.id),
          { title: revision.title, markdown: revision.body_markdown },
          { actor: actorOf(req, session) },
        );
        return reply.code(303).redirect(`/admin/posts/${post.row.id}?done=restored`);
      },
    );

    // The editor's script: live preview (same renderer as the public page) and autosave.
    f.post('/admin/preview', { config: { roles: everyone }, schema: { body: editorBody } }, async (req, reply) => {
      const session = sessionOf(req);
      const v = valuesFromForm(req.body, {});
      return reply.header('cache-control', 'no-store').send(await previewOf(session, v));
    });
    f.post(
      '/admin/posts/:id/autosave',
      { config: { roles: everyone }, schema: { params: idParams, body: editorBody } },
      async (req, reply) => {
        const session = sessionOf(req);
        const post = await editable(req.params.id, session);
        if (post.row.status !== 'draft' && post.row.status !== 'pending') {
          return reply.code(409).send({ error: '公開中の記事は自動保存しません。「更新する」で保存してください。' });
        }
        const body = req.body;
        try {
          const saved = await updatePost(
            app.db,
            Number(post.row.id),
            { title: body.title, markdown: body.markdown.replace(/\r\n?/g, '\n') },
            { actor: actorOf(req, session), expectedRevision: Number(body.revision) },
          );
          return reply.header('cache-control', 'no-store').send({ revision: Number(saved.revision), savedAt: saved.updated_at });
        } catch (err) {
          if (err instanceof ConflictError) return reply.code(409).send({ error: err.message });
          if (err instanceof ContentError) return reply.code(400).send({ error: err.message });
          throw err;
        }
      },
    );
  };
}
