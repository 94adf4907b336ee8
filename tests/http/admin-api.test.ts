/**
 * The officials' API through app.request() on real DynamoDB Local: every write through the ledger
 * with its audit entry, safe writes (If-Match, Idempotency-Key), and bad input as problems. Their
 * races (one ETag or one key sent at once) are in tests/integration/concurrency.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createAdminApp } from '../../functions/admin/app.ts';
import { createPublicApp } from '../../functions/public/app.ts';
import { verifyChain } from '../../shared/ledger/event.ts';
import { addDays, shanghaiDate } from '../../shared/rules/calendar.ts';
import { readEvents, readHead } from '../../shared/store/reads.ts';
import { tokenKit } from '../support/auth.ts';
import { freshDb, type CountedDb } from '../support/db.ts';
import { recordBody as sharedRecordBody } from '../support/fixtures.ts';
import { expectProblemResponse as expectProblem } from '../support/problems.ts';

let db: CountedDb;
let admin: ReturnType<typeof createAdminApp>;
let pub: ReturnType<typeof createPublicApp>;
let tokens: Awaited<ReturnType<typeof tokenKit>>['tokens'];
const today = shanghaiDate();
const USCC = '91330100799655058B';
const PILOT = '91350100M0001TGQXM';

beforeAll(async () => {
  db = await freshDb();
  const kit = await tokenKit();
  tokens = kit.tokens;
  admin = createAdminApp({ db, verify: kit.verify });
  pub = createPublicApp({ db });
});

let keyCounter = 0;
function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, as: keyof typeof tokens = 'publisher') {
  return admin.request(path, {
    method,
    headers: { Authorization: `Bearer ${tokens[as]}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
}
const newKey = () => `test-key-${++keyCounter}-${Date.now()}`;
const recordBody = (over: Record<string, unknown> = {}) => sharedRecordBody(USCC, over);



async function profile(uscc = USCC) {
  return (await (await pub.request(`/v1/enterprises/${uscc}`)).json()) as any;
}

describe('registering and updating an enterprise', () => {
  it('registers with 201, then requires If-Match to update (428), refuses a stale one (412), accepts the current one', async () => {
    const created = await call('PUT', `/v1/admin/enterprises/${USCC}`, { name: '杭州西湖官方测试有限公司', district: '330106', legalRepresentative: { name: '赵某', idNumber: '33010619800101123X' }, reason: '登记' });
    expect(created.status).toBe(201);
    expect(created.headers.get('ETag')).toBe('"v1"');
    await expectProblem(await call('PUT', `/v1/admin/enterprises/${USCC}`, { name: '杭州西湖官方测试二有限公司', district: '330106' }), 428, 'precondition.required');
    await expectProblem(await call('PUT', `/v1/admin/enterprises/${USCC}`, { name: '杭州西湖官方测试二有限公司', district: '330106' }, { 'If-Match': '"v7"' }), 412, 'precondition.failed');
    const updated = await call('PUT', `/v1/admin/enterprises/${USCC}`, { name: '杭州西湖官方测试有限公司', district: '330106', registeredAddress: '杭州市西湖区某路1号', legalRepresentative: { name: '赵某', idNumber: '33010619800101123X' } }, { 'If-Match': '"v1"' });
    expect(updated.status).toBe(200);
    expect(updated.headers.get('ETag')).toBe('"v2"');
    expect((await profile()).registeredAddress).toBe('杭州市西湖区某路1号');
  });

  it('refuses a USCC whose check character fails unless the official confirms it (GB 32100 pilot codes)', async () => {
    const body = await expectProblem(await call('PUT', `/v1/admin/enterprises/${PILOT}`, { name: '福州试点代码有限公司', district: '330110' }), 422, 'uscc.check-digit');
    expect(body.errors[0].field).toBe('uscc');
    const confirmed = await call('PUT', `/v1/admin/enterprises/${PILOT}`, { name: '福州试点代码有限公司', district: '330110', confirmCheckDigit: true });
    expect(confirmed.status).toBe(201);
  });

  it.each([
    ['a district outside Hangzhou', { name: 'x有限公司', district: '310101' }, 'district'],
    ['an unknown field (no mass assignment)', { name: 'x有限公司', district: '330106', version: 99 }, '(root)'],
    ['a malformed ID number', { name: 'x有限公司', district: '330106', legalRepresentative: { name: '某', idNumber: '123' } }, 'legalRepresentative.idNumber'],
  ])('refuses %s with 400 naming the field', async (_, body, field) => {
    const problem = await expectProblem(await call('PUT', '/v1/admin/enterprises/91330000733796106P', body), 400, 'request.invalid');
    expect(problem.errors.map((e: any) => e.field)).toContain(field);
  });
});

describe('publishing a record', () => {
  it('publishes with its period computed, audits it, and the public sees it at once', async () => {
    const res = await call('POST', '/v1/admin/records', recordBody({ decisionNumber: '杭西市监处罚〔2026〕1001号', internalNote: '内部备注-不公开' }), { 'Idempotency-Key': newKey() });
    expect(res.status).toBe(201);
    const record = (await res.json()) as any;
    expect(res.headers.get('Location')).toBe(`/v1/admin/records/${record.id}`);
    expect(record.publicationEnd).toBe(addDays(addDays(today, 0), 0).replace(/^(\d{4})/, (y) => String(Number(y) + 3)));
    const seen = await profile();
    expect(seen.records.map((r: any) => r.id)).toContain(record.id);
    expect(seen.classification.class).toBe('C');
    expect(JSON.stringify(seen)).not.toContain('内部备注');
    const audit = (await (await call('GET', `/v1/admin/audit?uscc=${USCC}`)).json()) as any;
    expect(audit.items[0]).toMatchObject({ action: 'record.published', target: { type: 'record', id: record.id }, actor: { kind: 'official', id: 'pub-1', department: '330106' }, reason: '依法公示' });
    expect(audit.items[0].seq).toBe((await readHead(db)).seq);
  });

  it('answers a retry with the same key and body with the first answer, and publishes once', async () => {
    const key = newKey();
    const body = recordBody();
    const first = await call('POST', '/v1/admin/records', body, { 'Idempotency-Key': key });
    const seq = (await readHead(db)).seq;
    const again = await call('POST', '/v1/admin/records', body, { 'Idempotency-Key': key });
    expect(again.status).toBe(201);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
    expect((await readHead(db)).seq).toBe(seq);
  });

  it('refuses the same key with another body (422) and a missing key (400)', async () => {
    const key = newKey();
    await call('POST', '/v1/admin/records', recordBody(), { 'Idempotency-Key': key });
    await expectProblem(await call('POST', '/v1/admin/records', recordBody(), { 'Idempotency-Key': key }), 422, 'idempotency.key-reused');
    await expectProblem(await call('POST', '/v1/admin/records', recordBody()), 400, 'idempotency.key-required');
  });

  it.each([
    ['a negative fine', { fineWan: -1 }, 'fineWan', 400, 'request.invalid'],
    ['a fine with fractions of a yuan', { fineWan: 1.00001 }, 'fineWan', 400, 'request.invalid'],
    ['a decision dated in the future', { decisionDate: addDays(today, 3) }, 'decisionDate', 400, 'request.invalid'],
    ['an impossible date', { decisionDate: '2026-02-30' }, 'decisionDate', 400, 'request.invalid'],
    ['an unknown kind', { kind: 'medal' }, 'kind', 400, 'request.invalid'],
    ['a status smuggled in', { status: 'repaired' }, '(root)', 400, 'request.invalid'],
    ['a publication end typed in', { publicationEnd: '2099-01-01' }, '(root)', 400, 'request.invalid'],
    ['a warning-only penalty (SAMR Order 45 Art. 6)', { penaltyTypes: ['warning'], fineWan: undefined }, 'penaltyTypes', 422, 'record.not-publishable'],
    ['a USCC with letters outside its alphabet', { uscc: '9133010079965505IB' }, 'uscc', 400, 'uscc.malformed'],
    ['a USCC too short to be one', { uscc: '123' }, 'uscc', 400, 'request.invalid'],
  ])('refuses %s', async (_, over, field, status, code) => {
    const before = (await readHead(db)).seq;
    const problem = await expectProblem(await call('POST', '/v1/admin/records', recordBody(over), { 'Idempotency-Key': newKey() }), status, code);
    expect(problem.errors.map((e: any) => e.field)).toContain(field);
    expect((await readHead(db)).seq).toBe(before);
  });

  it('refuses a record for an enterprise not registered (404)', async () => {
    await expectProblem(await call('POST', '/v1/admin/records', recordBody({ uscc: '9144030071526726XG' }), { 'Idempotency-Key': newKey() }), 404, 'enterprise.not-found');
  });

  it('refuses a body that is not JSON (415), malformed JSON (400) and an oversized body (413)', async () => {
    const nonJson = await admin.request('/v1/admin/records', { method: 'POST', headers: { Authorization: `Bearer ${tokens.publisher}`, 'Content-Type': 'text/plain', 'Idempotency-Key': newKey() }, body: JSON.stringify(recordBody()) });
    await expectProblem(nonJson, 415, 'request.unsupported-media-type');
    await expectProblem(await call('POST', '/v1/admin/records', '{"uscc": ', { 'Idempotency-Key': newKey() }), 400, 'request.invalid');
    await expectProblem(await call('POST', '/v1/admin/records', recordBody({ facts: 'x'.repeat(70_000) }), { 'Idempotency-Key': newKey() }), 413, 'request.too-large');
  });
});

describe('corrections and withdrawals', () => {
  async function publish() {
    const res = await call('POST', '/v1/admin/records', recordBody(), { 'Idempotency-Key': newKey() });
    return (await res.json()) as any;
  }

  it('corrects with If-Match; the period follows the corrected penalty', async () => {
    const record = await publish();
    const res = await call('POST', `/v1/admin/records/${record.id}/corrections`, { correction: { fineWan: 0.5, severity: 'minor' }, reason: '更正罚款金额' }, { 'If-Match': '"v1"' });
    expect(res.status).toBe(200);
    const corrected = (await res.json()) as any;
    expect(corrected.fineWan).toBe(0.5);
    expect(corrected.publicationEnd < record.publicationEnd).toBe(true);
    const publicView = (await (await pub.request(`/v1/records/${record.id}`)).json()) as any;
    expect(publicView.fineWan).toBe(0.5);
  });

  it('withdraws (SAMR Order 45 Art. 11): gone from public view, class recomputed, the feed says why', async () => {
    await call('PUT', '/v1/admin/enterprises/91110000600037341L', { name: '建德撤回测试有限公司', district: '330182' });
    const created = await call('POST', '/v1/admin/records', recordBody({ uscc: '91110000600037341L' }), { 'Idempotency-Key': newKey() });
    const record = (await created.json()) as any;
    expect((await profile('91110000600037341L')).classification.class).toBe('C');
    const withdrawn = await call('POST', `/v1/admin/records/${record.id}/withdrawal`, { reason: '原处罚决定已被撤销' }, { 'If-Match': '"v1"' });
    expect(withdrawn.status).toBe(200);
    expect(((await withdrawn.json()) as any).status).toBe('withdrawn');
    const after = await profile('91110000600037341L');
    expect(after.records).toEqual([]);
    expect(after.classification.class).toBe('B');
    expect((await pub.request(`/v1/records/${record.id}`)).status).toBe(404);
    const last = (await readEvents(db, (await readHead(db)).seq - 1, 1))[0];
    expect(last?.changes[0]).toMatchObject({ entity: 'record', id: record.id, action: 'withdrawn', data: null, reason: 'withdrawn' });
    await expectProblem(await call('POST', `/v1/admin/records/${record.id}/withdrawal`, { reason: '再次撤回' }, { 'If-Match': '"v2"' }), 409, 'record.not-current');
  });
});

describe('lists and classes', () => {
  it('adds a punishment entry (D), ends it with a reason (back to C), with the list pages following', async () => {
    const res = await call('POST', '/v1/admin/listings', { uscc: USCC, listType: 'punishment', grounds: '省级抽查不合格且复检仍不合格', legalBasis: '《市场监督管理严重违法失信名单管理办法》第七条', decidingAuthority: '杭州市市场监督管理局', startDate: today }, { 'Idempotency-Key': newKey() });
    expect(res.status).toBe(201);
    const listing = (await res.json()) as any;
    expect(listing.measures.length).toBeGreaterThan(0);
    expect((await profile()).classification.class).toBe('D');
    const ended = await call('POST', `/v1/admin/listings/${listing.id}/end`, { reason: '信用修复：提前移出' }, { 'If-Match': '"v1"' });
    expect(ended.status).toBe(200);
    expect((await profile()).classification.class).toBe('C');
    const list = (await (await pub.request('/v1/lists/punishment')).json()) as any;
    expect(list.items.map((l: any) => l.id)).not.toContain(listing.id);
  });

  it('refuses a listing on an unknown list type and one starting in the future', async () => {
    await expectProblem(await call('POST', '/v1/admin/listings', { uscc: USCC, listType: 'blacklist', grounds: 'x', legalBasis: 'x', decidingAuthority: 'x', startDate: today }, { 'Idempotency-Key': newKey() }), 400, 'request.invalid');
    const p = await expectProblem(await call('POST', '/v1/admin/listings', { uscc: USCC, listType: 'incentive', grounds: 'x', legalBasis: 'x', decidingAuthority: 'x', startDate: addDays(today, 1) }, { 'Idempotency-Key': newKey() }), 400, 'request.invalid');
    expect(p.errors[0].field).toBe('startDate');
  });

  it('lets an admin override the class with a public reason, and clear it', async () => {
    const etag = (await call('GET', `/v1/admin/enterprises/${USCC}`)).headers.get('ETag') as string;
    const res = await call('PUT', `/v1/admin/enterprises/${USCC}/classification`, { override: { class: 'B', reason: '复核后调整' }, reason: '复核' }, { 'If-Match': etag }, 'admin');
    expect(res.status).toBe(200);
    const seen = await profile();
    expect(seen.classification).toMatchObject({ class: 'B', override: { class: 'B', reason: '复核后调整', department: '330100' } });
    const etag2 = res.headers.get('ETag') as string;
    await call('PUT', `/v1/admin/enterprises/${USCC}/classification`, { override: null, reason: '撤销调整' }, { 'If-Match': etag2 }, 'admin');
    expect((await profile()).classification.override).toBeUndefined();
  });

  it('keeps the whole ledger gapless and verifiable after all of the above', async () => {
    const events = await readEvents(db, 0, 1000);
    expect(verifyChain(events)).toMatchObject({ ok: true, seq: (await readHead(db)).seq });
  });
});
