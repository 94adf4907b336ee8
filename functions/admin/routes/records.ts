import { createRoute, z } from '@hono/zod-openapi';
import { requireRoleByMethod, type AuthEnv } from '../../../shared/auth/middleware.ts';
import { Problem } from '../../../shared/errors.ts';
import { newApp } from '../../../shared/http/app-kit.ts';
import { idempotent, ifMatchVersion, versionTag } from '../../../shared/http/writes.ts';
import type { CreditRecord } from '../../../shared/register/model.ts';
import { correctRecord, publishRecord, withdrawRecord } from '../../../shared/store/publishing.ts';
import { getRecord } from '../../../shared/store/reads.ts';
import type { AdminDeps } from '../deps.ts';
import { CorrectionBody, InternalView, ReasonBody, RecordBody } from '../../../shared/register/input-schemas.ts';
import { actorOf, auditEntry, bodyUscc } from '../support.ts';
import { problems } from './problems.ts';

const idParam = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).openapi({ param: { name: 'id', in: 'path' } }) });
const ok = (description: string) => ({ description, content: { 'application/json': { schema: InternalView } } });
const json = <T extends z.ZodTypeAny>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });

const publishRoute = createRoute({
  method: 'post',
  path: '/v1/admin/records',
  tags: ['Officials'],
  summary: 'Publish a credit record (Idempotency-Key required); its 公示截止期 is computed from the rules',
  security: [{ bearer: [] }],
  request: { body: json(RecordBody) },
  responses: { 201: ok('Published'), ...problems(400, 401, 403, 404, 409, 413, 415, 422) },
});

const getRoute = createRoute({
  method: 'get',
  path: '/v1/admin/records/{id}',
  tags: ['Officials'],
  summary: 'A record with its internal fields and status, whatever its status',
  security: [{ bearer: [] }],
  request: { params: idParam },
  responses: { 200: ok('The record; ETag is its version'), ...problems(400, 401, 403, 404) },
});

const correctRoute = createRoute({
  method: 'post',
  path: '/v1/admin/records/{id}/corrections',
  tags: ['Officials'],
  summary: 'Correct a published record (If-Match required)',
  security: [{ bearer: [] }],
  request: { params: idParam, body: json(CorrectionBody) },
  responses: { 200: ok('Corrected'), ...problems(400, 401, 403, 404, 409, 412, 415, 422, 428) },
});

const withdrawRoute = createRoute({
  method: 'post',
  path: '/v1/admin/records/{id}/withdrawal',
  tags: ['Officials'],
  summary: 'Withdraw a record whose decision was changed, revoked or annulled (SAMR Order 45 Art. 11; If-Match required)',
  security: [{ bearer: [] }],
  request: { params: idParam, body: json(ReasonBody) },
  responses: { 200: ok('Withdrawn'), ...problems(400, 401, 403, 404, 409, 412, 415, 428) },
});

async function recordOr404(deps: AdminDeps, id: string): Promise<CreditRecord> {
  const record = await getRecord(deps.db, id);
  if (!record) throw new Problem('record.not-found', `No record ${id}.`);
  return record;
}

export function recordRoutes(deps: AdminDeps) {
  const { db } = deps;
  const app = newApp<AuthEnv>();
  // Note: Hono's `/x/*` also matches `/x`, so one method-aware guard covers the whole subtree.
  app.use('/v1/admin/records', requireRoleByMethod(['publisher', 'reviewer'], ['publisher']));
  app.use('/v1/admin/records/*', requireRoleByMethod(['publisher', 'reviewer'], ['publisher']));

  return app
    .openapi(publishRoute, async (c) => {
      const body = c.req.valid('json');
      const { uscc } = bodyUscc(body.uscc, 'uscc');
      bodyUscc(body.authority.uscc, 'authority.uscc');
      const { reason, ...input } = body;
      const created = (r: CreditRecord) => ({ status: 201, body: r, headers: { ETag: versionTag(r.version), Location: `/v1/admin/records/${r.id}` } });
      // The stored answer is replayed verbatim, so the response is built by hand, not by c.json.
      return idempotent(c, db, c.get('principal').subject, body, async (write) => {
        const { record } = await publishRecord(
          db,
          { ...input, uscc },
          {
            actor: actorOf(c),
            precheck: write.precheck,
            extras: (event, outcome) => {
              const r = outcome.records[0] as CreditRecord;
              return [
                auditEntry(db.tableName, c, { action: 'record.published', uscc, target: { type: 'record', id: r.id }, ...(reason ? { reason } : {}) }, event),
                write.record(created(r)),
              ];
            },
          },
        );
        return created(record);
      }) as never;
    })
    .openapi(getRoute, async (c) => {
      const record = await recordOr404(deps, c.req.valid('param').id);
      c.header('ETag', versionTag(record.version));
      c.header('Cache-Control', 'private, no-store');
      return c.json(record as unknown as Record<string, unknown>, 200);
    })
    .openapi(correctRoute, async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const expectedVersion = ifMatchVersion(c);
      const found = await recordOr404(deps, id);
      const { record } = await correctRecord(db, { uscc: found.uscc, id, correction: body.correction, expectedVersion }, {
        actor: actorOf(c),
        extras: (event) => [auditEntry(db.tableName, c, { action: 'record.corrected', uscc: found.uscc, target: { type: 'record', id }, reason: body.reason }, event)],
      });
      c.header('ETag', versionTag(record.version));
      return c.json(record as unknown as Record<string, unknown>, 200);
    })
    .openapi(withdrawRoute, async (c) => {
      const { id } = c.req.valid('param');
      const { reason } = c.req.valid('json');
      const expectedVersion = ifMatchVersion(c);
      const found = await recordOr404(deps, id);
      const { record } = await withdrawRecord(db, { uscc: found.uscc, id, reason, expectedVersion }, {
        actor: actorOf(c),
        extras: (event) => [auditEntry(db.tableName, c, { action: 'record.withdrawn', uscc: found.uscc, target: { type: 'record', id }, reason }, event)],
      });
      c.header('ETag', versionTag(record.version));
      return c.json(record as unknown as Record<string, unknown>, 200);
    });
}
