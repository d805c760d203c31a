// Setup, sign-in, the second factor, sign-out, one's sessions and TOTP enrolment.
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  AccountError,
  SESSION_ABSOLUTE_MS,
  Throttled,
  beginTotpEnrolment,
  completeSecondFactor,
  confirmTotpEnrolment,
  createFirstOwner,
  hasUsers,
  loadSession,
  recoveryCodesLeft,
  revokeOtherSessions,
  revokeSession,
  sessionsOf,
  signIn,
  signOut,
} from '../../accounts/service.ts';
import { totpQrSvg, totpUri } from '../../accounts/totp.ts';
import type { App } from '../../app.ts';
import { renderAccount } from '../../render/admin/account.tsx';
import { renderEnrol, renderLogin, renderRecoveryCodes, renderSecondFactor, renderSetup } from '../../render/admin/auth.tsx';
import { z } from 'zod';
import { doneQuery, optionalText, text, type ZodProvider } from '../validation.ts';
import { checkFormToken, clientIp, cookieOptions, everyone, formToken, sendHtml, sessionOf, SESSION_COOKIE } from './guard.ts';

const anyone = { roles: 'anyone' } as const;
const formTokenField = { _form: optionalText(100) };
const setupBody = z.object({ ...formTokenField, email: text(1000), displayName: text(1000), password: text(1000) });
const loginBody = z.object({
  ...formTokenField,
  email: text(1000).transform((s) => s.slice(0, 254)),
  password: text(1000),
  code: text(100),
});
const enrolBody = z.object({ code: text(100), currentCode: text(100), password: text(1000) });
const codeBody = z.object({ code: text(100) });
const revokeBody = z.object({ session: text(100) });

const FORM_EXPIRED = 'フォームの有効期限が切れました。もう一度入力してください。';
const BAD_LOGIN = 'メールアドレスまたはパスワードが正しくありません。';

function throttled(reply: FastifyReply, err: Throttled, page: string): FastifyReply {
  reply.header('retry-after', String(err.retryAfterSeconds));
  const minutes = Math.ceil(err.retryAfterSeconds / 60);
  return sendHtml(reply, page.replace('%MESSAGE%', `${err.message}（約${minutes}分後）`), 429);
}

export function authRoutes(app: App) {
  const style = app.styleUrl;
  return async function (plain: FastifyInstance): Promise<void> {
    const f = plain.withTypeProvider<ZodProvider>();
    f.get('/admin/', { config: anyone }, async (_req, reply) => {
      if (!(await hasUsers(app.db))) return reply.code(303).redirect('/admin/setup');
      return reply.code(303).redirect('/admin/posts');
    });

    // First owner: open only while there is no user at all.
    f.get('/admin/setup', { config: anyone }, async (req, reply) => {
      if (await hasUsers(app.db)) return reply.code(303).redirect('/admin/login');
      return sendHtml(reply, renderSetup(style, formToken(app, req, reply), {}));
    });
    f.post('/admin/setup', { config: anyone, schema: { body: setupBody } }, async (req, reply) => {
      if (await hasUsers(app.db)) return reply.code(303).redirect('/admin/login');
      const values = { email: req.body.email, displayName: req.body.displayName };
      const token = formToken(app, req, reply);
      if (!checkFormToken(req)) return sendHtml(reply, renderSetup(style, token, values, FORM_EXPIRED), 403);
      try {
        await createFirstOwner(app.db, { ...values, password: req.body.password }, clientIp(req));
      } catch (err) {
        if (err instanceof AccountError) return sendHtml(reply, renderSetup(style, token, values, err.message), 400);
        throw err;
      }
      const r = await signIn(app.db, values.email, req.body.password, clientIp(req), String(req.headers['user-agent'] ?? ''));
      if (!r.ok) return reply.code(303).redirect('/admin/login');
      reply.setCookie(SESSION_COOKIE, r.token, cookieOptions(app, SESSION_ABSOLUTE_MS / 1000));
      return reply.code(303).redirect('/admin/2fa/setup');
    });

    f.get('/admin/login', { config: anyone }, async (req, reply) => {
      if (!(await hasUsers(app.db))) return reply.code(303).redirect('/admin/setup');
      return sendHtml(reply, renderLogin(style, formToken(app, req, reply), ''));
    });
    f.post('/admin/login', { config: anyone, schema: { body: loginBody } }, async (req, reply) => {
      const email = req.body.email;
      const token = formToken(app, req, reply);
      if (!checkFormToken(req)) return sendHtml(reply, renderLogin(style, token, email, FORM_EXPIRED), 403);
      try {
        const code = req.body.code ? { code: req.body.code, sealer: app.sealer } : undefined;
        const r = await signIn(app.db, email, req.body.password, clientIp(req), String(req.headers['user-agent'] ?? ''), code);
        if (!r.ok) return sendHtml(reply, renderLogin(style, token, email, BAD_LOGIN), 401);
        reply.setCookie(SESSION_COOKIE, r.token, cookieOptions(app, SESSION_ABSOLUTE_MS / 1000));
        return reply.code(303).redirect(r.session.secondFactorDone ? '/admin/' : '/admin/login/2fa');
      } catch (err) {
        if (err instanceof Throttled) return throttled(reply, err, renderLogin(style, token, email, '%MESSAGE%', true));
        throw err;
      }
    });

    f.get('/admin/login/2fa', { config: { roles: everyone, step: 'second-factor' } }, async (req, reply) => {
      const session = sessionOf(req);
      if (session.secondFactorDone) return reply.code(303).redirect('/admin/');
      return sendHtml(reply, renderSecondFactor(style, session));
    });
    f.post('/admin/login/2fa', { config: { roles: everyone, step: 'second-factor' }, schema: { body: codeBody } }, async (req, reply) => {
      const session = sessionOf(req);
      try {
        const fresh = await completeSecondFactor(app.db, app.sealer, session, req.body.code, clientIp(req));
        if (fresh) {
          reply.setCookie(SESSION_COOKIE, fresh.token, cookieOptions(app, SESSION_ABSOLUTE_MS / 1000));
          return reply.code(303).redirect('/admin/');
        }
        return sendHtml(reply, renderSecondFactor(style, session, 'コードが正しくないか、既に使われたコードです。'), 401);
      } catch (err) {
        if (err instanceof Throttled) return throttled(reply, err, renderSecondFactor(style, session, '%MESSAGE%'));
        throw err;
      }
    });

    f.post('/admin/logout', { config: { roles: everyone, step: 'second-factor' } }, async (req, reply) => {
      const session = sessionOf(req);
      await signOut(app.db, session, clientIp(req));
      reply.clearCookie(SESSION_COOKIE, cookieOptions(app));
      return reply.code(303).redirect('/admin/login');
    });

    f.get('/admin/2fa/setup', { config: { roles: everyone, step: 'signed-in' } }, async (req, reply) => {
      const session = sessionOf(req);
      const secret = await beginTotpEnrolment(app.db, app.sealer, session.user.id);
      const svg = await totpQrSvg(totpUri(secret, session.user.email, (await app.siteContext()).settings.title));
      return sendHtml(reply, renderEnrol(style, session, svg, secret));
    });
    f.post('/admin/2fa/setup', { config: { roles: everyone, step: 'signed-in' }, schema: { body: enrolBody } }, async (req, reply) => {
      const session = sessionOf(req);
      let codes: string[] | undefined;
      let tooMany: Throttled | undefined;
      try {
        codes = await confirmTotpEnrolment(app.db, app.sealer, session, req.body, clientIp(req));
      } catch (err) {
        if (!(err instanceof Throttled)) throw err;
        tooMany = err;
      }
      if (!codes) {
        const fresh = await loadSession(app.db, req.cookies[SESSION_COOKIE]);
        const secret = await beginTotpEnrolment(app.db, app.sealer, session.user.id);
        const svg = await totpQrSvg(totpUri(secret, session.user.email, (await app.siteContext()).settings.title));
        return sendHtml(
          reply,
          renderEnrol(
            style,
            fresh ?? session,
            svg,
            secret,
            tooMany
              ? tooMany.message
              : session.user.totp_enabled
                ? 'コードまたはパスワードが正しくありません。新しいQRコードを読み取り直してください。'
                : 'コードが正しくありません。新しいQRコードを読み取り直してください。',
          ),
          tooMany ? 429 : 400,
        );
      }
      const fresh = (await loadSession(app.db, req.cookies[SESSION_COOKIE]))!;
      return sendHtml(reply, renderRecoveryCodes(style, fresh, codes));
    });

    f.get('/admin/account', { config: { roles: everyone }, schema: { querystring: doneQuery } }, async (req, reply) => {
      const session = sessionOf(req);
      const notice = req.query.done === 'revoked' ? 'セッションを終了しました。' : undefined;
      return sendHtml(
        reply,
        renderAccount(style, session, await sessionsOf(app.db, session.user.id), await recoveryCodesLeft(app.db, session.user.id), notice),
      );
    });
    f.post('/admin/account/sessions/revoke', { config: { roles: everyone }, schema: { body: revokeBody } }, async (req, reply) => {
      const session = sessionOf(req);
      await revokeSession(app.db, session, req.body.session, clientIp(req));
      return reply.code(303).redirect('/admin/account?done=revoked');
    });
    f.post('/admin/account/sessions/revoke-others', { config: { roles: everyone } }, async (req, reply) => {
      const session = sessionOf(req);
      await revokeOtherSessions(app.db, session, clientIp(req));
      return reply.code(303).redirect('/admin/account?done=revoked');
    });
  };
}
