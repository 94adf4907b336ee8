import { createRoute, z } from '@hono/zod-openapi';
import { newApp } from '../../../shared/http/app-kit.ts';
import { cachePublic } from '../../../shared/http/caching.ts';
import { cursorParam, limitParam, nextLink } from '../../../shared/http/paging.ts';
import { listingPublicOn } from '../../../shared/public/as-of.ts';
import { toPublicListing } from '../../../shared/public/projection.ts';
import { ListingSchema, pageOf } from '../../../shared/public/schemas.ts';
import { LIST_TYPE_CODES } from '../../../shared/rules/listings.ts';
import { listListingsOn } from '../../../shared/store/open-data.ts';
import { listActiveListings } from '../../../shared/store/reads.ts';
import type { PublicDeps } from '../deps.ts';
import { asOfParam, type AsOfBounds } from '../open-data.ts';
import { problemResponses } from './problems.ts';

const listRoute = createRoute({
  method: 'get',
  path: '/v1/lists/{listType}',
  tags: ['Lists'],
  summary: 'Current entries of the punishment (严重违法失信名单) or incentive (守信激励名单) list',
  description:
    'With `asOf`, the entries that applied on that day (current ones first, then those that have ended since), from the stored history. ' +
    'A page filtered by `asOf` may hold fewer than `limit` entries and still have a next page.',
  request: {
    params: z.object({ listType: z.enum(LIST_TYPE_CODES).openapi({ param: { name: 'listType', in: 'path' } }) }),
    query: z.object({ limit: limitParam(), cursor: cursorParam, asOf: asOfParam }),
  },
  responses: {
    200: { description: 'A page of current entries, oldest first', content: { 'application/json': { schema: pageOf(ListingSchema, 'ListingPage') } } },
    ...problemResponses(400),
  },
});

export function listRoutes({ db }: PublicDeps, asOfBounds: AsOfBounds) {
  return newApp().openapi(listRoute, async (c) => {
    const { listType } = c.req.valid('param');
    const { asOf, ...paging } = c.req.valid('query');
    if (asOf !== undefined) await asOfBounds.check(asOf);
    const page =
      asOf === undefined
        ? await listActiveListings(db, listType, paging)
        : await listListingsOn(db, listType, asOf, paging).then((p) => ({ ...p, items: p.items.filter((l) => listingPublicOn(l, asOf)) }));
    cachePublic(c);
    const next = nextLink(c, { cursor: page.cursor });
    return c.json({ items: page.items.map(toPublicListing), ...(next ? { next } : {}) }, 200);
  });
}
