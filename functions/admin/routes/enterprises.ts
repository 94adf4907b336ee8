import { createRoute, z } from '@hono/zod-openapi';
import { requireRole, requireRoleByMethod, type AuthEnv } from '../../../shared/auth/middleware.ts';
import { Problem } from '../../../shared/errors.ts';
import { newApp } from '../../../shared/http/app-kit.ts';
import { ifMatchVersion, versionTag } from '../../../shared/http/writes.ts';
import { overrideClassification, registerEnterprise } from '../../../shared/store/publishing.ts';
import { readEnterpriseFile } from '../../../shared/store/reads.ts';
import type { AdminDeps } from '../deps.ts';
import { ClassificationBody, EnterpriseBody, InternalView } from '../../../shared/register/input-schemas.ts';
import { actorOf, auditEntry, bodyUscc } from '../support.ts';
import { problems } from './problems.ts';

const usccParam = z.object({ uscc: z.string().max(64).openapi({ param: { name: 'uscc', in: 'path' } }) });
const ok = (description: string) => ({ description, content: { 'application/json': { schema: InternalView } } });

const getRoute = createRoute({
  method: 'get',
  path: '/v1/admin/enterprises/{uscc}',
  tags: ['Officials'],
  summary: 'An enterprise’s full file: internal fields, every record and list entry with its history',
  security: [{ bearer: [] }],
  request: { params: usccParam },
  responses: { 200: ok('The file; ETag is the enterprise’s version, for If-Match'), ...problems(400, 401, 403, 404) },
});

const putRoute = createRoute({
  method: 'put',
  path: '/v1/admin/enterprises/{uscc}',
  tags: ['Officials'],
  summary: 'Register an enterprise, or update it (If-Match required when it exists)',
  security: [{ bearer: [] }],
  request: { params: usccParam, body: { required: true, content: { 'application/json': { schema: EnterpriseBody } } } },
  responses: { 200: ok('Updated'), 201: ok('Registered'), ...problems(400, 401, 403, 412, 415, 422, 428) },
});

const classificationRoute = createRoute({
  method: 'put',
  path: '/v1/admin/enterprises/{uscc}/classification',
  tags: ['Officials'],
  summary: 'Override the computed class with a public written reason, or clear the override (admin)',
  security: [{ bearer: [] }],
  request: { params: usccParam, body: { required: true, content: { 'application/json': { schema: ClassificationBody } } } },
  responses: { 200: ok('The enterprise with its published class'), ...problems(400, 401, 403, 404, 412, 415, 428) },
});

export function enterpriseRoutes({ db }: AdminDeps) {
  const app = newApp<AuthEnv>();
  app.use('/v1/admin/enterprises/:uscc', requireRoleByMethod(['publisher', 'reviewer'], ['publisher']));
  app.use('/v1/admin/enterprises/:uscc/classification', requireRole('admin'));

  return app
    .openapi(getRoute, async (c) => {
      const { uscc } = bodyUscc(c.req.valid('param').uscc, 'uscc');
      const file = await readEnterpriseFile(db, uscc, { consistent: true });
      if (!file.enterprise) throw new Problem('enterprise.not-found', `No enterprise ${uscc} is registered.`);
      c.header('ETag', versionTag(file.enterprise.version));
      c.header('Cache-Control', 'private, no-store');
      return c.json(file as unknown as Record<string, unknown>, 200);
    })
    .openapi(putRoute, async (c) => {
      const body = c.req.valid('json');
      const { uscc, checkDigitValid } = bodyUscc(c.req.valid('param').uscc, 'uscc', body.confirmCheckDigit === true);
      const existing = (await readEnterpriseFile(db, uscc, { consistent: true })).enterprise;
      const expectedVersion = existing ? ifMatchVersion(c) : 0;
      const { confirmCheckDigit: _confirm, reason, ...details } = body;
      const { enterprise } = await registerEnterprise(
        db,
        { uscc, checkDigitValid, ...details, expectedVersion },
        {
          actor: actorOf(c),
          extras: (event) => [auditEntry(db.tableName, c, { action: existing ? 'enterprise.updated' : 'enterprise.registered', uscc, target: { type: 'enterprise', id: uscc }, ...(reason ? { reason } : {}) }, event)],
        },
      );
      c.header('ETag', versionTag(enterprise.version));
      c.header('Location', `/v1/admin/enterprises/${uscc}`);
      return c.json(enterprise as unknown as Record<string, unknown>, existing ? 200 : 201);
    })
    .openapi(classificationRoute, async (c) => {
      const { uscc } = bodyUscc(c.req.valid('param').uscc, 'uscc');
      const body = c.req.valid('json');
      const { enterprise } = await overrideClassification(
        db,
        { uscc, override: body.override, expectedVersion: ifMatchVersion(c) },
        {
          actor: actorOf(c),
          extras: (event) => [auditEntry(db.tableName, c, { action: 'enterprise.classification-overridden', uscc, target: { type: 'enterprise', id: uscc }, reason: body.reason }, event)],
        },
      );
      c.header('ETag', versionTag(enterprise.version));
      return c.json(enterprise as unknown as Record<string, unknown>, 200);
    });
}
