import { createRoute, z } from '@hono/zod-openapi';
import { newApp } from '../../../shared/http/app-kit.ts';
import { limitParam } from '../../../shared/http/paging.ts';
import { EventSchema } from '../../../shared/public/schemas.ts';
import { readEventPage } from '../../../shared/store/reads.ts';
import type { PublicDeps } from '../deps.ts';
import { problemResponses } from './problems.ts';

export const MAX_EVENTS_PER_PAGE = 1000;

const changesRoute = createRoute({
  method: 'get',
  path: '/v1/changes',
  tags: ['Open data'],
  summary: 'The change feed: every published change, in ledger order',
  description:
    'Gapless and ordered by `seq`. Resume with `after=<last seq you hold>`. A full page never changes and is cacheable for good; ' +
    'a short page is the live end of the feed. Each event carries its hash-chain link (see the README, “The ledger”).',
  request: {
    query: z.object({
      after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0).openapi({ description: 'Return events with seq greater than this', example: 0 }),
      limit: limitParam(MAX_EVENTS_PER_PAGE, 100),
    }),
  },
  responses: {
    200: {
      description: 'A page of events',
      content: { 'application/json': { schema: z.object({ events: z.array(EventSchema), next: z.string().optional() }).openapi('ChangePage') } },
    },
    ...problemResponses(400),
  },
});

export function changeRoutes({ db }: PublicDeps) {
  return newApp().openapi(changesRoute, async (c) => {
    const { after, limit } = c.req.valid('query');
    const { events, more } = await readEventPage(db, after, limit);
    const last = events.at(-1)?.seq ?? after;
    // A full page — or one DynamoDB cut at 1 MB with more behind it — is history: it can never
    // change. The live end is revalidated quickly.
    const full = events.length === limit || more;
    c.header('Cache-Control', full ? 'public, max-age=31536000, immutable' : 'public, max-age=5, s-maxage=5');
    c.header('ETag', `"chg-${after}-${limit}-${last}"`);
    const newest = events.at(-1);
    if (newest) c.header('Last-Modified', new Date(newest.at).toUTCString());
    let next: string | undefined;
    if (full) {
      next = `/v1/changes?after=${last}&limit=${limit}`;
      c.header('Link', `<${next}>; rel="next"`);
    }
    return c.json({ events, ...(next ? { next } : {}) }, 200);
  });
}
