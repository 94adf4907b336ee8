/**
 * The route × role matrix: every route of every app, called by every kind of caller, answers as
 * this table says. A route added without a row here fails the first test.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../infra/local/server.ts';
import { tokenKit } from '../support/auth.ts';
import { freshDb } from '../support/db.ts';

type Caller = 'anonymous' | 'enterprise' | 'publisher' | 'reviewer' | 'admin';
/** allow: the role passes authorisation (the answer may still be 400/404 for the sample input). */
type Cell = 'allow' | 401 | 403;
const CALLERS: Caller[] = ['anonymous', 'enterprise', 'publisher', 'reviewer', 'admin'];

const open: Record<Caller, Cell> = { anonymous: 'allow', enterprise: 'allow', publisher: 'allow', reviewer: 'allow', admin: 'allow' };
const officials: Record<Caller, Cell> = { anonymous: 401, enterprise: 403, publisher: 'allow', reviewer: 'allow', admin: 'allow' };
const publishers: Record<Caller, Cell> = { anonymous: 401, enterprise: 403, publisher: 'allow', reviewer: 403, admin: 'allow' };
const reviewers: Record<Caller, Cell> = { anonymous: 401, enterprise: 403, publisher: 403, reviewer: 'allow', admin: 'allow' };
const enterprises: Record<Caller, Cell> = { anonymous: 401, enterprise: 'allow', publisher: 403, reviewer: 403, admin: 403 };
const admins: Record<Caller, Cell> = { anonymous: 401, enterprise: 403, publisher: 403, reviewer: 403, admin: 'allow' };

const MATRIX: Record<string, Record<Caller, Cell>> = {
  'GET /healthz': open,
  'GET /openapi.json': open,
  'GET /docs': open,
  'GET /problems/:code': open,
  'GET /v1/enterprises': open,
  'GET /v1/enterprises/:uscc': open,
  'GET /v1/lists/:listType': open,
  'GET /v1/records/:id': open,
  'GET /v1/changes': open,
  'GET /v1/exports/:file': open,
  'GET /v1/feeds/:file': open,
  'GET /v1/catalog': open,
  'GET /v1/checkpoints/latest': open,
  'GET /v1/checkpoints/keys': open,
  'GET /v1/checkpoints/:seq': open,
  // The web pages (functions/public/pages), open like the data they show.
  'GET /': open,
  'GET /enterprises/:uscc': open,
  'GET /lists/:listType': open,
  'GET /open-data': open,
  'GET /stats': open,
  'GET /v1/admin/enterprises/:uscc': officials,
  'PUT /v1/admin/enterprises/:uscc': publishers,
  'PUT /v1/admin/enterprises/:uscc/classification': admins,
  'POST /v1/admin/records': publishers,
  'GET /v1/admin/records/:id': officials,
  'POST /v1/admin/records/:id/corrections': publishers,
  'POST /v1/admin/records/:id/withdrawal': publishers,
  'POST /v1/admin/listings': publishers,
  'GET /v1/admin/listings/:id': officials,
  'POST /v1/admin/listings/:id/end': publishers,
  'GET /v1/admin/audit': officials,
  'POST /v1/admin/imports': publishers,
  'GET /v1/admin/repair-requests': reviewers,
  'GET /v1/admin/repair-requests/:id': officials,
  'POST /v1/admin/repair-requests/:id/decision': reviewers,
  'GET /v1/admin/config/repair-rules': officials,
  'PUT /v1/admin/config/repair-rules': admins,
  'GET /v1/me': enterprises,
  'GET /v1/repair-eligibility': enterprises,
  'POST /v1/repair-requests': enterprises,
  'GET /v1/repair-requests': enterprises,
  'GET /v1/repair-requests/:id': enterprises,
  'POST /v1/repair-requests/:id/supplements': enterprises,
  'POST /v1/repair-requests/:id/withdraw': enterprises,
};

const SAMPLE_PARAMS: Record<string, string> = { uscc: '91330100799655058B', id: 'rec_sample', code: 'uscc.malformed', listType: 'punishment', file: 'listings.jsonl', seq: '1' };

let app: ReturnType<typeof createLocalApp>;
let tokens: Awaited<ReturnType<typeof tokenKit>>['tokens'];

beforeAll(async () => {
  const kit = await tokenKit();
  tokens = kit.tokens;
  app = createLocalApp({ db: await freshDb(), verify: kit.verify });
});

function routesOf(): string[] {
  // Middleware is registered for method ALL; routes have a real method.
  return [...new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))].sort();
}

describe('the authorisation matrix', () => {
  it('has a row for every route, and no row for a route that does not exist', () => {
    expect(routesOf()).toEqual(Object.keys(MATRIX).sort());
  });

  const cells = Object.entries(MATRIX).flatMap(([route, row]) => CALLERS.map((caller) => [route, caller, row[caller]] as const));
  it.each(cells)('%s as %s → %s', async (route, caller, expected) => {
    const [method, template] = route.split(' ') as [string, string];
    const path = template.replace(/:(\w+)/g, (_, name: string) => SAMPLE_PARAMS[name] ?? 'x');
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'If-Match': '"v1"', 'Idempotency-Key': 'matrix-key-0001' };
    if (caller !== 'anonymous') headers.Authorization = `Bearer ${tokens[caller]}`;
    const res = await app.request(path, { method, headers, ...(method === 'GET' ? {} : { body: '{}' }) });
    if (expected === 'allow') {
      expect([401, 403]).not.toContain(res.status);
      expect(res.status).toBeLessThan(500);
    } else {
      expect(res.status).toBe(expected);
      expect(res.headers.get('Content-Type')).toBe('application/problem+json');
      if (expected === 401) expect(res.headers.get('WWW-Authenticate')).toMatch(/^Bearer/);
    }
  });
});
