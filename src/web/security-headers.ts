// Security headers (helmet's policy), computed once at start.
//
// Why not @fastify/helmet: it rebuilds helmet's middleware on every request (in a profile of
// the cached-page path its directive parsing took ~6% of the CPU). The headers do not vary
// by request, so they are worked out once here and sent as a ready list: baked into every
// cached page, and added by one onSend hook to everything else.
import helmet from 'helmet';
import type { Config } from '../config.ts';

export type HeaderMap = Record<string, string>;

export function securityHeaders(config: Pick<Config, 'siteUrl'>): HeaderMap {
  const https = config.siteUrl.startsWith('https:');
  const middleware = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        // Imported posts keep their images at the old host; credited lead images may be remote.
        imgSrc: ["'self'", 'https:', 'data:'],
        fontSrc: ["'self'"],
        frameSrc: ['https://www.youtube.com', 'https://www.youtube-nocookie.com', 'https://player.vimeo.com'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
        scriptSrcAttr: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: https ? { maxAge: 31536000, includeSubDomains: false } : false,
    crossOriginEmbedderPolicy: false,
  });
  const headers: HeaderMap = {};
  const response = {
    setHeader(name: string, value: string | number) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  middleware({} as never, response as never, (err?: unknown) => {
    failure = err;
  });
  if (failure) throw failure;
  return headers;
}
