import { createRoute, z } from '@hono/zod-openapi';
import { PROBLEM_TYPES, Problem, type ProblemCode } from '../../../shared/errors.ts';
import { newApp } from '../../../shared/http/app-kit.ts';
import { cachePublic } from '../../../shared/http/caching.ts';
import { PROBLEM_CONTENT_TYPE, problemType } from '../../../shared/http/problem.ts';
import { ProblemSchema } from '../../../shared/public/schemas.ts';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (problem+json naming each field)',
  404: 'Not found (problem+json)',
  503: 'The data store is unavailable (problem+json, with Retry-After)',
};

/** OpenAPI response entries for the problems a route can answer. */
export function problemResponses<S extends number>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((s) => [s, { description: DESCRIPTIONS[s] ?? 'Problem', content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } } }]),
  ) as Record<S, { description: string; content: { 'application/problem+json': { schema: typeof ProblemSchema } } }>;
}

const problemTypeRoute = createRoute({
  method: 'get',
  path: '/problems/{code}',
  tags: ['Meta'],
  summary: 'What a problem `type` means',
  request: { params: z.object({ code: z.string().max(64).openapi({ param: { name: 'code', in: 'path' }, example: 'uscc.malformed' }) }) },
  responses: {
    200: {
      description: 'The problem type',
      content: { 'application/json': { schema: z.object({ type: z.string(), status: z.number(), title: z.string(), titleZh: z.string(), titleEn: z.string() }) } },
    },
    ...problemResponses(404),
  },
});

/** Problem `type` URIs resolve to a description of the problem (RFC 9457 §3.1.1). */
export function problemTypeRoutes() {
  return newApp().openapi(problemTypeRoute, (c) => {
    const code = c.req.valid('param').code;
    if (!Object.hasOwn(PROBLEM_TYPES, code)) throw new Problem('route.not-found', `No problem type ${code}.`);
    const t = PROBLEM_TYPES[code as ProblemCode];
    cachePublic(c, 86_400);
    return c.json({ type: problemType(code as ProblemCode), status: t.status, title: `${t.zh} / ${t.en}`, titleZh: t.zh, titleEn: t.en }, 200);
  });
}
