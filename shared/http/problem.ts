/**
 * RFC 9457 problem+json: the one place the error vocabulary of `shared/errors.ts` becomes a
 * response. Nothing a client sends can reach the 500 branch; if something does, that is a bug, and
 * the response still says nothing about the code behind it.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { PROBLEM_TYPES, Problem, type ProblemCode } from '../errors.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The stable `type` URI of a problem code (relative: resolved against the API's own origin). */
export const problemType = (code: ProblemCode) => `/problems/${code}`;

export function problemDocument(problem: Problem, instance?: string) {
  const t = PROBLEM_TYPES[problem.code];
  const members = {
    type: problemType(problem.code),
    title: `${t.zh} / ${t.en}`,
    status: problem.status,
    detail: problem.message,
    ...(instance ? { instance } : {}),
    ...(problem.errors.length ? { errors: problem.errors } : {}),
  };
  // Spread twice: the members keep their place first, and no extension can overwrite one of them
  // (an extension named `status` once replaced the HTTP status code in the body; RFC 9457 §3.2).
  return { ...members, ...problem.extensions, ...members };
}

/** Errors the AWS SDK raises when DynamoDB cannot be reached or is shedding load. */
const UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'TimeoutError',
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
]);

function isUnavailable(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const { name, code } = e as { name?: string; code?: string };
    if ((name && UNAVAILABLE.has(name)) || (code && UNAVAILABLE.has(code))) return true;
    if (e instanceof AggregateError && e.errors.some(isUnavailable)) return true;
  }
  return false;
}

/** Turn anything thrown into a Problem, keeping the original as `cause`. */
export function toProblem(error: unknown): Problem {
  if (error instanceof Problem) return error;
  // Hono's own validators and middleware throw HTTPException (e.g. malformed JSON): a client error.
  if (error instanceof HTTPException && error.status < 500) {
    const code = error.status === 413 ? 'request.too-large' : 'request.invalid';
    return new Problem(code, error.message || 'The request cannot be read.', { errors: [{ in: 'body', field: '(body)', code: 'unreadable', detail: error.message }], cause: error });
  }
  if (isUnavailable(error)) return new Problem('store.unavailable', 'The register’s data store cannot be reached; retry shortly.', { cause: error });
  return new Problem('internal', 'An unexpected error occurred.', { cause: error });
}

export function problemResponse(c: Context, problem: Problem): Response {
  const headers: Record<string, string> = { 'Content-Type': PROBLEM_CONTENT_TYPE, 'Cache-Control': 'no-store' };
  if (problem.status === 503) headers['Retry-After'] = '5';
  // RFC 6750 §3: a 401 names the scheme the client should use.
  if (problem.status === 401) headers['WWW-Authenticate'] = `Bearer realm="hz-quality-credit"${problem.code === 'auth.invalid-token' ? ', error="invalid_token"' : ''}`;
  return new Response(JSON.stringify(problemDocument(problem, c.req.path)), { status: problem.status, headers });
}
