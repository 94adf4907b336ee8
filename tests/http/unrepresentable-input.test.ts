/**
 * Input that passes a schema's shape yet cannot be stored or hashed — found by the route fuzz
 * (tests/fuzz) as 500s: a lone UTF-16 surrogate in JSON text (no UTF-8 form; RFC 8785 refuses to
 * canonicalise it) and an amount like 1e-200 万元 (below DynamoDB's smallest number). Both are
 * refused as 400 problems naming the field, and nothing is written.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createAdminApp } from '../../functions/admin/app.ts';
import { createEnterpriseApp } from '../../functions/enterprise/app.ts';
import { addDays, shanghaiDate } from '../../shared/rules/calendar.ts';
import { readHead } from '../../shared/store/reads.ts';
import { tokenKit } from '../support/auth.ts';
import { freshDb, type CountedDb } from '../support/db.ts';
import { E, recordBody, seedFixtures } from '../support/fixtures.ts';
import { expectProblemResponse } from '../support/problems.ts';

let db: CountedDb;
let admin: ReturnType<typeof createAdminApp>;
let enterprise: ReturnType<typeof createEnterpriseApp>;
let tokens: Awaited<ReturnType<typeof tokenKit>>['tokens'];
let recordId: string;

beforeAll(async () => {
  db = await freshDb();
  const kit = await tokenKit();
  tokens = kit.tokens;
  admin = createAdminApp({ db, verify: kit.verify });
  enterprise = createEnterpriseApp({ db, verify: kit.verify });
  recordId = (await seedFixtures(db)).records.general.id;
});

let n = 0;
/** JSON text as sent: `"\ud800"` must reach the server as the six characters of the escape. */
function send(app: { request: (path: string, init: RequestInit) => Response | Promise<Response> }, token: string, path: string, json: string, method = 'POST') {
  return app.request(path, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': `unrepresentable-${++n}` }, body: json });
}


describe('text that is not well-formed Unicode', () => {
  it('is refused in any JSON body with 400 naming the field, and the ledger does not move', async () => {
    const head = await readHead(db);
    const cases = [
      { app: admin, token: tokens.publisher, path: '/v1/admin/records', json: JSON.stringify(recordBody(E.plain, { title: '不合格\ud800产品' })), field: 'title' },
      { app: admin, token: tokens.publisher, path: `/v1/admin/enterprises/${E.plain}`, json: JSON.stringify({ name: '建德示例茶业有限公司', district: '330182', reason: '\udfff' }), field: 'reason', method: 'PUT' },
      {
        app: enterprise,
        token: tokens.enterprise,
        path: '/v1/repair-requests',
        json: JSON.stringify({ target: { type: 'record', id: recordId }, statement: '已缴纳罚款并完成整改，复检合格。', commitment: '本企业承诺依法诚信经营，接受社会监督。', evidence: [{ title: '凭证\ud83d', sha256: 'a'.repeat(64), location: 'oss://x' }] }),
        field: 'evidence.0.title',
      },
    ];
    for (const c of cases) {
      expect(c.json).toMatch(/\\ud[89a-f]/); // the escape itself goes over the wire
      const body = await expectProblemResponse(await send(c.app, c.token, c.path, c.json, c.method), 400, 'request.invalid', c.field);
      expect(body.errors[0].code).toBe('ill_formed_unicode');
    }
    expect(await readHead(db)).toEqual(head);
  });

  it('still accepts surrogate pairs: emoji and characters beyond the BMP are text', async () => {
    const res = await send(admin, tokens.publisher, '/v1/admin/records', JSON.stringify(recordBody(E.plain, { title: '不合格产品 😀 𠀀' })));
    expect(res.status).toBe(201);
    expect(((await res.json()) as { title: string }).title).toBe('不合格产品 😀 𠀀');
  });
});

describe('an amount too small to be money', () => {
  it('is refused with 400 (1e-200 万元 would pass a rounding tolerance, and DynamoDB cannot store it)', async () => {
    const head = await readHead(db);
    await expectProblemResponse(await send(admin, tokens.publisher, '/v1/admin/records', JSON.stringify(recordBody(E.plain, { fineWan: 1e-200 }))), 400, 'request.invalid', 'fineWan');
    await expectProblemResponse(await send(admin, tokens.publisher, '/v1/admin/records', JSON.stringify(recordBody(E.plain, { confiscationWan: 4e-132 }))), 400, 'request.invalid', 'confiscationWan');
    expect(await readHead(db)).toEqual(head);
  });

  it('is reported as a bad row of an import, not a failed import', async () => {
    const columns = 'uscc,enterprise_name,district,kind,severity,title,decision_number,legal_basis,penalty_types,fine_wan,decision_date,authority_name,authority_uscc,data_source';
    const row = `${E.plain},建德示例茶业有限公司,330182,administrative-penalty,general,销售不合格产品,杭建市监处罚〔2026〕7号,产品质量法第五十条,fine,1e-200,${addDays(shanghaiDate(), -5)},建德市市场监督管理局,113301060024890718,杭州市市场监督管理局`;
    const res = await admin.request('/v1/admin/imports', { method: 'POST', headers: { Authorization: `Bearer ${tokens.publisher}`, 'Content-Type': 'text/csv' }, body: `${columns}\r\n${row}\r\n` });
    expect(res.status).toBe(200);
    const report = (await res.json()) as { published: number; bad: { line: number; errors: { field: string }[] }[] };
    expect(report.published).toBe(0);
    expect(report.bad).toEqual([{ line: 2, errors: [expect.objectContaining({ field: 'fineWan' })] }]);
  });

  it('still accepts zero and whole yuan, including binary fractions such as 0.3', async () => {
    for (const fineWan of [0, 0.0001, 0.3, 12.3456]) {
      expect((await send(admin, tokens.publisher, '/v1/admin/records', JSON.stringify(recordBody(E.plain, { fineWan })))).status).toBe(201);
    }
  });
});
