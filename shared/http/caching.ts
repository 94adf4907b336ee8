/**
 * HTTP caching for public GETs: strong ETags (the handler's, or a digest of the body), 304 on a
 * matching If-None-Match (RFC 9110 §13.1.2), and Cache-Control a CDN can act on.
 */
import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';

/** Headers a 304 must repeat from the 200 it stands for (RFC 9110 §15.4.5). */
const KEPT_ON_304 = ['cache-control', 'content-location', 'date', 'etag', 'expires', 'vary', 'last-modified'];

function matches(etag: string, ifNoneMatch: string): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === bare);
}

export function conditionalGet(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || c.res.status !== 200) return;
    let etag = c.res.headers.get('ETag');
    if (!etag) {
      if (!c.res.body || c.res.headers.get('Content-Type')?.startsWith('text/event-stream')) return;
      const body = new Uint8Array(await c.res.clone().arrayBuffer());
      etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
      c.res.headers.set('ETag', etag);
    }
    const ifNoneMatch = c.req.header('If-None-Match');
    if (ifNoneMatch && matches(etag, ifNoneMatch)) {
      const headers = new Headers();
      for (const name of KEPT_ON_304) {
        const value = c.res.headers.get(name);
        if (value !== null) headers.set(name, value);
      }
      await c.res.body?.cancel();
      c.res = new Response(null, { status: 304, headers });
    }
  };
}

/**
 * Cache-Control for public data: browsers revalidate after `maxAge`, a CDN may serve stale
 * content briefly while it refetches. Short on purpose — a repair must show up "at once".
 */
export function cachePublic(c: Context, maxAgeSeconds = 30): void {
  c.header('Cache-Control', `public, max-age=${maxAgeSeconds}, s-maxage=${maxAgeSeconds}, stale-while-revalidate=60`);
}
