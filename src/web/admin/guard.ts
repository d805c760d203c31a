// Who may use the admin, declared on each route and checked in one place.
//
// HOW TO DECLARE AN ADMIN ROUTE
//   f.post('/admin/things/:id', {
//     config: { roles: ['owner', 'editor'] },          // required: who may use it ('anyone' = before sign-in)
//     schema: { params: idParams, body: z.object({ name: formText(100) }) },  // zod, see ../validation.ts
//   }, async (req, reply) => {
//     const session = sessionOf(req);                  // never call a guard yourself
//     …req.params.id is a number, req.body.name a string…
//   });
// - `roles` is required on every /admin route: registering one without it throws at start-up
//   (and admin-guard.test.ts, which walks every registered admin route, fails).
// - State changes (any method but GET/HEAD, or `changesState: true`) need the session's CSRF
//   token in the `_csrf` field (CsrfField) or the x-csrf-token header.
// - Uploads (multipart) set `upload: true`: the token then comes in the query
//   (`action="…?_csrf=…"`) so it is checked before a byte of the body is read; the handler
//   streams the parts itself (uploadParts in media-routes.ts).
// - `step`: 'second-factor' for the pages between password and code (2FA page, sign-out),
//   'signed-in' for the enrolment page (2FA not yet set up); default: fully signed in, with
//   2FA enrolled when the role requires it.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { loadSession, secondFactorRequired, type SessionInfo } from '../../accounts/service.ts';
import type { App } from '../../app.ts';
import type { Role } from '../../db/schema.ts';
import type {} from '@fastify/cookie';

export const SESSION_COOKIE = 'kw_session';
export const FORM_COOKIE = 'kw_form';

export type Step = 'second-factor' | 'signed-in' | 'full';

/** What an admin route declares in its `config`. */
export interface AdminRouteConfig {
  /** Who may use it; 'anyone' only for the pages before signing in (setup, sign-in). */
  roles?: readonly Role[] | 'anyone';
  step?: Step;
  /** Changes state although its method says otherwise (default: not GET/HEAD). */
  changesState?: boolean;
  /** A multipart upload: the CSRF token is read from the query, before the body. */
  upload?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    adminSession?: SessionInfo;
  }
  // Route options' `config` carries the declaration.
  interface FastifyContextConfig extends AdminRouteConfig {}
}

export const everyone: readonly Role[] = ['owner', 'editor', 'author'];
export const staff: readonly Role[] = ['owner', 'editor'];
export const ownerOnly: readonly Role[] = ['owner'];

export class Forbidden extends Error {
  constructor(message = 'この操作を行う権限がありません') {
    super(message);
  }
}

const BAD_TOKEN = 'フォームの有効期限が切れたか、正しくない送信です。ページを開き直してからもう一度お試しください。';

export function cookieOptions(app: App, maxAgeSeconds?: number) {
  return {
    path: '/admin',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: app.config.siteUrl.startsWith('https:'),
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  };
}

export function sameToken(a: unknown, b: string): boolean {
  if (typeof a !== 'string' || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** A token for forms shown before there is a session (setup, login): the same random value
 * in a cookie and in the form; a request from another site cannot read the cookie. */
export function formToken(app: App, req: FastifyRequest, reply: FastifyReply): string {
  const existing = req.cookies[FORM_COOKIE];
  if (existing && /^[\w-]{32}$/.test(existing)) return existing;
  const token = randomBytes(24).toString('base64url');
  reply.setCookie(FORM_COOKIE, token, cookieOptions(app));
  return token;
}

export function checkFormToken(req: FastifyRequest): boolean {
  const cookie = req.cookies[FORM_COOKIE];
  return typeof cookie === 'string' && sameToken((req.body as Record<string, unknown> | undefined)?._form, cookie);
}

export function clientIp(req: FastifyRequest): string {
  return req.ip;
}

/** The session the guard let in; a handler of a route without one is a wiring mistake. */
export function sessionOf(req: FastifyRequest): SessionInfo {
  if (!req.adminSession) throw new Error(`no admin session on ${req.routeOptions.url}: is the route declared with roles?`);
  return req.adminSession;
}

const changesState = (req: FastifyRequest) => req.routeOptions.config.changesState ?? !(req.method === 'GET' || req.method === 'HEAD');

const registered = new WeakMap<App, RouteOptions[]>();

/** The admin routes registered for an app, with their declarations (for the guard's test). */
export function adminRoutesOf(app: App): readonly RouteOptions[] {
  return registered.get(app) ?? [];
}

/** Every route of the admin must say who may use it; a route without roles never starts. */
function checkDeclared(route: RouteOptions): void {
  const roles = (route.config as AdminRouteConfig | undefined)?.roles;
  const url = route.url;
  if (roles === 'anyone') return;
  if (!Array.isArray(roles) || roles.length === 0)
    throw new Error(`admin route ${String(route.method)} ${url} declares no roles (config.roles)`);
}

/**
 * The admin's gate, as hooks of the admin plugin:
 * - onRequest (before any body byte is read): no session → the sign-in page; second factor
 *   not yet given → its page; a role that must have 2FA without it → the enrolment page;
 *   a role not declared → 403; an upload without the token in its query → 403.
 * - preValidation (the form parsed, before the schema and the handler): a state change
 *   without the session's CSRF token → 403.
 */
export function installGuard(app: App, f: FastifyInstance): void {
  f.addHook('onRoute', (route) => {
    checkDeclared(route);
    registered.set(app, [...adminRoutesOf(app), route]);
  });

  f.addHook('onRequest', async (req, reply) => {
    const config = req.routeOptions.config;
    if (req.is404 || config.roles === undefined || config.roles === 'anyone') return;
    const step = config.step ?? 'full';
    const session = await loadSession(app.db, req.cookies[SESSION_COOKIE]);
    if (!session) return reply.code(303).redirect('/admin/login');
    if (step !== 'second-factor' && !session.secondFactorDone) return reply.code(303).redirect('/admin/login/2fa');
    if (step === 'full' && secondFactorRequired(session.user.role) && !session.user.totp_enabled)
      return reply.code(303).redirect('/admin/2fa/setup');
    if (!config.roles.includes(session.user.role)) throw new Forbidden();
    if (config.upload && changesState(req)) {
      const sent = (req.query as Record<string, unknown> | undefined)?._csrf ?? req.headers['x-csrf-token'];
      if (!sameToken(sent, session.csrfToken)) throw new Forbidden(BAD_TOKEN);
    }
    req.adminSession = session;
  });

  f.addHook('preValidation', async (req) => {
    const config = req.routeOptions.config;
    if (req.is404 || config.roles === undefined || config.roles === 'anyone' || config.upload || !changesState(req)) return;
    const sent = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.headers['x-csrf-token'];
    if (!sameToken(sent, sessionOf(req).csrfToken)) throw new Forbidden(BAD_TOKEN);
  });
}

export function actorOf(req: FastifyRequest, session: SessionInfo = sessionOf(req)) {
  return { userId: session.user.id, name: session.user.email, ip: clientIp(req) };
}

/** An admin page: HTML, never cached. */
export function sendHtml(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
}
