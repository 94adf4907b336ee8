/**
 * Logs are structured and carry nothing personal: one JSON line per request with the request id
 * the caller was given, the route's pattern, the status and the time — never the path as typed, a
 * query, a header or a body.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runStats } from '../../functions/jobs/stats.ts';
import { createLocalApp } from '../../infra/local/server.ts';
import { redirectLogs, type LogLevel } from '../../shared/log.ts';
import { tokenKit } from '../support/auth.ts';
import { freshDb, type CountedDb } from '../support/db.ts';
import { E, recordBody, SECRETS, seedFixtures } from '../support/fixtures.ts';

let db: CountedDb;
let kit: Awaited<ReturnType<typeof tokenKit>>;
let lines: { level: LogLevel; line: string }[];
let restore: () => void;

beforeAll(async () => {
  db = await freshDb();
  await seedFixtures(db);
  kit = await tokenKit();
});

function capture() {
  vi.stubEnv('LOG_LEVEL', 'info');
  lines = [];
  restore = redirectLogs((level, line) => lines.push({ level, line }));
}

afterEach(() => {
  restore?.();
  vi.unstubAllEnvs();
});

describe('the access log', () => {
  it('writes one JSON line per request with its id, route pattern, status and time', async () => {
    capture();
    const app = createLocalApp({ db, verify: kit.verify });
    const res = await app.request(`/v1/enterprises/${E.dishonest.toLowerCase()}`);
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!.line);
    expect(entry).toMatchObject({ level: 'info', msg: 'request', app: 'public', method: 'GET', route: '/v1/enterprises/:uscc', status: 200 });
    expect(entry.requestId).toBe(res.headers.get('X-Request-Id'));
    expect(typeof entry.ms).toBe('number');
    expect(Date.parse(entry.time)).not.toBeNaN();
  });

  it('logs no body, query, token or typed path: planted personal data never reaches it', async () => {
    capture();
    const app = createLocalApp({ db, verify: kit.verify });
    const body = recordBody(E.plain, {
      title: `身份证 ${SECRETS.idNumber} 电话 ${SECRETS.phone}`,
      decisionNumber: `杭西市监处罚〔2026〕${SECRETS.phone}号`,
      internalNote: SECRETS.internalNote,
    });
    const headers = { Authorization: `Bearer ${kit.tokens.publisher}`, 'Content-Type': 'application/json', 'Idempotency-Key': 'log-test-0001' };
    const published = await app.request('/v1/admin/records', { method: 'POST', headers, body: JSON.stringify(body) });
    expect(published.status).toBe(201);
    const refused = await app.request('/v1/admin/records', { method: 'POST', headers: { ...headers, 'Idempotency-Key': 'log-test-0002' }, body: JSON.stringify({ ...body, fineWan: SECRETS.idNumber }) });
    expect(refused.status).toBe(400);
    await app.request(`/v1/enterprises?name=${encodeURIComponent(SECRETS.phone)}`);
    await app.request(`/v1/me?phone=${SECRETS.phone}`, { headers: { Authorization: `Bearer ${kit.tokens.enterprise}` } });
    await app.request(`/no/such/${SECRETS.idNumber}`);

    expect(lines.map((l) => JSON.parse(l.line).route)).toEqual(['/v1/admin/records', '/v1/admin/records', '/v1/enterprises', '/v1/me', '*']);
    const all = lines.map((l) => l.line).join('\n');
    for (const secret of [SECRETS.idNumber, SECRETS.phone, SECRETS.internalNote, kit.tokens.publisher, kit.tokens.enterprise, '身份证']) {
      expect(all).not.toContain(secret);
    }
  });

  it('is quiet below LOG_LEVEL', async () => {
    capture();
    vi.stubEnv('LOG_LEVEL', 'error');
    await createLocalApp({ db, verify: kit.verify }).request('/healthz');
    expect(lines).toEqual([]);
  });
});

describe('job logs', () => {
  it('are one JSON line naming the job as the scheduler does', async () => {
    capture();
    await runStats(db);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!.line)).toMatchObject({ level: 'info', msg: 'job finished', job: 'stats' });
  });
});
