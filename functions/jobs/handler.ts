/**
 * Lambda entry point of the scheduled jobs: EventBridge Scheduler invokes it with `{ "job": "<name>" }`
 * (names as in infra/cdk/jobs.ts).
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { signerFromPrivateKey, type CheckpointSigner } from '../../shared/ledger/checkpoint.ts';
import { signerFromEnv } from '../../shared/ledger/signing-keys.ts';
import { dbFromEnv } from '../../shared/store/db.ts';
import { runCheckpoints } from './checkpoints.ts';
import { runExpiry } from './expire.ts';

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

export const JOBS = {
  expiry: () => runExpiry(db),
  checkpoints: async (event: { force?: boolean }) => runCheckpoints(db, { signer: await checkpointSigner(), force: event.force === true }),
} as const;

export async function handler(event: { job?: string; force?: boolean }) {
  const job = JOBS[(event.job ?? '') as keyof typeof JOBS];
  if (!job) throw new Error(`Unknown job ${JSON.stringify(event.job)}; known: ${Object.keys(JOBS).join(', ')}`);
  return job(event);
}
