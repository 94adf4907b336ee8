/**
 * The checkpoint signing key as files in a folder (locally `DATA_DIR/checkpoint-keys`, git-ignored):
 * `current.pem` is the Ed25519 private key in PKCS #8 (mode 0600), created on first use. Rotating
 * writes a new `current.pem` and keeps the retired key's *public* JWK in `retired/<kid>.jwk.json` —
 * never the retired private key. Old checkpoints stay verifiable because every public key that
 * ever signed is also published in the table (shared/store/checkpoints.ts) and served in the JWKS.
 *
 * In the cloud the private key is a secret handed to the job as `CHECKPOINT_SIGNING_KEY` (PEM).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSigningKey, signerFromPrivateKey, type CheckpointSigner } from './checkpoint.ts';

const CURRENT = 'current.pem';

/** The current signer of the folder `dir`, creating the folder and a first key when missing. */
export function openSigningKey(dir: string): CheckpointSigner {
  const path = join(dir, CURRENT);
  if (existsSync(path)) return signerFromPrivateKey(readFileSync(path, 'utf8'));
  return writeNewKey(dir);
}

/** Replace the current key with a new one; the retired key's public JWK is kept beside it. */
export function rotateSigningKey(dir: string): { retired: string | null; current: CheckpointSigner } {
  const path = join(dir, CURRENT);
  let retired: string | null = null;
  if (existsSync(path)) {
    const old = signerFromPrivateKey(readFileSync(path, 'utf8'));
    mkdirSync(join(dir, 'retired'), { recursive: true });
    writeFileSync(join(dir, 'retired', `${old.keyId}.jwk.json`), `${JSON.stringify(old.publicJwk, null, 2)}\n`);
    retired = old.keyId;
  }
  return { retired, current: writeNewKey(dir) };
}

function writeNewKey(dir: string): CheckpointSigner {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { privatePem, signer } = generateSigningKey();
  const path = join(dir, CURRENT);
  writeFileSync(path, privatePem, { mode: 0o600 });
  chmodSync(path, 0o600);
  return signer;
}

/**
 * The signer the environment names: `CHECKPOINT_SIGNING_KEY` (PKCS #8 PEM, the cloud secret) or
 * the folder `CHECKPOINT_KEY_DIR` (local).
 */
export function signerFromEnv(env: NodeJS.ProcessEnv = process.env): CheckpointSigner {
  if (env.CHECKPOINT_SIGNING_KEY) return signerFromPrivateKey(env.CHECKPOINT_SIGNING_KEY);
  if (env.CHECKPOINT_KEY_DIR) return openSigningKey(env.CHECKPOINT_KEY_DIR);
  throw new Error('Set CHECKPOINT_SIGNING_KEY (PKCS #8 PEM) or CHECKPOINT_KEY_DIR to sign checkpoints');
}
