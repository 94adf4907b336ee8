/**
 * Pagination: a capped `limit`, an opaque `cursor`, and the next page both in the body (`next`)
 * and as an RFC 8288 `Link: <…>; rel="next"` header.
 */
import type { Context } from 'hono';
import { z } from '@hono/zod-openapi';

export const MAX_LIMIT = 100;

export const limitParam = (max = MAX_LIMIT, fallback = 20) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(max)
    .default(fallback)
    .openapi({ description: `Items per page (1–${max}; more is refused, not clamped).`, example: fallback });

export const cursorParam = z
  .string()
  .min(1)
  .max(2048)
  .optional()
  .openapi({ description: 'Opaque cursor from the previous page’s `next` link.' });

/** The URL of the next page (relative to the origin), set as `Link` too; undefined at the end. */
export function nextLink(c: Context, params: Record<string, string | undefined>): string | undefined {
  const url = new URL(c.req.url);
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) return undefined;
    url.searchParams.set(k, v);
  }
  const next = `${url.pathname}?${url.searchParams.toString()}`;
  c.header('Link', `<${next}>; rel="next"`);
  return next;
}
