// A small browser stand-in for admin HTTP tests: keeps cookies, reads CSRF tokens from the
// last page, posts forms through Fastify's inject.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { cliActor } from '../audit/service.ts';
import { beginTotpEnrolment, confirmTotpEnrolment, createUser, secondFactorRequired, signIn } from '../accounts/service.ts';
import { addRecoveryCodes } from '../accounts/store.ts';
import { currentTotp, newRecoveryCodes, recoveryCodeHash } from '../accounts/totp.ts';
import type { Db } from '../db/connection.ts';
import type { Role } from '../db/schema.ts';
import { multipart } from './multipart.ts';
import { sealerOf } from './sealers.ts';

export const TEST_PASSWORD = 'correct horse battery staple';

export class AdminClient {
  readonly cookies = new Map<string, string>();
  lastBody = '';

  constructor(private readonly server: FastifyInstance) {}

  private remember(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies) {
      if (c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now()) || c.value === '') this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    this.lastBody = res.body;
    return res;
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.remember(await this.server.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader() } }));
  }

  /** Posts a form; `_csrf` / `_form` are taken from the last page unless given. */
  async post(url: string, fields: Record<string, string | string[]>, opts: { csrf?: boolean } = {}): Promise<LightMyRequestResponse> {
    const form = new URLSearchParams();
    const withTokens = opts.csrf === false ? fields : { ...this.tokens(), ...fields };
    for (const [k, v] of Object.entries(withTokens)) for (const one of Array.isArray(v) ? v : [v]) form.append(k, one);
    return this.remember(
      await this.server.inject({
        method: 'POST',
        url,
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: form.toString(),
      }),
    );
  }

  /** Posts a multipart form (with a file), the CSRF token taken from the last page. */
  async postMultipart(
    url: string,
    fields: Record<string, string>,
    file?: { name: string; type: string; bytes: Buffer },
  ): Promise<LightMyRequestResponse> {
    // As the page's form does: the token in the address, so it is checked before the body.
    const token = this.tokens()._csrf ?? '';
    const { body, type } = await multipart({ _csrf: token, ...fields }, file);
    const withToken = url.includes('_csrf=') ? url : `${url}${url.includes('?') ? '&' : '?'}_csrf=${encodeURIComponent(token)}`;
    return this.remember(
      await this.server.inject({
        method: 'POST',
        url: withToken,
        payload: body,
        headers: { 'content-type': type, cookie: this.cookieHeader() },
      }),
    );
  }

  /** The hidden fields of the last page (first of each name), as a browser would send them. */
  tokens(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const m of this.lastBody.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
      if (!(m[1]! in out)) out[m[1]!] = m[2]!;
    }
    return out;
  }

  /** Signs in through the pages (password, then a second-factor code: the one given, or
   * else a recovery code of a user made by createTestUser). */
  async signIn(email: string, secondFactorCode?: string, password = TEST_PASSWORD): Promise<LightMyRequestResponse> {
    await this.get('/admin/login');
    let res = await this.post('/admin/login', { email, password });
    secondFactorCode ??= res.headers.location === '/admin/login/2fa' ? await enrolled.get(email.toLowerCase())?.nextCode() : undefined;
    if (secondFactorCode && res.headers.location === '/admin/login/2fa') {
      await this.get('/admin/login/2fa');
      res = await this.post('/admin/login/2fa', { code: secondFactorCode });
    }
    return res;
  }
}

export interface TestUser {
  id: number;
  secret?: string;
  /** Recovery codes: each signs in once, so tests can sign the same user in many times
   * (a TOTP code is accepted once per 30 seconds). */
  codes: string[];
}

/** Users made by createTestUser with a second factor, by email (the latest of each). */
const enrolled = new Map<string, { nextCode(): Promise<string> }>();

/** Creates a user; owners and editors (and anyone asked) get TOTP enrolled. */
export async function createTestUser(db: Db, email: string, role: Role, withTotp = secondFactorRequired(role)): Promise<TestUser> {
  const id = await createUser(db, { email, displayName: email.split('@')[0]!, role, password: TEST_PASSWORD }, cliActor);
  if (!withTotp) return { id, codes: [] };
  const r = await signIn(db, email, TEST_PASSWORD, '127.0.0.1', 'setup');
  if (!r.ok) throw new Error('sign-in failed');
  const secret = await beginTotpEnrolment(db, sealerOf(db), id);
  // The previous step's code, so the current one is still unused for the test's own sign-in.
  const codes = await confirmTotpEnrolment(
    db,
    sealerOf(db),
    r.session,
    { code: await currentTotp(secret, Math.floor(Date.now() / 1000) - 30) },
    '127.0.0.1',
  );
  const user: TestUser = { id, secret, codes: codes ?? [] };
  // Spare codes for AdminClient.signIn without a code (the test's own list stays untouched).
  let spare: string[] = [];
  enrolled.set(email.toLowerCase(), {
    async nextCode() {
      if (!spare.length) {
        spare = newRecoveryCodes();
        await addRecoveryCodes(db.kysely, id, spare.map(recoveryCodeHash));
      }
      return spare.pop()!;
    },
  });
  return user;
}
