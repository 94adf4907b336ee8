/** Tokens for every kind of caller, signed by a throwaway development key. */
import { createDevKeys, devVerifier, signDevToken } from '../../shared/auth/dev-keys.ts';

export async function tokenKit() {
  const keys = await createDevKeys();
  const sign = (claims: Record<string, unknown> & { sub: string }) => signDevToken(keys, claims);
  return {
    verify: devVerifier(keys),
    tokens: {
      publisher: await sign({ sub: 'pub-1', roles: ['publisher'], dept: '330106' }),
      reviewer: await sign({ sub: 'rev-1', roles: ['reviewer'], dept: '330106' }),
      admin: await sign({ sub: 'adm-1', roles: ['admin'], dept: '330100' }),
      enterprise: await sign({ sub: 'ent-1', uscc: '91330100799655058B' }),
    },
  };
}
