/**
 * Signed checkpoints of the ledger head (DESIGN.md §3) — public and fixed, like the event format:
 *
 *   { seq, hash, issuedAt, keyId, signature }
 *   signature = base64url( Ed25519( UTF-8( JCS({ seq, hash, issuedAt, keyId }) ) ) )
 *
 * where JCS is RFC 8785 canonical JSON, `hash` is the hash of event `seq`, `issuedAt` an ISO 8601
 * instant (UTC), and `keyId` the RFC 7638 JWK thumbprint of the signing key's public JWK, published
 * in the JWKS at `GET /v1/checkpoints/keys`. A mirror that holds event `seq` with that hash, and a
 * valid signature from a published key, knows the register stood behind that history at that time;
 * if the register ever served a different event `seq`, the signed checkpoint proves it.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from './event.ts';

export interface Checkpoint {
  seq: number;
  hash: string;
  issuedAt: string;
  keyId: string;
  signature: string;
}

export type UnsignedCheckpoint = Omit<Checkpoint, 'signature'>;

/** A public Ed25519 key as a JWK (RFC 8037), with its id and intended use. */
export interface PublicSigningJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

export interface CheckpointSigner {
  keyId: string;
  publicJwk: PublicSigningJwk;
  sign: (data: Uint8Array) => Uint8Array;
}

/** The bytes a checkpoint's signature covers: the canonical JSON of everything but the signature. */
export function checkpointSigningInput(c: UnsignedCheckpoint): Buffer {
  return Buffer.from(canonicalJson({ seq: c.seq, hash: c.hash, issuedAt: c.issuedAt, keyId: c.keyId }), 'utf8');
}

/** RFC 7638 thumbprint of an OKP key: SHA-256 over the canonical `{crv, kty, x}`, base64url. */
export function jwkThumbprint(jwk: { crv: string; kty: string; x: string }): string {
  return createHash('sha256').update(canonicalJson({ crv: jwk.crv, kty: jwk.kty, x: jwk.x }), 'utf8').digest('base64url');
}

/** The public JWK of an Ed25519 key (private or public), with its thumbprint as `kid`. */
export function publicJwkOf(key: KeyObject): PublicSigningJwk {
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new TypeError('not an Ed25519 key');
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid: jwkThumbprint({ crv: jwk.crv, kty: jwk.kty, x: jwk.x }), alg: 'EdDSA', use: 'sig' };
}

/** A signer from an Ed25519 private key (a KeyObject, or PKCS #8 PEM text). */
export function signerFromPrivateKey(key: KeyObject | string): CheckpointSigner {
  const privateKey = typeof key === 'string' ? createPrivateKey(key) : key;
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new TypeError('checkpoint keys are Ed25519');
  const publicJwk = publicJwkOf(privateKey);
  return { keyId: publicJwk.kid, publicJwk, sign: (data) => sign(null, data, privateKey) };
}

/** A new Ed25519 key: its PKCS #8 PEM (keep it secret) and its signer. */
export function generateSigningKey(): { privatePem: string; signer: CheckpointSigner } {
  const { privateKey } = generateKeyPairSync('ed25519');
  return { privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), signer: signerFromPrivateKey(privateKey) };
}

/** Sign the ledger head `{seq, hash}` at `issuedAt`. */
export function signCheckpoint(head: { seq: number; hash: string }, issuedAt: Date, signer: CheckpointSigner): Checkpoint {
  const unsigned: UnsignedCheckpoint = { seq: head.seq, hash: head.hash, issuedAt: issuedAt.toISOString(), keyId: signer.keyId };
  return { ...unsigned, signature: Buffer.from(signer.sign(checkpointSigningInput(unsigned))).toString('base64url') };
}

/** True when `checkpoint` carries a valid signature by the key of its `keyId` among `keys`. */
export function verifyCheckpoint(checkpoint: Checkpoint, keys: readonly { kid?: string; kty: string; crv?: string; x?: string }[]): boolean {
  const jwk = keys.find((k) => k.kid === checkpoint.keyId);
  if (!jwk || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') return false;
  // The kid must be the key's own thumbprint, or a key could be published under another's id.
  if (jwkThumbprint({ crv: jwk.crv, kty: jwk.kty, x: jwk.x }) !== checkpoint.keyId) return false;
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
  return verify(null, checkpointSigningInput(checkpoint), publicKey, Buffer.from(checkpoint.signature, 'base64url'));
}
