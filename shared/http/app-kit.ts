/**
 * What every Hono app of the register shares: validation failures, errors and unknown routes all
 * answered as problem+json, in the same words.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Hook } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { Problem, type FieldError } from '../errors.ts';
import { errorFields, log } from '../log.ts';
import { problemResponse, toProblem } from './problem.ts';

const LOCATION: Record<string, FieldError['in']> = { json: 'body', query: 'query', param: 'path', header: 'header', form: 'body' };

/**
 * JSON can spell a lone UTF-16 surrogate (`"\ud800"`), which is no Unicode text: it has no UTF-8
 * form, so it can be neither stored as sent nor hashed into the ledger (RFC 8785 §3.2.2.2 refuses
 * it). Only JSON bodies carry one; percent-decoding a path or query never produces it.
 */
const LONE_SURROGATE = /\p{Cs}/u;

/** The field of the first string in validated input that is not well-formed Unicode. */
function illFormedField(value: unknown): string | undefined {
  const pending: [unknown, string][] = [[value, '']];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [v, field] = next;
    if (typeof v === 'string' && LONE_SURROGATE.test(v)) return field || '(root)';
    if (v && typeof v === 'object') for (const [k, child] of Object.entries(v)) pending.push([child, field ? `${field}.${k}` : k]);
  }
  return undefined;
}

/** zod-openapi's hook: one format for every validation failure, never zod's raw result. */
export const validationHook: Hook<unknown, any, any, unknown> = (result, c) => {
  const where = LOCATION[result.target] ?? 'body';
  if (result.success) {
    const field = illFormedField(result.data);
    if (field === undefined) return;
    const errors: FieldError[] = [{ in: where, field, code: 'ill_formed_unicode', detail: 'must be well-formed Unicode text (no lone surrogate)' }];
    return problemResponse(c, new Problem('request.invalid', `Invalid ${where} parameter(s): ${field}.`, { errors }));
  }
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
    // The cause is for operators, never for the client; no request data, not even the path as
    // typed — the request id ties this line to the access line and to the caller's report.
    log('error', 'request failed', { requestId: c.get('requestId' as never) as string | undefined, code: problem.code, ...errorFields(error) });
  }
  return problemResponse(c, problem);
}

export function notFound(c: Context): Response {
  return problemResponse(c, new Problem('route.not-found', `Nothing is served at ${c.req.path}.`));
}
