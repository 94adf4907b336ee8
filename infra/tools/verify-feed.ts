/**
 * verify-feed — replay a register's change feed and check that history was never rewritten.
 *
 *   npm run -s verify-feed -- <baseUrl> [--state FILE] [--page-size N] [--require-checkpoint] [--quiet]
 *
 * Written against the documented format only (README "The ledger" and "Open data"), with nothing
 * but fetch, node:crypto and an RFC 8785 implementation — no code of the register — so it checks
 * the register the way any outside mirror would:
 *
 * 1. every event: `seq` one more than the last, `prevHash` equal to the last `hash`,
 *    `hash = hex(SHA-256(prevHash + "\n" + JCS(event without hash)))`, `at` never going backwards;
 * 2. the latest signed checkpoint: its Ed25519 signature over JCS({seq, hash, issuedAt, keyId}) by
 *    the key `keyId` of the published JWKS (whose id must be that key's RFC 7638 thumbprint), and
 *    that event `seq` of the feed has exactly the signed hash.
 *
 * `--state FILE` keeps the last verified position (seq and hash, and the checkpoints met): the next
 * run resumes from it and also proves the register's new history extends the one verified before.
 * Progress goes to stderr; one verdict line to stdout. Exit status: 0 verified, 1 a break found
 * (the verdict names the seq), 2 the check could not be made (network, usage).
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import canonicalize from 'canonicalize';

const GENESIS = '0'.repeat(64);
const MAX_PAGE = 1000;

interface Event {
  seq: number;
  prevHash: string;
  at: string;
  hash: string;
  [member: string]: unknown;
}

interface Checkpoint {
  seq: number;
  hash: string;
  issuedAt: string;
  keyId: string;
  signature: string;
}

interface Jwk {
  kty?: string;
  crv?: string;
  x?: string;
  kid?: string;
}

/** Where a previous run stopped: the last verified event, and the checkpoints it matched. */
export interface VerifyState {
  baseUrl: string;
  seq: number;
  hash: string;
  at: string | null;
  checkpoints: Record<string, string>;
}

export type Verdict =
  | { status: 'ok'; from: number; seq: number; hash: string; events: number; checkpoint: Checkpoint | null; notes: string[] }
  | { status: 'broken'; seq: number; problem: string; verified: number }
  | { status: 'error'; message: string };

export interface VerifyOptions {
  state?: VerifyState;
  pageSize?: number;
  requireCheckpoint?: boolean;
  progress?: (message: string) => void;
  fetch?: typeof fetch;
}

class Unavailable extends Error {}

const jcs = (value: unknown): string => {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('no JSON form');
  return text;
};

async function getJson(fetchFn: typeof fetch, url: string, allow404 = false): Promise<unknown> {
  let res: Response;
  try {
    res = await fetchFn(url, { headers: { Accept: 'application/json' } });
  } catch (error) {
    throw new Unavailable(`${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (allow404 && res.status === 404) return null;
  if (!res.ok) throw new Unavailable(`${url}: HTTP ${res.status}`);
  try {
    return await res.json();
  } catch {
    throw new Unavailable(`${url}: the answer is not JSON`);
  }
}

function eventProblem(e: Event, last: { seq: number; hash: string; at: string | null }): string | null {
  if (typeof e !== 'object' || e === null || typeof e.seq !== 'number') return 'not an event';
  if (e.seq !== last.seq + 1) return `expected seq ${last.seq + 1} next, got ${e.seq} (a gap or a reordering)`;
  if (e.prevHash !== last.hash) return `prevHash ${String(e.prevHash).slice(0, 12)}… does not link to the hash of seq ${last.seq} (${last.hash.slice(0, 12)}…)`;
  const { hash, ...rest } = e;
  const computed = createHash('sha256').update(`${e.prevHash}\n${jcs(rest)}`, 'utf8').digest('hex');
  if (computed !== hash) return `its content does not match its hash (computed ${computed.slice(0, 12)}…, served ${String(hash).slice(0, 12)}…)`;
  if (typeof e.at !== 'string' || (last.at !== null && e.at < last.at)) return `its time ${e.at} is earlier than the previous event's ${last.at}`;
  return null;
}

function thumbprint(jwk: Jwk): string {
  return createHash('sha256').update(jcs({ crv: jwk.crv, kty: jwk.kty, x: jwk.x }), 'utf8').digest('base64url');
}

/** Null when the checkpoint's signature is valid under the published keys, else what is wrong. */
function checkpointSignatureProblem(cp: Checkpoint, keys: Jwk[]): string | null {
  const jwk = keys.find((k) => k.kid === cp.keyId);
  if (!jwk) return `its key ${cp.keyId} is not in the published JWKS`;
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') return `key ${cp.keyId} is not an Ed25519 key`;
  if (thumbprint(jwk) !== cp.keyId) return `key ${cp.keyId} is published under an id that is not its thumbprint`;
  const signed = Buffer.from(jcs({ seq: cp.seq, hash: cp.hash, issuedAt: cp.issuedAt, keyId: cp.keyId }), 'utf8');
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
  return verify(null, signed, key, Buffer.from(cp.signature, 'base64url')) ? null : 'its Ed25519 signature is not valid';
}

/**
 * Replay the feed of the register at `baseUrl` from genesis (or from `state`) and check it, and
 * its latest signed checkpoint. Never throws for what the register answers; resolves a verdict.
 */
export async function verifyFeed(baseUrl: string, options: VerifyOptions = {}): Promise<{ verdict: Verdict; state: VerifyState }> {
  const base = baseUrl.replace(/\/+$/, '');
  const fetchFn = options.fetch ?? fetch;
  const progress = options.progress ?? (() => {});
  const pageSize = Math.min(Math.max(1, options.pageSize ?? MAX_PAGE), MAX_PAGE);
  const start = options.state ?? { baseUrl: base, seq: 0, hash: GENESIS, at: null, checkpoints: {} };
  const state: VerifyState = { ...start, checkpoints: { ...start.checkpoints } };
  const notes: string[] = [];
  let verified = 0;
  const broken = (seq: number, problem: string) => ({ verdict: { status: 'broken' as const, seq, problem, verified }, state });

  try {
    // The checkpoint first: anything the feed serves afterwards must agree with what was signed.
    const cp = (await getJson(fetchFn, `${base}/v1/checkpoints/latest`, true)) as Checkpoint | null;
    if (cp) {
      const jwks = (await getJson(fetchFn, `${base}/v1/checkpoints/keys`)) as { keys?: Jwk[] };
      const problem = checkpointSignatureProblem(cp, jwks.keys ?? []);
      if (problem) return broken(cp.seq, `the signed checkpoint at seq ${cp.seq} is invalid: ${problem}`);
      progress(`checkpoint seq ${cp.seq} issued ${cp.issuedAt} by key ${cp.keyId}: signature valid`);
    } else if (options.requireCheckpoint) {
      return { verdict: { status: 'error', message: 'the register publishes no signed checkpoint (--require-checkpoint)' }, state };
    } else {
      notes.push('no signed checkpoint is published yet');
    }

    // A checkpoint behind the saved position: the event it signed was verified in an earlier run.
    if (cp && cp.seq <= state.seq) {
      const known = state.checkpoints[String(cp.seq)];
      if (known !== undefined && known !== cp.hash) return broken(cp.seq, `the signed checkpoint says ${cp.hash.slice(0, 12)}…, an earlier run verified ${known.slice(0, 12)}…`);
      if (known === undefined) {
        const page = (await getJson(fetchFn, `${base}/v1/changes?after=${cp.seq - 1}&limit=1`)) as { events?: Event[] };
        const event = page.events?.[0];
        if (!event || event.seq !== cp.seq) return broken(cp.seq, 'the feed does not serve the event the checkpoint signed');
        const { hash, ...rest } = event;
        if (createHash('sha256').update(`${event.prevHash}\n${jcs(rest)}`, 'utf8').digest('hex') !== hash) return broken(cp.seq, 'its content does not match its hash');
        if (hash !== cp.hash) return broken(cp.seq, `the feed serves hash ${hash.slice(0, 12)}…, the signed checkpoint says ${cp.hash.slice(0, 12)}…`);
        notes.push(`checkpoint seq ${cp.seq} is before the saved position: checked against that one event`);
      }
    }

    progress(state.seq === 0 ? 'replaying the feed from genesis' : `resuming after seq ${state.seq}`);
    let lastReport = 0;
    for (;;) {
      const page = (await getJson(fetchFn, `${base}/v1/changes?after=${state.seq}&limit=${pageSize}`)) as { events?: Event[] };
      const events = Array.isArray(page.events) ? page.events : [];
      for (const event of events) {
        const problem = eventProblem(event, state);
        if (problem) return broken(state.seq + 1, problem);
        if (cp && event.seq === cp.seq) {
          if (event.hash !== cp.hash) return broken(cp.seq, `the feed serves hash ${event.hash.slice(0, 12)}…, the signed checkpoint says ${cp.hash.slice(0, 12)}…`);
          state.checkpoints[String(cp.seq)] = cp.hash;
        }
        state.seq = event.seq;
        state.hash = event.hash;
        state.at = event.at;
        verified++;
      }
      if (Date.now() - lastReport > 1000 || events.length < pageSize) {
        lastReport = Date.now();
        progress(`verified through seq ${state.seq}${cp ? ` (checkpoint at ${cp.seq})` : ''}, ${verified} events this run`);
      }
      if (events.length < pageSize) break;
    }
    if (cp && state.seq < cp.seq) return broken(state.seq + 1, `the feed ends at seq ${state.seq}, before the signed checkpoint at seq ${cp.seq}: events are withheld`);
    return { verdict: { status: 'ok', from: start.seq, seq: state.seq, hash: state.hash, events: verified, checkpoint: cp, notes }, state };
  } catch (error) {
    if (error instanceof Unavailable) return { verdict: { status: 'error', message: `could not verify: ${error.message}` }, state };
    throw error;
  }
}

/** The one-line verdict. */
export function verdictLine(v: Verdict): string {
  switch (v.status) {
    case 'ok': {
      const range = v.events === 0 ? `no new events after seq ${v.from}` : `${v.events} events verified (seq ${v.from + 1}–${v.seq})`;
      const cp = v.checkpoint ? `; checkpoint seq ${v.checkpoint.seq} signed by ${v.checkpoint.keyId} at ${v.checkpoint.issuedAt}: valid` : '';
      return `OK: ${range}, chain intact, head ${v.hash.slice(0, 16)}…${cp}${v.notes.length ? ` (${v.notes.join('; ')})` : ''}`;
    }
    case 'broken':
      return `BROKEN at seq ${v.seq}: ${v.problem}`;
    case 'error':
      return `ERROR: ${v.message}`;
  }
}

function readState(path: string, baseUrl: string): VerifyState | undefined {
  if (!existsSync(path)) return undefined;
  const state = JSON.parse(readFileSync(path, 'utf8')) as VerifyState;
  if (state.baseUrl !== baseUrl.replace(/\/+$/, '')) throw new Error(`${path} holds the position of ${state.baseUrl}, not ${baseUrl}`);
  return state;
}

function writeState(path: string, state: VerifyState): void {
  // Write then rename: an interrupted run never leaves a half-written position behind.
  writeFileSync(`${path}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

const USAGE = 'usage: verify-feed <baseUrl> [--state FILE] [--page-size N] [--require-checkpoint] [--quiet]';

export async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  const flag = (name: string) => {
    const i = args.indexOf(name);
    if (i < 0) return false;
    args.splice(i, 1);
    return true;
  };
  const option = (name: string) => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const value = args[i + 1];
    args.splice(i, 2);
    return value;
  };
  const quiet = flag('--quiet');
  const requireCheckpoint = flag('--require-checkpoint');
  const statePath = option('--state');
  const pageSize = option('--page-size');
  const [baseUrl, ...extra] = args;
  if (!baseUrl || extra.length > 0 || !/^https?:\/\//.test(baseUrl) || (pageSize !== undefined && !/^\d+$/.test(pageSize))) {
    console.error(USAGE);
    return 2;
  }
  let state: VerifyState | undefined;
  try {
    state = statePath ? readState(statePath, baseUrl) : undefined;
  } catch (error) {
    console.log(`ERROR: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const { verdict, state: reached } = await verifyFeed(baseUrl, {
    ...(state ? { state } : {}),
    ...(pageSize ? { pageSize: Number(pageSize) } : {}),
    requireCheckpoint,
    progress: (message) => {
      if (!quiet) console.error(message);
    },
  });
  // Only a fully verified run moves the saved position.
  if (statePath && verdict.status === 'ok') writeState(statePath, reached);
  console.log(verdictLine(verdict));
  return verdict.status === 'ok' ? 0 : verdict.status === 'broken' ? 1 : 2;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.log(`ERROR: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(2);
    },
  );
}
