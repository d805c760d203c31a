// Who may use the admin: the session cookie, the second factor, 2FA required for owners,
// CSRF tokens on every state-changing request, and roles.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { loadSession, type SessionInfo } from '../../accounts/service.ts';
import type { App } from '../../app.ts';
import type { Role } from '../../db/schema.ts';
import type {} from '@fastify/cookie';

export const SESSION_COOKIE = 'kw_session';
export const FORM_COOKIE = 'kw_form';

export class Forbidden extends Error {
  constructor(message = 'この操作を行う権限がありません') {
    super(message);
  }
}

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

type Step = 'signed-in' | 'second-factor' | 'full';

/**
 * The admin's gate, run before every admin route that needs a session:
 * - no session → the sign-in page;
 * - second factor not yet given → its page (unless `step` is 'second-factor');
 * - an owner without 2FA → the enrolment page (required for owners);
 * - a POST without the session's CSRF token → 403.
 */
export async function requireSession(app: App, req: FastifyRequest, reply: FastifyReply, step: Step = 'full'): Promise<SessionInfo | undefined> {
  const session = await loadSession(app.db, req.cookies[SESSION_COOKIE]);
  if (!session) {
    reply.code(303).redirect('/admin/login');
    return undefined;
  }
  if (step !== 'second-factor' && !session.secondFactorDone) {
    reply.code(303).redirect('/admin/login/2fa');
    return undefined;
  }
  if (step === 'full' && session.user.role === 'owner' && !session.user.totp_enabled) {
    reply.code(303).redirect('/admin/2fa/setup');
    return undefined;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const field = (req.body as Record<string, unknown> | undefined)?._csrf;
    // Multipart bodies carry fields as { value } objects.
    const sent = (field && typeof field === 'object' && 'value' in field ? field.value : field) ?? req.headers['x-csrf-token'];
    if (!sameToken(sent, session.csrfToken)) throw new Forbidden('フォームの有効期限が切れたか、正しくない送信です。ページを開き直してからもう一度お試しください。');
  }
  return session;
}

export function requireRole(session: SessionInfo, roles: Role[]): void {
  if (!roles.includes(session.user.role)) throw new Forbidden();
}

export function actorOf(req: FastifyRequest, session: SessionInfo) {
  return { userId: session.user.id, name: session.user.email, ip: clientIp(req) };
}

/** An admin page: HTML, never cached. */
export function sendHtml(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
}
