/**
 * Every concurrency guarantee in one place (issue #8): conflicting decisions, corrections, list
 * changes, publishes, imports and retried creations at the same instant, on real DynamoDB Local.
 *
 * DynamoDB Local raises no TransactionConflict of its own, and publishers on one client take
 * turns (commit() in shared/store/ledger.ts), so every race here runs on several clients — one per
 * simulated Lambda container, each with its own app — whose conditional writes really collide.
 * After each scenario the ledger is checked whole: seq 1..head without gap, the hash chain
 * verifies, and every acknowledged write is visible.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDevKeys, devVerifier, signDevToken, type DevKeys } from '../../shared/auth/dev-keys.ts';
import type { Verifier } from '../../shared/auth/verifier.ts';
import { Problem } from '../../shared/errors.ts';
import { verifyChain, type LedgerEvent } from '../../shared/ledger/event.ts';
import { classify } from '../../shared/rules/classification.ts';
import { addDays, addMonths, shanghaiDate } from '../../shared/rules/calendar.ts';
import { withCheckCharacter } from '../../shared/rules/uscc.ts';
import { publishBatch, publishRecord, registerEnterprise } from '../../shared/store/publishing.ts';
import { readEnterpriseFile, readEvents, readHead } from '../../shared/store/reads.ts';
import { createLocalApp } from '../../infra/local/server.ts';
import { anotherProcess, freshDb, type CountedDb } from '../support/db.ts';
import { actor, penalty, recordBody } from '../support/fixtures.ts';
import { importCsv } from '../support/import-csv.ts';
import { expectProblemResponse } from '../support/problems.ts';

type App = ReturnType<typeof createLocalApp>;

let keys: DevKeys;
let verify: Verifier;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  keys = await createDevKeys();
  verify = devVerifier(keys);
  tokens.publisher = await signDevToken(keys, { sub: 'pub-1', roles: ['publisher'], dept: '330106' });
  tokens.admin = await signDevToken(keys, { sub: 'adm-1', roles: ['admin'], dept: '330100' });
  for (let i = 1; i <= 9; i++) tokens[`reviewer${i}`] = await signDevToken(keys, { sub: `rev-${i}`, roles: ['reviewer'], dept: '330106' });
});
const enterpriseToken = (uscc: string) => signDevToken(keys, { sub: `ent-${uscc}`, uscc });

let db: CountedDb;
beforeEach(async () => {
  db = await freshDb();
});

const today = shanghaiDate();

/** A valid USCC numbered n, for making many enterprises. */
const uscc = (n: number) => withCheckCharacter(`91330106MA${String(n).padStart(7, '0')}`);

/** `n` Lambda containers on the test table: each its own DynamoDB client and its own app. */
const containers = (n: number): App[] => Array.from({ length: n }, () => createLocalApp({ db: anotherProcess(db), verify }));

/**
 * A container whose DynamoDB calls the test watches and steers: `read` is told the key of each
 * GetItem once it is answered (and may hold the answer back), `write` may hold a transaction.
 */
function probedContainer(hooks: { read?: (pk: string) => unknown; write?: () => Promise<unknown> }): App {
  const client = anotherProcess(db);
  client.client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'TransactWriteItemsCommand') await hooks.write?.();
      const result = await next(args);
      if (context.commandName === 'GetItemCommand') await hooks.read?.((args.input as { Key?: { PK?: { S?: string } } }).Key?.PK?.S ?? '');
      return result;
    },
    { step: 'initialize', name: 'probe' },
  );
  return createLocalApp({ db: client, verify });
}

/**
 * `n` containers whose transactions wait until all `n` are waiting, then go at once: every request
 * has read before anyone writes — "at the same moment" at its strictest, whatever the scheduling.
 * One request per container: a second would wait in-process behind the first (commit()) and never
 * reach the gate. If not all arrive in 10 s the gate opens anyway, and `allWaited` says so.
 */
function gatedContainers(n: number) {
  let waiting = 0;
  let allWaited = false;
  let open = () => {};
  const gate = new Promise<void>((resolve) => (open = resolve));
  const timer = setTimeout(open, 10_000);
  const apps = Array.from({ length: n }, () =>
    probedContainer({
      write: () => {
        if (++waiting === n) {
          allWaited = true;
          clearTimeout(timer);
          open();
        }
        return gate;
      },
    }),
  );
  return { apps, allWaited: () => allWaited };
}

async function send(app: App, token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return app.request(path, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

let keyCounter = 0;
const newKey = () => `concurrency-${++keyCounter}-${Date.now()}`;

/** Statuses counted, e.g. `{ 200: 1, 412: 19 }`: one line that says who won. */
const tally = (responses: Response[]) => responses.reduce<Record<number, number>>((t, r) => ({ ...t, [r.status]: (t[r.status] ?? 0) + 1 }), {});


const listingBody = (u: string, listType: 'punishment' | 'incentive', over: Record<string, unknown> = {}) => ({
  uscc: u,
  listType,
  grounds: listType === 'punishment' ? '省级抽查不合格且复检仍不合格' : '获得杭州市人民政府质量奖',
  legalBasis: listType === 'punishment' ? '《市场监督管理严重违法失信名单管理办法》第七条' : '《杭州市质量促进办法》第十九条',
  decidingAuthority: '杭州市市场监督管理局',
  startDate: today,
  ...over,
});

async function allEvents(): Promise<LedgerEvent[]> {
  const events: LedgerEvent[] = [];
  for (let batch = await readEvents(db, 0, 1000); batch.length; batch = await readEvents(db, events.at(-1)?.seq ?? 0, 1000)) {
    events.push(...batch);
  }
  return events;
}

/** The ledger after a scenario: seq 1..head without gap, one event per seq, the chain intact. */
async function expectSoundLedger(): Promise<LedgerEvent[]> {
  const [events, head] = await Promise.all([allEvents(), readHead(db)]);
  expect(events.map((e) => e.seq)).toEqual(Array.from({ length: head.seq }, (_, i) => i + 1));
  expect(verifyChain(events)).toMatchObject({ ok: true, seq: head.seq });
  expect(head.hash).toBe(events.at(-1)?.hash);
  return events;
}

describe('the ledger head under concurrency', () => {
  it('gives 50 concurrent publishers in 10 processes the sequence 1..50 without gap or duplicate, and the chain verifies', async () => {
    // Arrange: 50 different enterprises, so only the ledger head is contended; 10 clients, so
    // publishers race across "processes" and not only take turns within one.
    const n = 50;
    const processes = Array.from({ length: 10 }, () => anotherProcess(db));
    // Act
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        registerEnterprise(processes[i % processes.length] as CountedDb, { uscc: uscc(i), checkDigitValid: true, name: `杭州并发测试${i}有限公司`, district: '330106' }, { actor }),
      ),
    );
    // Assert
    const seqs = results.map((r) => r.event?.seq).sort((a, b) => (a ?? 0) - (b ?? 0));
    expect(seqs).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    const events = await allEvents();
    expect(events.map((e) => e.seq)).toEqual(seqs);
    expect(verifyChain(events)).toMatchObject({ ok: true, seq: n });
    const head = await readHead(db);
    expect(head).toMatchObject({ seq: n, hash: events.at(-1)?.hash });
    // Real contention happened: more transactions were sent than succeeded.
    const sent = processes.flatMap((p) => p.requests).filter((r) => r === 'TransactWriteItemsCommand').length;
    expect(sent).toBeGreaterThan(n);
  });

  it('keeps one enterprise consistent when 20 records are published to it at once', async () => {
    await registerEnterprise(db, { uscc: uscc(1), checkDigitValid: true, name: '杭州同户并发有限公司', district: '330106' }, { actor });
    // Each publisher on its own client: they read the same enterprise version and race to write it.
    const published = await Promise.all(
      Array.from({ length: 20 }, (_, i) => publishRecord(anotherProcess(db), penalty(uscc(1), { decisionNumber: `并发〔2026〕${i}号` }), { actor })),
    );
    const file = await readEnterpriseFile(db, uscc(1), { consistent: true });
    expect(file.records).toHaveLength(20);
    // Every record counted in the class: no publisher classified from a stale read.
    expect(file.enterprise?.classification.reasons[0]?.refs.map((r) => r.id).sort()).toEqual(published.map((p) => p.record.id).sort());
    expect(file.enterprise?.version).toBe(21);
    const events = await allEvents();
    expect(events).toHaveLength(21);
    expect(verifyChain(events).ok).toBe(true);
    await expectSoundLedger();
  });

  it('lets exactly one of two publishers of the same decision win; the other fails cleanly', async () => {
    await registerEnterprise(db, { uscc: uscc(2), checkDigitValid: true, name: '杭州重复决定有限公司', district: '330106' }, { actor });
    const same = penalty(uscc(2), { decisionNumber: '杭西市监处罚〔2026〕7号' });
    const results = await Promise.allSettled([publishRecord(db, same, { actor }), publishRecord(anotherProcess(db), same, { actor })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(Problem);
    expect(rejected.reason.code).toBe('record.duplicate');
    expect((await readEnterpriseFile(db, uscc(2))).records).toHaveLength(1);
    expect((await readHead(db)).seq).toBe(2);
    await expectSoundLedger();
  });
});

describe('credit repair: conflicting decisions on one application', () => {
  const eightMonthsAgo = addMonths(today, -8);
  const application = (targetId: string, type: 'record' | 'listing' = 'record') => ({
    target: { type, id: targetId },
    statement: '已全额缴纳罚款，召回并销毁不合格产品，完成整改并通过复检。',
    commitment: '本企业承诺依法诚信经营，自觉接受监督，如有违反愿承担相应责任。',
    evidence: [{ title: '罚款缴纳凭证', sha256: 'a'.repeat(64), location: 'oss://evidence/2026/receipt.pdf' }],
  });

  /** An enterprise with `n` records published eight months ago (repairable), each with an application. */
  async function applications(app: App, n: number) {
    const u = uscc(10);
    await registerEnterprise(db, { uscc: u, checkDigitValid: true, name: '杭州修复并发有限公司', district: '330106' }, { actor });
    // One client and one app: these take turns, so the setup itself races nothing.
    const records = await Promise.all(
      Array.from({ length: n }, async (_, k) => (await publishRecord(db, penalty(u, { decisionNumber: `修复〔2026〕${k}号`, decisionDate: addDays(eightMonthsAgo, -7), publishedOn: eightMonthsAgo }), { actor })).record),
    );
    const token = await enterpriseToken(u);
    const requests = await Promise.all(
      records.map(async (record) => {
        const applied = await send(app, token, 'POST', '/v1/repair-requests', application(record.id), { 'Idempotency-Key': newKey() });
        expect(applied.status).toBe(201);
        return ((await applied.json()) as any).id as string;
      }),
    );
    return { uscc: u, token, records, requests };
  }

  it('gives two reviewers deciding at once one winner, and lets the enterprise withdraw an open application', async () => {
    const [a, b] = containers(2) as [App, App];
    const u = uscc(11);
    await registerEnterprise(db, { uscc: u, checkDigitValid: true, name: '杭州修复名单有限公司', district: '330106' }, { actor });
    const listing = await send(a, tokens.publisher as string, 'POST', '/v1/admin/listings', listingBody(u, 'punishment', { startDate: addMonths(today, -13) }), { 'Idempotency-Key': newKey() });
    const token = await enterpriseToken(u);
    const applied = await send(a, token, 'POST', '/v1/repair-requests', application(((await listing.json()) as any).id, 'listing'), { 'Idempotency-Key': newKey() });
    expect(applied.status).toBe(201);
    const id = ((await applied.json()) as any).id;
    const decisions = await Promise.all([
      send(a, tokens.reviewer1 as string, 'POST', `/v1/admin/repair-requests/${id}/decision`, { decision: 'accept' }),
      send(b, tokens.reviewer2 as string, 'POST', `/v1/admin/repair-requests/${id}/decision`, { decision: 'accept' }),
    ]);
    // Exactly one acceptance: the other reviewer finds it already accepted (409), never a lost update.
    expect(decisions.map((d) => d.status).sort()).toEqual([200, 409]);
    await expectProblemResponse(decisions.find((d) => d.status === 409) as Response, 409, 'repair.invalid-transition');
    const final = (await (await send(b, token, 'GET', `/v1/repair-requests/${id}`)).json()) as any;
    expect(final.status).toBe('accepted');
    expect(final.history.map((h: any) => h.action)).toEqual(['submit', 'accept']);
    const withdrawn = (await (await send(b, token, 'POST', `/v1/repair-requests/${id}/withdraw`)).json()) as any;
    expect(withdrawn.status).toBe('withdrawn');
    await expectSoundLedger();
  });

  it('does not let a rejection or a withdrawal land on top of a request for material sent at the same moment', async () => {
    // Regression: without If-Match, a request that lost the race planned again on the winner's
    // result, and from supplement-requested a rejection and a withdrawal are allowed: all three
    // answered 200. Steered so that every time the request for material commits first, after the
    // other two have read the application and before they write.
    const [setup] = containers(1) as [App];
    const { token, requests } = await applications(setup, 1);
    const id = requests[0] as string;
    await send(setup, tokens.reviewer1 as string, 'POST', `/v1/admin/repair-requests/${id}/decision`, { decision: 'accept' });
    const deferred = () => {
      let resolve = () => {};
      const promise = new Promise<void>((r) => (resolve = r));
      return { promise, resolve };
    };
    const [rejecterRead, withdrawerRead, askerDone] = [deferred(), deferred(), deferred()];
    const isApplication = (pk: string) => pk.startsWith('REPAIR#');
    const asker = probedContainer({ write: () => Promise.all([rejecterRead.promise, withdrawerRead.promise]) });
    const rejecter = probedContainer({ read: (pk) => isApplication(pk) && rejecterRead.resolve(), write: () => askerDone.promise });
    const withdrawer = probedContainer({ read: (pk) => isApplication(pk) && withdrawerRead.resolve(), write: () => askerDone.promise });

    const [asked, rejected, withdrawn] = await Promise.all([
      send(asker, tokens.reviewer7 as string, 'POST', `/v1/admin/repair-requests/${id}/decision`, { decision: 'request-supplement', reason: '请补充复检合格报告' }).finally(askerDone.resolve),
      send(rejecter, tokens.reviewer4 as string, 'POST', `/v1/admin/repair-requests/${id}/decision`, { decision: 'reject', reason: '整改材料不足以证明已纠正失信行为' }),
      send(withdrawer, token, 'POST', `/v1/repair-requests/${id}/withdraw`),
    ]);

    expect(tally([asked, rejected, withdrawn])).toEqual({ 200: 1, 409: 2 });
    expect(((await asked.json()) as any).status).toBe('supplement-requested');
    for (const loser of [rejected, withdrawn]) {
      const problem = await expectProblemResponse(loser, 409, 'repair.invalid-transition');
      expect(problem).toMatchObject({ currentStatus: 'supplement-requested', allowed: ['supplement', 'reject', 'withdraw'] });
    }
    const final = (await (await send(setup, token, 'GET', `/v1/repair-requests/${id}`)).json()) as any;
    expect(final.history.map((h: any) => h.action)).toEqual(['submit', 'accept', 'request-supplement']);
    await expectSoundLedger();
  });

  const OUTCOME = { approve: 'approved', reject: 'rejected', 'request-supplement': 'supplement-requested', withdraw: 'withdrawn' } as const;
  type Contender = { who: string; action: keyof typeof OUTCOME; reason?: string };
  /** Per application: three reviewers approve, three reject, three ask for material, and the enterprise withdraws. */
  const CONTENDERS: Contender[] = [
    ...[1, 2, 3].map((i): Contender => ({ who: `reviewer${i}`, action: 'approve' })),
    ...[4, 5, 6].map((i): Contender => ({ who: `reviewer${i}`, action: 'reject', reason: '整改材料不足以证明已纠正失信行为' })),
    ...[7, 8, 9].map((i): Contender => ({ who: `reviewer${i}`, action: 'request-supplement', reason: '请补充复检合格报告' })),
    { who: 'enterprise', action: 'withdraw' },
  ];

  it.each([
    ['with If-Match', true],
    ['without If-Match', false],
  ])('has exactly one winner among 3 approvals, 3 rejections, 3 supplement requests and a withdrawal at once (reviewers %s)', async (_, ifMatch) => {
    // Arrange: three accepted applications of one enterprise; one container per contender.
    const apps = containers(5);
    const { uscc: u, token, records, requests } = await applications(apps[0] as App, 3);
    const gated = gatedContainers(requests.length * CONTENDERS.length);
    for (const accepted of await Promise.all(requests.map((id) => send(apps[0] as App, tokens.reviewer1 as string, 'POST', `/v1/admin/repair-requests/${id}/decision`, { decision: 'accept' })))) {
      expect(accepted.headers.get('ETag')).toBe('"v2"');
    }
    const seqBefore = (await readHead(db)).seq;

    // Act: all 30 at once (an approval of one application also races the others' approvals for the
    // enterprise item and the ledger head).
    const race = requests.flatMap((id, k) =>
      CONTENDERS.map((c, j) => {
        const app = gated.apps[k * CONTENDERS.length + j] as App;
        const response =
          c.who === 'enterprise'
            ? send(app, token, 'POST', `/v1/repair-requests/${id}/withdraw`)
            : send(app, tokens[c.who] as string, 'POST', `/v1/admin/repair-requests/${id}/decision`, { decision: c.action, ...(c.reason ? { reason: c.reason } : {}) }, ifMatch ? { 'If-Match': '"v2"' } : {});
        return response.then((res) => ({ id, k, contender: c, res }));
      }),
    );
    const results = await Promise.all(race);
    expect(gated.allWaited()).toBe(true);

    // Assert: per application one 200; a reviewer who named the version she read loses with 412,
    // everyone else with 409 — the application was decided under them. One more way to lose: an
    // approval that read the application just before the winning approval, and the enterprise's
    // file just after, finds the record no longer published (409 record.not-current).
    const approved = new Set<number>();
    for (const [k, id] of requests.entries()) {
      const mine = results.filter((r) => r.id === id);
      const winners = mine.filter((r) => r.res.status === 200);
      expect(tally(mine.map((r) => r.res))[200], `one winner for application ${k}: ${JSON.stringify(tally(mine.map((r) => r.res)))}`).toBe(1);
      const winner = (winners[0] as (typeof mine)[number]).contender;
      for (const loser of mine.filter((r) => r.res.status !== 200)) {
        const type = ((await loser.res.clone().json()) as any).type;
        if (winner.action === 'approve' && loser.contender.action === 'approve' && type === '/problems/record.not-current') await expectProblemResponse(loser.res, 409, 'record.not-current');
        else if (ifMatch && loser.contender.who !== 'enterprise') await expectProblemResponse(loser.res, 412, 'precondition.failed');
        else await expectProblemResponse(loser.res, 409, 'repair.invalid-transition');
      }
      // The final state is the winner's, and only the winner's step is in the history.
      const final = (await (await send(apps[2] as App, token, 'GET', `/v1/repair-requests/${id}`)).json()) as any;
      expect(final.status).toBe(OUTCOME[winner.action]);
      expect(final.history.map((h: any) => h.action)).toEqual(['submit', 'accept', winner.action]);
      expect(final.version).toBe(3);
      // The public register changed only where an approval won.
      const publicRecord = await (apps[3] as App).request(`/v1/records/${(records[k] as { id: string }).id}`);
      expect(publicRecord.status).toBe(winner.action === 'approve' ? 404 : 200);
      if (winner.action === 'approve') approved.add(k);
    }
    const profile = (await (await (apps[4] as App).request(`/v1/enterprises/${u}`)).json()) as any;
    const stillPublished = records.filter((_, k) => !approved.has(k)).map((r) => r.id);
    expect(profile.records.map((r: any) => r.id).sort()).toEqual(stillPublished.sort());
    expect(profile.classification.class).toBe(stillPublished.length ? 'C' : 'B');
    const events = await expectSoundLedger();
    expect(events.length).toBe(seqBefore + approved.size);
    expect(events.filter((e) => e.type === 'repair.approved')).toHaveLength(approved.size);
  });
});

describe('records, lists and classes: one winner per version, no lost update on the enterprise', () => {
  /** An enterprise registered over HTTP, and a publish helper for it. */
  async function registered(app: App, u: string) {
    const res = await send(app, tokens.publisher as string, 'PUT', `/v1/admin/enterprises/${u}`, { name: '杭州并发写入有限公司', district: '330106' });
    expect(res.status).toBe(201);
  }
  async function publish(app: App, u: string, over: Record<string, unknown> = {}) {
    const res = await send(app, tokens.publisher as string, 'POST', '/v1/admin/records', recordBody(u, over), { 'Idempotency-Key': newKey() });
    expect(res.status).toBe(201);
    return (await res.json()) as any;
  }

  it('lets exactly one of 20 concurrent conflicting corrections win; the rest get 412; the ledger stays gapless', async () => {
    const apps = containers(5);
    await registered(apps[0] as App, uscc(20));
    const record = await publish(apps[0] as App, uscc(20));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        send(apps[i % apps.length] as App, tokens.publisher as string, 'POST', `/v1/admin/records/${record.id}/corrections`, { correction: { title: `更正${i}` }, reason: `并发更正${i}` }, { 'If-Match': '"v1"' }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(19);
    for (const loser of results.filter((r) => r.status === 412)) await expectProblemResponse(loser, 412, 'precondition.failed');
    const events = await expectSoundLedger();
    expect(events.filter((e) => e.type === 'record.corrected' && e.changes[0]?.id === record.id)).toHaveLength(1);
    // The winner's correction is what the public sees.
    const winner = (await (results.find((r) => r.status === 200) as Response).json()) as any;
    const seen = (await (await (apps[1] as App).request(`/v1/records/${record.id}`)).json()) as any;
    expect(seen.title).toBe(winner.title);
  });

  it('lets one of 10 corrections and 5 withdrawals of one record win; the others are refused by what won', async () => {
    const apps = containers(5);
    await registered(apps[0] as App, uscc(21));
    const record = await publish(apps[0] as App, uscc(21));
    const seqBefore = (await readHead(db)).seq;
    const requests = [
      ...Array.from({ length: 10 }, (_, i) => ({ kind: 'correction', path: 'corrections', body: { correction: { fineWan: 1 + i }, reason: `更正罚款${i}` } })),
      ...Array.from({ length: 5 }, (_, i) => ({ kind: 'withdrawal', path: 'withdrawal', body: { reason: `原处罚决定已被撤销${i}` } })),
    ];
    const results = await Promise.all(
      requests.map((r, i) => send(apps[i % apps.length] as App, tokens.publisher as string, 'POST', `/v1/admin/records/${record.id}/${r.path}`, r.body, { 'If-Match': '"v1"' })),
    );
    expect(tally(results)[200]).toBe(1);
    const won = requests[results.findIndex((r) => r.status === 200)] as (typeof requests)[number];
    // After a withdrawal the record is no longer published (409); after a correction it is at v2 (412).
    for (const loser of results.filter((r) => r.status !== 200)) {
      if (won.kind === 'withdrawal') await expectProblemResponse(loser, 409, 'record.not-current');
      else await expectProblemResponse(loser, 412, 'precondition.failed');
    }
    const publicView = await (apps[1] as App).request(`/v1/records/${record.id}`);
    expect(publicView.status).toBe(won.kind === 'withdrawal' ? 404 : 200);
    if (won.kind === 'correction') expect(((await publicView.json()) as any).fineWan).toBe((won.body as any).correction.fineWan);
    const events = await expectSoundLedger();
    expect(events.length).toBe(seqBefore + 1);
  });

  it('keeps every record, list change and the class of one enterprise written at once from four containers', async () => {
    // Arrange: an enterprise on the punishment list (class D).
    const apps = containers(4);
    const u = uscc(22);
    await registered(apps[0] as App, u);
    const added = await send(apps[0] as App, tokens.publisher as string, 'POST', '/v1/admin/listings', listingBody(u, 'punishment'), { 'Idempotency-Key': newKey() });
    const punishment = (await added.json()) as any;
    const etag = (await send(apps[0] as App, tokens.publisher as string, 'GET', `/v1/admin/enterprises/${u}`)).headers.get('ETag') as string;
    expect(etag).toBe('"v2"');
    const seqBefore = (await readHead(db)).seq;

    // Act: 8 records and 2 incentive entries published, the punishment entry ended by 4 officials
    // with the same ETag, and 2 admins overriding the class with the enterprise's ETag — all at once.
    const on = (i: number) => apps[i % apps.length] as App;
    const [publishes, adds, ends, overrides] = await Promise.all([
      Promise.all(Array.from({ length: 8 }, (_, i) => send(on(i), tokens.publisher as string, 'POST', '/v1/admin/records', recordBody(u, { decisionNumber: `同户〔2026〕${i}号` }), { 'Idempotency-Key': newKey() }))),
      Promise.all(Array.from({ length: 2 }, (_, i) => send(on(i + 1), tokens.publisher as string, 'POST', '/v1/admin/listings', listingBody(u, 'incentive', { grounds: `获得质量奖${i}` }), { 'Idempotency-Key': newKey() }))),
      Promise.all(Array.from({ length: 4 }, (_, i) => send(on(i + 2), tokens.publisher as string, 'POST', `/v1/admin/listings/${punishment.id}/end`, { reason: `信用修复：提前移出${i}` }, { 'If-Match': '"v1"' }))),
      Promise.all(Array.from({ length: 2 }, (_, i) => send(on(i + 3), tokens.admin as string, 'PUT', `/v1/admin/enterprises/${u}/classification`, { override: { class: 'B', reason: `复核后调整${i}` }, reason: '复核' }, { 'If-Match': etag }))),
    ]);

    // Assert: every creation acknowledged; one end, the others find it ended; at most one
    // override (each was based on v2, which the publishes move on).
    expect(tally(publishes)).toEqual({ 201: 8 });
    expect(tally(adds)).toEqual({ 201: 2 });
    expect(tally(ends)).toEqual({ 200: 1, 409: 3 });
    for (const loser of ends.filter((r) => r.status === 409)) await expectProblemResponse(loser, 409, 'listing.not-current');
    expect(tally(overrides)[200] ?? 0).toBeLessThanOrEqual(1);
    for (const loser of overrides.filter((r) => r.status !== 200)) await expectProblemResponse(loser, 412, 'precondition.failed');
    const overridden = overrides.some((r) => r.status === 200);

    const recordIds = (await Promise.all(publishes.map((r) => r.json()))).map((r: any) => r.id).sort();
    const incentiveIds = (await Promise.all(adds.map((r) => r.json()))).map((l: any) => l.id).sort();
    const file = (await (await send(apps[3] as App, tokens.publisher as string, 'GET', `/v1/admin/enterprises/${u}`)).json()) as any;
    expect(file.records.map((r: any) => r.id).sort()).toEqual(recordIds);
    expect(file.listings.filter((l: any) => l.status === 'active').map((l: any) => l.id).sort()).toEqual(incentiveIds);
    expect(file.listings.find((l: any) => l.id === punishment.id).status).toBe('ended');
    // Each acknowledged change bumped the enterprise once: none overwrote another.
    expect(file.enterprise.version).toBe(2 + 8 + 2 + 1 + (overridden ? 1 : 0));
    // The class is computed from everything that is public now: no writer classified from a stale read.
    const computed = classify({
      records: file.records.map((r: any) => ({ id: r.id, kind: r.kind, severity: r.severity })),
      listings: file.listings.filter((l: any) => l.status === 'active').map((l: any) => ({ id: l.id, listType: l.listType })),
    });
    expect(computed.class).toBe('C');
    expect(computed.reasons[0]?.refs.map((r) => r.id).sort()).toEqual(recordIds);
    const profile = (await (await (apps[0] as App).request(`/v1/enterprises/${u}`)).json()) as any;
    expect(profile.classification.class).toBe(overridden ? 'B' : 'C');
    expect(profile.classification.reasons[0].rule).toBe('C.negative-record');
    expect(profile.classification.reasons[0].refs.map((r: any) => r.id).sort()).toEqual(recordIds);
    expect(Boolean(profile.classification.override)).toBe(overridden);
    expect(profile.records.map((r: any) => r.id).sort()).toEqual(recordIds);
    expect(profile.listings.map((l: any) => l.id).sort()).toEqual(incentiveIds);

    const events = await expectSoundLedger();
    expect(events.length).toBe(seqBefore + 8 + 2 + 1 + (overridden ? 1 : 0));
  });
});

describe('imports racing each other and HTTP publishes', () => {
  it('publishes every record exactly once when two overlapping imports and HTTP publishes hit the same enterprises at once', async () => {
    // Arrange: 32 rows over 8 enterprises; import A has rows 0–19, import B rows 12–31 (same
    // decision numbers on 8 rows). The enterprises are registered first, so that HTTP publishes
    // never meet an enterprise the imports have not created yet (404 would be a race of its own).
    const apps = containers(4);
    const [header, ...rows] = importCsv(32).text.replace(/\r\n$/, '').split('\r\n');
    const csv = (from: number, to: number) => `${[header, ...rows.slice(from, to)].join('\r\n')}\r\n`;
    const enterprises = Array.from({ length: 8 }, (_, e) => ({ uscc: withCheckCharacter(`91330108MA${String(e).padStart(7, '0')}`), checkDigitValid: true, name: `杭州导入测试${e}号有限公司`, district: '330108' }));
    await publishBatch(db, 'import.batch', enterprises.map((enterprise) => ({ enterprise, records: [], listings: [] })), { actor });
    const decision = (i: number | string) => `杭滨市监处罚〔2026〕${i}号`;
    // Per enterprise, one HTTP publish of a decision the imports also carry, and one of its own.
    const overlapping = enterprises.map((e, n) => ({ uscc: e.uscc, decisionNumber: decision(4 * n + 1) }));
    const own = enterprises.map((e, n) => ({ uscc: e.uscc, decisionNumber: decision(`H${n}`) }));

    // Act
    const importing = (app: App, text: string) =>
      app.request('/v1/admin/imports', { method: 'POST', headers: { Authorization: `Bearer ${tokens.publisher}`, 'Content-Type': 'text/csv' }, body: text });
    const publishing = (list: typeof own, offset: number) =>
      Promise.all(list.map((p, n) => send(apps[2 + ((n + offset) % 2)] as App, tokens.publisher as string, 'POST', '/v1/admin/records', recordBody(p.uscc, { decisionNumber: p.decisionNumber }), { 'Idempotency-Key': newKey() })));
    const [resA, resB, overlapResults, ownResults] = await Promise.all([importing(apps[0] as App, csv(0, 20)), importing(apps[1] as App, csv(12, 32)), publishing(overlapping, 0), publishing(own, 1)]);

    // Assert: each report adds up, and together with the HTTP publishes every row was published once.
    expect([resA.status, resB.status]).toEqual([200, 200]);
    const [a, b] = [(await resA.json()) as any, (await resB.json()) as any];
    for (const report of [a, b]) {
      expect(report).toMatchObject({ rows: 20, bad: [] });
      expect(report.published + report.skipped).toBe(20);
    }
    expect(tally(ownResults)).toEqual({ 201: 8 });
    const overlapWon = overlapResults.filter((r) => r.status === 201).length;
    for (const loser of overlapResults.filter((r) => r.status !== 201)) await expectProblemResponse(loser, 409, 'record.duplicate');
    expect(a.published + b.published + overlapWon).toBe(32);

    // Every enterprise holds exactly its 4 rows and its own record, each decision once.
    const acknowledged = [...overlapResults, ...ownResults].filter((r) => r.status === 201);
    const acknowledgedIds = new Set((await Promise.all(acknowledged.map((r) => r.json()))).map((r: any) => r.id));
    const files = await Promise.all(enterprises.map((e) => readEnterpriseFile(db, e.uscc, { consistent: true })));
    for (const [n, file] of files.entries()) {
      const expected = [0, 1, 2, 3].map((j) => decision(4 * n + j)).concat(decision(`H${n}`)).sort();
      expect(file.records.map((r) => r.decisionNumber).sort()).toEqual(expected);
    }
    const stored = files.flatMap((f) => f.records);
    for (const id of acknowledgedIds) expect(stored.map((r) => r.id)).toContain(id);

    // The feed carries each of the 40 records once, in events that add up to the head.
    const events = await expectSoundLedger();
    const published = events.flatMap((e) => e.changes).filter((c) => c.entity === 'record' && c.action === 'published');
    expect(published).toHaveLength(40);
    expect(new Set(published.map((c) => c.id)).size).toBe(40);
    expect(events.length).toBe(1 + a.events + b.events + overlapWon + 8);
  });
});

describe('idempotency under concurrency', () => {
  it('publishes once when the same Idempotency-Key is sent 12 times at once from 4 containers; every caller gets the first answer', async () => {
    const apps = containers(4);
    const u = uscc(30);
    await registerEnterprise(db, { uscc: u, checkDigitValid: true, name: '杭州幂等并发有限公司', district: '330106' }, { actor });
    const seq = (await readHead(db)).seq;
    const key = newKey();
    const body = recordBody(u);
    // Act: three per container, so duplicates both wait their turn in-process and race across processes.
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => send(apps[i % 4] as App, tokens.publisher as string, 'POST', '/v1/admin/records', body, { 'Idempotency-Key': key })));
    expect(tally(results)).toEqual({ 201: 12 });
    const answers = (await Promise.all(results.map((r) => r.json()))) as any[];
    expect(new Set(answers.map((a) => a.id)).size).toBe(1);
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(new Set(results.map((r) => r.headers.get('Location'))).size).toBe(1);
    // One caller made the change; the other eleven were answered from its stored response.
    expect(results.filter((r) => r.headers.get('Idempotent-Replayed') === 'true')).toHaveLength(11);
    expect((await readHead(db)).seq).toBe(seq + 1);
    expect((await readEnterpriseFile(db, u, { consistent: true })).records.map((r) => r.id)).toEqual([answers[0].id]);

    // The same for a list entry.
    const listingKey = newKey();
    const listings = await Promise.all(Array.from({ length: 6 }, (_, i) => send(apps[i % 4] as App, tokens.publisher as string, 'POST', '/v1/admin/listings', listingBody(u, 'incentive'), { 'Idempotency-Key': listingKey })));
    expect(tally(listings)).toEqual({ 201: 6 });
    expect(new Set((await Promise.all(listings.map((r) => r.json()))).map((l: any) => l.id)).size).toBe(1);
    expect((await readEnterpriseFile(db, u, { consistent: true })).listings).toHaveLength(1);
    const events = await expectSoundLedger();
    expect(events.length).toBe(seq + 2);
  });

  it('answers a duplicate refused by the first request’s own change (record.duplicate) with the first answer', async () => {
    // Regression: a duplicate's precheck found no answer yet, the first request then committed,
    // and the duplicate read the enterprise with the record already in it: 409 record.duplicate
    // instead of the first answer. Made certain here by holding the duplicate's idempotency read
    // (done, empty) until the first request has committed.
    const u = uscc(32);
    await registerEnterprise(db, { uscc: u, checkDigitValid: true, name: '杭州幂等重放有限公司', district: '330106' }, { actor });
    let held = false;
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const lagging = probedContainer({
      read: (pk) => {
        if (held || !pk.startsWith('IDEMPOTENCY#')) return undefined;
        held = true;
        return gate;
      },
    });
    const [fast] = containers(1) as [App];
    const key = newKey();
    const body = recordBody(u);

    const late = send(lagging, tokens.publisher as string, 'POST', '/v1/admin/records', body, { 'Idempotency-Key': key });
    await vi.waitFor(() => expect(held).toBe(true));
    const first = await send(fast, tokens.publisher as string, 'POST', '/v1/admin/records', body, { 'Idempotency-Key': key });
    release();
    const second = await late;

    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await second.json()).toEqual(await first.json());
    expect((await readEnterpriseFile(db, u, { consistent: true })).records).toHaveLength(1);
    await expectSoundLedger();
  });

  it('opens one repair application for one key sent 8 times, and one for 6 different keys on one target', async () => {
    const apps = containers(4);
    const u = uscc(31);
    const eightMonthsAgo = addMonths(today, -8);
    await registerEnterprise(db, { uscc: u, checkDigitValid: true, name: '杭州幂等修复有限公司', district: '330106' }, { actor });
    const [first, second] = await Promise.all(
      [0, 1].map(async (k) => (await publishRecord(db, penalty(u, { decisionNumber: `幂等修复〔2026〕${k}号`, decisionDate: addDays(eightMonthsAgo, -7), publishedOn: eightMonthsAgo }), { actor })).record),
    );
    const token = await enterpriseToken(u);
    const seq = (await readHead(db)).seq;
    const apply = (app: App, targetId: string, key: string) =>
      send(app, token, 'POST', '/v1/repair-requests', {
        target: { type: 'record', id: targetId },
        statement: '已全额缴纳罚款，召回并销毁不合格产品，完成整改并通过复检。',
        commitment: '本企业承诺依法诚信经营，自觉接受监督，如有违反愿承担相应责任。',
        evidence: [{ title: '罚款缴纳凭证', sha256: 'b'.repeat(64), location: 'oss://evidence/2026/receipt.pdf' }],
      }, { 'Idempotency-Key': key });

    // Act: one key eight times for the first record, six keys for the second, all at once.
    const key = newKey();
    const [same, different] = await Promise.all([
      Promise.all(Array.from({ length: 8 }, (_, i) => apply(apps[i % 4] as App, (first as { id: string }).id, key))),
      Promise.all(Array.from({ length: 6 }, (_, i) => apply(apps[(i + 1) % 4] as App, (second as { id: string }).id, newKey()))),
    ]);

    // Assert
    expect(tally(same)).toEqual({ 201: 8 });
    expect(new Set((await Promise.all(same.map((r) => r.json()))).map((r: any) => r.id)).size).toBe(1);
    expect(same.filter((r) => r.headers.get('Idempotent-Replayed') === 'true')).toHaveLength(7);
    // Different keys are different applications: the lock on the target lets one open.
    expect(tally(different)).toEqual({ 201: 1, 422: 5 });
    for (const loser of different.filter((r) => r.status === 422)) {
      const problem = await expectProblemResponse(loser, 422, 'repair.ineligible');
      expect(problem.reasons.map((r: any) => r.code)).toContain('open-application');
    }
    const mine = (await (await send(apps[0] as App, token, 'GET', '/v1/repair-requests')).json()) as any;
    expect(mine.items.map((r: any) => r.target.id).sort()).toEqual([(first as { id: string }).id, (second as { id: string }).id].sort());
    // Applications are not public: the ledger did not move.
    expect((await readHead(db)).seq).toBe(seq);
    await expectSoundLedger();
  });
});
