import { createRoute, z } from '@hono/zod-openapi';
import { requireRoleByMethod, type AuthEnv } from '../../../shared/auth/middleware.ts';
import { Problem } from '../../../shared/errors.ts';
import { newApp } from '../../../shared/http/app-kit.ts';
import { idempotent, ifMatchVersion, versionTag } from '../../../shared/http/writes.ts';
import type { Listing } from '../../../shared/register/model.ts';
import { LISTING_RULES } from '../../../shared/rules/listings.ts';
import { addListing, endListing } from '../../../shared/store/publishing.ts';
import { getListing } from '../../../shared/store/reads.ts';
import type { AdminDeps } from '../deps.ts';
import { InternalView, ListingBody, ReasonBody } from '../../../shared/register/input-schemas.ts';
import { actorOf, auditEntry, bodyUscc } from '../support.ts';
import { problems } from './problems.ts';

const idParam = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).openapi({ param: { name: 'id', in: 'path' } }) });
const ok = (description: string) => ({ description, content: { 'application/json': { schema: InternalView } } });
const json = <T extends z.ZodTypeAny>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });

const addRoute = createRoute({
  method: 'post',
  path: '/v1/admin/listings',
  tags: ['Officials'],
  summary: 'Put an enterprise on the punishment or incentive list (Idempotency-Key required); the end date is computed',
  security: [{ bearer: [] }],
  request: { body: json(ListingBody) },
  responses: { 201: ok('Listed'), ...problems(400, 401, 403, 404, 413, 415, 422) },
});

const getRoute = createRoute({
  method: 'get',
  path: '/v1/admin/listings/{id}',
  tags: ['Officials'],
  summary: 'A list entry with its internal fields, whatever its status',
  security: [{ bearer: [] }],
  request: { params: idParam },
  responses: { 200: ok('The entry; ETag is its version'), ...problems(400, 401, 403, 404) },
});

const endRoute = createRoute({
  method: 'post',
  path: '/v1/admin/listings/{id}/end',
  tags: ['Officials'],
  summary: 'End a list entry early, with a reason (If-Match required)',
  security: [{ bearer: [] }],
  request: { params: idParam, body: json(ReasonBody) },
  responses: { 200: ok('Ended'), ...problems(400, 401, 403, 404, 409, 412, 415, 428) },
});

async function listingOr404(deps: AdminDeps, id: string): Promise<Listing> {
  const listing = await getListing(deps.db, id);
  if (!listing) throw new Problem('listing.not-found', `No list entry ${id}.`);
  return listing;
}

export function listingRoutes(deps: AdminDeps) {
  const { db } = deps;
  const app = newApp<AuthEnv>();
  // Note: Hono's `/x/*` also matches `/x`, so one method-aware guard covers the whole subtree.
  app.use('/v1/admin/listings', requireRoleByMethod(['publisher', 'reviewer'], ['publisher']));
  app.use('/v1/admin/listings/*', requireRoleByMethod(['publisher', 'reviewer'], ['publisher']));

  return app
    .openapi(addRoute, async (c) => {
      const body = c.req.valid('json');
      const { uscc } = bodyUscc(body.uscc, 'uscc');
      const { reason, measures, ...input } = body;
      const created = (l: Listing) => ({ status: 201, body: l, headers: { ETag: versionTag(l.version), Location: `/v1/admin/listings/${l.id}` } });
      // The stored answer is replayed verbatim, so the response is built by hand, not by c.json.
      return idempotent(c, db, c.get('principal').subject, body, async (write) => {
        const { listing } = await addListing(
          db,
          { ...input, uscc, measures: measures ?? [...LISTING_RULES[input.listType].defaultMeasures] },
          {
            actor: actorOf(c),
            precheck: write.precheck,
            extras: (event, outcome) => {
              const l = outcome.listings[0] as Listing;
              return [
                auditEntry(db.tableName, c, { action: 'listing.added', uscc, target: { type: 'listing', id: l.id }, ...(reason ? { reason } : {}) }, event),
                write.record(created(l)),
              ];
            },
          },
        );
        return created(listing);
      }) as never;
    })
    .openapi(getRoute, async (c) => {
      const listing = await listingOr404(deps, c.req.valid('param').id);
      c.header('ETag', versionTag(listing.version));
      c.header('Cache-Control', 'private, no-store');
      return c.json(listing as unknown as Record<string, unknown>, 200);
    })
    .openapi(endRoute, async (c) => {
      const { id } = c.req.valid('param');
      const { reason } = c.req.valid('json');
      const expectedVersion = ifMatchVersion(c);
      const found = await listingOr404(deps, id);
      const { listing } = await endListing(db, { uscc: found.uscc, id, reason, expectedVersion }, {
        actor: actorOf(c),
        extras: (event) => [auditEntry(db.tableName, c, { action: 'listing.ended', uscc: found.uscc, target: { type: 'listing', id }, reason }, event)],
      });
      c.header('ETag', versionTag(listing.version));
      return c.json(listing as unknown as Record<string, unknown>, 200);
    });
}
