// What keeps bots out of the public forms (event registration, comments) without a
// third-party service: a hidden field a person leaves empty (the honeypot), a signed form
// token that carries when the form was issued (a person needs at least 3 s to fill it in),
// and a per-address rate limit keyed by a keyed hash of the IP, answered with a Japanese 429.
import { createHmac } from 'node:crypto';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { signToken, verifyToken } from '../privacy/tokens.ts';
import { HttpError } from './errors.ts';

/** A person needs longer than this to fill a form; a bot does not. */
export const MIN_FILL_MS = 3000;
/** The name of the hidden field only a bot fills in. */
export const HONEYPOT_FIELD = 'website';

export const RATE_LIMITED_MESSAGE = '短い時間にたくさんの送信がありました。しばらく待ってから、もう一度お試しください。';

/** A form token for `subject` (an event's or a post's id), issued now, valid `validMs`. */
export function issueFormToken(tokenKeys: Buffer[], subject: string, validMs: number, now = Date.now()): string {
  return signToken(tokenKeys, 'form', subject, new Date(now + validMs), now.toString(36));
}

export type FormCheck = { ok: true } | { ok: false; reason: 'rejected' | 'too-fast'; message: string };

const REJECTED: FormCheck = {
  ok: false,
  reason: 'rejected',
  message: '送信を受け付けられませんでした。お手数ですが、もう一度送信してください。',
};

/** The honeypot alone: for a step whose page may come from a cache and so has no token. */
export function checkHoneypot(body: Record<string, unknown>): FormCheck {
  const honeypot = body[HONEYPOT_FIELD];
  return typeof honeypot === 'string' && honeypot !== '' ? REJECTED : { ok: true };
}

/** The honeypot, the token's signature and subject, and the time it took to fill the form. */
export function checkForm(tokenKeys: Buffer[], body: Record<string, unknown>, subject: string, now = Date.now()): FormCheck {
  const token = verifyToken(tokenKeys, body._form, 'form', new Date(now));
  if (!checkHoneypot(body).ok || !token.ok || token.body.subject !== subject) return REJECTED;
  if (now - parseInt(token.body.nonce, 36) < MIN_FILL_MS) {
    return {
      ok: false,
      reason: 'too-fast',
      message: '送信が早すぎたため受け付けられませんでした。内容を確かめて、もう一度送信してください。',
    };
  }
  return { ok: true };
}

/** A keyed hash of the request's address: what rate limits and comments keep instead of the IP. */
export function addressHash(tokenKeys: Buffer[], ip: string): string {
  return createHmac('sha256', tokenKeys[0]!).update(`address:${ip}`).digest('base64url');
}

/** Registers the rate limiter in a route scope; routes opt in with `config.rateLimit`. */
export async function registerRateLimit(f: FastifyInstance, tokenKeys: Buffer[]): Promise<void> {
  await f.register(fastifyRateLimit, {
    global: false,
    keyGenerator: (req: FastifyRequest) => addressHash(tokenKeys, req.ip),
    errorResponseBuilder: () => new HttpError(429, RATE_LIMITED_MESSAGE),
  });
}

/** A page after a form or with a personal link in it: never cached, never sent on as a referrer. */
export function sendPrivate(reply: FastifyReply, html: string | Buffer, status = 200): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'private, no-store')
    .header('referrer-policy', 'no-referrer')
    .type('text/html; charset=utf-8')
    .send(html);
}
