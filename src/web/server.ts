// The HTTP server: security headers, static files, the route groups, and error pages.
// Routes are thin; this file only wires them.
import fastifyStatic from '@fastify/static';
import underPressure from '@fastify/under-pressure';
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { publicDir, type App } from '../app.ts';
import { publicMediaDir } from '../media/service.ts';
import { renderStatusPage } from '../render/pages/status.tsx';
import { formatBytes } from '../media/sizes.ts';
import { redirectFor } from '../import/service.ts';
import { apiRoutes } from './api-routes.ts';
import { HttpError, MovedPermanently } from './errors.ts';
import { feedRoutes } from './feed-routes.ts';
import { healthRoutes } from './health-routes.ts';
import { publicRoutes } from './public-routes.ts';
import { eventRoutes } from './event-routes.ts';
import { toolRoutes } from './tool-routes.ts';
import { subscriptionRoutes } from './subscription-routes.ts';
import { commentRoutes } from './comment-routes.ts';
import { adminRoutes } from './admin/index.ts';
import { answerFromCache } from './page.ts';
import { Forbidden } from './admin/guard.ts';
import { ensureEditorBundle } from '../editor/build.ts';

export interface ServerOptions {
  logLevel?: string;
  /** Where log lines go (tests read them to check that no personal data is logged). */
  logStream?: { write(line: string): void };
  /** Tests force the "overloaded" state with a health check that says no. */
  healthCheck?: () => Promise<boolean>;
}

function wantsJson(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/');
}

async function siteTitle(app: App): Promise<string> {
  try {
    return (await app.siteContext()).settings.title;
  } catch {
    return '瓦版';
  }
}

async function sendStatus(app: App, req: FastifyRequest, reply: FastifyReply, status: number, message?: string): Promise<FastifyReply> {
  reply.code(status).header('cache-control', status === 404 ? 'public, max-age=0, s-maxage=60' : 'no-store');
  if (wantsJson(req)) return reply.type('application/json; charset=utf-8').send({ error: message ?? defaultMessage(status), status });
  // Error pages never read the database except for the site title, which may fail quietly.
  const title = status === 500 || status === 503 ? '瓦版' : await siteTitle(app);
  return reply.type('text/html; charset=utf-8').send(renderStatusPage(status, title, app.styleUrl, status === 500 ? undefined : message));
}

function defaultMessage(status: number): string {
  if (status === 503) return 'ただいま混み合っています。少し待ってからもう一度お試しください。';
  return status === 404 ? '見つかりません' : status === 400 ? 'リクエストが正しくありません' : 'サーバーで問題が起きました';
}

export async function buildServer(app: App, options: ServerOptions = {}): Promise<FastifyInstance> {
  const f = Fastify({
    // Cached pages are answered by the server's request listener before Fastify routes them.
    serverFactory: (handler) => createServer((req, res) => answerFromCache(app, req, res) || handler(req, res)),
    logger: { level: options.logLevel ?? app.config.logLevel, ...(options.logStream ? { stream: options.logStream } : {}) },
    // Access logs belong to the proxy in front; per-request logging would cost every cache hit.
    logController: new LogController({ disableRequestLogging: true }),
    // Requests Node itself rejects (raw bytes in the URL, broken headers) get a short Japanese answer.
    clientErrorHandler: (err, socket) => {
      const body = 'リクエストが正しくありません。アドレスをお確かめください。';
      if (socket.writable) {
        socket.end(
          `HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
      }
      void err;
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    trustProxy: app.config.trustProxy,
    // Malformed URLs (%FF and the like) get the Japanese 400 page, not Fastify's JSON.
    frameworkErrors: (err, req, reply) => {
      void sendStatus(app, req, reply, 400, err.code === 'FST_ERR_BAD_URL' ? 'アドレスに使えない文字が含まれています。' : undefined);
    },
  });

  // Overload: when the event loop lags (more requests than the process can serve), answer
  // 503 with Retry-After at once instead of queueing without bound — except for pages already
  // in the cache, which cost next to nothing and keep being served.
  await f.register(underPressure, {
    maxEventLoopDelay: app.config.maxEventLoopDelayMs,
    retryAfter: 10,
    ...(options.healthCheck ? { healthCheck: options.healthCheck, healthCheckInterval: 50 } : {}),
    // The plugin sends what this returns, and lets the request through when it returns
    // nothing (its type says void, its code does both).
    pressureHandler: ((req: FastifyRequest, reply: FastifyReply) => {
      if (req.method === 'GET' && app.cache.has(req.url)) return undefined;
      reply.code(503).header('retry-after', '10').header('cache-control', 'no-store').headers(app.securityHeaders);
      if (wantsJson(req)) {
        reply.type('application/json; charset=utf-8');
        return { error: defaultMessage(503), status: 503 };
      }
      reply.type('text/html; charset=utf-8');
      return renderStatusPage(503, '瓦版', app.styleUrl);
    }) as unknown as () => void,
  });

  // Security headers on everything Fastify sends; cached pages carry them already (page.ts).
  f.addHook('onSend', async (_req, reply, payload) => {
    reply.headers(app.securityHeaders);
    return payload;
  });

  // The visual editor's bundle, when `npm install` did not build it.
  await ensureEditorBundle();
  await f.register(fastifyStatic, {
    root: publicDir,
    prefix: '/static/',
    // URLs carry a content hash (?v=…), so a year is safe.
    maxAge: '365d',
    immutable: true,
    index: false,
  });

  // Set before the routes are registered: route plugins inherit the handlers they see then.
  // Old URLs of an imported blog (archives/NNNNNNNN.html …) answer 301 to their new page.
  f.setNotFoundHandler(async (req, reply) => {
    const path = req.url.split('?')[0]!;
    if (req.method === 'GET' && path.length <= 500) {
      const to = await redirectFor(app.db, path).catch(() => undefined);
      if (to) return reply.code(301).header('cache-control', 'public, max-age=86400').redirect(to);
    }
    return sendStatus(app, req, reply, 404);
  });

  f.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof MovedPermanently) return reply.code(301).header('cache-control', 'public, max-age=86400').redirect(err.location);
    if (err instanceof Forbidden) return sendStatus(app, req, reply, 403, err.message);
    if (err instanceof HttpError)
      return sendStatus(app, req, reply, err.status, err.message === String(err.status) ? undefined : err.message);
    if (err.statusCode === 413) {
      return sendStatus(
        app,
        req,
        reply,
        413,
        `ファイルが大きすぎます（上限 ${formatBytes(app.config.maxUploadBytes)}）。小さくしてからもう一度お試しください。`,
      );
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)
      return sendStatus(app, req, reply, err.statusCode === 404 ? 404 : 400);
    req.log.error({ err: { message: err.message, stack: err.stack, code: err.code }, url: req.url.split('?')[0] }, 'request failed');
    return sendStatus(app, req, reply, 500);
  });

  // Uploaded images (WebP copies without metadata). File names are random and never reused.
  mkdirSync(publicMediaDir(app.config.dataDir), { recursive: true });
  await f.register(fastifyStatic, {
    root: publicMediaDir(app.config.dataDir),
    prefix: '/media/',
    decorateReply: false,
    maxAge: '365d',
    immutable: true,
    index: false,
  });

  await f.register(healthRoutes(app));
  await f.register(publicRoutes(app));
  await f.register(eventRoutes(app));
  await f.register(toolRoutes(app));
  await f.register(subscriptionRoutes(app));
  await f.register(commentRoutes(app));
  await f.register(feedRoutes(app));
  await f.register(apiRoutes(app));
  await f.register(adminRoutes(app));

  return f;
}
