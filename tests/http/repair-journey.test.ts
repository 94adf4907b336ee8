/**
 * Credit repair end to end, through the apps as their users call them, on real DynamoDB Local:
 * an official publishes, the enterprise applies, a reviewer decides, the public sees the outcome.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createAdminApp } from '../../functions/admin/app.ts';
import { createEnterpriseApp } from '../../functions/enterprise/app.ts';
import { createPublicApp } from '../../functions/public/app.ts';
import { verifyChain } from '../../shared/ledger/event.ts';
import { addDays, addMonths, shanghaiDate } from '../../shared/rules/calendar.ts';
import { workingDays } from '../../shared/rules/working-days.ts';
import { readEvents, readHead } from '../../shared/store/reads.ts';
import { createDevKeys, devVerifier, signDevToken } from '../../shared/auth/dev-keys.ts';
import { freshDb, type CountedDb } from '../support/db.ts';
import { recordBody } from '../support/fixtures.ts';

const USCC = '91330100799655058B';
const OTHER = '91330000733796106P';
const today = shanghaiDate();
const eightMonthsAgo = addMonths(today, -8);

let db: CountedDb;
let admin: ReturnType<typeof createAdminApp>;
let enterprise: ReturnType<typeof createEnterpriseApp>;
let pub: ReturnType<typeof createPublicApp>;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  db = await freshDb();
  const keys = await createDevKeys();
  const verify = devVerifier(keys);
  admin = createAdminApp({ db, verify });
  enterprise = createEnterpriseApp({ db, verify });
  pub = createPublicApp({ db });
  tokens.publisher = await signDevToken(keys, { sub: 'pub', roles: ['publisher'], dept: '330106' });
  tokens.reviewer = await signDevToken(keys, { sub: 'rev', roles: ['reviewer'], dept: '330106' });
  tokens.mine = await signDevToken(keys, { sub: 'ent', uscc: USCC });
  tokens.other = await signDevToken(keys, { sub: 'ent2', uscc: OTHER });
});

let n = 0;
function send(app: { request: (p: string, i?: RequestInit) => Response | Promise<Response> }, token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return app.request(path, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}
const key = () => `journey-key-${++n}-${Date.now()}`;
const json = async (res: Response | Promise<Response>) => {
  const r = await res;
  return { status: r.status, body: (await r.json()) as any, headers: r.headers };
};

const application = (targetId: string, type: 'record' | 'listing' = 'record') => ({
  target: { type, id: targetId },
  statement: '已全额缴纳罚款，召回并销毁不合格产品，完成整改并通过复检。',
  commitment: '本企业承诺依法诚信经营，自觉接受监督，如有违反愿承担相应责任。',
  evidence: [{ title: '罚款缴纳凭证', sha256: 'a'.repeat(64), location: 'oss://evidence/2026/receipt.pdf' }],
});

describe('the credit repair journey', () => {
  let recordId = '';
  let requestId = '';

  it('starts with a penalty published eight months ago: class C', async () => {
    await send(admin, tokens.publisher as string, 'PUT', `/v1/admin/enterprises/${USCC}`, { name: '杭州修复之旅有限公司', district: '330106' });
    await send(admin, tokens.publisher as string, 'PUT', `/v1/admin/enterprises/${OTHER}`, { name: '杭州旁观者有限公司', district: '330108' });
    const published = await json(
      send(admin, tokens.publisher as string, 'POST', '/v1/admin/records', {
        uscc: USCC,
        kind: 'administrative-penalty',
        severity: 'general',
        title: '生产不合格产品',
        decisionNumber: '杭西市监处罚〔2026〕88号',
        legalBasis: '《中华人民共和国产品质量法》第四十九条',
        penaltyTypes: ['fine'],
        fineWan: 4,
        decisionDate: addDays(eightMonthsAgo, -7),
        publishedOn: eightMonthsAgo,
        authority: { name: '杭州市西湖区市场监督管理局', uscc: '113301060024890718' },
        dataSource: '杭州市市场监督管理局',
      }, { 'Idempotency-Key': key() }),
    );
    expect(published.status).toBe(201);
    recordId = published.body.id;
    expect((await json(pub.request(`/v1/enterprises/${USCC}`))).body.classification.class).toBe('C');
  });

  it('the enterprise checks eligibility: yes, under the rule set in force today', async () => {
    const { status, body } = await json(send(enterprise, tokens.mine as string, 'GET', `/v1/repair-eligibility?targetType=record&targetId=${recordId}`));
    expect(status).toBe(200);
    expect(body).toMatchObject({ eligible: true, ruleSet: { id: 'samr-2025' }, reasons: [] });
    expect(body.eligibleFrom <= today).toBe(true);
  });

  it('another enterprise cannot even see that the record exists (404)', async () => {
    expect((await send(enterprise, tokens.other as string, 'GET', `/v1/repair-eligibility?targetType=record&targetId=${recordId}`)).status).toBe(404);
  });

  it('applies, with the acceptance due in working days', async () => {
    const { status, body } = await json(send(enterprise, tokens.mine as string, 'POST', '/v1/repair-requests', application(recordId), { 'Idempotency-Key': key() }));
    expect(status).toBe(201);
    requestId = body.id;
    expect(body).toMatchObject({ status: 'submitted', due: { step: 'accept', by: workingDays.addWorkingDays(today, 2) }, ruleSet: { id: 'samr-2025' } });
    // A second application for the same record while this one is open is refused.
    const again = await json(send(enterprise, tokens.mine as string, 'POST', '/v1/repair-requests', application(recordId), { 'Idempotency-Key': key() }));
    expect(again.status).toBe(422);
    expect(again.body.reasons.map((r: any) => r.code)).toContain('open-application');
  });

  it('hides the application from another enterprise (404, not 403) and from the public', async () => {
    expect((await send(enterprise, tokens.other as string, 'GET', `/v1/repair-requests/${requestId}`)).status).toBe(404);
    expect((await send(enterprise, tokens.other as string, 'POST', `/v1/repair-requests/${requestId}/withdraw`)).status).toBe(404);
    const feed = JSON.stringify(await (await pub.request('/v1/changes?limit=1000')).json());
    expect(feed).not.toContain('已全额缴纳罚款');
    expect(feed).not.toContain(requestId);
  });

  it('a reviewer asks for a supplement; the enterprise supplies it; the reviewer accepts, then approves', async () => {
    const asked = await json(send(admin, tokens.reviewer as string, 'POST', `/v1/admin/repair-requests/${requestId}/decision`, { decision: 'request-supplement', reason: '请补充复检报告' }));
    expect(asked.body).toMatchObject({ status: 'supplement-requested', due: null });
    const queue = await json(send(admin, tokens.reviewer as string, 'GET', '/v1/admin/repair-requests?status=supplement-requested'));
    expect(queue.body.items.map((r: any) => r.id)).toContain(requestId);

    const supplied = await json(send(enterprise, tokens.mine as string, 'POST', `/v1/repair-requests/${requestId}/supplements`, { text: '补充复检合格报告', evidence: [{ title: '复检报告', sha256: 'b'.repeat(64), location: 'oss://evidence/2026/retest.pdf' }] }));
    expect(supplied.body).toMatchObject({ status: 'submitted', supplements: [{ text: '补充复检合格报告' }] });

    const accepted = await json(send(admin, tokens.reviewer as string, 'POST', `/v1/admin/repair-requests/${requestId}/decision`, { decision: 'accept' }));
    expect(accepted.body).toMatchObject({ status: 'accepted', due: { step: 'decide', by: workingDays.addWorkingDays(today, 7) } });

    // An illegal transition is a 409: an accepted application cannot be accepted again.
    expect((await send(admin, tokens.reviewer as string, 'POST', `/v1/admin/repair-requests/${requestId}/decision`, { decision: 'accept' })).status).toBe(409);

    const approved = await json(send(admin, tokens.reviewer as string, 'POST', `/v1/admin/repair-requests/${requestId}/decision`, { decision: 'approve' }));
    expect(approved.body).toMatchObject({ status: 'approved', decidedOn: today });
  });

  it('the public at once no longer sees the record, the class is recomputed, the feed says repaired', async () => {
    const profile = (await json(pub.request(`/v1/enterprises/${USCC}`))).body;
    expect(profile.records).toEqual([]);
    expect(profile.classification.class).toBe('B');
    expect((await pub.request(`/v1/records/${recordId}`)).status).toBe(404);
    const head = await readHead(db);
    const [event] = await readEvents(db, head.seq - 1, 1);
    expect(event?.type).toBe('repair.approved');
    expect(event?.changes[0]).toMatchObject({ entity: 'record', id: recordId, action: 'repaired', data: null, reason: 'repaired' });
    // The enterprise still sees its full history.
    const me = (await json(send(enterprise, tokens.mine as string, 'GET', '/v1/me'))).body;
    expect(me.records.find((r: any) => r.id === recordId)).toMatchObject({ status: 'repaired', statusChangedOn: today });
  });

  it('revoked for false materials: the record is back, its publication restarts today, and repair is barred for three years', async () => {
    const revoked = await json(send(admin, tokens.reviewer as string, 'POST', `/v1/admin/repair-requests/${requestId}/decision`, { decision: 'revoke', reason: '提交的复检报告系伪造' }));
    expect(revoked.body).toMatchObject({ status: 'revoked', revokedOn: today });
    const record = (await json(pub.request(`/v1/records/${recordId}`))).body;
    expect(record).toMatchObject({ publishedOn: today, publicationEnd: addMonths(today, 36) });
    expect((await json(pub.request(`/v1/enterprises/${USCC}`))).body.classification.class).toBe('C');
    const eligibility = (await json(send(enterprise, tokens.mine as string, 'GET', `/v1/repair-eligibility?targetType=record&targetId=${recordId}`))).body;
    expect(eligibility.eligible).toBe(false);
    expect(eligibility.reasons.map((r: any) => r.code)).toContain('barred-after-revocation');
    expect(eligibility.eligibleFrom).toBe(addMonths(today, 36));
    const events = await readEvents(db, 0, 1000);
    expect(verifyChain(events).ok).toBe(true);
    expect(events.at(-1)?.changes[0]).toMatchObject({ action: 'restored', reason: 'repair-revoked' });
  });

  it('refuses a too-early application with eligibleFrom and the rule that decides (422)', async () => {
    const fresh = await json(
      send(admin, tokens.publisher as string, 'POST', '/v1/admin/records', recordBody(USCC, { decisionNumber: '杭西市监处罚〔2026〕99号', fineWan: 2, decisionDate: addDays(today, -3) }), { 'Idempotency-Key': key() }),
    );
    const refused = await json(send(enterprise, tokens.mine as string, 'POST', '/v1/repair-requests', application(fresh.body.id), { 'Idempotency-Key': key() }));
    expect(refused.status).toBe(422);
    expect(refused.headers.get('Content-Type')).toBe('application/problem+json');
    expect(refused.body).toMatchObject({ type: '/problems/repair.ineligible', eligibleFrom: addMonths(today, 3), ruleSet: { id: 'samr-2025' } });
  });
});
