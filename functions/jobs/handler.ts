/**
 * Lambda entry point of the scheduled jobs: EventBridge Scheduler invokes it with `{ "job": "<name>" }`
 * (names as in infra/cdk/jobs.ts).
 */
import { S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { signerFromPrivateKey, type CheckpointSigner } from '../../shared/ledger/checkpoint.ts';
import { signerFromEnv } from '../../shared/ledger/signing-keys.ts';
import { dbFromEnv } from '../../shared/store/db.ts';
import { runCheckpoints } from './checkpoints.ts';
import { runExpiry } from './expire.ts';
import { folderSink, runSnapshots, s3Sink } from './snapshots.ts';
import { runStats } from './stats.ts';

const db = dbFromEnv();

let signer: Promise<CheckpointSigner> | undefined;

/**
 * The checkpoint signing key: read once per container from Secrets Manager (its ARN is in the
 * environment, never the key itself), or from the environment when run locally.
 */
function checkpointSigner(): Promise<CheckpointSigner> {
  signer ??= (async () => {
    const arn = process.env.CHECKPOINT_SIGNING_KEY_SECRET_ARN;
    if (!arn) return signerFromEnv();
    const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }));
    const pem = out.SecretString ?? '';
    if (!pem.includes('BEGIN PRIVATE KEY')) {
      throw new Error('The checkpoint signing key is not installed yet: put the PKCS #8 PEM into the secret (README, Deploy to AWS).');
    }
    return signerFromPrivateKey(pem);
  })();
  return signer;
}

/** The snapshots bucket in the cloud (SNAPSHOTS_BUCKET), a folder when run elsewhere (SNAPSHOTS_DIR). */
function snapshotSink() {
  if (process.env.SNAPSHOTS_BUCKET) return s3Sink(new S3Client({}), process.env.SNAPSHOTS_BUCKET);
  if (process.env.SNAPSHOTS_DIR) return folderSink(process.env.SNAPSHOTS_DIR);
  throw new Error('Set SNAPSHOTS_BUCKET (cloud) or SNAPSHOTS_DIR (local) for the snapshot job');
}

export const JOBS = {
  expiry: () => runExpiry(db),
  checkpoints: async (event: { force?: boolean }) => runCheckpoints(db, { signer: await checkpointSigner(), force: event.force === true }),
  snapshots: () => runSnapshots(db, snapshotSink()),
  stats: () => runStats(db),
} as const;

export async function handler(event: { job?: string; force?: boolean }) {
  const job = JOBS[(event.job ?? '') as keyof typeof JOBS];
  if (!job) throw new Error(`Unknown job ${JSON.stringify(event.job)}; known: ${Object.keys(JOBS).join(', ')}`);
  return job(event);
}
