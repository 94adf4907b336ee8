/**
 * The enterprises' function: an enterprise signed in as itself (one USCC per token) sees its own
 * file and applies for credit repair, then follows, supplements or withdraws the application.
 * Another enterprise's application answers 404, never 403.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { authenticate, requireEnterprise, type AuthEnv } from '../../shared/auth/middleware.ts';
import { Problem } from '../../shared/errors.ts';
import { newApp, notFound, onError } from '../../shared/http/app-kit.ts';
import { allowedOriginsFromEnv, privateResponses } from '../../shared/http/security.ts';
import { idempotent, limitBody, requireJsonBody, versionTag } from '../../shared/http/writes.ts';
import { toOwnView } from '../../shared/register/own-view.ts';
import type { RepairRequest } from '../../shared/register/repair-requests.ts';
import { RepairApplicationBody, SupplementBody } from '../../shared/register/repair-schemas.ts';
import { ProblemSchema } from '../../shared/public/schemas.ts';
import { shanghaiDate } from '../../shared/rules/calendar.ts';
import { auditPut } from '../../shared/store/audit.ts';
import { readEnterpriseFile } from '../../shared/store/reads.ts';
import { actOnRepairRequest, checkEligibility, getRepairRequest, readRepairRequests, submitRepairRequest } from '../../shared/store/repairs.ts';
import type { EnterpriseDeps } from './deps.ts';

const view = z.record(z.string(), z.unknown()).openapi('OwnView');
const ok = (description: string) => ({ description, content: { 'application/json': { schema: view } } });
const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, { description: 'Problem', content: { 'application/problem+json': { schema: ProblemSchema } } }]));
const idParam = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).openapi({ param: { name: 'id', in: 'path' } }) });
const json = <T extends z.ZodTypeAny>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
const tags = ['Enterprises (signed in)'];
const security = [{ bearer: [] }];

const meRoute = createRoute({ method: 'get', path: '/v1/me', tags, security, summary: 'My own full picture: every record and list entry with its status and history, my applications', responses: { 200: ok('My file'), ...problems(401, 403, 404) } });
const eligibilityRoute = createRoute({
  method: 'get',
  path: '/v1/repair-eligibility',
  tags,
  security,
  summary: 'May I apply for repair of this record or punishment-list entry? From when, and under which rule?',
  request: { query: z.object({ targetType: z.enum(['record', 'listing']), targetId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }) },
  responses: { 200: ok('The answer with the deciding rule set'), ...problems(400, 401, 403, 404, 503) },
});
const applyRoute = createRoute({ method: 'post', path: '/v1/repair-requests', tags, security, summary: 'Apply for credit repair (Idempotency-Key required)', request: { body: json(RepairApplicationBody) }, responses: { 201: ok('Submitted, with its due dates'), ...problems(400, 401, 403, 404, 409, 415, 422, 503) } });
const listRoute = createRoute({ method: 'get', path: '/v1/repair-requests', tags, security, summary: 'My applications', responses: { 200: ok('My applications'), ...problems(401, 403) } });
const oneRoute = createRoute({ method: 'get', path: '/v1/repair-requests/{id}', tags, security, summary: 'One of my applications with its status, history and due dates', request: { params: idParam }, responses: { 200: ok('The application'), ...problems(400, 401, 403, 404) } });
const supplementRoute = createRoute({ method: 'post', path: '/v1/repair-requests/{id}/supplements', tags, security, summary: 'Supply the material a reviewer asked for (补正)', request: { params: idParam, body: json(SupplementBody) }, responses: { 200: ok('Back with the reviewer'), ...problems(400, 401, 403, 404, 409, 415) } });
const withdrawRoute = createRoute({ method: 'post', path: '/v1/repair-requests/{id}/withdraw', tags, security, summary: 'Withdraw my application', request: { params: idParam }, responses: { 200: ok('Withdrawn'), ...problems(400, 401, 403, 404, 409) } });

const usccOf = (c: Context<AuthEnv>) => {
  const p = c.get('principal');
  if (p.kind !== 'enterprise') throw new Problem('auth.forbidden', 'This is for enterprises signed in as themselves.');
  return p.uscc;
};
const actorOf = (c: Context<AuthEnv>) => ({ kind: 'enterprise' as const, id: c.get('principal').subject });
const audit = (tableName: string, c: Context<AuthEnv>, r: RepairRequest, action: string) =>
  auditPut(tableName, { at: new Date().toISOString(), actor: actorOf(c), action, uscc: r.uscc, target: { type: r.target.type, id: r.target.id }, seq: null, details: { repairRequest: r.id } });

export function createEnterpriseApp({ db, verify, corsOrigins }: EnterpriseDeps) {
  const app = newApp<AuthEnv>();
  app.onError(onError);
  app.notFound(notFound);
  for (const path of ['/v1/me', '/v1/repair-eligibility', '/v1/repair-requests', '/v1/repair-requests/*']) {
    // Before authentication: a CORS preflight carries no token.
    app.use(path, ...privateResponses('enterprise', corsOrigins ?? allowedOriginsFromEnv()), authenticate(verify), requireEnterprise(), limitBody(64 * 1024));
  }
  app.use('/v1/repair-requests', requireJsonBody());
  app.use('/v1/repair-requests/*', async (c, next) => (c.req.path.endsWith('/withdraw') ? next() : requireJsonBody()(c, next)));

  app
    .openapi(meRoute, async (c) => {
      const uscc = usccOf(c);
      const [file, requests] = await Promise.all([readEnterpriseFile(db, uscc, { consistent: true }), readRepairRequests(db, uscc)]);
      const own = toOwnView(file, requests);
      if (!own) throw new Problem('enterprise.not-found', `${uscc} is not in the register.`);
      c.header('Cache-Control', 'private, no-store');
      return c.json(own as unknown as Record<string, unknown>, 200);
    })
    .openapi(eligibilityRoute, async (c) => {
      const { targetType, targetId } = c.req.valid('query');
      const answer = await checkEligibility(db, usccOf(c), { type: targetType, id: targetId }, shanghaiDate());
      if (!answer) throw new Problem('record.not-found', `You have no ${targetType} ${targetId} that can be repaired.`);
      c.header('Cache-Control', 'private, no-store');
      return c.json(answer as unknown as Record<string, unknown>, 200);
    })
    .openapi(applyRoute, async (c) => {
      const body = c.req.valid('json');
      const uscc = usccOf(c);
      const created = (r: RepairRequest) => ({ status: 201, body: r, headers: { ETag: versionTag(r.version), Location: `/v1/repair-requests/${r.id}` } });
      return (await idempotent(c, db, `enterprise:${uscc}`, body, async (write) => {
        const request = await submitRepairRequest(db, { uscc, ...body }, {
          actor: actorOf(c),
          precheck: write.precheck,
          extras: (_event, r) => [audit(db.tableName, c, r, 'repair.submitted'), write.record(created(r))],
        });
        return created(request);
      })) as never;
    })
    .openapi(listRoute, async (c) => {
      c.header('Cache-Control', 'private, no-store');
      return c.json({ items: (await readRepairRequests(db, usccOf(c))) as unknown as Record<string, unknown>[] } as Record<string, unknown>, 200);
    })
    .openapi(oneRoute, async (c) => {
      const request = await getRepairRequest(db, c.req.valid('param').id);
      if (!request || request.uscc !== usccOf(c)) throw new Problem('repair.not-found', 'No such application of yours.');
      c.header('ETag', versionTag(request.version));
      c.header('Cache-Control', 'private, no-store');
      return c.json(request as unknown as Record<string, unknown>, 200);
    })
    .openapi(supplementRoute, async (c) => {
      const { id } = c.req.valid('param');
      const supplement = c.req.valid('json');
      const { request } = await actOnRepairRequest(db, { id, action: 'supplement', supplement, onlyFor: usccOf(c) }, { actor: actorOf(c), extras: (_e, r) => [audit(db.tableName, c, r, 'repair.supplemented')] });
      return c.json(request as unknown as Record<string, unknown>, 200);
    })
    .openapi(withdrawRoute, async (c) => {
      const { id } = c.req.valid('param');
      const { request } = await actOnRepairRequest(db, { id, action: 'withdraw', onlyFor: usccOf(c) }, { actor: actorOf(c), extras: (_e, r) => [audit(db.tableName, c, r, 'repair.withdrawn')] });
      return c.json(request as unknown as Record<string, unknown>, 200);
    });

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  return app;
}
