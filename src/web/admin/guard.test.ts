// The admin's guard, proved on every registered admin route (so a route added tomorrow is
// covered the day it is added): no session → the sign-in page; a role it does not declare →
// 403; a state change without the session's CSRF token → 403. And a route that declares no
// roles does not start.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type RouteOptions } from 'fastify';
import type { Role } from '../../db/schema.ts';
import { AdminClient, createTestUser } from '../../testing/admin-client.ts';
import { createTestSite, type TestSite } from '../../testing/app.ts';
import { multipart } from '../../testing/multipart.ts';
import { adminRoutesOf, installGuard, type AdminRouteConfig } from './guard.ts';

/** The only admin pages open before signing in. */
const OPEN = ['/admin/', '/admin/setup', '/admin/login'];

interface Case {
  method: string;
  url: string;
  config: AdminRouteConfig;
}

function casesOf(routes: readonly RouteOptions[]): Case[] {
  return routes.flatMap((r) =>
    [r.method]
      .flat()
      .filter((m) => m !== 'HEAD')
      .map((method) => ({ method, url: r.url.replace(/:[a-z]+/gi, '1'), config: (r.config ?? {}) as AdminRouteConfig })),
  );
}

const changes = (c: Case) => c.config.changesState ?? !(c.method === 'GET' || c.method === 'HEAD');

describe('admin guard, on every registered admin route', () => {
  let site: TestSite;
  const clients = new Map<Role, AdminClient>();
  let cases: Case[];

  before(async () => {
    site = await createTestSite();
    for (const role of ['owner', 'editor', 'author'] as const) {
      await createTestUser(site.app.db, `${role}@example.jp`, role, true);
      const c = new AdminClient(site.server);
      assert.equal((await c.signIn(`${role}@example.jp`)).headers.location, '/admin/');
      clients.set(role, c);
    }
    cases = casesOf(adminRoutesOf(site.app));
  });
  after(() => site.close());

  function send(c: Case, cookie: string, opts: { token?: string } = {}) {
    const form = new URLSearchParams(opts.token ? { _csrf: opts.token } : { x: '1' }).toString();
    return site.server.inject({
      method: c.method as 'GET',
      url: c.url,
      headers: { cookie, ...(c.method === 'GET' ? {} : { 'content-type': 'application/x-www-form-urlencoded' }) },
      ...(c.method === 'GET' ? {} : { payload: form }),
    });
  }
  const cookieOf = (role: Role) => [...clients.get(role)!.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const tokenOf = async (role: Role) => {
    await clients.get(role)!.get('/admin/account');
    return clients.get(role)!.tokens()._csrf!;
  };

  it('finds every admin route, each declaring who may use it', () => {
    assert.ok(cases.length >= 45, `only ${cases.length} admin routes found`);
    for (const c of cases) {
      if (c.config.roles === 'anyone') assert.ok(OPEN.includes(c.url), `${c.method} ${c.url} is open to anyone`);
      else assert.ok(Array.isArray(c.config.roles) && c.config.roles.length > 0, `${c.method} ${c.url} declares no roles`);
    }
  });

  it('sends a request without a session to the sign-in page', async () => {
    for (const c of cases.filter((c) => c.config.roles !== 'anyone')) {
      const res = await send(c, '');
      assert.equal(res.statusCode, 303, `${c.method} ${c.url}`);
      assert.equal(res.headers.location, '/admin/login', `${c.method} ${c.url}`);
    }
  });

  it('answers 403 to a role the route does not declare', async () => {
    let checked = 0;
    for (const c of cases.filter((c) => Array.isArray(c.config.roles))) {
      const wrong = (['author', 'editor', 'owner'] as const).find((r) => !(c.config.roles as readonly Role[]).includes(r));
      if (!wrong) continue;
      const res = await send(c, cookieOf(wrong), { token: await tokenOf(wrong) });
      assert.equal(res.statusCode, 403, `${c.method} ${c.url} as ${wrong}`);
      checked++;
    }
    assert.ok(checked >= 20, `only ${checked} routes are limited by role`);
  });

  it('answers 403 to a state change without the CSRF token, before reading an upload', async () => {
    let checked = 0;
    for (const c of cases.filter((c) => Array.isArray(c.config.roles) && changes(c))) {
      const role = (c.config.roles as readonly Role[])[0]!;
      let res;
      if (c.config.upload) {
        // The form's own token, but in the body only: an upload's token must be in its address.
        const { body, type } = await multipart({ _csrf: await tokenOf(role), title: 'x' });
        res = await site.server.inject({
          method: c.method as 'POST',
          url: c.url,
          payload: body,
          headers: { 'content-type': type, cookie: cookieOf(role) },
        });
      } else {
        res = await send(c, cookieOf(role));
      }
      assert.equal(res.statusCode, 403, `${c.method} ${c.url} as ${role}`);
      assert.match(res.body, /正しくない送信/, `${c.method} ${c.url}`);
      checked++;
    }
    assert.ok(checked >= 30, `only ${checked} state-changing routes`);
  });

  it('does not start with an admin route that declares no roles', async () => {
    const f = Fastify();
    installGuard(site.app, f);
    await assert.rejects(async () => {
      f.get('/admin/forgotten', async () => 'open to all');
      await f.ready();
    }, /declares no roles/);
  });
});
