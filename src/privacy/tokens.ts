// Signed, expiring tokens in links and forms: "<purpose>.<subject>.<expires>.<nonce>.<mac>".
// The MAC (HMAC-SHA256 with a key derived for tokens) covers everything before it, so a
// token cannot be altered, moved to another purpose, or extended. Several keys verify (the
// current one signs): a key rotation does not break links already sent.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type TokenPurpose = 'confirm' | 'access' | 'form' | 'withdraw' | 'subscribe' | 'subscriber';

export interface TokenBody {
  subject: string;
  expiresAt: Date;
  nonce: string;
}

export type TokenCheck = { ok: true; body: TokenBody } | { ok: false; reason: 'invalid' | 'expired' };

function mac(key: Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text).digest();
}

export function newNonce(): string {
  return randomBytes(12).toString('base64url');
}

export function signToken(keys: Buffer[], purpose: TokenPurpose, subject: string, expiresAt: Date, nonce = newNonce()): string {
  const text = `${purpose}.${subject}.${Math.floor(expiresAt.getTime() / 1000).toString(36)}.${nonce}`;
  return `${text}.${mac(keys[0]!, text).toString('base64url')}`;
}

export function verifyToken(keys: Buffer[], token: unknown, purpose: TokenPurpose, now = new Date()): TokenCheck {
  if (typeof token !== 'string' || token.length > 300) return { ok: false, reason: 'invalid' };
  const parts = token.split('.');
  if (parts.length !== 5) return { ok: false, reason: 'invalid' };
  const [p, subject, exp, nonce, sig] = parts as [string, string, string, string, string];
  const text = `${p}.${subject}.${exp}.${nonce}`;
  const given = Buffer.from(sig, 'base64url');
  const valid = keys.some((k) => {
    const expected = mac(k, text);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!valid || p !== purpose) return { ok: false, reason: 'invalid' };
  const expiresAt = new Date(parseInt(exp, 36) * 1000);
  if (Number.isNaN(expiresAt.getTime())) return { ok: false, reason: 'invalid' };
  if (expiresAt.getTime() < now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, body: { subject, expiresAt, nonce } };
}
