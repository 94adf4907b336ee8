/**
 * One structured line per request: the request id, the route's pattern (never the raw path or
 * query, which may carry what someone typed), the status and the time taken. No headers, no body,
 * no principal: nothing personal. Server errors are logged at `error` with their cause by onError.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { log } from '../log.ts';

/**
 * The pattern of the route that answered (`/v1/enterprises/:uscc`), or `*` when no route did
 * (a 404, or middleware refusing first): after the chain has run, `routeIndex` points at the
 * last handler that ran, and middleware is registered for method ALL.
 */
function answeredBy(c: Context): string {
  const route = matchedRoutes(c)[c.req.routeIndex];
  return route && route.method !== 'ALL' ? route.path : '*';
}

export function accessLog(app: string): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const status = c.res.status;
    log(status >= 500 ? 'error' : 'info', 'request', {
      app,
      requestId: c.get('requestId' as never) as string | undefined,
      method: c.req.method,
      route: answeredBy(c),
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}
