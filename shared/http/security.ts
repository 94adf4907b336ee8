/**
 * What every response carries, whichever app sends it: a request id (echoed when the caller or
 * API Gateway sent a sane one) that the request's access-log line carries too, security headers (Hono's secure-headers, never overwriting what a
 * route set — the pages keep their own CSP), and CORS: open to every origin for the public register
 * (open data, read by anyone's page or script), an explicit allow-list for the signed-in apps.
 */
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { accessLog } from './access-log.ts';

export const REQUEST_ID_HEADER = 'X-Request-Id';

function baseHeaders(app: string, crossOrigin: boolean): MiddlewareHandler[] {
  return [
    accessLog(app),
    // API Gateway's own id when there is one, so a log line and a support request can be matched.
    requestId({ headerName: REQUEST_ID_HEADER, limitLength: 128, generator: (c) => c.req.header('x-amzn-requestid') ?? randomUUID() }),
    secureHeaders({
      // Data is never to be rendered or framed; pages and /docs set their own policy first.
      contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
      crossOriginResourcePolicy: crossOrigin ? 'cross-origin' : 'same-origin',
      referrerPolicy: 'no-referrer',
      strictTransportSecurity: 'max-age=31536000; includeSubDomains',
      xFrameOptions: 'DENY',
      overwrite: false,
    }),
  ];
}

/** Headers scripts on other origins may read from public responses. */
const EXPOSED = ['ETag', 'Link', 'Last-Modified', 'X-Ledger-Seq', 'X-Ledger-Hash', REQUEST_ID_HEADER, 'Retry-After'];

/** The public register: any origin may read it (GET/HEAD), with its caching and ledger headers. */
export function publicResponses(): MiddlewareHandler[] {
  return [...baseHeaders('public', true), cors({ origin: '*', allowMethods: ['GET', 'HEAD'], exposeHeaders: EXPOSED, maxAge: 86_400 })];
}

/**
 * The signed-in apps: only the listed origins (say, the officials' web client) may call them from
 * a browser. Registered before authentication, so a preflight (which carries no token) is answered.
 */
export function privateResponses(app: 'admin' | 'enterprise', allowedOrigins: readonly string[]): MiddlewareHandler[] {
  return [
    ...baseHeaders(app, false),
    cors({
      origin: (origin) => (allowedOrigins.includes(origin) ? origin : null),
      allowMethods: ['GET', 'HEAD', 'POST', 'PUT'],
      allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key'],
      exposeHeaders: ['ETag', 'Location', REQUEST_ID_HEADER, 'Idempotent-Replayed', 'Retry-After'],
      maxAge: 600,
    }),
  ];
}

/** CORS_ALLOWED_ORIGINS: comma-separated origins allowed to call the signed-in apps from a browser. */
export const allowedOriginsFromEnv = (env: NodeJS.ProcessEnv = process.env) =>
  (env.CORS_ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
