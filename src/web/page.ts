// Serving rendered pages through the page cache, with ETag / Last-Modified / 304.
//
// The hit path is deliberately short: one Map lookup, a header comparison, and the ready
// Buffer written with a ready header list straight to Node's response (the reply is
// hijacked, so no Fastify serialisation or hooks run). Rendering, hashing and building the
// headers happen once, on a miss.
import type { FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { etagOf, type CachedPage } from '../cache/page-cache.ts';
import type { App } from '../app.ts';

export interface Rendered {
  body: string;
  contentType?: string;
  /** Seconds a CDN may keep the page (browsers revalidate with the ETag). */
  sMaxAge?: number;
  extraHeaders?: Record<string, string>;
}

export const HTML = 'text/html; charset=utf-8';

/** Browsers revalidate every time (cheap, 304); a CDN keeps the page a while and may serve a
 * stale copy while it refetches, which is what carries a viral post. */
function cacheControl(sMaxAge: number): string {
  return `public, max-age=0, must-revalidate, s-maxage=${sMaxAge}, stale-while-revalidate=30, stale-if-error=86400`;
}

function flat(headers: Record<string, string>): string[] {
  return Object.entries(headers).flat();
}

export function toCachedPage(app: App, r: Rendered, lastModified: string): CachedPage {
  const body = Buffer.from(r.body, 'utf8');
  const etag = etagOf(body);
  const validators = { etag, 'last-modified': lastModified, 'cache-control': cacheControl(r.sMaxAge ?? 60) };
  const headers = {
    ...app.securityHeaders,
    'content-type': r.contentType ?? HTML,
    'content-length': String(body.length),
    vary: 'Accept-Encoding',
    ...validators,
    ...r.extraHeaders,
  };
  return {
    status: 200,
    body,
    etag,
    lastModified,
    headers,
    rawHeaders: flat(headers),
    notModifiedHeaders: flat({ ...app.securityHeaders, ...validators }),
  };
}

function notModified(req: FastifyRequest, page: CachedPage): boolean {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) return inm === page.etag || inm.split(/\s*,\s*/).some((t) => t === page.etag || t === `W/${page.etag}` || t === '*');
  const ims = req.headers['if-modified-since'];
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && since >= Date.parse(page.lastModified);
}

export function sendPage(req: FastifyRequest, reply: FastifyReply, page: CachedPage): void {
  reply.hijack();
  const res = reply.raw;
  if (notModified(req, page)) {
    res.writeHead(304, page.notModifiedHeaders);
    res.end();
  } else {
    res.writeHead(page.status, page.rawHeaders);
    res.end(page.body);
  }
}

/** A GET handler whose answer depends only on the URL and the content. `fresh`, if given,
 * changes what must differ per response (a form's time token) in the stored page's copy. */
export function cachedPage(app: App, render: (req: FastifyRequest) => Promise<Rendered>, fresh?: (page: CachedPage) => CachedPage): RouteHandlerMethod {
  return async function (req, reply) {
    const key = req.url;
    const hit = app.cache.get(key);
    if (hit) return sendPage(req, reply, fresh ? fresh(hit) : hit);
    const version = app.cache.version;
    const page = toCachedPage(app, await render(req), app.cache.lastModified);
    app.cache.set(key, page, version);
    return sendPage(req, reply, page);
  };
}
