/**
 * Token verification refuses every classic JWT attack and maps claims to exactly one principal.
 */
import { createHmac } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDevKeys, DEV_AUDIENCE, DEV_ISSUER, devVerifier, signDevToken, type DevKeys } from '../../../shared/auth/dev-keys.ts';
import { hasRole } from '../../../shared/auth/principal.ts';
import { principalFromClaims } from '../../../shared/auth/verifier.ts';

let keys: DevKeys;
let verify: ReturnType<typeof devVerifier>;
beforeAll(async () => {
  keys = await createDevKeys();
  verify = devVerifier(keys);
});

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const future = () => Math.floor(Date.now() / 1000) + 600;

async function refused(token: string) {
  await expect(verify(token)).rejects.toMatchObject({ code: 'auth.invalid-token', status: 401 });
}

describe('a valid token', () => {
  it('maps an official’s roles and department', async () => {
    const p = await verify(await signDevToken(keys, { sub: 'u1', roles: ['publisher'], dept: '330106' }));
    expect(p).toEqual({ kind: 'official', subject: 'u1', roles: ['publisher'], department: '330106' });
    expect(hasRole(p, 'publisher')).toBe(true);
    expect(hasRole(p, 'reviewer')).toBe(false);
  });

  it('maps an enterprise to exactly its one USCC', async () => {
    expect(await verify(await signDevToken(keys, { sub: 'e1', uscc: '91330100799655058B' }))).toEqual({ kind: 'enterprise', subject: 'e1', uscc: '91330100799655058B' });
  });

  it('reads Cognito’s groups and custom attributes too', () => {
    expect(principalFromClaims({ sub: 'c', 'cognito:groups': ['reviewer', 'other'], 'custom:department': '330100' })).toEqual({
      kind: 'official',
      subject: 'c',
      roles: ['reviewer'],
      department: '330100',
    });
    expect(principalFromClaims({ sub: 'c', 'custom:uscc': '91330100799655058B' })).toMatchObject({ kind: 'enterprise', uscc: '91330100799655058B' });
  });

  it('lets admin act in every role', async () => {
    const p = await verify(await signDevToken(keys, { sub: 'a', roles: ['admin'], dept: '330100' }));
    expect(['publisher', 'reviewer', 'admin'].every((r) => hasRole(p, r as never))).toBe(true);
  });
});

describe('refused tokens', () => {
  it('refuses alg: none', async () => {
    await refused(`${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'x', roles: ['admin'], dept: '1', iss: DEV_ISSUER, aud: DEV_AUDIENCE, exp: future() })}.`);
  });

  it('refuses HS256 signed with the public key as the secret (algorithm confusion)', async () => {
    const secret = JSON.stringify(keys.publicJwks.keys[0]);
    const head = b64({ alg: 'HS256', typ: 'JWT', kid: keys.privateJwk.kid });
    const body = b64({ sub: 'x', roles: ['admin'], dept: '1', iss: DEV_ISSUER, aud: DEV_AUDIENCE, exp: future() });
    const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
    await refused(`${head}.${body}.${sig}`);
  });

  it('refuses an expired token and one not yet valid', async () => {
    await refused(await signDevToken(keys, { sub: 'x', roles: ['admin'], dept: '1' }, -120));
    await refused(await signDevToken(keys, { sub: 'x', roles: ['admin'], dept: '1', nbf: future() }));
  });

  it('refuses the wrong issuer, the wrong audience and a key it does not know', async () => {
    const other = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const sign = (iss: string, aud: string, key = other.privateKey) =>
      new SignJWT({ sub: 'x', roles: ['admin'], dept: '1' }).setProtectedHeader({ alg: 'EdDSA', kid: keys.privateJwk.kid as string }).setIssuer(iss).setAudience(aud).setExpirationTime('5m').sign(key);
    await refused(await sign(DEV_ISSUER, DEV_AUDIENCE));
    const own = await createDevKeys();
    // Right key material for *another* dev issuer: verified against our keys, it must fail.
    await refused(await signDevToken(own, { sub: 'x', roles: ['admin'], dept: '1' }));
    expect(await exportJWK(other.publicKey)).toHaveProperty('x');
  });

  it('refuses tampered claims', async () => {
    const token = await signDevToken(keys, { sub: 'x', roles: ['reviewer'], dept: '1' });
    const [h, , s] = token.split('.');
    await refused(`${h}.${b64({ sub: 'x', roles: ['admin'], dept: '1', iss: DEV_ISSUER, aud: DEV_AUDIENCE, exp: future() })}.${s}`);
  });

  it.each([
    ['no role and no USCC', { sub: 'x' }],
    ['both a role and a USCC', { sub: 'x', roles: ['publisher'], dept: '1', uscc: '91330100799655058B' }],
    ['two USCCs', { sub: 'x', uscc: ['91330100799655058B', '91330000733796106P'] }],
    ['a malformed USCC', { sub: 'x', uscc: '123' }],
    ['an official without a department', { sub: 'x', roles: ['publisher'] }],
  ])('refuses a token with %s', async (_, claims) => {
    await refused(await signDevToken(keys, claims as never));
  });
});
