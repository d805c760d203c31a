// Environment → validated settings. Every value the operator can set is read here and
// nowhere else, so a typo stops the start with one line naming the variable.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_TIME_ZONE, isValidTimeZone } from './time.ts';

export interface Config {
  port: number;
  host: string;
  siteUrl: string;
  dataDir: string;
  databaseUrl: string;
  /** 'sqlite' for a file path or sqlite: URL, 'postgres' for postgres:// URLs. */
  databaseKind: 'sqlite' | 'postgres';
  /** Rendered-page cache on/off (off is for measuring the render path). */
  pageCache: boolean;
  /** Upper bound of the page cache's memory, in bytes. */
  pageCacheBytes: number;
  /** The server keeps V8's young generation at 8 MB (bin/kawaraban.js); off, V8 sizes it
   * (serve.ts, `useSmallHeap`). */
  smallHeap: boolean;
  /** Searches (page or API) one address may make per minute. */
  searchPerMinute: number;
  /** How often (ms) a process checks whether another process changed content. */
  cachePollMs: number;
  logLevel: string;
  /** Largest accepted upload, in bytes. */
  maxUploadBytes: number;
  /** Which proxies' X-Forwarded-For to believe (for the client IP in throttling and the
   * audit log): false, or addresses / CIDR ranges / 'loopback'. */
  trustProxy: false | string[];
  /** Past this event-loop delay (ms) uncached requests get 503 (load shedding). */
  maxEventLoopDelayMs: number;
  /** Keys for personal data at rest, "id:base64" each, the first one current; undefined:
   * a key file in the data directory (made on first use). */
  dataKeys: string | undefined;
  /** Where mail goes (smtp://user:pass@host:port, smtps://…); undefined: mail waits in the
   * outbox and the log says why. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** The site's time zone (IANA name): dates shown, typed and archived are read in it. */
  timeZone: string;
  /** Mails sent a minute, across all processes (MAIL_RATE_PER_MINUTE). */
  mailRatePerMinute: number;
}

export class ConfigError extends Error {}

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  SITE_URL: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://')
    .optional(),
  KAWARABAN_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .min(1)
    .refine((u) => (u.includes('://') ? /^postgres(ql)?:\/\//.test(u) : true), 'must be postgres://… or a SQLite file path')
    .optional(),
  MAIL_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(600),
  KAWARABAN_PAGE_CACHE: z.enum(['on', 'off']).default('on'),
  // 8 MB keeps some 700 pages (their gzip and brotli copies): the pages being read. A larger
  // bound costs 1.6× its size in resident memory (bench/README, memory and start).
  KAWARABAN_PAGE_CACHE_MB: z.coerce.number().min(1).max(65536).default(8),
  KAWARABAN_SMALL_HEAP: z.enum(['on', 'off']).default('on'),
  KAWARABAN_SEARCH_PER_MINUTE: z.coerce.number().int().min(1).max(100000).default(60),
  KAWARABAN_CACHE_POLL_MS: z.coerce.number().int().min(50).max(60000).default(500),
  KAWARABAN_MAX_UPLOAD_MB: z.coerce.number().min(1).max(200).default(10),
  TRUST_PROXY: z
    .string()
    .regex(/^[\w.:/,\s]+$/, 'must be addresses, CIDR ranges or loopback, separated by commas')
    .optional(),
  KAWARABAN_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(10).max(60000).default(500),
  KAWARABAN_DATA_KEYS: z
    .string()
    .regex(
      /^\s*[A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/=_-]{43,44}\s*(,\s*[A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/=_-]{43,44}\s*)*$/,
      'must be id:base64-of-32-bytes, comma-separated, current key first (make one with: npx kawaraban keys new)',
    )
    .optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must be smtp://host:port or smtps://user:password@host:port')
    .optional(),
  MAIL_FROM: z.string().min(3).max(200).optional(),
  KAWARABAN_TIME_ZONE: z.string().refine(isValidTimeZone, 'must be a time zone name such as Asia/Tokyo or UTC').default(DEFAULT_TIME_ZONE),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Reads `.env` (when present) without overriding variables already set. */
export function loadDotEnv(file = '.env'): void {
  if (existsSync(file)) process.loadEnvFile(file);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings are treated as unset: `PORT=` in a .env file should mean "default".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'configuration');
    throw new ConfigError(`Invalid ${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.KAWARABAN_DATA_DIR);
  const databaseUrl = e.DATABASE_URL ?? path.join(dataDir, 'kawaraban.sqlite');
  const databaseKind = /^postgres(ql)?:\/\//.test(databaseUrl) ? 'postgres' : 'sqlite';
  const siteUrl = (e.SITE_URL ?? `http://${e.HOST === '0.0.0.0' ? '127.0.0.1' : e.HOST}:${e.PORT}`).replace(/\/+$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    siteUrl,
    dataDir,
    databaseUrl,
    databaseKind,
    pageCache: e.KAWARABAN_PAGE_CACHE === 'on',
    pageCacheBytes: Math.round(e.KAWARABAN_PAGE_CACHE_MB * 1024 * 1024),
    smallHeap: e.KAWARABAN_SMALL_HEAP === 'on',
    searchPerMinute: e.KAWARABAN_SEARCH_PER_MINUTE,
    cachePollMs: e.KAWARABAN_CACHE_POLL_MS,
    logLevel: e.LOG_LEVEL,
    maxUploadBytes: Math.round(e.KAWARABAN_MAX_UPLOAD_MB * 1024 * 1024),
    maxEventLoopDelayMs: e.KAWARABAN_MAX_EVENT_LOOP_DELAY_MS,
    trustProxy: e.TRUST_PROXY
      ? e.TRUST_PROXY.split(',')
          .map((x) => x.trim())
          .filter(Boolean)
      : false,
    dataKeys: e.KAWARABAN_DATA_KEYS,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM ?? `no-reply@${new URL(siteUrl).hostname}`,
    timeZone: e.KAWARABAN_TIME_ZONE,
    mailRatePerMinute: e.MAIL_RATE_PER_MINUTE,
  };
}

/** The SQLite file path a DATABASE_URL names (sqlite:/x, file:/x or a plain path). */
export function sqlitePath(databaseUrl: string): string {
  return path.resolve(databaseUrl.replace(/^(sqlite|file):(\/\/)?/, ''));
}
