/**
 * The route fuzz harness (issue #8): requests generated from each route's own OpenAPI schemas —
 * well-formed ones that reach the store and write, and hostile ones — sent through the local
 * server to a real DynamoDB Local. For every answer:
 *
 * - never a 5xx;
 * - a 4xx from the API is a problem document (RFC 9457, bilingual title), a 4xx from a web page is
 *   an HTML page; neither shows a stack trace or a file path;
 * - a refused request wrote nothing: it sent no write command, or the whole table and the ledger
 *   head are exactly as they were;
 * - and on the way: a 2xx is well-formed in its media type, redirects stay on the site,
 *   Object.prototype is untouched; at the end the ledger's hash chain still verifies.
 *
 * One test file per app, so the two cores fuzz two apps at once, each on its own table.
 * Seeded: FUZZ_SEED (default below) and FUZZ_RUNS requests per route; `npm run fuzz` is the long
 * run. A failure names the command that reproduces it, then fast-check's counterexample: the
 * shrunk request on one line, and the answer that broke the rule.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAdminApp, MAX_JSON_BODY_BYTES } from '../../functions/admin/app.ts';
import { MAX_IMPORT_BYTES } from '../../functions/admin/routes/imports.ts';
import { createEnterpriseApp } from '../../functions/enterprise/app.ts';
import { issueCheckpoint } from '../../functions/jobs/checkpoints.ts';
import { runStats } from '../../functions/jobs/stats.ts';
import { createPublicApp } from '../../functions/public/app.ts';
import { createLocalApp } from '../../infra/local/server.ts';
import { PROBLEM_TYPES } from '../../shared/errors.ts';
import { IMPORT_COLUMNS } from '../../shared/import/csv-rows.ts';
import { generateSigningKey } from '../../shared/ledger/checkpoint.ts';
import { verifyChain, type LedgerEvent } from '../../shared/ledger/event.ts';
import { ATOM_FILES } from '../../shared/public/atom.ts';
import { SNAPSHOT_FILES } from '../../shared/public/snapshots.ts';
import { addDays, addMonths, shanghaiDate } from '../../shared/rules/calendar.ts';
import { publishRecord } from '../../shared/store/publishing.ts';
import { readEvents, readHead, type LedgerHead } from '../../shared/store/reads.ts';
import { tokenKit } from '../support/auth.ts';
import { freshDb, type CountedDb } from '../support/db.ts';
import { actor, E, penalty, seedFixtures } from '../support/fixtures.ts';
import {
  headerText, hostileCsvBody, hostileJsonBody, pathValue, queryString, strayBody, tableFingerprint, valid, validCsvBody, validJsonBody, validUscc, WRITE_COMMANDS,
  type Body, type Param, type Schema, type SchemaContext,
} from '../support/fuzz.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_127);
/**
 * Requests per route with documented inputs (parameters or a body). The default, 100, makes
 * 3,725 requests over the 44 routes; `npm run fuzz` sends five times as many.
 */
export const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
/**
 * A route whose only inputs are headers, the method and stray query parameters (`/healthz`,
 * `/openapi.json` …) covers them in fewer requests.
 */
const runsFor = (route: RouteSpec) => (route.params.length || route.body ? RUNS : Math.ceil(RUNS / 4));

export type AppName = 'admin' | 'enterprise' | 'public';
type Caller = 'anonymous' | 'enterprise' | 'admin';

export interface RouteSpec {
  method: string;
  /** Hono's form, `/v1/records/:id`. */
  path: string;
  params: Param[];
  body?: { mediaType: string; schema: Schema };
}

/** Who calls each app when a request is not about authentication: the role that may do everything there. */
const CALLER: Record<AppName, Caller> = { admin: 'admin', enterprise: 'enterprise', public: 'anonymous' };

// The public routes outside its OpenAPI document (the web pages and the document itself), with the
// parameters they read. Every other route is fuzzed from its own document.
const lang: Param = { name: 'lang', in: 'query', schema: { type: 'string', enum: ['en', 'zh-CN', 'zh'] } };
const cursor: Param = { name: 'cursor', in: 'query', schema: { type: 'string', minLength: 1, maxLength: 2048 } };
const UNDOCUMENTED: Record<string, Param[]> = {
  'GET /openapi.json': [],
  'GET /docs': [],
  'GET /': [
    { name: 'q', in: 'query', schema: { type: 'string', maxLength: 100 } },
    { name: 'district', in: 'query', schema: { type: 'string', enum: ['330106', '330108', '310101'] } },
    { name: 'class', in: 'query', schema: { type: 'string', enum: ['A', 'B', 'C', 'D', 'E'] } },
    cursor,
    lang,
  ],
  'GET /enterprises/:uscc': [{ name: 'uscc', in: 'path', schema: { type: 'string', maxLength: 64 } }, { name: 'asOf', in: 'query', schema: { type: 'string', example: '2026-03-15' } }, lang],
  'GET /lists/:listType': [{ name: 'listType', in: 'path', schema: { type: 'string', enum: ['punishment', 'incentive'] } }, cursor, lang],
  'GET /open-data': [lang],
  'GET /stats': [lang],
};
/** Web pages answer their errors as HTML pages, not problem documents. */
const PAGE_PATH = /^\/(?:|enterprises\/[^/]+|lists\/[^/]+|open-data|stats)$/;

/** An app built only to read its routes and OpenAPI document (neither needs a table). */
export function appOnly(name: AppName) {
  const deps = { db: null as never, verify: null as never };
  return { admin: createAdminApp, enterprise: createEnterpriseApp, public: createPublicApp }[name](deps);
}

export const keyOf = (r: { method: string; path: string }) => `${r.method} ${r.path}`;
/** Middleware is registered for method ALL; routes have a real method. */
export const routesOf = (app: { routes: { method: string; path: string }[] }) => [...new Set(app.routes.filter((r) => r.method !== 'ALL').map(keyOf))].sort();

/** The routes of `name` to fuzz: every operation of its OpenAPI document, plus the undocumented ones. */
export function fuzzedRoutes(name: AppName): { routes: RouteSpec[]; components: Record<string, Schema> } {
  const doc = appOnly(name).getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'fuzz', version: '0' } }) as any;
  const routes: RouteSpec[] = [];
  for (const [path, operations] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(operations)) {
      const [mediaType, content] = Object.entries<any>(op.requestBody?.content ?? {})[0] ?? [];
      routes.push({
        method: method.toUpperCase(),
        path: path.replace(/\{(\w+)\}/g, ':$1'),
        params: (op.parameters ?? []).map((p: any) => ({ name: p.name, in: p.in, required: p.required === true, schema: p.schema })),
        ...(mediaType ? { body: { mediaType, schema: content.schema } } : {}),
      });
    }
  }
  if (name === 'public') {
    for (const [key, params] of Object.entries(UNDOCUMENTED)) {
      const [method, path] = key.split(' ') as [string, string];
      routes.push({ method, path, params });
    }
  }
  return { routes, components: doc.components?.schemas ?? {} };
}

/** A bearer token by its claims (and its last characters, which tampering changes), not 300 characters of base64. */
function describeToken(header: string): string {
  const [, payload] = /^Bearer [\w-]+\.([\w-]+)\.[\w-]+$/.exec(header) ?? [];
  if (!payload) return JSON.stringify(header.length > 60 ? `${header.slice(0, 60)}…` : header);
  const { sub, roles, uscc } = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  return `Bearer <JWT ${JSON.stringify({ sub, roles, uscc })} …${header.slice(-6)}>`;
}

/** One generated request; prints as one readable line in a counterexample. */
class FuzzRequest {
  constructor(
    readonly kind: 'well-formed' | 'hostile',
    readonly method: string,
    readonly url: string,
    readonly headers: Record<string, string>,
    readonly body: Body | undefined,
  ) {}

  init(): RequestInit {
    const hasBody = this.body !== undefined && this.method !== 'GET' && this.method !== 'HEAD';
    return { method: this.method, headers: this.headers, ...(hasBody ? { body: (this.body as Body).data as BodyInit } : {}) };
  }

  [fc.toStringMethod](): string {
    const url = this.url.length > 300 ? `${this.url.slice(0, 300)}… (${this.url.length} chars)` : this.url;
    const headers = Object.entries(this.headers).map(([k, v]) => `${k}: ${k === 'Authorization' ? describeToken(v) : JSON.stringify(v)}`);
    let body = '';
    if (this.body) {
      const { label, data } = this.body;
      const shown = typeof data === 'string' ? JSON.stringify(data.slice(0, 1_000)) : `bytes ${Buffer.from(data.slice(0, 200)).toString('hex')}`;
      body = ` body (${label}, ${data.length} ${typeof data === 'string' ? 'chars' : 'bytes'}): ${shown}`;
    }
    return `${this.kind} ${this.method} ${url} [${headers.join('; ')}]${body}`;
  }
}

/** A stack frame, a source path or an exception name: internals no answer may show. */
const LEAK = new RegExp(String.raw`\n\s+at \S|\.tsx?:\d+|node_modules|file://|/var/task/|${process.cwd().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}|\b(?:TypeError|RangeError|SyntaxError|ReferenceError)\b|\bError: `);
const LOCATIONS = ['body', 'query', 'path', 'header'];

function expectProblemDocument(res: Response, text: string, what: string) {
  expect(res.headers.get('Content-Type'), what).toBe('application/problem+json');
  const doc = JSON.parse(text) as Record<string, any>;
  const code = String(doc.type).replace(/^\/problems\//, '');
  expect(Object.hasOwn(PROBLEM_TYPES, code), `unknown problem type: ${what}`).toBe(true);
  const t = PROBLEM_TYPES[code as keyof typeof PROBLEM_TYPES];
  expect([doc.status, t.status], what).toEqual([res.status, res.status]);
  expect(doc.title, what).toBe(`${t.zh} / ${t.en}`);
  expect(typeof doc.detail, what).toBe('string');
  for (const e of doc.errors ?? []) {
    expect(LOCATIONS, what).toContain(e.in);
    expect([typeof e.field, typeof e.code, typeof e.detail], what).toEqual(['string', 'string', 'string']);
  }
}

/** Characters XML 1.0 cannot carry at all (§2.2). */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|\p{Cs}/u;

/** A successful answer is well-formed in its own media type: JSON parses, JSON Lines parse line by line, XML validates. */
function expectWellFormed(type: string, text: string, what: string) {
  if (/jsonl/.test(type)) for (const line of text.split('\n').filter(Boolean)) expect(() => JSON.parse(line), what).not.toThrow();
  else if (/json/.test(type)) expect(() => JSON.parse(text), what).not.toThrow();
  else if (/xml/.test(type)) {
    expect(XMLValidator.validate(text), what).toBe(true);
    expect(text, what).not.toMatch(NOT_XML);
  }
}

function expectErrorPage(res: Response, text: string, what: string) {
  expect([400, 404], what).toContain(res.status);
  expect(res.headers.get('Content-Type'), what).toMatch(/^text\/html/);
  expect(res.headers.get('Content-Security-Policy'), what).toContain("default-src 'none'");
  expect(text.startsWith('<!doctype html>'), what).toBe(true);
}

const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).join();

/** A fixed seed per route, so adding a route does not change the others' requests. */
const seedOf = (key: string) => [...key].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16_777_619) >>> 0, SEED >>> 0);

/** Fuzzes every route of app `name`, one test per route, on a register of its own (`seedWorld`). */
export function fuzzApp(name: AppName) {
  const { routes, components } = fuzzedRoutes(name);
  let db: CountedDb;
  let app: ReturnType<typeof createLocalApp>;
  let tokens: Awaited<ReturnType<typeof tokenKit>>['tokens'];
  let world: SchemaContext;
  let idsByRoute: Record<string, string[]>;
  /** The table as the last write left it: a request that sends no write command cannot change it. */
  let table: { digest: string; items: number; head: LedgerHead };
  const tally = { requests: 0, wellFormed: 0, byStatus: {} as Record<string, number>, committedWrites: 0, refusedAfterWriting: 0 };

  beforeAll(async () => {
    db = await freshDb();
    const kit = await tokenKit();
    tokens = kit.tokens;
    app = createLocalApp({ db, verify: kit.verify });
    ({ world, idsByRoute } = await seedWorld());
    table = { ...(await tableFingerprint(db)), head: await readHead(db) };
  });

  /** Sends a request as `caller`, the way the fuzz's well-formed requests do. */
  const call = (caller: keyof typeof tokens, method: string, path: string, body: unknown) =>
    app.request(path, { method, headers: { Authorization: `Bearer ${tokens[caller]}`, 'Content-Type': 'application/json', 'Idempotency-Key': `fuzz-setup-${randomUUID()}` }, body: JSON.stringify(body) });

  /**
   * A register worth fuzzing: the fixtures; penalties old enough to repair, three of them applied
   * for (one sent back for a supplement); entries generated from the write schemas and published
   * through the API, so every reader meets stored text as odd as validation lets through; a
   * checkpoint and the statistics. Returns the values that exist, by field or parameter name —
   * they let requests past "not found".
   */
  async function seedWorld(): Promise<{ world: SchemaContext; idsByRoute: Record<string, string[]> }> {
    const today = shanghaiDate();
    const { records, listings } = await seedFixtures(db);
    const oldRecords: string[] = [];
    for (let i = 0; i < 6; i++) {
      const old = await publishRecord(db, penalty(E.dishonest, { decisionDate: addDays(addMonths(today, -8), -7 - i), publishedOn: addMonths(today, -8) }), { actor });
      oldRecords.push(old.record.id);
    }
    const applications: string[] = [];
    for (const id of oldRecords.slice(0, 3)) {
      const evidence = [{ title: '缴款凭证', sha256: 'a'.repeat(64), location: 'oss://evidence/receipt.pdf' }];
      const applied = await call('enterprise', 'POST', '/v1/repair-requests', { target: { type: 'record', id }, statement: '已缴纳罚款并完成整改，复检合格。', commitment: '本企业承诺依法诚信经营，接受社会监督。', evidence });
      expect(applied.status).toBe(201);
      applications.push(((await applied.json()) as { id: string }).id);
    }
    expect((await call('reviewer', 'POST', `/v1/admin/repair-requests/${applications[0]}/decision`, { decision: 'request-supplement', reason: '请补充复检报告' })).status).toBe(200);

    const usccs = [...Object.values(E), '113301060024890718', ' 9133 0100 7996 5505 8b ', '９１３３０１００７９９６５５０５８Ｂ', ...fc.sample(validUscc, { seed: SEED, numRuns: 4 })];
    const writes = { components: fuzzedRoutes('admin').components, knowns: { uscc: usccs }, tame: true };
    const shaped = (schema: string, n: number) => fc.sample(valid(writes.components[schema] as Schema, writes), { seed: SEED, numRuns: n });
    const generated: { records: string[]; listings: string[] } = { records: [], listings: [] };
    for (const [i, body] of shaped('EnterpriseUpdate', 4).entries()) await call('publisher', 'PUT', `/v1/admin/enterprises/${usccs.at(-1 - i)}`, { ...(body as object), confirmCheckDigit: true });
    for (const body of shaped('RecordCreate', 30)) {
      const res = await call('publisher', 'POST', '/v1/admin/records', body);
      if (res.status === 201) generated.records.push(((await res.json()) as { id: string }).id);
    }
    for (const body of shaped('ListingCreate', 10)) {
      const res = await call('publisher', 'POST', '/v1/admin/listings', body);
      if (res.status === 201) generated.listings.push(((await res.json()) as { id: string }).id);
    }
    expect(generated.records.length, 'no generated record could be published: the generators no longer fit the schemas').toBeGreaterThan(0);
    await issueCheckpoint({ db, signer: generateSigningKey().signer });
    await runStats(db);

    const page = (await (await app.request('/v1/enterprises?class=B&limit=1')).json()) as { next?: string };
    const realCursor = new URL(page.next ?? '/', 'http://x').searchParams.get('cursor') ?? 'none';
    const forged = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const recordIds = [...Object.values(records).map((r) => r.id), ...oldRecords, ...generated.records];
    const listingIds = [...Object.values(listings).map((l) => l.id), ...generated.listings];
    const ids = [...recordIds, ...listingIds, ...applications];
    const knowns = {
      uscc: usccs,
      id: ids,
      targetId: ids,
      seq: ['1', '2', '5', String((await readHead(db)).seq)],
      file: [...SNAPSHOT_FILES, ...ATOM_FILES],
      code: Object.keys(PROBLEM_TYPES),
      name: ['杭州', '杭州西湖', '建德示例', '萧山区'],
      q: ['杭州', ...usccs],
      cursor: [realCursor, forged({ PK: 'LEDGER', SK: 'HEAD' }), forged({ PK: 1 }), forged([]), forged({ PK: 'ENT#x'.repeat(400), SK: '' })],
    };
    return {
      world: { components, knowns },
      idsByRoute: { '/v1/admin/records': recordIds, '/v1/records': recordIds, '/v1/admin/listings': listingIds, '/v1/admin/repair-requests': applications, '/v1/repair-requests': applications },
    };
  }

  /**
   * Requests for `route`: a third well-formed — real ids, the right token and headers, a body
   * valid in shape — so they reach the store and write; the rest hostile in every part.
   */
  function requestsFor(route: RouteSpec): fc.Arbitrary<FuzzRequest> {
    return fc.oneof({ weight: 1, arbitrary: requestArb(route, true) }, { weight: 2, arbitrary: requestArb(route, false) });
  }

  function requestArb(route: RouteSpec, wellFormed: boolean): fc.Arbitrary<FuzzRequest> {
    const ctx: SchemaContext = { ...world, tame: wellFormed };
    // `:id` in a path is a record, a list entry or an application according to the route.
    const ids = Object.entries(idsByRoute).find(([prefix]) => route.path.startsWith(prefix))?.[1];
    const pathCtx: SchemaContext = { ...ctx, knowns: { ...world.knowns, ...(ids ? { id: ids } : {}) } };
    const path = fc.tuple(...route.params.filter((p) => p.in === 'path').map((p) => pathValue(p, pathCtx))).map((values) => {
      let i = 0;
      return route.path.replace(/:\w+/g, () => values[i++] ?? '');
    });
    const query = queryString(route.params.filter((p) => p.in === 'query'), ctx);
    const method = wellFormed ? fc.constant(route.method) : fc.oneof({ weight: 12, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD') });
    return fc
      .tuple(method, path, query, headersFor(route, wellFormed), bodyFor(route, ctx))
      .map(([m, p, q, h, b]) => new FuzzRequest(wellFormed ? 'well-formed' : 'hostile', m, `${p}${q}`, Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined)) as Record<string, string>, b));
  }

  function bodyFor(route: RouteSpec, ctx: SchemaContext): fc.Arbitrary<Body | undefined> {
    if (!route.body) return route.method === 'GET' || ctx.tame ? fc.constant(undefined) : strayBody;
    if (route.body.mediaType === 'text/csv') {
      const file = validCsvBody(IMPORT_COLUMNS, components.RecordCreate as Schema, components.EnterpriseUpdate as Schema, ctx);
      return ctx.tame ? file : hostileCsvBody(file, IMPORT_COLUMNS, MAX_IMPORT_BYTES);
    }
    const shaped = validJsonBody(route.body.schema, ctx);
    return ctx.tame ? shaped : fc.oneof(shaped, hostileJsonBody(route.body.schema, ctx, MAX_JSON_BODY_BYTES));
  }

  function headersFor(route: RouteSpec, wellFormed: boolean) {
    const caller = CALLER[name];
    const token = caller === 'anonymous' ? undefined : `Bearer ${tokens[caller]}`;
    const mediaType = route.body?.mediaType ?? (route.method === 'GET' ? undefined : 'application/json');
    const version = fc.integer({ min: 0, max: 6 }).map((n) => `"v${n}"`);
    // Fresh keys (unbiased, so they do not repeat), and one key reused across different bodies.
    const idempotencyKey = fc.oneof({ weight: 6, arbitrary: fc.noBias(fc.uuid()) }, { weight: 1, arbitrary: fc.constant('fuzz-key-reused-0001') });
    if (wellFormed) return fc.record({ Authorization: fc.constant(token), 'Content-Type': fc.constant(mediaType), 'If-Match': version, 'Idempotency-Key': idempotencyKey });

    /** Mostly `usual`, sometimes absent, sometimes odd. */
    const sometimes = <T,>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<string>) =>
      fc.oneof({ weight: 6, arbitrary: usual }, { weight: 1, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: fc.oneof(odd, headerText) });
    const rarely = (odd: fc.Arbitrary<string>) => fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.oneof(odd, headerText) });
    return fc.record({
      Authorization: sometimes(
        fc.constant(token),
        fc.constantFrom(...Object.values(tokens).map((t) => `Bearer ${t}`), 'Bearer', 'Basic dXNlcjpwYXNz', `Bearer ${tokens.admin.slice(0, -4)}AAAA`, `Bearer ${tokens.admin}.x`, `bearer ${tokens.admin}`),
      ),
      'Content-Type': sometimes(
        fc.constant(mediaType),
        fc.constantFrom('application/json; charset=utf-8', 'APPLICATION/JSON', 'application/json-patch+json', 'application/merge-patch+json', 'text/plain', 'text/csv', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'),
      ),
      'If-Match': sometimes(version, fc.constantFrom('*', 'W/"v1"', '"v999999999"', '"v1", "v2"', '"v01"', '"v1')),
      'Idempotency-Key': sometimes(idempotencyKey, fc.constantFrom('short', 'x'.repeat(129), 'key with spaces')),
      'If-None-Match': rarely(fc.constantFrom('*', '"x"', 'W/"x"', '"a", "b"')),
      'Accept-Language': rarely(fc.constantFrom('en', 'en-GB,en;q=0.9,zh;q=0.5', 'zh-CN', 'en;q=abc', '*;q=2', ';;;,,')),
      'X-Request-Id': rarely(fc.constantFrom('', 'x'.repeat(200), '../../etc/passwd')),
    });
  }

  /** Sends one request and holds its answer to the three promises. */
  async function check(req: FuzzRequest): Promise<void> {
    const prototypeBefore = prototypeKeys();
    db.resetRequests();
    const res = await app.request(req.url, req.init());
    const text = new TextDecoder().decode(await res.arrayBuffer()); // streamed answers finish here
    const sent = [...db.requests];
    const wrote = sent.some((command) => WRITE_COMMANDS.has(command));
    const what = `${res.status} ${res.headers.get('Content-Type')} ${JSON.stringify(text.slice(0, 400))}`;
    tally.requests++;
    if (req.kind === 'well-formed') tally.wellFormed++;
    const status = `${String(res.status)[0]}xx`;
    tally.byStatus[status] = (tally.byStatus[status] ?? 0) + 1;

    expect(res.status, what).toBeLessThan(500);
    expect(prototypeKeys(), 'Object.prototype was polluted').toBe(prototypeBefore);
    if (res.status >= 200 && res.status < 300 && res.status !== 204 && req.method !== 'HEAD') expectWellFormed(res.headers.get('Content-Type') ?? '', text, what);
    const location = res.headers.get('Location');
    if (res.status >= 300 && res.status < 400 && location) expect(location, 'redirects stay on this site').toMatch(/^\/(?![/\\])/);
    if (res.status >= 400 && req.method !== 'HEAD') {
      expect(text, what).not.toMatch(LEAK);
      const pathname = new URL(req.url, 'http://localhost').pathname;
      if (req.method === 'GET' && PAGE_PATH.test(pathname)) expectErrorPage(res, text, what);
      else expectProblemDocument(res, text, what);
    }
    if (wrote) {
      const [fingerprint, head] = await Promise.all([tableFingerprint(db), readHead(db)]);
      const after = { ...fingerprint, head };
      if (res.status >= 400) {
        tally.refusedAfterWriting++;
        expect(after.head, `a refused request moved the ledger head (${sent.join(', ')}): ${what}`).toEqual(table.head);
        expect(after.digest, `a refused request changed the table (${sent.join(', ')}): ${what}`).toBe(table.digest);
      } else if (after.digest !== table.digest) tally.committedWrites++;
      table = after;
    }
  }

  describe(`fuzzing the ${name} app from its schemas`, () => {
    it.each(routes.map((r) => [`${keyOf(r)}: ${runsFor(r)}`, r] as const))('%s generated requests, no 5xx, errors as problems, nothing written when refused', async (_, route) => {
      try {
        await fc.assert(fc.asyncProperty(requestsFor(route), check), { seed: seedOf(keyOf(route)), numRuns: runsFor(route) });
      } catch (error) {
        // fast-check names the route's own seed; the run is reproduced from the file's.
        (error as Error).message = `Reproduce with FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} npx vitest run tests/fuzz/${name}-app.fuzz.test.ts\n${(error as Error).message}`;
        throw error;
      }
    }, 60_000 + RUNS * 1_000);

    it('reached the store: well-formed requests wrote, and the ledger stayed gapless and hash-chained', async () => {
      // Generators that no longer pass validation would leave every write route at "400" unnoticed.
      if (routes.some((r) => r.method !== 'GET')) expect(tally.committedWrites, 'no fuzzed write succeeded').toBeGreaterThan(0);
      const events: LedgerEvent[] = [];
      for (let page = await readEvents(db, 0, 1000); page.length; page = await readEvents(db, events.at(-1)?.seq ?? 0, 1000)) events.push(...page);
      const head = await readHead(db);
      expect(verifyChain(events)).toEqual({ ok: true, seq: head.seq, hash: head.hash });
      // The figures of this run, for whoever reads the log.
      console.log(JSON.stringify({ fuzz: name, seed: SEED, runs: RUNS, routes: routes.length, ...tally, ledgerEvents: events.length, tableItems: table.items }));
    });
  });
}
