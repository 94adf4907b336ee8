/**
 * Faults (issue #8): DynamoDB Local is killed (SIGKILL, as a crash would) in the middle of a write
 * load sent through the HTTP API, and restarted on the same files and port. While it is down every
 * answer — write, read, `/healthz` — is a 503 problem with `Retry-After`, never a 500. Once it is
 * back, the writers retry what went unanswered with the same Idempotency-Key (or If-Match), and then
 * every write happened completely or not at all, nothing acknowledged is lost, no write happened
 * twice, and the ledger is gapless, verifies and accounts for every item in the table.
 *
 * The emulator here is this file's own, on disk under `.tmp/`: the run's shared in-memory one
 * (tests/support/global-setup.ts) is never touched. One kill/restart cycle in CI; more on demand:
 *
 *   FAULT_ROUNDS=10 npx vitest run tests/faults
 *
 * Each round prints its figures (writes, 503s, retries, outage and restart times) as `[faults] {…}`.
 * The kill is placed between commits and their answers (see `trap`), so that the retries that
 * must find a write already done are exercised every round, not by luck.
 *
 * Last, the emulator is frozen (SIGSTOP) rather than killed — a DynamoDB that stops answering, as
 * in a network partition — and clients configured as in the cloud must still answer 503 in time.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ScanCommand, type TransactWriteItemsCommandInput } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../infra/cdk/functions/catalogue.ts';
import { ensureTable } from '../../infra/local/bootstrap.ts';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { createLocalApp } from '../../infra/local/server.ts';
import { verifyChain, type Change, type LedgerEvent } from '../../shared/ledger/event.ts';
import { redirectLogs } from '../../shared/log.ts';
import { isPublicListing, isPublicRecord, toPublicEnterprise, toPublicListing, toPublicRecord } from '../../shared/public/projection.ts';
import type { CreditRecord, Enterprise, Listing } from '../../shared/register/model.ts';
import { addDays, shanghaiDate } from '../../shared/rules/calendar.ts';
import { withCheckCharacter } from '../../shared/rules/uscc.ts';
import { clientConfig, CLOUD_TIMEOUTS, createDb, type Db } from '../../shared/store/db.ts';
import { fromItem, tagOf, type Item } from '../../shared/store/items.ts';
import { registerEnterprise } from '../../shared/store/publishing.ts';
import { readEvents, readHead } from '../../shared/store/reads.ts';
import { tokenKit } from '../support/auth.ts';
import { actor, E, recordBody, seedFixtures } from '../support/fixtures.ts';
import { expectProblemResponse } from '../support/problems.ts';

const ROUNDS = Number(process.env.FAULT_ROUNDS ?? 1);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error(`FAULT_ROUNDS must be a whole number ≥ 1, not ${process.env.FAULT_ROUNDS}`);

/** Concurrent officials, spread over three "Lambda containers" (apps on separate clients). */
const WRITERS = 6;
const CONTAINERS = 3;
/** Load before the kill: at least this long and this many acknowledged writes. */
const LOAD_BEFORE_KILL = { ms: 1500, acks: 12 };
/** How long the emulator stays down, at least (the restart adds its own seconds). */
const OUTAGE_MS = 1000;
/** Load after the restart, at least this long (and until every writer has been answered again). */
const LOAD_AFTER_RESTART_MS = 1000;
/**
 * Pause before a writer retries after a 503. The API says `Retry-After: 5`; a real client should
 * honour it, but waiting 5 s per retry would make the suite slow without testing anything more.
 */
const RETRY_PAUSE_MS = 100;
/**
 * How old every other answered commit is when the emulator is killed (see `trap`). DynamoDB Local
 * acknowledges a transaction a moment before its file holds it: a SIGKILL within about a
 * millisecond of the 200 can lose it (whole — never a part of it). Real DynamoDB acknowledges only
 * what is durable, so the suite holds the emulator to that only for commits older than this.
 */
const QUIET_MS = 100;

const runId = randomUUID().slice(0, 8);
const dir = join('.tmp', `faults-${runId}`);
const dbPath = join(dir, 'db');
const tmpDir = join(dir, 'tmp');
const tableName = `faults-${runId}`;
const today = shanghaiDate();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();

type App = ReturnType<typeof createLocalApp>;
type Kind = 'publish' | 'listing' | 'correction';
type Written = { id: string; version: number } & Record<string, unknown>;

/** One logical write in the journal, from its first attempt until it was answered. */
interface Entry {
  writer: number;
  kind: Kind;
  path: string;
  body: unknown;
  /** Idempotency-Key (creations) or If-Match (corrections): the same on every attempt. */
  headers: Record<string, string>;
  attempts: number;
  /** Every status answered, in order. */
  statuses: number[];
  /** The entity as written (or, for a correction answered 412 after a 503, as read back). */
  result?: Written;
  ackedAt?: number;
  /** A retry was answered with the stored first answer: the first attempt had committed. */
  replayed: boolean;
  /** A correction whose retry found its own change already made (412, then read back). */
  resolvedByRead: boolean;
}

/** Anything but 2xx or a well-formed 503 (or the 412 explained above): each is a failure. */
const unexpected: string[] = [];
const journal: Entry[] = [];
/** Writes sent only while the store was down: none may exist afterwards. */
const neverWritten: { key: string; decisionNumber?: string }[] = [];
/** The latest acknowledged state of every entity written through the API, by id. */
const latest = new Map<string, { kind: 'record' | 'listing'; state: Written }>();
/** Per writer: the records it published, which it alone corrects. */
const owned: string[][] = Array.from({ length: WRITERS }, () => []);
/** Per writer: how many writes it has begun, across rounds (keys and decision numbers stay unique). */
const begun: number[] = Array.from({ length: WRITERS }, () => 0);
/** When each 503 was answered to a writer. */
const unavailable: number[] = [];
/** What the apps log for each 5xx (app-kit's onError): kept to check, not printed by the hundred. */
const errorLog: string[] = [];
let restoreLogs: () => void = () => undefined;
let inFlight = 0;
/** Set when the file ends early (a failed round): writers stop retrying. */
let abandoned = false;

let dynamo: DynamoDbLocal;
let containers: Db[];
let apps: App[];
let observer: Db;
let kit: Awaited<ReturnType<typeof tokenKit>>;
let tokens: typeof kit.tokens;
let seedHead = 0;

/**
 * The crash, placed where it hurts: between commits and their answers. Once armed, container 1
 * holds back the answer to its next correction and container 0 the answer to its next creation
 * (both committed in DynamoDB, neither answered to the app); then container 2 sends its next
 * creation once no commit has been answered for QUIET_MS, and kills the emulator the moment
 * DynamoDB answers it, before the app sees that answer. All three officials are told 503 for a
 * write DynamoDB had acknowledged: the apps' clients get the reset connection a crash gives, and
 * the SDK retries against a dead emulator, as it would. Each client commits one change at a time
 * (shared/store/ledger.ts), so no other commit can be answered while these are in the trap.
 *
 * The held correction and creation are QUIET_MS old at the kill, so they must survive: their
 * retries must find them done (412 and a read; the stored answer, replayed). The last creation is
 * killed inside the emulator's non-durable moment on purpose: it may survive (replayed) or be lost
 * whole (its retry makes it now) — either keeps the promise, as nobody was told it happened.
 */
type Role = 'correction' | 'creation' | 'victim';
const trap = {
  armed: false,
  /** When DynamoDB last answered a TransactWriteItems (held or not). */
  lastCommitAt: 0,
  /** Record id of the held correction, Idempotency-Keys of the held and the killed creation. */
  caught: {} as Partial<Record<Role, string>>,
  killed: Promise.resolve(),
  kill: async () => {},
};

const connectionReset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
const putOf = (input: TransactWriteItemsCommandInput, entity: string) => (input.TransactItems ?? []).find((a) => a.Put?.Item?.entity?.S === entity)?.Put?.Item;
/** A creation's transaction carries its idempotency record (`IDEMPOTENCY#<owner>#<key>`); a correction's does not. */
const idempotencyKeyOf = (input: TransactWriteItemsCommandInput) => putOf(input, 'idempotency')?.PK?.S?.split('#').at(-1);

/** The role this transaction plays in the trap, if any: container 0 holds, 1 holds, 2 is killed. */
function roleOf(container: number, key: string | undefined): Role | undefined {
  const { caught } = trap;
  if (!trap.armed) return undefined;
  if (container === 1 && key === undefined && !caught.correction) return 'correction';
  if (container === 0 && key !== undefined && !caught.creation) return 'creation';
  if (container === 2 && key !== undefined && caught.correction && caught.creation) return 'victim';
  return undefined;
}

function loseAnswersInTheCrash(db: Db, container: number): void {
  db.client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'TransactWriteItemsCommand') return next(args);
      const input = args.input as TransactWriteItemsCommandInput;
      const key = idempotencyKeyOf(input);
      const victim = roleOf(container, key) === 'victim';
      if (victim) {
        trap.armed = false;
        await sleep(Math.max(0, trap.lastCommitAt + QUIET_MS - now()));
      }
      const out = await next(args).catch((error: unknown) => {
        if (victim) trap.armed = true;
        throw error;
      });
      // This runs inside the SDK's deserializer, so a cancelled transaction (a lost race for the
      // ledger head, which the app plans again) is still a raw 400 here: only a 200 committed.
      if ((out.response as { statusCode?: number }).statusCode !== 200) {
        if (victim) trap.armed = true;
        return out;
      }
      trap.lastCommitAt = now();
      if (victim) {
        trap.caught.victim = key;
        await trap.kill();
        throw connectionReset();
      }
      const role = roleOf(container, key);
      if (role) {
        trap.caught[role] = key ?? (putOf(input, 'record')?.id?.S as string);
        await trap.killed;
        throw connectionReset();
      }
      return out;
    },
    // Below the SDK's retry middleware, where a lost answer happens: the SDK retries, as it would.
    { step: 'deserialize', name: 'loseAnswersInTheCrash' },
  );
}

beforeAll(async () => {
  restoreLogs = redirectLogs((level, line) => {
    if (level === 'error' && (JSON.parse(line) as { msg: string }).msg === 'request failed') errorLog.push(line);
  });
  dynamo = await startDynamoDbLocal({ dbPath, tmpDir });
  // createDb's own configuration, as `npm start` has it (the cloud's adds request timeouts: last test).
  containers = Array.from({ length: CONTAINERS }, () => createDb({ tableName, endpoint: dynamo.endpoint }));
  containers.forEach(loseAnswersInTheCrash);
  observer = createDb({ tableName, endpoint: dynamo.endpoint });
  await ensureTable(observer);
  await seedFixtures(observer);
  for (const uscc of POOL) await registerEnterprise(observer, { uscc, checkDigitValid: true, name: `杭州故障演练${uscc.slice(10, 17)}有限公司`, district: '330106' }, { actor });
  seedHead = (await readHead(observer)).seq;
  kit = await tokenKit();
  tokens = kit.tokens;
  apps = containers.map((db) => createLocalApp({ db, verify: kit.verify }));
}, 120_000);

afterAll(async () => {
  restoreLogs();
  abandoned = true;
  for (const db of [...(containers ?? []), observer]) db?.client.destroy();
  await dynamo?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function send(app: App, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(
    app.request(path, {
      method,
      headers: { Authorization: `Bearer ${tokens.publisher}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    }),
  );
}


const listingBody = (uscc: string, listType: 'punishment' | 'incentive', tag: string) => ({
  uscc,
  listType,
  grounds: `故障演练列入 ${tag}`,
  legalBasis: '《市场监督管理严重违法失信名单管理办法》第七条',
  decidingAuthority: '杭州市市场监督管理局',
  startDate: addDays(today, -2),
});

/**
 * The enterprises written to: the fixtures (but the pilot-era code, which would need
 * confirmCheckDigit) and a pool more, so that no enterprise's file grows long over many rounds —
 * every write reads the whole file of its enterprise.
 */
const POOL = Array.from({ length: 12 }, (_, i) => withCheckCharacter(`91330106MA${String(i).padStart(7, '0')}`));
const TARGETS = [E.dishonest, E.trustworthy, E.seriouslyDishonest, E.plain, ...POOL];

/** The writer's n-th write: mostly publications, some list entries, some corrections of its own records. */
function nextEntry(w: number, n: number): Entry {
  const tag = `${runId}-${w}-${n}`;
  const base = { writer: w, attempts: 0, statuses: [], replayed: false, resolvedByRead: false };
  const target = owned[w]?.at(-1 - (n % 3));
  // While the trap waits for a correction, container 1's writers correct.
  const wantCorrection = n % 5 === 4 || (trap.armed && !trap.caught.correction && w % CONTAINERS === 1);
  if (wantCorrection && target) {
    const { version } = latest.get(target)?.state as Written;
    return {
      ...base,
      kind: 'correction',
      path: `/v1/admin/records/${target}/corrections`,
      body: { correction: { title: `生产不符合国家标准的产品（更正 ${tag}）` }, reason: '更正标题' },
      headers: { 'If-Match': `"v${version}"` },
    };
  }
  const uscc = TARGETS[(w + n) % TARGETS.length] as string;
  const headers = { 'Idempotency-Key': `fault-${tag}` };
  if (n % 4 === 3) return { ...base, kind: 'listing', path: '/v1/admin/listings', body: listingBody(uscc, n % 8 === 3 ? 'punishment' : 'incentive', tag), headers };
  return { ...base, kind: 'publish', path: '/v1/admin/records', body: recordBody(uscc, { decisionNumber: `故障演练〔2026〕${tag}号` }), headers };
}

/** Is this 503 the documented one: problem+json `store.unavailable` with a usable Retry-After? */
async function checkUnavailable(res: Response, what: string): Promise<void> {
  const text = await res.text();
  let type: unknown;
  try {
    type = (JSON.parse(text) as { type?: unknown }).type;
  } catch {
    type = undefined;
  }
  if (res.headers.get('Content-Type') !== 'application/problem+json' || type !== '/problems/store.unavailable' || !(Number(res.headers.get('Retry-After')) > 0)) {
    unexpected.push(`${what}: 503 without the documented problem (${res.headers.get('Content-Type')}, Retry-After ${res.headers.get('Retry-After')}): ${text}`);
  }
}

/** Send `entry` until it is answered; a 503 is no answer, so the same request is sent again. */
async function untilAnswered(app: App, entry: Entry): Promise<void> {
  while (!abandoned) {
    entry.attempts++;
    inFlight++;
    let res: Response;
    try {
      res = await send(app, 'POST', entry.path, entry.body, entry.headers);
    } finally {
      inFlight--;
    }
    entry.statuses.push(res.status);
    const what = `writer ${entry.writer} ${entry.kind} ${entry.path} attempt ${entry.attempts}`;
    if (res.status === 503) {
      unavailable.push(now());
      await checkUnavailable(res, what);
      await sleep(RETRY_PAUSE_MS);
      continue;
    }
    if (res.ok) {
      entry.result = (await res.json()) as Written;
      entry.replayed = res.headers.get('Idempotent-Replayed') === 'true';
      entry.ackedAt = now();
      return;
    }
    if (entry.kind === 'correction' && res.status === 412 && entry.statuses.includes(503)) {
      // An earlier attempt committed and its answer was lost: If-Match now names an old version.
      await readBackCorrection(app, entry);
      return;
    }
    unexpected.push(`${what}: ${res.status} ${await res.text()}`);
    return;
  }
}

/** Only this writer corrects this record, so a newer version must be its own change: check it is. */
async function readBackCorrection(app: App, entry: Entry): Promise<void> {
  const id = entry.path.split('/')[4] as string;
  while (!abandoned) {
    const res = await send(app, 'GET', `/v1/admin/records/${id}`);
    if (res.status === 503) {
      await sleep(RETRY_PAUSE_MS);
      continue;
    }
    const read = (await res.json()) as Written & { title: string };
    const expectedVersion = Number(/"v(\d+)"/.exec(entry.headers['If-Match'] ?? '')?.[1]) + 1;
    const title = (entry.body as { correction: { title: string } }).correction.title;
    if (read.version !== expectedVersion || read.title !== title) {
      unexpected.push(`writer ${entry.writer}: correction of ${id} answered 412 after a 503, but the record is v${read.version} “${read.title}”, not v${expectedVersion} “${title}”`);
      return;
    }
    entry.result = read;
    entry.resolvedByRead = true;
    entry.ackedAt = now();
    return;
  }
}

/** One official: one write at a time, each until answered, until told to stop. */
async function writer(w: number, stop: () => boolean): Promise<void> {
  const app = apps[w % CONTAINERS] as App;
  while (!stop() && !abandoned) {
    const n = begun[w] ?? 0;
    begun[w] = n + 1;
    const entry = nextEntry(w, n);
    journal.push(entry);
    await untilAnswered(app, entry);
    if (!entry.result) continue;
    latest.set(entry.result.id, { kind: entry.kind === 'listing' ? 'listing' : 'record', state: entry.result });
    if (entry.kind === 'publish') owned[w]?.push(entry.result.id);
  }
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = now() + timeoutMs;
  while (!condition()) {
    if (now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const acked = (e: Entry) => e.result !== undefined;

/** Every kind of read and write must answer 503 while the store is down, on both containers. */
async function probeWhileDown(round: number): Promise<number> {
  const some = [...latest].find(([, v]) => v.kind === 'record')?.[1].state as Written;
  let probes = 0;
  for (const [i, app] of apps.entries()) {
    const key = `fault-probe-${runId}-${round}-${i}`;
    const decisionNumber = `故障演练〔2026〕probe-${runId}-${round}-${i}号`;
    neverWritten.push({ key, decisionNumber }, { key: `${key}-l` });
    const calls: [string, () => Promise<Response>][] = [
      ['publish', () => send(app, 'POST', '/v1/admin/records', recordBody(E.plain, { decisionNumber }), { 'Idempotency-Key': key })],
      ['list entry', () => send(app, 'POST', '/v1/admin/listings', listingBody(E.plain, 'incentive', 'probe'), { 'Idempotency-Key': `${key}-l` })],
      ['correction', () => send(app, 'POST', `/v1/admin/records/${some.id}/corrections`, { correction: { title: '不应写入' }, reason: '故障期间' }, { 'If-Match': `"v${some.version}"` })],
      ['admin read', () => send(app, 'GET', `/v1/admin/records/${some.id}`)],
      ['public record', () => send(app, 'GET', `/v1/records/${some.id}`)],
      ['profile', () => send(app, 'GET', `/v1/enterprises/${E.dishonest}`)],
      ['list', () => send(app, 'GET', '/v1/lists/punishment')],
      ['feed', () => send(app, 'GET', '/v1/changes?after=0')],
      ['healthz', () => send(app, 'GET', '/healthz')],
    ];
    for (const [what, call] of calls) {
      const res = await call();
      probes++;
      expect(res.status, `${what} while DynamoDB is down`).toBe(503);
      expect(Number(res.headers.get('Retry-After')), `${what}: Retry-After`).toBeGreaterThan(0);
      await expectProblemResponse(res, 503, 'store.unavailable');
    }
  }
  return probes;
}

/** An entity as the API shows it now. */
async function readBack(id: string): Promise<{ status: number; body: unknown }> {
  const kind = latest.get(id)?.kind === 'listing' ? 'listings' : 'records';
  const res = await send(apps[1] as App, 'GET', `/v1/admin/${kind}/${id}`);
  return { status: res.status, body: await res.json() };
}

async function allEvents(): Promise<LedgerEvent[]> {
  const events: LedgerEvent[] = [];
  for (let batch = await readEvents(observer, 0, 1000); batch.length; batch = await readEvents(observer, events.at(-1)?.seq ?? 0, 1000)) events.push(...batch);
  return events;
}

/** The whole table — a Scan is fine in a test, and nowhere else. */
async function scanAll(): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const out = await observer.client.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

describe.sequential(`DynamoDB Local killed mid-load and restarted (${ROUNDS} round${ROUNDS > 1 ? 's' : ''})`, () => {
  for (let round = 1; round <= ROUNDS; round++) {
    it(`round ${round}: 503 with Retry-After while down, never a 500; after the restart nothing acknowledged is lost and every writer is answered`, async () => {
      // Arrange: the load runs.
      const startedAt = now();
      const journalStart = journal.length;
      const unavailableStart = unavailable.length;
      let stopping = false;
      const writers = Array.from({ length: WRITERS }, (_, w) => writer(w, () => stopping));
      const roundAcks = () => journal.slice(journalStart).filter(acked).length;
      await waitFor(() => now() - startedAt >= LOAD_BEFORE_KILL.ms && roundAcks() >= LOAD_BEFORE_KILL.acks, 'acknowledged writes before the kill');

      // Act: kill the emulator mid-load, between commits and their answers (see `trap`).
      let inFlightAtKill = 0;
      let ackedBeforeKill: { id: string; version: number }[] = [];
      let killedAt = 0;
      let killed = () => {};
      trap.killed = new Promise<void>((resolve) => (killed = resolve));
      trap.kill = async () => {
        inFlightAtKill = inFlight;
        // What this round's writers were told (earlier rounds' writes were checked in theirs, and
        // all are checked again at the end).
        ackedBeforeKill = journal.slice(journalStart).flatMap((e) => (e.result ? [{ id: e.result.id, version: e.result.version }] : []));
        killedAt = now();
        await dynamo.kill();
        killed();
      };
      trap.caught = {};
      trap.armed = true;
      await Promise.race([trap.killed, sleep(20_000).then(() => Promise.reject(new Error(`the trap never sprang: caught only ${JSON.stringify(trap.caught)}`)))]);

      // Assert: while it is down, everything answers 503 + Retry-After, /healthz too.
      const probes = await probeWhileDown(round);
      await sleep(Math.max(0, OUTAGE_MS - (now() - killedAt)));
      expect(unavailable.length - unavailableStart, '503s answered to the writers during the outage').toBeGreaterThan(0);
      expect(unexpected).toEqual([]);

      // Act: restart on the same files and port, so the clients' endpoint stays the same.
      const restartAt = now();
      const endpoint = dynamo.endpoint;
      dynamo = await startDynamoDbLocal({ dbPath, tmpDir, port: dynamo.port });
      const upAt = now();
      expect(dynamo.endpoint).toBe(endpoint);

      // Assert: everything acknowledged before the kill survived it, at least at the version its
      // official was told (writers that went on since may have corrected it further).
      const lost: string[] = [];
      await Promise.all(
        ackedBeforeKill.map(async ({ id, version }) => {
          const { status, body } = await readBack(id);
          if (status !== 200 || (body as Written).version < version) lost.push(`${id} v${version}: ${status} ${JSON.stringify(body).slice(0, 200)}`);
        }),
      );
      expect(lost, 'acknowledged before the kill, missing after the restart').toEqual([]);

      // Every writer is answered again; then the load stops and each finishes its current write.
      const answeredSinceRestart = () => new Set(journal.filter((e) => (e.ackedAt ?? 0) > upAt).map((e) => e.writer)).size;
      await waitFor(() => now() - upAt >= LOAD_AFTER_RESTART_MS && answeredSinceRestart() === WRITERS, 'every writer answered after the restart');
      stopping = true;
      await Promise.all(writers);
      expect(unexpected).toEqual([]);
      // The apps logged a 5xx only as store.unavailable: nothing else failed.
      expect(errorLog.length).toBeGreaterThan(0);
      expect(errorLog.filter((line) => !line.includes('"code":"store.unavailable"'))).toEqual([]);

      // The writes whose answers died with the emulator: each was told 503 first, and was then
      // found done — not made twice. The held correction's retry got 412 and read its own change
      // back; the held creation's retry got the stored answer. The victim's retry got either.
      const entries = journal.slice(journalStart);
      const caught = (role: Role) =>
        entries.find((e) => e.statuses.includes(503) && (role === 'correction' ? e.path.includes(`/${trap.caught.correction}/`) : e.headers['Idempotency-Key'] === trap.caught[role]));
      for (const role of ['correction', 'creation', 'victim'] as const) expect(caught(role)?.statuses.at(0), `the ${role} caught in the crash, first answer`).toBe(503);
      expect(caught('correction')?.resolvedByRead, 'the held correction found done after the restart').toBe(true);
      expect(caught('creation')?.replayed, 'the held creation answered from its idempotency record').toBe(true);
      expect(caught('victim')?.statuses.at(-1)).toBe(201);

      const f = {
        round,
        writes: entries.length,
        publish: entries.filter((e) => e.kind === 'publish').length,
        listing: entries.filter((e) => e.kind === 'listing').length,
        correction: entries.filter((e) => e.kind === 'correction').length,
        ackedBeforeKill: ackedBeforeKill.length,
        inFlightAtKill,
        answered503: unavailable.length - unavailableStart,
        retriedWrites: entries.filter((e) => e.attempts > 1).length,
        maxAttempts: Math.max(...entries.map((e) => e.attempts)),
        replayedAfter503: entries.filter((e) => e.replayed && e.statuses.includes(503)).length,
        correctionsFoundDone: entries.filter((e) => e.resolvedByRead).length,
        victim: caught('victim')?.replayed ? 'kept by the emulator (replayed)' : 'lost by the emulator (made by the retry)',
        outageMs: Math.round(upAt - killedAt),
        restartMs: Math.round(upAt - restartAt),
        last503AfterKillMs: Math.round((unavailable.at(-1) ?? killedAt) - killedAt),
        firstAckAfterRestartMs: Math.round(Math.min(...entries.map((e) => e.ackedAt ?? Infinity).filter((t) => t > upAt)) - upAt),
        probes,
      };
      console.log(`[faults] ${JSON.stringify(f)}`);
    }, 90_000);
  }

  it('leaves every write complete or absent: nothing acknowledged lost, nothing twice, the ledger gapless and accounting for every item', async () => {
    // Arrange: every writer was answered; read everything back.
    expect(journal.every(acked), 'every write answered in the end').toBe(true);
    const events = await allEvents();
    const head = await readHead(observer);
    const items = await scanAll();
    const byTag = (tag: string) => items.filter((i) => tagOf(i) === tag);
    const records = byTag('record').map((i) => fromItem<CreditRecord>(i));
    const listings = byTag('listing').map((i) => fromItem<Listing>(i));
    const enterprises = new Map(byTag('enterprise').map((i) => fromItem<Enterprise>(i)).map((e) => [e.uscc, e]));
    const idempotency = byTag('idempotency').map((i) => ({ pk: i.PK?.S as string, response: JSON.parse(fromItem<{ response: string }>(i).response) as { body: { id: string } } }));
    const audit = byTag('audit').map((i) => fromItem<{ seq: number | null; target: { id: string } }>(i));
    const creations = journal.filter((e) => e.kind !== 'correction');

    // Assert — the ledger: 1..head without a gap, the hash chain verifies, the head names the last event.
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: head.seq }, (_, i) => i + 1));
    expect(verifyChain(events)).toEqual({ ok: true, seq: head.seq, hash: head.hash });

    // Every acknowledged write is there exactly as its official was last told.
    for (const [id, { kind, state }] of latest) {
      const res = await send(apps[0] as App, 'GET', `/v1/admin/${kind === 'record' ? 'records' : 'listings'}/${id}`);
      expect(res.status, `GET ${kind} ${id}`).toBe(200);
      expect(await res.json()).toEqual(state);
    }

    // Nothing twice: one record per decision number, one idempotency record per key, answering
    // for the entity its official was given; nothing besides the fixtures and the journal.
    expect(records).toHaveLength(4 + journal.filter((e) => e.kind === 'publish').length);
    expect(listings).toHaveLength(2 + journal.filter((e) => e.kind === 'listing').length);
    expect(new Set(records.map((r) => r.decisionNumber)).size).toBe(records.length);
    expect(idempotency).toHaveLength(creations.length);
    for (const e of creations) {
      const stored = idempotency.filter((i) => i.pk.endsWith(`#${e.headers['Idempotency-Key']}`));
      expect(stored, `idempotency record of ${e.headers['Idempotency-Key']}`).toHaveLength(1);
      expect(stored[0]?.response.body.id).toBe(e.result?.id);
    }
    // Writes sent only while the store was down never happened.
    for (const { key, decisionNumber } of neverWritten) {
      expect(idempotency.filter((i) => i.pk.endsWith(`#${key}`)), key).toEqual([]);
      if (decisionNumber) expect(records.filter((r) => r.decisionNumber === decisionNumber)).toEqual([]);
    }

    // All or nothing: each record and list entry was made by exactly one event, the last change the
    // ledger shows for each entity is what the table holds, and every entity the ledger names is there.
    const changes = events.flatMap((e) => e.changes);
    const lastChange = new Map<string, Change>();
    for (const c of changes) lastChange.set(`${c.entity}:${c.id}`, c);
    for (const r of records) {
      expect(changes.filter((c) => c.entity === 'record' && c.id === r.id && c.action === 'published'), `events publishing ${r.id}`).toHaveLength(1);
      expect(lastChange.get(`record:${r.id}`)?.data).toEqual(isPublicRecord(r) ? toPublicRecord(r) : null);
    }
    for (const l of listings) {
      expect(changes.filter((c) => c.entity === 'listing' && c.id === l.id && c.action === 'added'), `events adding ${l.id}`).toHaveLength(1);
      expect(lastChange.get(`listing:${l.id}`)?.data).toEqual(isPublicListing(l) ? toPublicListing(l) : null);
    }
    for (const [key, change] of lastChange) {
      if (change.entity === 'record') expect(records.some((r) => r.id === change.id), `${key} in the table`).toBe(true);
      if (change.entity === 'listing') expect(listings.some((l) => l.id === change.id), `${key} in the table`).toBe(true);
      if (change.entity === 'enterprise') expect(change.data, key).toEqual(toPublicEnterprise(enterprises.get(change.id) as Enterprise));
    }
    // The audit entries went in the same transactions: exactly one for every event made through the API.
    expect(audit.map((a) => a.seq).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(events.filter((e) => e.seq > seedHead).map((e) => e.seq));
    for (const a of audit) expect(events[(a.seq ?? 0) - 1]?.changes.some((c) => c.id === a.target.id), `audit entry of seq ${a.seq}`).toBe(true);

    console.log(
      `[faults] total ${JSON.stringify({
        rounds: ROUNDS,
        writes: journal.length,
        answered2xx: journal.filter((e) => !e.resolvedByRead).length,
        foundDoneByRead: journal.filter((e) => e.resolvedByRead).length,
        retried: journal.filter((e) => e.attempts > 1).length,
        replayed: journal.filter((e) => e.replayed).length,
        events: head.seq,
      })}`,
    );
  }, 60_000);
});

describe('a DynamoDB that stops answering (frozen, not dead)', () => {
  it('is answered 503 with Retry-After before the Lambda times out, by clients configured as in the cloud; nothing is written', async () => {
    // Arrange: the cloud's clients carry request timeouts (DynamoDB Local's do not, see db.ts),
    // short enough that every attempt fits in the shortest timeout of a function behind the API.
    expect(clientConfig({ tableName }).requestHandler).toEqual(CLOUD_TIMEOUTS);
    const lambdaMs = Math.min(...FUNCTIONS.filter((f) => f.http).map((f) => f.timeoutSeconds * 1000));
    expect((clientConfig({ tableName }).maxAttempts as number) * CLOUD_TIMEOUTS.requestTimeout + 1000).toBeLessThan(lambdaMs);
    // An app on a client with the cloud's timeouts, its connection open; then the emulator frozen.
    const cloudLike = createDb({ tableName, endpoint: dynamo.endpoint }, { requestHandler: CLOUD_TIMEOUTS });
    const app = createLocalApp({ db: cloudLike, verify: kit.verify });
    expect((await send(app, 'GET', '/healthz')).status).toBe(200);
    const record = [...latest].find(([, v]) => v.kind === 'record')?.[1].state as Written;
    const decisionNumber = `故障演练〔2026〕frozen-${runId}号`;
    const publish = () => send(app, 'POST', '/v1/admin/records', recordBody(E.plain, { decisionNumber }), { 'Idempotency-Key': `fault-frozen-${runId}` });
    await dynamo.freeze();
    try {
      // Act
      const started = now();
      const calls: [string, () => Promise<Response>][] = [
        ['healthz', () => send(app, 'GET', '/healthz')],
        ['public record', () => send(app, 'GET', `/v1/records/${record.id}`)],
        ['publish', publish],
      ];
      const answers = await Promise.all(calls.map(async ([what, call]) => ({ what, res: await call(), ms: now() - started })));
      // Assert: each a 503 problem with Retry-After, before the Lambda would have timed out.
      expect(errorLog.filter((line) => !line.includes('"code":"store.unavailable"'))).toEqual([]);
      for (const { what, res, ms } of answers) {
        expect(res.status, `${what}: ${res.status} after ${Math.round(ms)} ms`).toBe(503);
        expect(ms, `${what} answered after`).toBeLessThan(lambdaMs);
        expect(Number(res.headers.get('Retry-After')), `${what}: Retry-After`).toBeGreaterThan(0);
        await expectProblemResponse(res, 503, 'store.unavailable');
      }
      console.log(`[faults] frozen: answered 503 after ${answers.map((a) => Math.round(a.ms)).join(', ')} ms`);
    } finally {
      dynamo.thaw();
    }
    // The publication was not made while frozen; retried with its key once the store answers, it
    // is made, once.
    const retried = await publish();
    expect(retried.status).toBe(201);
    expect(retried.headers.get('Idempotent-Replayed')).toBeNull();
    const records = (await scanAll()).filter((i) => tagOf(i) === 'record').map((i) => fromItem<CreditRecord>(i));
    expect(records.filter((r) => r.decisionNumber === decisionNumber)).toHaveLength(1);
    cloudLike.client.destroy();
  }, 30_000);
});
