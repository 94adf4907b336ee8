import { createRoute, z } from '@hono/zod-openapi';
import { newApp } from '../../../shared/http/app-kit.ts';
import { readHead } from '../../../shared/store/reads.ts';
import type { PublicDeps } from '../deps.ts';
import { problemResponses } from './problems.ts';

const healthRoute = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['Meta'],
  summary: 'Liveness: 200 only when the data store answers',
  responses: {
    200: { description: 'The register is reachable', content: { 'application/json': { schema: z.object({ status: z.literal('ok'), seq: z.number().int() }) } } },
    ...problemResponses(503),
  },
});

export function healthRoutes({ db }: PublicDeps) {
  return newApp().openapi(healthRoute, async (c) => {
    const head = await readHead(db);
    c.header('Cache-Control', 'no-store');
    return c.json({ status: 'ok' as const, seq: head.seq }, 200);
  });
}
