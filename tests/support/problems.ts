/** Assertions on the one error vocabulary, shared by every test that expects a problem. */
import { expect } from 'vitest';
import { Problem, type ProblemCode } from '../../shared/errors.ts';

/** The Problem `fn` throws (failing the test when it throws nothing, or something else). */
export function thrownProblem(fn: () => unknown): Problem {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(Problem);
    return error as Problem;
  }
  throw new Error('expected a Problem to be thrown');
}

/** Asserts that `fn` throws a Problem with `code`, and returns it for further checks. */
export function expectProblem(fn: () => unknown, code: ProblemCode | string): Problem {
  const problem = thrownProblem(fn);
  expect(problem.code).toBe(code);
  return problem;
}

/**
 * Asserts an RFC 9457 answer with the documented members (type, status, bilingual title, detail),
 * optionally naming `field` among its errors; returns the parsed body.
 */
export async function expectProblemResponse(res: Response, status: number, code: string, field?: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('Content-Type')).toBe('application/problem+json');
  const body = (await res.json()) as any;
  expect(body.type).toBe(`/problems/${code}`);
  expect(body.status).toBe(status);
  // Chinese and English title in one string: "中文 / English".
  expect(body.title).toMatch(/[\u4e00-\u9fff].* \/ [A-Za-z]/);
  expect(typeof body.detail).toBe('string');
  if (field) expect(body.errors.map((e: any) => e.field)).toContain(field);
  return body;
}
