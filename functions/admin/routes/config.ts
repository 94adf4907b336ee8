import { createRoute, z } from '@hono/zod-openapi';
import { requireRoleByMethod, type AuthEnv } from '../../../shared/auth/middleware.ts';
import { newApp } from '../../../shared/http/app-kit.ts';
import { ifMatchVersion, versionTag } from '../../../shared/http/writes.ts';
import { InternalView } from '../../../shared/register/input-schemas.ts';
import { REPAIR_RULE_SETS, withOverrides, type RuleSetOverride } from '../../../shared/rules/repair.ts';
import { readRepairRuleConfig, writeRepairRuleConfig } from '../../../shared/store/config.ts';
import type { AdminDeps } from '../deps.ts';
import { auditEntry } from '../support.ts';
import { problems } from './problems.ts';

const months = z.number().int().min(0).max(120);
const workingDays = z.number().int().min(1).max(60);
const Override = z
  .object({
    minimumMonths: z.object({ minor: months, general: months, serious: months, punishmentList: months }).partial().strict().optional(),
    sectorMonths: months.optional(),
    acceptWithinWorkingDays: workingDays.optional(),
    decideWithinWorkingDays: workingDays.optional(),
    stopPublicationWithinWorkingDays: workingDays.optional(),
  })
  .strict();
const ConfigBody = z
  .object({
    overrides: z.partialRecord(z.enum(REPAIR_RULE_SETS.map((s) => s.id) as [string, ...string[]]), Override),
    reason: z.string().trim().min(1).max(2000),
  })
  .strict()
  .openapi('RepairRuleConfig');

const getRoute = createRoute({
  method: 'get',
  path: '/v1/admin/config/repair-rules',
  tags: ['Officials'],
  summary: 'The credit-repair rule sets in force: versioned defaults, officials’ overrides, and the result',
  security: [{ bearer: [] }],
  responses: { 200: { description: 'ETag is the configuration version', content: { 'application/json': { schema: InternalView } } }, ...problems(401, 403) },
});

const putRoute = createRoute({
  method: 'put',
  path: '/v1/admin/config/repair-rules',
  tags: ['Officials'],
  summary: 'Change the uncertain values (minimum periods, deadlines) without a deploy; audited (admin, If-Match)',
  security: [{ bearer: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: ConfigBody } } } },
  responses: { 200: { description: 'The new configuration', content: { 'application/json': { schema: InternalView } } }, ...problems(400, 401, 403, 412, 415, 428) },
});

export function configRoutes({ db }: AdminDeps) {
  const app = newApp<AuthEnv>();
  app.use('/v1/admin/config/*', requireRoleByMethod(['publisher', 'reviewer'], ['admin']));
  return app
    .openapi(getRoute, async (c) => {
      const config = await readRepairRuleConfig(db);
      c.header('ETag', versionTag(config.version));
      c.header('Cache-Control', 'private, no-store');
      return c.json({ defaults: REPAIR_RULE_SETS, overrides: config.overrides, effective: withOverrides(config.overrides), version: config.version, updatedAt: config.updatedAt } as Record<string, unknown>, 200);
    })
    .openapi(putRoute, async (c) => {
      const { overrides, reason } = c.req.valid('json');
      const config = await writeRepairRuleConfig(db, overrides as Record<string, RuleSetOverride>, ifMatchVersion(c), {
        extras: (event) => [auditEntry(db.tableName, c, { action: 'config.repair-rules-changed', uscc: 'CONFIG', target: { type: 'config', id: 'repair-rules' }, reason, details: { overrides: JSON.stringify(overrides) } }, event)],
      });
      c.header('ETag', versionTag(config.version));
      return c.json({ overrides: config.overrides, effective: withOverrides(config.overrides), version: config.version } as Record<string, unknown>, 200);
    });
}
