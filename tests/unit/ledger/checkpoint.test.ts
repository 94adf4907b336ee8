/**
 * The signed-checkpoint format: RFC 7638 key ids, Ed25519 (RFC 8032) over RFC 8785 canonical JSON,
 * checked against published test vectors and an independent implementation (jose).
 */
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJwkThumbprint } from 'jose';
import { describe, expect, it } from 'vitest';
import { checkpointSigningInput, generateSigningKey, jwkThumbprint, signCheckpoint, signerFromPrivateKey, verifyCheckpoint } from '../../../shared/ledger/checkpoint.ts';
import { openSigningKey, rotateSigningKey, signerFromEnv } from '../../../shared/ledger/signing-keys.ts';

// RFC 8037 Appendix A.1 / A.3: an Ed25519 key and its JWK thumbprint.
const RFC8037 = {
  d: 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A',
  x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
  thumbprint: 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k',
};
const rfcKey = () => createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: RFC8037.d, x: RFC8037.x }, format: 'jwk' });

describe('key ids', () => {
  it('are RFC 7638 thumbprints (RFC 8037 A.3 vector, and as jose computes them)', async () => {
    expect(jwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: RFC8037.x })).toBe(RFC8037.thumbprint);
    const signer = signerFromPrivateKey(rfcKey());
    expect(signer.keyId).toBe(RFC8037.thumbprint);
    expect(signer.publicJwk).toEqual({ kty: 'OKP', crv: 'Ed25519', x: RFC8037.x, kid: RFC8037.thumbprint, alg: 'EdDSA', use: 'sig' });
    const fresh = generateSigningKey().signer;
    expect(fresh.keyId).toBe(await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: fresh.publicJwk.x }, 'sha256'));
  });
});

describe('signing and verifying', () => {
  it('is plain Ed25519 (RFC 8037 A.4 vector)', () => {
    const signed = signerFromPrivateKey(rfcKey()).sign(Buffer.from('eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc', 'ascii'));
    expect(Buffer.from(signed).toString('base64url')).toBe('hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg');
  });

  const head = { seq: 42, hash: 'ab'.repeat(32) };
  const at = new Date('2026-11-27T08:00:00.000Z');

  it('signs the canonical JSON of {seq, hash, issuedAt, keyId}, with keys in code-point order', () => {
    const signer = signerFromPrivateKey(rfcKey());
    const cp = signCheckpoint(head, at, signer);
    expect(checkpointSigningInput(cp).toString('utf8')).toBe(`{"hash":"${head.hash}","issuedAt":"2026-11-27T08:00:00.000Z","keyId":"${RFC8037.thumbprint}","seq":42}`);
    // Ed25519 is deterministic: the same key and message always give the same signature.
    expect(signCheckpoint(head, at, signer).signature).toBe(cp.signature);
    expect(cp.signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(verifyCheckpoint(cp, [signer.publicJwk])).toBe(true);
  });

  it('refuses any altered member, an unknown key, and a key published under another id', () => {
    const signer = generateSigningKey().signer;
    const other = generateSigningKey().signer;
    const cp = signCheckpoint(head, at, signer);
    for (const altered of [{ ...cp, seq: 43 }, { ...cp, hash: 'cd'.repeat(32) }, { ...cp, issuedAt: '2026-11-27T08:00:00.001Z' }, { ...cp, signature: signCheckpoint(head, at, other).signature }]) {
      expect(verifyCheckpoint(altered, [signer.publicJwk, other.publicJwk])).toBe(false);
    }
    expect(verifyCheckpoint(cp, [other.publicJwk])).toBe(false);
    expect(verifyCheckpoint(cp, [{ ...other.publicJwk, kid: signer.keyId }])).toBe(false);
  });
});

describe('key files', () => {
  it('creates a private key readable only by its owner, reuses it, and rotates keeping only the old public key', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'keys-')), 'checkpoint-keys');
    const first = openSigningKey(dir);
    expect(statSync(join(dir, 'current.pem')).mode & 0o777).toBe(0o600);
    expect(openSigningKey(dir).keyId).toBe(first.keyId);
    const { retired, current } = rotateSigningKey(dir);
    expect(retired).toBe(first.keyId);
    expect(current.keyId).not.toBe(first.keyId);
    expect(openSigningKey(dir).keyId).toBe(current.keyId);
    const kept = JSON.parse(readFileSync(join(dir, 'retired', `${first.keyId}.jwk.json`), 'utf8'));
    expect(kept).toEqual(first.publicJwk);
    expect(kept.d).toBeUndefined();
  });

  it('takes the key from the environment, PEM first', () => {
    const { privatePem, signer } = generateSigningKey();
    expect(signerFromEnv({ CHECKPOINT_SIGNING_KEY: privatePem }).keyId).toBe(signer.keyId);
    expect(() => signerFromEnv({})).toThrow(/CHECKPOINT_SIGNING_KEY/);
  });
});
