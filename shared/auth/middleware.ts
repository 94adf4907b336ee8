/**
 * Authentication and authorisation for Hono apps: 401 without a valid token, 403 for a role that
 * may not act. An enterprise reaching another enterprise's resource gets 404 (enforced where the
 * resource is loaded, so its existence is not revealed).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { Problem } from '../errors.ts';
import { hasRole, type OfficialRole, type Principal } from './principal.ts';
import type { Verifier } from './verifier.ts';

export type AuthEnv = { Variables: { principal: Principal } };

export function authenticate(verify: Verifier): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const header = c.req.header('Authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(header.trim());
    if (!match?.[1]) throw new Problem('auth.required', 'Send a bearer token: Authorization: Bearer <token>.');
    c.set('principal', await verify(match[1]));
    await next();
  };
}

/** Only officials holding one of `roles` (admin always may). */
export function requireRole(...roles: OfficialRole[]): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const p = c.get('principal');
    if (!roles.some((r) => hasRole(p, r))) {
      throw new Problem('auth.forbidden', `This needs the role ${roles.join(' or ')}.`);
    }
    await next();
  };
}

/** Reads (GET) for `readers`, everything else for `writers`. */
export function requireRoleByMethod(readers: OfficialRole[], writers: OfficialRole[]): MiddlewareHandler<AuthEnv> {
  const read = requireRole(...readers);
  const write = requireRole(...writers);
  return (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? read(c, next) : write(c, next));
}

/** Only enterprises. */
export function requireEnterprise(): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    if (c.get('principal').kind !== 'enterprise') throw new Problem('auth.forbidden', 'This is for enterprises signed in as themselves.');
    await next();
  };
}

export const principalOf = (c: Context<AuthEnv>) => c.get('principal');
