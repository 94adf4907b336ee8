/**
 * Signed checkpoints for `npm start`: the signing key lives in DATA_DIR/checkpoint-keys (created
 * on first run, git-ignored with the rest of DATA_DIR); a checkpoint is signed at startup and then
 * on a timer whenever the ledger head has moved (or daily as a heartbeat). In the cloud,
 * EventBridge Scheduler runs the same job (functions/jobs/checkpoints.ts).
 *
 * Rotate the key:  npx tsx infra/local/checkpoints.ts rotate   (old checkpoints keep verifying:
 * every key that signed stays in the published JWKS).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCheckpoints } from '../../functions/jobs/checkpoints.ts';
import { openSigningKey, rotateSigningKey } from '../../shared/ledger/signing-keys.ts';
import type { Db } from '../../shared/store/db.ts';
import { dataDir } from './runtime.ts';

export const checkpointKeyDir = () => join(dataDir(), 'checkpoint-keys');

/** Sign now, then every `intervalMs` (CHECKPOINT_INTERVAL_MS, default 10 minutes). */
export async function startCheckpoints(db: Db, intervalMs = Number(process.env.CHECKPOINT_INTERVAL_MS ?? 10 * 60 * 1000)): Promise<void> {
  // The key file is read on every run, so a rotation takes effect without a restart.
  const run = () =>
    runCheckpoints(db, { signer: openSigningKey(checkpointKeyDir()) }).catch((error: unknown) => console.error('checkpoint job failed:', error));
  await run();
  setInterval(run, intervalMs).unref();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv[2] !== 'rotate') {
    console.error('usage: npx tsx infra/local/checkpoints.ts rotate');
    process.exit(2);
  }
  const { retired, current } = rotateSigningKey(checkpointKeyDir());
  console.log(`New checkpoint signing key ${current.keyId}${retired ? `; retired ${retired} (its public key stays published)` : ''}.`);
}
