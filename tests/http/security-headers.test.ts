/**
 * Headers every response carries: request ids, security headers, and CORS — open for the public
 * register, an allow-list for the signed-in apps.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createAdminApp } from '../../functions/admin/app.ts';
import { createPublicApp } from '../../functions/public/app.ts';
import { tokenKit } from '../support/auth.ts';
import { freshDb, type CountedDb } from '../support/db.ts';
import { E, seedFixtures } from '../support/fixtures.ts';

let db: CountedDb;
let kit: Awaited<ReturnType<typeof tokenKit>>;
beforeAll(async () => {
  db = await freshDb();
  await seedFixtures(db);
  kit = await tokenKit();
});

describe('every public response', () => {
  it('carries a request id, echoing a sane one and replacing anything else', async () => {
    const app = createPublicApp({ db });
    const made = (await app.request(`/v1/enterprises/${E.plain}`)).headers.get('X-Request-Id');
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
    expect((await app.request('/healthz', { headers: { 'X-Request-Id': 'client-trace-0001' } })).headers.get('X-Request-Id')).toBe('client-trace-0001');
    expect((await app.request('/healthz', { headers: { 'X-Request-Id': 'bad id <script>' } })).headers.get('X-Request-Id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('carries the security headers, with a no-render CSP on data and the pages keeping their own', async () => {
    const app = createPublicApp({ db });
    const data = await app.request(`/v1/enterprises/${E.plain}`);
    expect(data.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(data.headers.get('Strict-Transport-Security')).toContain('max-age=31536000');
    expect(data.headers.get('Content-Security-Policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(data.headers.get('X-Frame-Options')).toBe('DENY');
    const page = await app.request(`/enterprises/${E.plain}`);
    expect(page.headers.get('Content-Security-Policy')).toContain('style-src');
    const problem = await app.request('/v1/enterprises/123');
    expect(problem.headers.get('X-Content-Type-Options')).toBe('nosniff');
  });

  it('may be read by a script on any origin (open data), with the ledger headers exposed', async () => {
    const res = await createPublicApp({ db }).request('/v1/changes', { headers: { Origin: 'https://newsroom.example' } });
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(res.headers.get('Access-Control-Expose-Headers')).toContain('X-Ledger-Seq');
    expect(res.headers.get('Cross-Origin-Resource-Policy')).toBe('cross-origin');
  });
});

describe('the signed-in apps', () => {
  it('answer cross-origin calls only from the allowed origins, preflight included', async () => {
    const closed = createAdminApp({ db, verify: kit.verify });
    const denied = await closed.request('/v1/admin/audit', { headers: { Origin: 'https://evil.example', Authorization: `Bearer ${kit.tokens.publisher}` } });
    expect(denied.headers.get('Access-Control-Allow-Origin')).toBeNull();
    expect(denied.headers.get('Cross-Origin-Resource-Policy')).toBe('same-origin');

    const open = createAdminApp({ db, verify: kit.verify, corsOrigins: ['https://officials.example'] });
    const preflight = await open.request('/v1/admin/records', {
      method: 'OPTIONS',
      headers: { Origin: 'https://officials.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, idempotency-key' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBe('https://officials.example');
    expect(preflight.headers.get('Access-Control-Allow-Headers')).toContain('Idempotency-Key');
  });
});
