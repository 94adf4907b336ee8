import { createRoute, z } from '@hono/zod-openapi';
import { newApp } from '../../../shared/http/app-kit.ts';
import { cachePublic } from '../../../shared/http/caching.ts';
import { cursorParam, limitParam, nextLink } from '../../../shared/http/paging.ts';
import { toPublicListing } from '../../../shared/public/projection.ts';
import { ListingSchema, pageOf } from '../../../shared/public/schemas.ts';
import { LIST_TYPE_CODES } from '../../../shared/rules/listings.ts';
import { listActiveListings } from '../../../shared/store/reads.ts';
import type { PublicDeps } from '../deps.ts';
import { problemResponses } from './problems.ts';

const listRoute = createRoute({
  method: 'get',
  path: '/v1/lists/{listType}',
  tags: ['Lists'],
  summary: 'Current entries of the punishment (严重违法失信名单) or incentive (守信激励名单) list',
  request: {
    params: z.object({ listType: z.enum(LIST_TYPE_CODES).openapi({ param: { name: 'listType', in: 'path' } }) }),
    query: z.object({ limit: limitParam(), cursor: cursorParam }),
  },
  responses: {
    200: { description: 'A page of current entries, oldest first', content: { 'application/json': { schema: pageOf(ListingSchema, 'ListingPage') } } },
    ...problemResponses(400),
  },
});

export function listRoutes({ db }: PublicDeps) {
  return newApp().openapi(listRoute, async (c) => {
    const { listType } = c.req.valid('param');
    const page = await listActiveListings(db, listType, c.req.valid('query'));
    cachePublic(c);
    const next = nextLink(c, { cursor: page.cursor });
    return c.json({ items: page.items.map(toPublicListing), ...(next ? { next } : {}) }, 200);
  });
}
