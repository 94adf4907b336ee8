import { createRoute, z } from '@hono/zod-openapi';
import { requireRoleByMethod, type AuthEnv } from '../../../shared/auth/middleware.ts';
import { Problem } from '../../../shared/errors.ts';
import { newApp } from '../../../shared/http/app-kit.ts';
import { cursorParam, limitParam, nextLink } from '../../../shared/http/paging.ts';
import { versionTag } from '../../../shared/http/writes.ts';
import { InternalView } from '../../../shared/register/input-schemas.ts';
import { DecisionBody } from '../../../shared/register/repair-schemas.ts';
import { shanghaiDate } from '../../../shared/rules/calendar.ts';
import { actOnRepairRequest, getRepairRequest, repairQueue } from '../../../shared/store/repairs.ts';
import type { AdminDeps } from '../deps.ts';
import { actorOf, auditEntry } from '../support.ts';
import { problems } from './problems.ts';

const STATUSES = ['submitted', 'supplement-requested', 'accepted', 'approved', 'rejected', 'withdrawn', 'revoked'] as const;
const idParam = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).openapi({ param: { name: 'id', in: 'path' } }) });
const ok = (description: string) => ({ description, content: { 'application/json': { schema: InternalView } } });

const queueRoute = createRoute({
  method: 'get',
  path: '/v1/admin/repair-requests',
  tags: ['Officials'],
  summary: 'The review queue: applications in a status, soonest due first; overdue=true keeps those past their due date',
  security: [{ bearer: [] }],
  request: {
    query: z.object({
      status: z.enum(STATUSES).default('submitted'),
      overdue: z.enum(['true', 'false']).optional(),
      limit: limitParam(),
      cursor: cursorParam,
    }),
  },
  responses: { 200: { description: 'A page of applications', content: { 'application/json': { schema: z.object({ items: z.array(InternalView), next: z.string().optional() }) } } }, ...problems(400, 401, 403) },
});

const oneRoute = createRoute({
  method: 'get',
  path: '/v1/admin/repair-requests/{id}',
  tags: ['Officials'],
  summary: 'An application with its materials, history and due date',
  security: [{ bearer: [] }],
  request: { params: idParam },
  responses: { 200: ok('The application; ETag is its version'), ...problems(400, 401, 403, 404) },
});

const decisionRoute = createRoute({
  method: 'post',
  path: '/v1/admin/repair-requests/{id}/decision',
  tags: ['Officials'],
  summary: 'Decide: accept, request-supplement, approve, reject (reason required) or revoke (false materials). Any other transition is a 409.',
  security: [{ bearer: [] }],
  request: { params: idParam, body: { required: true, content: { 'application/json': { schema: DecisionBody } } } },
  responses: { 200: ok('The application after the decision'), ...problems(400, 401, 403, 404, 409, 412, 415) },
});

export function repairReviewRoutes({ db }: AdminDeps) {
  const app = newApp<AuthEnv>();
  app.use('/v1/admin/repair-requests', requireRoleByMethod(['reviewer'], ['reviewer']));
  app.use('/v1/admin/repair-requests/*', requireRoleByMethod(['reviewer', 'publisher'], ['reviewer']));
  return app
    .openapi(queueRoute, async (c) => {
      const q = c.req.valid('query');
      const page = await repairQueue(db, { status: q.status, ...(q.overdue === 'true' ? { overdueOn: shanghaiDate() } : {}), limit: q.limit, ...(q.cursor ? { cursor: q.cursor } : {}) });
      c.header('Cache-Control', 'private, no-store');
      const next = nextLink(c, { cursor: page.cursor });
      return c.json({ items: page.items as unknown as Record<string, unknown>[], ...(next ? { next } : {}) }, 200);
    })
    .openapi(oneRoute, async (c) => {
      const request = await getRepairRequest(db, c.req.valid('param').id);
      if (!request) throw new Problem('repair.not-found', 'No such application.');
      c.header('ETag', versionTag(request.version));
      c.header('Cache-Control', 'private, no-store');
      return c.json(request as unknown as Record<string, unknown>, 200);
    })
    .openapi(decisionRoute, async (c) => {
      const { id } = c.req.valid('param');
      const { decision, reason } = c.req.valid('json');
      // If-Match is optional here: without it, two reviewers still cannot both decide (the
      // application's version is checked in the transaction), the loser gets a 409 or 412.
      const ifMatch = c.req.header('If-Match');
      const m = ifMatch ? /^(?:W\/)?"v(\d{1,9})"$/.exec(ifMatch.trim()) : null;
      if (ifMatch && !m) throw new Problem('precondition.failed', `If-Match ${ifMatch} does not name a version of this application.`);
      const { request } = await actOnRepairRequest(
        db,
        { id, action: decision, ...(reason ? { reason } : {}), ...(m ? { expectedVersion: Number(m[1]) } : {}) },
        {
          actor: actorOf(c),
          extras: (event, r) => [auditEntry(db.tableName, c, { action: `repair.${decision}`, uscc: r.uscc, target: { type: r.target.type, id: r.target.id }, ...(reason ? { reason } : {}), details: { repairRequest: r.id } }, event)],
        },
      );
      c.header('ETag', versionTag(request.version));
      return c.json(request as unknown as Record<string, unknown>, 200);
    });
}
