import { ProblemSchema } from '../../../shared/public/schemas.ts';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input, naming each field',
  401: 'No valid bearer token',
  403: 'The token’s role may not do this',
  404: 'Not found',
  409: 'Not in a state that allows this',
  412: 'Changed since read (If-Match is stale)',
  413: 'Body too large',
  415: 'Body is not JSON (or CSV where CSV is asked for)',
  422: 'Refused by a rule (e.g. check character, law forbids publishing, key reused)',
  428: 'If-Match is required',
};

/** OpenAPI response entries for the problems a route can answer. */
export function problems(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, { description: DESCRIPTIONS[s] ?? 'Problem', content: { 'application/problem+json': { schema: ProblemSchema } } }]));
}
