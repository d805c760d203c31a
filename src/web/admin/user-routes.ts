// Users (the owner): add, change a role, disable or enable.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { changeUser, createUser, listUsersWithState } from '../../accounts/service.ts';
import type { App } from '../../app.ts';
import type { Role } from '../../db/schema.ts';
import { renderUsers } from '../../render/admin/users.tsx';
import { doneQuery, idParams, optionalText, text, type ZodProvider } from '../validation.ts';
import { attempt } from './attempt.ts';
import { actorOf, clientIp, ownerOnly, sendHtml, sessionOf } from './guard.ts';

const role = z.enum(['owner', 'editor', 'author'], '役割が正しくありません');
const newUserBody = z.object({ email: text(1000), displayName: text(1000), role: role.default('author'), password: text(1000) });
const changeBody = z.object({ role: role.or(z.literal('')).optional(), disabled: optionalText(5) });

export function userRoutes(app: App) {
  const style = app.styleUrl;
  return async function (plain: FastifyInstance): Promise<void> {
    const f = plain.withTypeProvider<ZodProvider>();
    const config = { roles: ownerOnly };

    f.get('/admin/users', { config, schema: { querystring: doneQuery } }, async (req, reply) =>
      sendHtml(
        reply,
        renderUsers(style, sessionOf(req), await listUsersWithState(app.db), req.query.done ? { notice: '保存しました。' } : {}),
      ),
    );
    f.post('/admin/users', { config, schema: { body: newUserBody } }, async (req, reply) => {
      const b = req.body;
      const values = { email: b.email, displayName: b.displayName };
      return attempt(
        reply,
        () => createUser(app.db, { ...values, role: b.role, password: b.password }, actorOf(req)),
        async (error) => sendHtml(reply, renderUsers(style, sessionOf(req), await listUsersWithState(app.db), { error }, values), 400),
        '/admin/users?done=1',
      );
    });
    f.post('/admin/users/:id', { config, schema: { params: idParams, body: changeBody } }, async (req, reply) => {
      const b = req.body;
      const change: { role?: Role; disabled?: boolean } = {
        ...(b.role ? { role: b.role } : {}),
        ...(b.disabled !== undefined ? { disabled: b.disabled === '1' } : {}),
      };
      return attempt(
        reply,
        () => changeUser(app.db, sessionOf(req), req.params.id, change, clientIp(req)),
        async (error) => sendHtml(reply, renderUsers(style, sessionOf(req), await listUsersWithState(app.db), { error }), 400),
        '/admin/users?done=1',
      );
    });
  };
}
