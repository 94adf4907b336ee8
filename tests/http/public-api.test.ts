/**
 * The public API through `app.request()` against a real DynamoDB Local table: every route, its
 * bad input, its caching headers, and how many DynamoDB requests it costs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createPublicApp } from '../../functions/public/app.ts';
import { verifyChain, type LedgerEvent } from '../../shared/ledger/event.ts';
import { withCheckCharacter } from '../../shared/rules/uscc.ts';
import { createDb } from '../../shared/store/db.ts';
import { publishBatch } from '../../shared/store/publishing.ts';
import { freshDb, type CountedDb } from '../support/db.ts';
import { actor, E, penalty, SECRETS, seedFixtures } from '../support/fixtures.ts';
import { expectProblemResponse as expectProblem } from '../support/problems.ts';

let db: CountedDb;
let app: ReturnType<typeof createPublicApp>;
let seeded: Awaited<ReturnType<typeof seedFixtures>>;

const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers: { Accept: 'application/json', ...headers } });

async function json(path: string, headers: Record<string, string> = {}) {
  const res = await get(path, headers);
  return { res, body: (await res.json()) as any };
}


beforeAll(async () => {
  db = await freshDb();
  seeded = await seedFixtures(db);
  app = createPublicApp({ db });
});

describe('GET /v1/enterprises/{uscc}', () => {
  it('answers the profile with class, reasons, listings and records, in one DynamoDB request', async () => {
    // Arrange
    db.resetRequests();
    // Act
    const { res, body } = await json(`/v1/enterprises/${E.seriouslyDishonest}`);
    // Assert
    expect(res.status).toBe(200);
    expect(db.requests).toEqual(['QueryCommand']);
    expect(body.uscc).toBe(E.seriouslyDishonest);
    expect(body.name).toBe('杭州萧山示例机械有限公司');
    expect(body.district).toEqual({ code: '330109', name: '萧山区', nameEn: 'Xiaoshan' });
    expect(body.classification.class).toBe('D');
    expect(body.classification.reasons[0].refs).toEqual([{ type: 'listing', id: seeded.listings.punishment.id }]);
    expect(body.classification.ruleVersion).toBe('hz-quality-class/1');
    expect(body.listings.map((l: any) => l.id)).toEqual([seeded.listings.punishment.id]);
    expect(body.listings[0].measures.length).toBeGreaterThan(0);
    expect(body.records.map((r: any) => r.id)).toEqual([seeded.records.serious.id]);
    expect(body.warnings).toEqual([]);
  });

  it.each([
    ['lower case', E.dishonest.toLowerCase()],
    ['full-width', E.dishonest.replace(/[0-9A-Z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0))],
    ['spaces', `${E.dishonest.slice(0, 6)} ${E.dishonest.slice(6, 12)} ${E.dishonest.slice(12)}`],
  ])('accepts the code typed in %s and names the canonical URL', async (_, typed) => {
    const { res, body } = await json(`/v1/enterprises/${encodeURIComponent(typed)}`);
    expect(res.status).toBe(200);
    expect(body.uscc).toBe(E.dishonest);
    expect(res.headers.get('Content-Location')).toBe(`/v1/enterprises/${E.dishonest}`);
  });

  it('warns, but answers, when the check character fails (pilot-era codes)', async () => {
    const { res, body } = await json(`/v1/enterprises/${E.pilot}`);
    expect(res.status).toBe(200);
    expect(body.warnings).toHaveLength(1);
    expect(body.warnings[0].code).toBe('uscc.check-digit');
    expect(body.classification.class).toBe('B');
    expect(body.classification.reasons[0].rule).toBe('B.minor-record');
  });

  it.each(['123', '91330100799655058', '9133010079965505IB', 'ABCDEFGHJKLMNPQRTU', `${'9'.repeat(17)}!`])('refuses the malformed code %s with 400 naming the field', async (code) => {
    const body = await expectProblem(await get(`/v1/enterprises/${encodeURIComponent(code)}`), 400, 'uscc.malformed');
    expect(body.errors[0]).toMatchObject({ in: 'path', field: 'uscc' });
  });

  it('answers 404 for a well-formed code that is not in the register', async () => {
    await expectProblem(await get('/v1/enterprises/91330000733796106Q'), 404, 'enterprise.not-found');
  });

  it('sends a strong ETag and Cache-Control, and answers 304 to If-None-Match', async () => {
    const first = await get(`/v1/enterprises/${E.dishonest}`);
    const etag = first.headers.get('ETag');
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(first.headers.get('Cache-Control')).toMatch(/public, max-age=\d+/);
    expect(first.headers.get('Last-Modified')).toBeTruthy();
    const second = await get(`/v1/enterprises/${E.dishonest}`, { 'If-None-Match': etag as string });
    expect(second.status).toBe(304);
    expect(second.headers.get('ETag')).toBe(etag);
    expect(second.headers.get('Cache-Control')).toBe(first.headers.get('Cache-Control'));
    expect(await second.text()).toBe('');
    const stale = await get(`/v1/enterprises/${E.dishonest}`, { 'If-None-Match': '"something-else"' });
    expect(stale.status).toBe(200);
  });

  it('never shows ID numbers, phone numbers, the internal risk class or internal notes', async () => {
    for (const uscc of Object.values(E)) {
      const text = await (await get(`/v1/enterprises/${uscc}`)).text();
      expect(text).not.toContain(SECRETS.idNumber);
      expect(text).not.toContain(SECRETS.phone);
      expect(text).not.toContain(SECRETS.internalNote);
      expect(text).not.toContain(SECRETS.riskClassField);
      expect(text).not.toMatch(/"(version|PK|SK|GSI\dPK|internalNote|contactPhone|idNumber|publicationBasis|createdAt|updatedAt)"/);
    }
  });
});

describe('GET /v1/enterprises (search)', () => {
  it('finds by the start of the full name', async () => {
    const { body } = await json(`/v1/enterprises?name=${encodeURIComponent('杭州滨江')}`);
    expect(body.items.map((e: any) => e.uscc)).toEqual([E.trustworthy]);
  });

  it('finds by the name without its place words (萧山示例 → 杭州萧山示例机械有限公司)', async () => {
    const { body } = await json(`/v1/enterprises?name=${encodeURIComponent('示例机械')}`);
    expect(body.items.map((e: any) => e.uscc)).toEqual([E.seriouslyDishonest]);
  });

  it('browses a district, a class, and a district by class, one DynamoDB request each', async () => {
    db.resetRequests();
    const byDistrict = await json('/v1/enterprises?district=330182');
    const byClass = await json('/v1/enterprises?class=A');
    const both = await json('/v1/enterprises?district=330106&class=C');
    const neither = await json('/v1/enterprises?district=330106&class=A');
    expect(db.requests).toEqual(['QueryCommand', 'QueryCommand', 'QueryCommand', 'QueryCommand']);
    expect(byDistrict.body.items.map((e: any) => e.uscc)).toEqual([E.plain]);
    expect(byClass.body.items.map((e: any) => e.uscc)).toEqual([E.trustworthy]);
    expect(both.body.items.map((e: any) => e.uscc)).toEqual([E.dishonest]);
    expect(neither.body.items).toEqual([]);
  });

  it('filters a name search by district and class', async () => {
    const hit = await json(`/v1/enterprises?name=${encodeURIComponent('杭州')}&district=330109&class=D`);
    expect(hit.body.items.map((e: any) => e.uscc)).toEqual([E.seriouslyDishonest]);
    const miss = await json(`/v1/enterprises?name=${encodeURIComponent('杭州')}&district=330109&class=A`);
    expect(miss.body.items).toEqual([]);
  });

  it('pages with an opaque cursor, in the body and in a Link header, until the end', async () => {
    const seen: string[] = [];
    let path: string | undefined = `/v1/enterprises?name=${encodeURIComponent('杭州')}&limit=1`;
    for (let i = 0; path && i < 10; i++) {
      const { res, body }: { res: Response; body: any } = await json(path);
      expect(res.status).toBe(200);
      seen.push(...body.items.map((e: any) => e.uscc));
      if (body.next) expect(res.headers.get('Link')).toBe(`<${body.next}>; rel="next"`);
      path = body.next;
    }
    expect(path).toBeUndefined();
    expect(new Set(seen)).toEqual(new Set([E.dishonest, E.trustworthy, E.seriouslyDishonest, E.pilot]));
    expect(seen).toHaveLength(4);
  });

  it.each([
    ['no filter at all', '/v1/enterprises', 'name'],
    ['limit 0', '/v1/enterprises?class=B&limit=0', 'limit'],
    ['limit above the cap', '/v1/enterprises?class=B&limit=101', 'limit'],
    ['limit not a number', '/v1/enterprises?class=B&limit=ten', 'limit'],
    ['a district outside Hangzhou', '/v1/enterprises?district=310101', 'district'],
    ['a retired district', '/v1/enterprises?district=330103', 'district'],
    ['an unknown class', '/v1/enterprises?class=E', 'class'],
    ['an empty name', '/v1/enterprises?name=', 'name'],
    ['a name of 101 characters', `/v1/enterprises?name=${'a'.repeat(101)}`, 'name'],
  ])('refuses %s with 400 naming the field', async (_, path, field) => {
    const body = await expectProblem(await get(path), 400, 'request.invalid');
    expect(body.errors.map((e: any) => e.field)).toContain(field);
    expect(body.errors[0].in).toBe('query');
  });

  it.each([
    ['garbage', 'not*a*cursor'],
    ['valid base64url of nonsense', Buffer.from('hello').toString('base64url')],
    ['a key outside the query', Buffer.from(JSON.stringify({ PK: 'LEDGER', SK: 'HEAD', GSI4PK: 'CLASS#A', GSI4SK: 'x' })).toString('base64url')],
    ['a non-key attribute', Buffer.from(JSON.stringify({ PK: 'x', SK: 'y', GSI4PK: 'CLASS#B', GSI4SK: 'z', evil: '1' })).toString('base64url')],
  ])('refuses a forged cursor (%s) with 400', async (_, cursor) => {
    await expectProblem(await get(`/v1/enterprises?class=B&cursor=${cursor}`), 400, 'cursor.invalid');
  });
});

describe('GET /v1/lists/{listType}', () => {
  it('lists current punishment entries naming the enterprise, grounds, basis, measures and dates', async () => {
    db.resetRequests();
    const { res, body } = await json('/v1/lists/punishment');
    expect(res.status).toBe(200);
    expect(db.requests).toEqual(['QueryCommand']);
    expect(body.items).toHaveLength(1);
    const [entry] = body.items;
    expect(entry).toMatchObject({
      id: seeded.listings.punishment.id,
      uscc: E.seriouslyDishonest,
      enterpriseName: '杭州萧山示例机械有限公司',
      grounds: '使用未经检验的特种设备，情节严重',
      legalBasis: '《市场监督管理严重违法失信名单管理办法》第七条',
    });
    expect(entry.measures.length).toBe(4);
    expect(entry.startDate < entry.endDate).toBe(true);
    expect(entry.earliestRemovalFrom).toBeDefined();
    expect(JSON.stringify(body)).not.toContain(SECRETS.internalNote);
  });

  it('lists the incentive list', async () => {
    const { body } = await json('/v1/lists/incentive');
    expect(body.items.map((l: any) => l.uscc)).toEqual([E.trustworthy]);
  });

  it('refuses an unknown list with 400', async () => {
    await expectProblem(await get('/v1/lists/blacklist'), 400, 'request.invalid');
  });
});

describe('GET /v1/records/{id}', () => {
  it('answers a published record in one DynamoDB request', async () => {
    db.resetRequests();
    const { res, body } = await json(`/v1/records/${seeded.records.general.id}`);
    expect(res.status).toBe(200);
    expect(db.requests).toEqual(['QueryCommand']);
    expect(body).toMatchObject({ id: seeded.records.general.id, uscc: E.dishonest, severity: 'general', fineWan: 5 });
    expect(body.publicationEnd > body.publishedOn).toBe(true);
    expect(JSON.stringify(body)).not.toContain(SECRETS.internalNote);
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    await expectProblem(await get('/v1/records/rec_doesnotexist'), 404, 'record.not-found');
    await expectProblem(await get(`/v1/records/${encodeURIComponent('../etc/passwd')}`), 400, 'request.invalid');
  });
});

describe('GET /v1/changes', () => {
  it('serves every event in order, gapless, and the chain verifies from genesis', async () => {
    const events: LedgerEvent[] = [];
    let path: string | undefined = '/v1/changes?limit=3';
    while (path) {
      const { body }: { body: any } = await json(path);
      events.push(...body.events);
      path = body.next;
    }
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(verifyChain(events)).toMatchObject({ ok: true, seq: events.length });
    expect(JSON.stringify(events)).not.toContain(SECRETS.idNumber);
    expect(JSON.stringify(events)).not.toContain(SECRETS.internalNote);
  });

  it('costs one DynamoDB request per page; a full page is immutable, the live end is short-lived', async () => {
    db.resetRequests();
    const full = await get('/v1/changes?after=0&limit=2');
    const end = await get('/v1/changes?after=5&limit=1000');
    expect(db.requests).toEqual(['QueryCommand', 'QueryCommand']);
    expect(full.headers.get('Cache-Control')).toContain('immutable');
    expect(full.headers.get('Link')).toBe('</v1/changes?after=2&limit=2>; rel="next"');
    expect(end.headers.get('Cache-Control')).not.toContain('immutable');
    expect(end.headers.get('Link')).toBeNull();
  });

  it('links to the next page when DynamoDB cuts one at 1 MB, and the pages still join up', async () => {
    // Six events of about 290 KB (bulk imports with long facts): more than one Query's 1 MB.
    const big = await freshDb();
    for (let n = 0; n < 6; n++) {
      const uscc = withCheckCharacter(`91330106MA${String(9000 + n).padStart(7, '0')}`);
      const records = Array.from({ length: 30 }, (_, i) => penalty(uscc, { decisionNumber: `杭西市监处罚〔2026〕${n}-${i}号`, facts: '抽样检验不合格。'.repeat(375) }));
      await publishBatch(big, 'import.batch', [{ enterprise: { uscc, checkDigitValid: true, name: `杭州大事件${n}有限公司`, district: '330106' }, records, listings: [] }], { actor });
    }
    const bigApp = createPublicApp({ db: big });

    const first = await bigApp.request('/v1/changes?after=0&limit=100');
    const page = (await first.json()) as { events: LedgerEvent[]; next?: string };
    expect(page.events.length).toBeGreaterThan(0);
    expect(page.events.length).toBeLessThan(6);
    expect(page.next).toBe(`/v1/changes?after=${page.events.at(-1)?.seq}&limit=100`);
    expect(first.headers.get('Cache-Control')).toContain('immutable');

    const events = [...page.events];
    for (let path = page.next; path; ) {
      const next = (await (await bigApp.request(path)).json()) as { events: LedgerEvent[]; next?: string };
      events.push(...next.events);
      path = next.next;
    }
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(verifyChain(events)).toMatchObject({ ok: true, seq: 6 });
  });

  it('answers an empty page, not an error, after the head', async () => {
    const { res, body } = await json('/v1/changes?after=999999');
    expect(res.status).toBe(200);
    expect(body).toEqual({ events: [] });
  });

  it.each([
    ['a negative after', '/v1/changes?after=-1', 'after'],
    ['a non-numeric after', '/v1/changes?after=abc', 'after'],
    ['a fractional after', '/v1/changes?after=1.5', 'after'],
    ['a limit above the cap', '/v1/changes?limit=1001', 'limit'],
  ])('refuses %s with 400', async (_, path, field) => {
    const body = await expectProblem(await get(path), 400, 'request.invalid');
    expect(body.errors[0].field).toBe(field);
  });
});

describe('meta routes', () => {
  it('publishes an OpenAPI 3.1 document listing every public route', async () => {
    const { res, body } = await json('/openapi.json');
    expect(res.status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    expect(Object.keys(body.paths).sort()).toEqual(
      [
        '/healthz',
        '/problems/{code}',
        '/v1/changes',
        '/v1/enterprises',
        '/v1/enterprises/{uscc}',
        '/v1/lists/{listType}',
        '/v1/records/{id}',
        '/v1/exports/{file}',
        '/v1/feeds/{file}',
        '/v1/catalog',
        '/v1/checkpoints/latest',
        '/v1/checkpoints/keys',
        '/v1/checkpoints/{seq}',
      ].sort(),
    );
    expect(body.components.schemas.EnterpriseProfile).toBeDefined();
  });

  it('renders the reference page without scripts', async () => {
    const res = await get('/docs');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('/v1/enterprises/{uscc}');
    expect(page).not.toContain('<script');
  });

  it('explains a problem type at its URI', async () => {
    const { res, body } = await json('/problems/uscc.malformed');
    expect(res.status).toBe(200);
    expect(body.status).toBe(400);
    await expectProblem(await get('/problems/no.such'), 404, 'route.not-found');
  });

  it('answers unknown paths with a 404 problem', async () => {
    await expectProblem(await get('/v2/anything'), 404, 'route.not-found');
  });

  it('is healthy when DynamoDB answers', async () => {
    const { res, body } = await json('/healthz');
    expect(res.status).toBe(200);
    expect(body.status).toBe('ok');
  });

  it('answers 503 with Retry-After, never 500, when DynamoDB cannot be reached', async () => {
    const unreachable = createPublicApp({ db: createDb({ tableName: 'x', endpoint: 'http://127.0.0.1:9' }, { maxAttempts: 1 }) });
    for (const path of ['/healthz', `/v1/enterprises/${E.plain}`, '/v1/lists/punishment', '/v1/changes']) {
      const res = await unreachable.request(path);
      await expectProblem(res, 503, 'store.unavailable');
      expect(res.headers.get('Retry-After')).toBe('5');
    }
  });
});
