/**
 * Print a development token for the local stack.
 *
 *   npm run -s token -- official [--role publisher|reviewer|admin] [--dept <code>]
 *   npm run -s token -- enterprise <USCC>
 */
import { loadOrCreateDevKeys, signDevToken } from '../../shared/auth/dev-keys.ts';
import { OFFICIAL_ROLES, type OfficialRole } from '../../shared/auth/principal.ts';
import { checkUscc } from '../../shared/rules/uscc.ts';
import { devKeyFile } from '../local/runtime.ts';

const usage = 'usage: npm run -s token -- official [--role publisher|reviewer|admin] [--dept <code>] | enterprise <USCC>';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main() {
  const [kind, ...args] = process.argv.slice(2);
  const keys = await loadOrCreateDevKeys(devKeyFile());
  if (kind === 'official') {
    const role = (option(args, '--role') ?? 'publisher') as OfficialRole;
    if (!OFFICIAL_ROLES.includes(role)) throw new Error(`unknown role ${role}\n${usage}`);
    const dept = option(args, '--dept') ?? '330100';
    console.log(await signDevToken(keys, { sub: `official-${role}-${dept}`, roles: [role], dept }));
  } else if (kind === 'enterprise') {
    const check = checkUscc(args[0] ?? '');
    if (!check.ok) throw new Error(`not a USCC: ${args[0] ?? '(none)'}\n${usage}`);
    console.log(await signDevToken(keys, { sub: `enterprise-${check.uscc}`, uscc: check.uscc }));
  } else {
    throw new Error(usage);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
