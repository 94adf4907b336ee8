/**
 * The checkpoint job (DESIGN.md §3): sign the ledger head `{seq, hash, issuedAt}` with the current
 * Ed25519 key and store it, so that anyone can later prove which history the register stood behind
 * (format: shared/ledger/checkpoint.ts; served at /v1/checkpoints/…).
 *
 * Scheduled runs sign when the head has moved since the last checkpoint, or when the last one is
 * older than `maxAgeMs` (a heartbeat: a fresh signature over an unchanged head shows the register
 * is alive and was not rolled back). `force` signs regardless — the on-demand run.
 *
 * Wiring: the jobs handler calls `runCheckpoints(db)` for `{ "job": "checkpoints" }` (with `force`
 * for an on-demand run); locally `npm start` runs it at startup and on a timer
 * (infra/local/checkpoints.ts).
 */
import { signCheckpoint, type Checkpoint, type CheckpointSigner } from '../../shared/ledger/checkpoint.ts';
import { signerFromEnv } from '../../shared/ledger/signing-keys.ts';
import { latestCheckpoint, publishSigningKey, putCheckpoint } from '../../shared/store/checkpoints.ts';
import type { Db } from '../../shared/store/db.ts';
import { readHead } from '../../shared/store/reads.ts';
import { log } from '../../shared/log.ts';

export interface CheckpointDeps {
  db: Db;
  signer: CheckpointSigner;
  now?: () => Date;
}

export interface CheckpointOptions {
  /** Sign even if the head has not moved and the last checkpoint is fresh. */
  force?: boolean;
  /** Re-sign an unchanged head once the latest checkpoint is this old (default one day). */
  maxAgeMs?: number;
}

export const DEFAULT_CHECKPOINT_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export interface CheckpointResult {
  /** True when this run stored a new checkpoint. */
  issued: boolean;
  /** The checkpoint now latest; null while the ledger is empty. */
  checkpoint: Checkpoint | null;
}

/**
 * Sign the current ledger head unless the latest checkpoint already covers it and is fresh.
 *
 * @example await issueCheckpoint({ db, signer }, { force: true }) // { issued: true, checkpoint: { seq: 42, … } }
 */
export async function issueCheckpoint(deps: CheckpointDeps, options: CheckpointOptions = {}): Promise<CheckpointResult> {
  const now = (deps.now ?? (() => new Date()))();
  const [head, latest] = await Promise.all([readHead(deps.db), latestCheckpoint(deps.db)]);
  // Nothing to stand behind before the first event.
  if (head.seq === 0) return { issued: false, checkpoint: null };
  const age = latest ? now.getTime() - Date.parse(latest.issuedAt) : Number.POSITIVE_INFINITY;
  if (!options.force && latest?.seq === head.seq && age < (options.maxAgeMs ?? DEFAULT_CHECKPOINT_MAX_AGE_MS)) {
    return { issued: false, checkpoint: latest };
  }
  // The key is public before anything it signed is: a checkpoint can always be verified.
  await publishSigningKey(deps.db, deps.signer.publicJwk, now);
  const checkpoint = signCheckpoint(head, now, deps.signer);
  await putCheckpoint(deps.db, checkpoint);
  return { issued: true, checkpoint };
}

/**
 * The job as the scheduler runs it, in the shape of the other jobs (`runExpiry(db)`): the signing
 * key comes from the environment (CHECKPOINT_SIGNING_KEY, or CHECKPOINT_KEY_DIR locally).
 *
 * @example JOBS.checkpoints = (event) => runCheckpoints(db, { force: event.force === true })
 */
export async function runCheckpoints(db: Db, options: CheckpointOptions & { signer?: CheckpointSigner; now?: () => Date } = {}) {
  const { signer = signerFromEnv(), now, ...rest } = options;
  const result = await issueCheckpoint({ db, signer, ...(now ? { now } : {}) }, rest);
  const summary = { job: 'checkpoints', issued: result.issued, seq: result.checkpoint?.seq ?? null, keyId: result.checkpoint?.keyId ?? null };
  log('info', 'job finished', summary);
  return summary;
}
