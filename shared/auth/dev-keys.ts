/**
 * The local development issuer: an Ed25519 key pair kept in DATA_DIR, created on first use. Its
 * tokens are verified by the same verifier as Cognito's in the cloud (only the key source and the
 * algorithm differ). Never used in the cloud.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type JSONWebKeySet, type JWK, type JWTPayload } from 'jose';
import { createVerifier, type Verifier } from './verifier.ts';

export const DEV_ISSUER = 'urn:hz-quality-credit:dev-issuer';
export const DEV_AUDIENCE = 'hz-quality-credit';

export interface DevKeys {
  privateJwk: JWK;
  publicJwks: JSONWebKeySet;
}

export async function createDevKeys(): Promise<DevKeys> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'EdDSA' };
  return { privateJwk, publicJwks: { keys: [{ ...publicJwk, kid, alg: 'EdDSA', use: 'sig' }] } };
}

/** The key pair in `file`, created (mode 600) when missing. */
export async function loadOrCreateDevKeys(file: string): Promise<DevKeys> {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DevKeys;
  const keys = await createDevKeys();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return keys;
}

export function devVerifier(keys: DevKeys): Verifier {
  return createVerifier({ issuer: DEV_ISSUER, audience: DEV_AUDIENCE, algorithms: ['EdDSA'], keys: keys.publicJwks });
}

/** Sign a development token with the given claims, valid for `ttlSeconds`. */
export async function signDevToken(keys: DevKeys, claims: JWTPayload & { sub: string }, ttlSeconds = 8 * 3600): Promise<string> {
  const key = await importJWK(keys.privateJwk, 'EdDSA');
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', kid: keys.privateJwk.kid as string, typ: 'JWT' })
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key);
}
