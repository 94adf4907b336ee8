import { createRoute, z } from '@hono/zod-openapi';
import { Problem } from '../../../shared/errors.ts';
import { newApp } from '../../../shared/http/app-kit.ts';
import { cachePublic } from '../../../shared/http/caching.ts';
import { isPublicRecord, toPublicRecord } from '../../../shared/public/projection.ts';
import { RecordSchema } from '../../../shared/public/schemas.ts';
import { getRecord } from '../../../shared/store/reads.ts';
import type { PublicDeps } from '../deps.ts';
import { problemResponses } from './problems.ts';

const recordRoute = createRoute({
  method: 'get',
  path: '/v1/records/{id}',
  tags: ['Records'],
  summary: 'A published credit record',
  description: 'Records no longer published (expired, withdrawn, repaired) answer 404: they are kept, but not public.',
  request: {
    params: z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).openapi({ param: { name: 'id', in: 'path' } }) }),
  },
  responses: {
    200: { description: 'The record', content: { 'application/json': { schema: RecordSchema } } },
    ...problemResponses(400, 404),
  },
});

export function recordRoutes({ db }: PublicDeps) {
  return newApp().openapi(recordRoute, async (c) => {
    const { id } = c.req.valid('param');
    const record = await getRecord(db, id);
    if (!record || !isPublicRecord(record)) throw new Problem('record.not-found', `No published record ${id}.`);
    cachePublic(c);
    c.header('ETag', `"rec-${id}-v${record.version}"`);
    c.header('Last-Modified', new Date(record.updatedAt).toUTCString());
    return c.json(toPublicRecord(record), 200);
  });
}
