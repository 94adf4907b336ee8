/**
 * JWT verification with jose, the same code locally and in the cloud:
 * - locally, `npm start` creates an Ed25519 key in DATA_DIR and `npm run -s token` signs with it;
 * - in the cloud, Cognito signs with RS256 and publishes its keys at a JWKS URL.
 *
 * The allowed algorithms are fixed by configuration, never taken from the token, so `alg: none`
 * and HS/RS confusion (a public key used as an HMAC secret) are refused; jose also checks `exp`,
 * `nbf`, issuer and audience.
 */
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { Problem } from '../errors.ts';
import { checkUscc } from '../rules/uscc.ts';
import { OFFICIAL_ROLES, type OfficialRole, type Principal } from './principal.ts';

export interface VerifierConfig {
  issuer: string;
  audience: string;
  algorithms: string[];
  /** The issuer's public keys: a JWKS document, or its URL. */
  keys: JSONWebKeySet | URL;
}

export type Verifier = (token: string) => Promise<Principal>;

const unauthorised = (detail: string, cause?: unknown) => new Problem('auth.invalid-token', detail, { cause });

/** Claims → principal. Local tokens use `roles`/`dept`/`uscc`; Cognito uses groups and custom attributes. */
export function principalFromClaims(claims: JWTPayload): Principal {
  const subject = typeof claims.sub === 'string' ? claims.sub : '';
  if (!subject) throw unauthorised('The token has no subject.');
  const groups = (claims.roles ?? claims['cognito:groups']) as unknown;
  const roles = Array.isArray(groups) ? groups.filter((g): g is OfficialRole => (OFFICIAL_ROLES as readonly string[]).includes(g)) : [];
  const uscc = (claims.uscc ?? claims['custom:uscc']) as unknown;
  const department = (claims.dept ?? claims['custom:department']) as unknown;

  if (uscc !== undefined && roles.length > 0) throw unauthorised('A token is either an official’s or an enterprise’s, not both.');
  if (uscc !== undefined) {
    const check = typeof uscc === 'string' ? checkUscc(uscc) : undefined;
    if (!check?.ok || check.uscc !== uscc) throw unauthorised('An enterprise token must carry exactly one well-formed USCC.');
    return { kind: 'enterprise', subject, uscc };
  }
  if (roles.length > 0) {
    if (typeof department !== 'string' || department.length === 0) throw unauthorised('An official’s token must name a department.');
    return { kind: 'official', subject, roles, department };
  }
  throw unauthorised('The token grants no role.');
}

export function createVerifier(config: VerifierConfig): Verifier {
  const keys = config.keys instanceof URL ? createRemoteJWKSet(config.keys) : createLocalJWKSet(config.keys);
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms: config.algorithms,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: 30,
      }));
    } catch (error) {
      if (error instanceof errors.JOSEError) throw unauthorised(`The token was refused: ${error.code}.`, error);
      throw error;
    }
    return principalFromClaims(payload);
  };
}

/**
 * The verifier described by the environment: JWT_ISSUER, JWT_AUDIENCE and either JWT_JWKS_URL
 * (Cognito, RS256) or JWT_PUBLIC_JWKS (a JWKS document, EdDSA — the local development key).
 */
export function verifierFromEnv(env: NodeJS.ProcessEnv = process.env): Verifier {
  const issuer = env.JWT_ISSUER;
  const audience = env.JWT_AUDIENCE;
  if (!issuer || !audience) throw new Error('JWT_ISSUER and JWT_AUDIENCE must be set');
  if (env.JWT_JWKS_URL) return createVerifier({ issuer, audience, algorithms: ['RS256'], keys: new URL(env.JWT_JWKS_URL) });
  if (env.JWT_PUBLIC_JWKS) return createVerifier({ issuer, audience, algorithms: ['EdDSA'], keys: JSON.parse(env.JWT_PUBLIC_JWKS) as JSONWebKeySet });
  throw new Error('Set JWT_JWKS_URL (cloud) or JWT_PUBLIC_JWKS (local)');
}
