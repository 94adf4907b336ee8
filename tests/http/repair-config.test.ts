/**
 * Uncertain rule values as configuration: an admin changes them without a deploy, the change
 * takes effect on the next eligibility answer, and the audit trail says who, when and why.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createAdminApp } from '../../functions/admin/app.ts';
import { createDevKeys, devVerifier, signDevToken } from '../../shared/auth/dev-keys.ts';
import { addDays, addMonths, shanghaiDate } from '../../shared/rules/calendar.ts';
import { checkEligibility } from '../../shared/store/repairs.ts';
import { publishRecord, registerEnterprise } from '../../shared/store/publishing.ts';
import { freshDb, type CountedDb } from '../support/db.ts';
import { actor, penalty } from '../support/fixtures.ts';

const USCC = '91330100799655058B';
const today = shanghaiDate();
let db: CountedDb;
let admin: ReturnType<typeof createAdminApp>;
let adminToken = '';
let reviewerToken = '';
let recordId = '';

beforeAll(async () => {
  db = await freshDb();
  const keys = await createDevKeys();
  admin = createAdminApp({ db, verify: devVerifier(keys) });
  adminToken = await signDevToken(keys, { sub: 'adm', roles: ['admin'], dept: '330100' });
  reviewerToken = await signDevToken(keys, { sub: 'rev', roles: ['reviewer'], dept: '330100' });
  await registerEnterprise(db, { uscc: USCC, checkDigitValid: true, name: '杭州配置测试有限公司', district: '330106' }, { actor });
  const published = addDays(today, -20);
  recordId = (await publishRecord(db, penalty(USCC, { decisionDate: addDays(published, -3), publishedOn: published }), { actor })).record.id;
});

const put = (body: unknown, headers: Record<string, string> = {}, token = adminToken) =>
  admin.request('/v1/admin/config/repair-rules', { method: 'PUT', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('repair rule configuration', () => {
  it('changes a minimum period, and eligibility follows at once', async () => {
    const published = addDays(today, -20);
    expect((await checkEligibility(db, USCC, { type: 'record', id: recordId }, today))?.eligibleFrom).toBe(addMonths(published, 3));
    const res = await put({ overrides: { 'samr-2025': { minimumMonths: { general: 4 } } }, reason: '依总局细则调整' }, { 'If-Match': '"v0"' });
    expect(res.status).toBe(200);
    expect(res.headers.get('ETag')).toBe('"v1"');
    const after = await checkEligibility(db, USCC, { type: 'record', id: recordId }, today);
    expect(after?.eligibleFrom).toBe(addMonths(published, 4));
    expect(after?.ruleSet?.source).toContain('changed by an official');
  });

  it('audits the change with who and why', async () => {
    const res = await admin.request('/v1/admin/audit', { headers: { Authorization: `Bearer ${adminToken}` } });
    const items = ((await res.json()) as any).items;
    expect(items.find((i: any) => i.action === 'config.repair-rules-changed')).toMatchObject({ actor: { id: 'adm', department: '330100' }, reason: '依总局细则调整' });
  });

  it('refuses a stale or missing If-Match, an unknown rule set, a reviewer, and a negative period', async () => {
    expect((await put({ overrides: {}, reason: 'x' }, { 'If-Match': '"v0"' })).status).toBe(412);
    expect((await put({ overrides: {}, reason: 'x' })).status).toBe(428);
    expect((await put({ overrides: { 'samr-1999': {} }, reason: 'x' }, { 'If-Match': '"v1"' })).status).toBe(400);
    expect((await put({ overrides: {}, reason: 'x' }, { 'If-Match': '"v1"' }, reviewerToken)).status).toBe(403);
    expect((await put({ overrides: { 'samr-2025': { minimumMonths: { general: -1 } } }, reason: 'x' }, { 'If-Match': '"v1"' })).status).toBe(400);
  });
});
