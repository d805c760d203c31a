// Setup, sign-in, the second factor, sign-out, one's sessions and TOTP enrolment.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
import { checkFormToken, clientIp, cookieOptions, formToken, requireSession, sendHtml, SESSION_COOKIE } from './guard.ts';

type Body = Record<string, string | string[] | undefined>;
const field = (req: FastifyRequest, name: string): string => {
  const v = (req.body as Body | undefined)?.[name];
  return typeof v === 'string' ? v : '';
};


const FORM_EXPIRED = 'フォームの有効期限が切れました。もう一度入力してください。';
const BAD_LOGIN = 'メールアドレスまたはパスワードが正しくありません。';

function throttled(reply: FastifyReply, err: Throttled, page: string): FastifyReply {
  reply.header('retry-after', String(err.retryAfterSeconds));
  const minutes = Math.ceil(err.retryAfterSeconds / 60);
  return sendHtml(reply, page.replace('%MESSAGE%', `${err.message}（約${minutes}分後）`), 429);
}

export function authRoutes(app: App) {
  const style = app.styleUrl;
  return async function (f: FastifyInstance): Promise<void> {
    f.get('/admin/', async (req, reply) => {
      if (!(await hasUsers(app.db))) return reply.code(303).redirect('/admin/setup');
      const session = await requireSession(app, req, reply);
      if (session) return reply.code(303).redirect('/admin/posts');
    });

    // First owner: open only while there is no user at all.
    f.get('/admin/setup', async (req, reply) => {
      if (await hasUsers(app.db)) return reply.code(303).redirect('/admin/login');
      return sendHtml(reply, renderSetup(style, formToken(app, req, reply), {}));
    });
    f.post('/admin/setup', async (req, reply) => {
      if (await hasUsers(app.db)) return reply.code(303).redirect('/admin/login');
      const values = { email: field(req, 'email'), displayName: field(req, 'displayName') };
      const token = formToken(app, req, reply);
      if (!checkFormToken(req)) return sendHtml(reply, renderSetup(style, token, values, FORM_EXPIRED), 403);
      try {
        await createFirstOwner(app.db, { ...values, password: field(req, 'password') }, clientIp(req));
      } catch (err) {
        if (err instanceof AccountError) return sendHtml(reply, renderSetup(style, token, values, err.message), 400);
        throw err;
      }
      const r = await signIn(app.db, values.email, field(req, 'password'), clientIp(req), String(req.headers['user-agent'] ?? ''));
      if (!r.ok) return reply.code(303).redirect('/admin/login');
      reply.setCookie(SESSION_COOKIE, r.token, cookieOptions(app, SESSION_ABSOLUTE_MS / 1000));
      return reply.code(303).redirect('/admin/2fa/setup');
    });

    f.get('/admin/login', async (req, reply) => {
      if (!(await hasUsers(app.db))) return reply.code(303).redirect('/admin/setup');
      return sendHtml(reply, renderLogin(style, formToken(app, req, reply), ''));
    });
    f.post('/admin/login', async (req, reply) => {
      const email = field(req, 'email').slice(0, 254);
      const token = formToken(app, req, reply);
      if (!checkFormToken(req)) return sendHtml(reply, renderLogin(style, token, email, FORM_EXPIRED), 403);
      try {
        const r = await signIn(app.db, email, field(req, 'password'), clientIp(req), String(req.headers['user-agent'] ?? ''));
        if (!r.ok) return sendHtml(reply, renderLogin(style, token, email, BAD_LOGIN), 401);
        reply.setCookie(SESSION_COOKIE, r.token, cookieOptions(app, SESSION_ABSOLUTE_MS / 1000));
        return reply.code(303).redirect(r.session.secondFactorDone ? '/admin/' : '/admin/login/2fa');
      } catch (err) {
        if (err instanceof Throttled) return throttled(reply, err, renderLogin(style, token, email, '%MESSAGE%'));
        throw err;
      }
    });

    f.get('/admin/login/2fa', async (req, reply) => {
      const session = await requireSession(app, req, reply, 'second-factor');
      if (!session) return;
      if (session.secondFactorDone) return reply.code(303).redirect('/admin/');
      return sendHtml(reply, renderSecondFactor(style, session));
    });
    f.post('/admin/login/2fa', async (req, reply) => {
      const session = await requireSession(app, req, reply, 'second-factor');
      if (!session) return;
      try {
        if (await completeSecondFactor(app.db, session, field(req, 'code'), clientIp(req))) return reply.code(303).redirect('/admin/');
        return sendHtml(reply, renderSecondFactor(style, session, 'コードが正しくないか、既に使われたコードです。'), 401);
      } catch (err) {
        if (err instanceof Throttled) return throttled(reply, err, renderSecondFactor(style, session, '%MESSAGE%'));
        throw err;
      }
    });

    f.post('/admin/logout', async (req, reply) => {
      const session = await requireSession(app, req, reply, 'second-factor');
      if (!session) return;
      await signOut(app.db, session, clientIp(req));
      reply.clearCookie(SESSION_COOKIE, cookieOptions(app));
      return reply.code(303).redirect('/admin/login');
    });

    f.get('/admin/2fa/setup', async (req, reply) => {
      const session = await requireSession(app, req, reply, 'signed-in');
      if (!session) return;
      const secret = await beginTotpEnrolment(app.db, session.user.id);
      const svg = await totpQrSvg(totpUri(secret, session.user.email, (await app.siteContext()).settings.title));
      return sendHtml(reply, renderEnrol(style, session, svg, secret));
    });
    f.post('/admin/2fa/setup', async (req, reply) => {
      const session = await requireSession(app, req, reply, 'signed-in');
      if (!session) return;
      const codes = await confirmTotpEnrolment(app.db, session, field(req, 'code'), clientIp(req));
      if (!codes) {
        const fresh = await loadSession(app.db, req.cookies[SESSION_COOKIE]);
        const secret = await beginTotpEnrolment(app.db, session.user.id);
        const svg = await totpQrSvg(totpUri(secret, session.user.email, (await app.siteContext()).settings.title));
        return sendHtml(reply, renderEnrol(style, fresh ?? session, svg, secret, 'コードが正しくありません。新しいQRコードを読み取り直してください。'), 400);
      }
      const fresh = (await loadSession(app.db, req.cookies[SESSION_COOKIE]))!;
      return sendHtml(reply, renderRecoveryCodes(style, fresh, codes));
    });

    f.get('/admin/account', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      const notice = (req.query as Record<string, string>).done === 'revoked' ? 'セッションを終了しました。' : undefined;
      return sendHtml(reply, renderAccount(style, session, await sessionsOf(app.db, session.user.id), await recoveryCodesLeft(app.db, session.user.id), notice));
    });
    f.post('/admin/account/sessions/revoke', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      await revokeSession(app.db, session, field(req, 'session'), clientIp(req));
      return reply.code(303).redirect('/admin/account?done=revoked');
    });
    f.post('/admin/account/sessions/revoke-others', async (req, reply) => {
      const session = await requireSession(app, req, reply);
      if (!session) return;
      await revokeOtherSessions(app.db, session, clientIp(req));
      return reply.code(303).redirect('/admin/account?done=revoked');
    });
  };
}
