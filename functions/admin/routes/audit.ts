import { createRoute, z } from '@hono/zod-openapi';
import { requireRole, type AuthEnv } from '../../../shared/auth/middleware.ts';
import { newApp } from '../../../shared/http/app-kit.ts';
import { cursorParam, limitParam, nextLink } from '../../../shared/http/paging.ts';
import { readAudit } from '../../../shared/store/audit.ts';
import type { AdminDeps } from '../deps.ts';
import { InternalView } from '../../../shared/register/input-schemas.ts';
import { bodyUscc } from '../support.ts';
import { problems } from './problems.ts';

const auditRoute = createRoute({
  method: 'get',
  path: '/v1/admin/audit',
  tags: ['Officials'],
  summary: 'The audit trail, newest first: who changed what, when and why',
  security: [{ bearer: [] }],
  request: { query: z.object({ uscc: z.string().max(64).optional(), limit: limitParam(), cursor: cursorParam }) },
  responses: {
    200: { description: 'A page of audit entries', content: { 'application/json': { schema: z.object({ items: z.array(InternalView), next: z.string().optional() }) } } },
    ...problems(400, 401, 403),
  },
});

export function auditRoutes({ db }: AdminDeps) {
  const app = newApp<AuthEnv>();
  app.use('/v1/admin/audit', requireRole('publisher', 'reviewer'));
  return app.openapi(auditRoute, async (c) => {
    const q = c.req.valid('query');
    const uscc = q.uscc === undefined ? undefined : bodyUscc(q.uscc, 'uscc').uscc;
    const page = await readAudit(db, { ...(uscc ? { uscc } : {}), limit: q.limit, ...(q.cursor ? { cursor: q.cursor } : {}) });
    c.header('Cache-Control', 'private, no-store');
    const next = nextLink(c, { cursor: page.cursor });
    return c.json({ items: page.items as unknown as Record<string, unknown>[], ...(next ? { next } : {}) }, 200);
  });
}
