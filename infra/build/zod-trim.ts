/**
 * esbuild plugins that keep out of a bundle the parts of zod 4 nothing here uses. zod re-exports
 * them through namespaces (`export * as locales …`, `export * from "./compile.js"` in
 * `zod/v4/core/index.js`, re-exported again as `z`), and a namespace that escapes — `import { z }`
 * does — cannot be tree-shaken. Together they are ~300 KB of a ~850 KB Lambda bundle.
 *
 * - `onlyZodLocales(['en'])`: the locales index re-exports only the kept locales. The default
 *   English messages come separately (`classic/schemas.js` imports `../locales/en.js` and calls
 *   `config(en())`), so error messages are unchanged.
 * - `stubUnusedZodModules()`: `z.compile` (the JIT fast path, opt-in) and `z.fromJSONSchema` are
 *   replaced by stand-ins that throw when called. Nothing in functions/ or shared/ calls them, nor
 *   do @hono/zod-openapi and @asteasolutions/zod-to-openapi.
 *
 * Both fail loudly rather than silently: a stripped locale would be `undefined` and a stub throws
 * naming this file, `assertTrimmedZod` rejects a bundle in which stripped code slipped in through
 * another path, and tests/infra/public-handler.test.ts runs real requests (validation failures
 * included) through the built bundle.
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Metafile, Plugin } from 'esbuild';

const ZOD_V4 = String.raw`[\\/]zod[\\/]v4[\\/]`;
const LOCALES_INDEX = new RegExp(`${ZOD_V4}locales[\\\\/]index\\.js$`);
const LOCALE_FILE = new RegExp(`${ZOD_V4}locales[\\\\/]([\\w-]+)\\.c?js$`);
/** Modules reachable only through the `z` namespace, each an opt-in feature we do not use. */
const UNUSED_MODULES = new RegExp(`${ZOD_V4}(core[\\\\/]compile|classic[\\\\/]from-json-schema)\\.js$`);

/** Keep only the named locales (zod's export names: `en`, `zhCN`, …). */
export function onlyZodLocales(keep: readonly string[] = ['en']): Plugin {
  return {
    name: 'only-zod-locales',
    setup(build) {
      build.onLoad({ filter: LOCALES_INDEX }, async (args) => {
        // Lines look like: export { default as frCA } from "./fr-CA.js";
        const lines = (await readFile(args.path, 'utf8')).split('\n').filter((line) => /^export\s*\{/.test(line));
        const kept = lines.filter((line) => keep.includes(/as\s+(\w+)\s*\}/.exec(line)?.[1] ?? ''));
        if (kept.length !== keep.length) {
          throw new Error(`only-zod-locales: ${args.path} does not export all of ${keep.join(', ')}; zod's layout changed`);
        }
        return { contents: `${kept.join('\n')}\n`, loader: 'js', resolveDir: dirname(args.path) };
      });
    },
  };
}

/** Replace `z.compile` and `z.fromJSONSchema` (and their helpers) by stand-ins that throw. */
export function stubUnusedZodModules(): Plugin {
  return {
    name: 'stub-unused-zod-modules',
    setup(build) {
      build.onLoad({ filter: UNUSED_MODULES }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        const names = [...source.matchAll(/^export\s+(?:const|let|class|function\*?|async\s+function)\s+(\w+)/gm)].map((m) => m[1]!);
        if (names.length === 0 || /^export\s*(\{|\*)/m.test(source)) {
          throw new Error(`stub-unused-zod-modules: unexpected export form in ${args.path}; zod's layout changed`);
        }
        const module = args.path.split(/[\\/]/).slice(-2).join('/');
        const contents = [
          `function unavailable(name) { return function () { throw new Error("zod's " + name + " (${module}) is not in this bundle: see infra/build/zod-trim.ts"); }; }`,
          ...names.map((name) => `export const ${name} = unavailable(${JSON.stringify(name)});`),
        ].join('\n');
        return { contents, loader: 'js' };
      });
    },
  };
}

/** Throw when a bundle contains zod code the plugins strip (a deep import would bring it back). */
export function assertTrimmedZod(metafile: Metafile, keepLocales: readonly string[] = ['en']): void {
  const inputs = Object.keys(metafile.inputs);
  const strays = inputs
    .map((input) => LOCALE_FILE.exec(input)?.[1])
    .filter((locale): locale is string => locale !== undefined && locale !== 'index' && !keepLocales.includes(locale));
  if (strays.length > 0) throw new Error(`zod locales bundled although stripped: ${strays.join(', ')}`);
  const index = inputs.find((input) => LOCALES_INDEX.test(input));
  if (index !== undefined && (metafile.inputs[index]?.bytes ?? 0) > 200 * keepLocales.length) {
    throw new Error('the zod locales index was bundled untrimmed');
  }
}
