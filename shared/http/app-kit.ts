/**
 * What every Hono app of the register shares: validation failures, errors and unknown routes all
 * answered as problem+json, in the same words.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Hook } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { Problem, type FieldError } from '../errors.ts';
import { problemResponse, toProblem } from './problem.ts';

const LOCATION: Record<string, FieldError['in']> = { json: 'body', query: 'query', param: 'path', header: 'header', form: 'body' };

/** zod-openapi's hook: one format for every validation failure, never zod's raw result. */
export const validationHook: Hook<unknown, any, any, unknown> = (result, c) => {
  if (result.success) return;
  const where = LOCATION[result.target] ?? 'body';
  const errors: FieldError[] = result.error.issues.map((issue) => ({
    in: where,
    field: issue.path.length ? issue.path.map(String).join('.') : '(root)',
    code: issue.code,
    detail: issue.message,
  }));
  const fields = [...new Set(errors.map((e) => e.field))].join(', ');
  return problemResponse(c, new Problem('request.invalid', `Invalid ${where} parameter(s): ${fields}.`, { errors }));
};

/** A new app or sub-app with the shared validation hook. */
export function newApp<E extends object = object>() {
  return new OpenAPIHono<E & { Variables: Record<string, unknown> }>({ defaultHook: validationHook });
}

export function onError(error: Error, c: Context): Response {
  const problem = toProblem(error);
  if (problem.status >= 500) {
    // Structured, without request data: the cause chain is for operators, never for the client.
    // Structured, without request bodies or tokens; the request id ties it to the caller's report.
    const requestId = c.get('requestId' as never) as string | undefined;
    console.error(JSON.stringify({ level: 'error', requestId, code: problem.code, path: c.req.path, error: String(error), cause: String((error as { cause?: unknown }).cause ?? '') }));
  }
  return problemResponse(c, problem);
}

export function notFound(c: Context): Response {
  return problemResponse(c, new Problem('route.not-found', `Nothing is served at ${c.req.path}.`));
}
