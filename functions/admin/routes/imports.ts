import { createRoute, z } from '@hono/zod-openapi';
import { requireRole, type AuthEnv } from '../../../shared/auth/middleware.ts';
import { Problem } from '../../../shared/errors.ts';
import { newApp } from '../../../shared/http/app-kit.ts';
import { limitBody } from '../../../shared/http/writes.ts';
import { runImport } from '../../../shared/import/run-import.ts';
import type { AdminDeps } from '../deps.ts';
import { actorOf } from '../support.ts';
import { problems } from './problems.ts';

/** A Lambda request body is at most 6 MB; larger files go through the CLI. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

const importRoute = createRoute({
  method: 'post',
  path: '/v1/admin/imports',
  tags: ['Officials'],
  summary: 'Bulk-import credit records from CSV (columns in the README); bad rows are reported by line, the rest published',
  security: [{ bearer: [] }],
  request: { body: { required: true, content: { 'text/csv': { schema: z.string() } } } },
  responses: {
    200: {
      description: 'The import report',
      content: {
        'application/json': {
          schema: z.object({
            rows: z.number(),
            published: z.number(),
            skipped: z.number(),
            events: z.number(),
            seconds: z.number(),
            bad: z.array(z.object({ line: z.number(), errors: z.array(z.object({ in: z.string(), field: z.string(), code: z.string(), detail: z.string() })) })),
          }),
        },
      },
    },
    ...problems(400, 401, 403, 413, 415),
  },
});

export function importRoutes({ db }: AdminDeps) {
  const app = newApp<AuthEnv>();
  app.use('/v1/admin/imports', requireRole('publisher'), limitBody(MAX_IMPORT_BYTES));
  return app.openapi(importRoute, async (c) => {
    if (!/^text\/csv\b/i.test(c.req.header('Content-Type') ?? '')) {
      throw new Problem('request.unsupported-media-type', 'Send the file as text/csv (UTF-8).', {
        errors: [{ in: 'header', field: 'Content-Type', code: 'unsupported', detail: 'must be text/csv' }],
      });
    }
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new Problem('request.invalid', 'The file is not valid UTF-8.', { errors: [{ in: 'body', field: '(file)', code: 'encoding', detail: 'must be UTF-8 (with or without BOM)' }] });
    }
    const report = await runImport(db, text, { actor: actorOf(c) });
    return c.json(report, 200);
  });
}
