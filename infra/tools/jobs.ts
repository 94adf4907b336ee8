/**
 * Run a job now against the local stack:  npm run -s jobs -- expire
 */
import { runCheckpoints } from '../../functions/jobs/checkpoints.ts';
import { runExpiry } from '../../functions/jobs/expire.ts';
import { runStats } from '../../functions/jobs/stats.ts';
import { openSigningKey } from '../../shared/ledger/signing-keys.ts';
import { checkpointKeyDir } from '../local/checkpoints.ts';
import { dataDir, runtimeDb } from '../local/runtime.ts';
import { join } from 'node:path';
import { folderSink, runSnapshots } from '../../functions/jobs/snapshots.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const jobs: Record<string, () => Promise<unknown>> = {
  expire: () => runExpiry(runtimeDb()),
  stats: () => runStats(runtimeDb()),
  snapshots: () => runSnapshots(runtimeDb(), folderSink(join(dataDir(), 'snapshots'))),
  checkpoint: () => runCheckpoints(runtimeDb(), { signer: openSigningKey(checkpointKeyDir()), force: true }),
};

const name = process.argv[2] ?? '';
const job = jobs[name];
if (!job) {
  console.error(`usage: npm run -s jobs -- <${Object.keys(jobs).join('|')}>`);
  process.exit(2);
}
job().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
