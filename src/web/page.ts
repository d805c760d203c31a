// Serving rendered pages through the page cache, with ETag / Last-Modified / 304 and the
// gzip / brotli copies chosen by Accept-Encoding.
//
// The hit path is deliberately short: one Map lookup, a header comparison, and the ready
// Buffer written with a ready header list straight to Node's response. A request whose URL
// is exactly a page's key is answered before Fastify routes it (answerFromCache, called by
// the HTTP server's request listener); any other URL of a cached route (extra query
// parameters, a trailing slash) is answered by the route itself with the reply hijacked.
// Rendering, hashing and building the headers happen on a miss; the cache keeps a page from
// its second render (cache/page-cache.ts, admission), and its compressed copies are made on
// the first request it answers from the cache (most pages of a large site are fetched once).
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants as zlib, gzip, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { etagOf, type CachedPage } from '../cache/page-cache.ts';
import type { App } from '../app.ts';

export interface Rendered {
  /** The page; bytes when it was assembled as such (pages with post bodies). */
  body: string | Buffer;
  contentType?: string;
  /** Seconds a CDN may keep the page (browsers revalidate with the ETag). */
  sMaxAge?: number;
  extraHeaders?: Record<string, string>;
  /** Sent but not kept (an answer to parameters that are not part of the page's key). */
  noStore?: boolean;
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

/** The security headers as a flat list, made once per set (every page starts with them). */
const securityLists = new WeakMap<Record<string, string>, string[]>();
function securityList(headers: Record<string, string>): string[] {
  let list = securityLists.get(headers);
  if (!list) securityLists.set(headers, (list = flat(headers)));
  return list;
}

/** Bodies smaller than this are sent as they are (compression would save next to nothing). */
const COMPRESS_FROM = 1024;

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** The page as the cache keeps it, plain. Header lists are joined from ready parts: none of a
 * page's own headers is a security header. Compressed copies come later (addCompressedCopies),
 * when the page is asked for again: most pages of a large site are fetched once (a crawler),
 * and compressing every miss grew the process by tens of MB (encoder buffers and the malloc
 * arenas of libuv's threads) for copies nobody read. */
export function toCachedPage(app: App, r: Rendered, lastModified: string): CachedPage {
  const body = typeof r.body === 'string' ? Buffer.from(r.body, 'utf8') : r.body;
  const etag = etagOf(body);
  const security = securityList(app.securityHeaders);
  const validators = ['etag', etag, 'last-modified', lastModified, 'cache-control', cacheControl(r.sMaxAge ?? 60)];
  const extra = r.extraHeaders ? flat(r.extraHeaders) : [];
  const contentType = ['content-type', r.contentType ?? HTML, 'vary', 'Accept-Encoding'];
  return {
    status: 200,
    body,
    etag,
    lastModified,
    rawHeaders: [...security, ...contentType, 'content-length', String(body.length), ...validators, ...extra],
    notModifiedHeaders: [...security, ...validators],
    // Only pages that are kept get copies: made once, sent many times.
    compressLater: app.cache.enabled && !r.noStore && body.length >= COMPRESS_FROM,
  };
}

/** The headers of a compressed copy: the plain ones with its length and encoding, and a weak
 * validator (another representation of the same page, as nginx does). */
function variantHeaders(page: CachedPage, encoded: Buffer, encoding: string): string[] {
  const headers: string[] = [];
  for (let i = 0; i < page.rawHeaders.length; i += 2) {
    const name = page.rawHeaders[i]!;
    if (name === 'content-length') headers.push(name, String(encoded.length), 'content-encoding', encoding);
    else if (name === 'etag') headers.push(name, `W/${page.etag}`);
    else headers.push(name, page.rawHeaders[i + 1]!);
  }
  return headers;
}

/** Pages up to this size are compressed on the main thread, at once (about a millisecond for
 * a post): no encoder buffers in libuv's threads, whose malloc arenas stay grown. */
const COMPRESS_AT_ONCE_UP_TO = 64 * 1024;

function brotliOptions(length: number) {
  return {
    params: {
      // Quality 5: within a few per cent of the best brotli for HTML, at a fraction of the time.
      [zlib.BROTLI_PARAM_QUALITY]: 5,
      [zlib.BROTLI_PARAM_SIZE_HINT]: length,
      [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
      // A window no larger than the page: the encoder's buffers follow it (4 MB by default).
      [zlib.BROTLI_PARAM_LGWIN]: Math.min(22, Math.max(16, Math.ceil(Math.log2(length)))),
    },
  };
}

function withCopies(page: CachedPage, gz: Buffer, br: Buffer): CachedPage {
  return {
    ...page,
    compressLater: false,
    gzip: gz,
    gzipHeaders: variantHeaders(page, gz, 'gzip'),
    br,
    brHeaders: variantHeaders(page, br, 'br'),
  };
}

/** A stored page asked for again: its compressed copies are made now (once) and put in its
 * place in the cache, if it is still there. A small page is compressed at once and this
 * answer may already be a copy; a large one off the event loop, this answer going out plain. */
function addCompressedCopies(app: App, key: string, page: CachedPage): CachedPage {
  if (!page.compressLater) return page;
  page.compressLater = false; // one compression, however many requests arrive meanwhile
  const body = page.body;
  if (body.length <= COMPRESS_AT_ONCE_UP_TO) {
    const fuller = withCopies(page, gzipSync(body, { level: 6 }), brotliCompressSync(body, brotliOptions(body.length)));
    app.cache.replace(key, page, fuller);
    return fuller;
  }
  Promise.all([gzipAsync(body, { level: 6 }), brotliAsync(body, brotliOptions(body.length))]).then(
    ([gz, br]) => app.cache.replace(key, page, withCopies(page, gz, br)),
    () => {}, // only out of memory; the page stays plain, which every client can read
  );
  return page;
}

function notModified(headers: IncomingHttpHeaders, page: CachedPage): boolean {
  const inm = headers['if-none-match'];
  if (inm !== undefined)
    return inm === page.etag || inm.split(/\s*,\s*/).some((t) => t === page.etag || t === `W/${page.etag}` || t === '*');
  const ims = headers['if-modified-since'];
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && since >= Date.parse(page.lastModified);
}

type Encoding = 'br' | 'gzip' | undefined;
const encodingMemo = new Map<string, Encoding>();

/** The best encoding an Accept-Encoding header allows (br, then gzip), honouring q=0. */
export function chooseEncoding(header: string | undefined): Encoding {
  if (!header) return undefined;
  const known = encodingMemo.get(header);
  if (known !== undefined || encodingMemo.has(header)) return known;
  const accepted = new Map<string, number>();
  for (const part of header.slice(0, 500).split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
    accepted.set(name!.trim(), q ? Number(q[1]) : 1);
  }
  const ok = (name: string) => (accepted.get(name) ?? (accepted.has('*') ? accepted.get('*')! : 0)) > 0;
  const choice: Encoding = ok('br') ? 'br' : ok('gzip') ? 'gzip' : undefined;
  if (encodingMemo.size < 256) encodingMemo.set(header, choice); // browsers send a handful of forms
  return choice;
}

/** Writes a cached page (or its 304) to Node's response. */
export function writePage(headers: IncomingHttpHeaders, res: ServerResponse, page: CachedPage): void {
  if (notModified(headers, page)) {
    res.writeHead(304, page.notModifiedHeaders);
    res.end();
    return;
  }
  const encoding = page.br || page.gzip ? chooseEncoding(headers['accept-encoding']) : undefined;
  if (encoding === 'br' && page.br) {
    res.writeHead(page.status, page.brHeaders);
    res.end(page.br);
  } else if (encoding === 'gzip' && page.gzip) {
    res.writeHead(page.status, page.gzipHeaders);
    res.end(page.gzip);
  } else {
    res.writeHead(page.status, page.rawHeaders);
    res.end(page.body);
  }
}

export function sendPage(req: FastifyRequest, reply: FastifyReply, page: CachedPage): void {
  reply.hijack();
  writePage(req.headers, reply.raw, page);
}

/** Answers a GET whose URL is exactly a cached page's key, before any routing; false when
 * the request must go on to Fastify. */
export function answerFromCache(app: App, req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET' || req.url === undefined) return false;
  const page = app.cache.get(req.url);
  if (!page) return false;
  writePage(req.headers, res, addCompressedCopies(app, req.url, page));
  return true;
}

/** How a route's query parameter enters the page's key: its canonical value, or undefined
 * when it is absent or has its default value (then it does not enter the key). */
export type KeyParam = (value: string) => string | undefined;

/** ?page=: 1 and none are one entry; "02" is 2. Anything else is kept as is (the route
 * answers it with a 400, which is never stored). */
export const pageKey: KeyParam = (v) => (v === '' || /^0*1$/.test(v) ? undefined : /^\d{1,6}$/.test(v) ? String(Number(v)) : v);
/** A parameter taken as it is. */
export const plainKey: KeyParam = (v) => (v === '' ? undefined : v);

/** The cache key of a request: its path without a trailing slash, and only the query
 * parameters the route reads, in a fixed order, each canonical. */
export function pageKeyOf(url: string, params: Record<string, KeyParam> = {}): string {
  const q = url.indexOf('?');
  let path = q < 0 ? url : url.slice(0, q);
  if (path.length > 1 && path.endsWith('/')) path = path.replace(/\/+$/, '') || '/';
  const names = Object.keys(params);
  if (q < 0 || !names.length) return path;
  const search = new URLSearchParams(url.slice(q + 1));
  const parts: string[] = [];
  for (const name of names.sort()) {
    const raw = search.get(name);
    const value = raw === null ? undefined : params[name]!(raw);
    if (value !== undefined) parts.push(`${name}=${encodeURIComponent(value)}`);
  }
  return parts.length ? `${path}?${parts.join('&')}` : path;
}

/** A GET handler whose answer depends only on the path, the named query parameters and the
 * content. */
export function cachedPage(
  app: App,
  render: (req: FastifyRequest) => Promise<Rendered>,
  params?: Record<string, KeyParam>,
): RouteHandlerMethod {
  return async function (req, reply) {
    const key = pageKeyOf(req.url, params);
    const hit = app.cache.get(key);
    if (hit) return sendPage(req, reply, addCompressedCopies(app, key, hit));
    const version = app.cache.version;
    const rendered = await render(req);
    const page = toCachedPage(app, rendered, app.cache.lastModified);
    if (!rendered.noStore) app.cache.set(key, page, version);
    return sendPage(req, reply, page);
  };
}
