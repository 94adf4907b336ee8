/**
 * The Lambda bundles, built by our own esbuild step: one ESM file per function,
 * `dist/<name>/index.mjs`, minified, for Node 22 on Lambda, with the AWS SDK inside.
 *
 * Why our own step rather than CDK's NodejsFunction: NodejsFunction runs the esbuild *CLI*, which
 * takes no plugins, and the plugins that trim zod (./zod-trim.ts) take a third off the bundle. The
 * CDK app runs this same code through `Code.fromAsset(..., { bundling: { local } })`
 * (infra/cdk/functions/bundling.ts), so what `npm run build` and `npm run bench` measure is what is
 * deployed.
 *
 * Why the SDK is bundled rather than taken from the runtime: the runtime's copy is whatever version
 * Lambda ships that week; bundling pins the version the tests ran against, and tree-shaking keeps
 * only the DynamoDB client.
 *
 * CLI: `tsx infra/build/bundle.ts [--outdir dist] [name …]`, or `--function <name> --outdir <dir>`
 * to write one bundle straight into a directory (what CDK's local bundling calls).
 */
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { FUNCTIONS, type FunctionSpec } from '../cdk/functions/catalogue.ts';
import { envOnlyCredentials } from './sdk-trim.ts';
import { assertTrimmedZod, onlyZodLocales, stubUnusedZodModules } from './zod-trim.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BUNDLE_FILE = 'index.mjs';
/** Must match the Lambda runtime in infra/cdk/functions/register-function.ts. */
export const NODE_TARGET = 'node22';

/**
 * ESM output with CommonJS packages inside (parts of the SDK's dependency tree): esbuild's CJS
 * shim calls `require` for Node built-ins, which an ES module does not have (TOOLCHAIN.md, gotcha 5).
 */
const CREATE_REQUIRE_BANNER =
  "import { createRequire as __hzCreateRequire } from 'node:module'; const require = __hzCreateRequire(import.meta.url);";

/** The esbuild options every Lambda bundle (and the benchmark's baseline) is built with. */
export function lambdaBuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: NODE_TARGET,
    minify: true,
    // ESM builds of the SDK and smithy packages tree-shake; their CJS builds do not.
    mainFields: ['module', 'main'],
    // Chinese literals stay UTF-8 (3 bytes) instead of \uXXXX escapes (6 bytes).
    charset: 'utf8',
    // Licence texts go to index.mjs.LEGAL.txt beside the bundle: kept, but not parsed at cold start.
    legalComments: 'external',
    banner: { js: CREATE_REQUIRE_BANNER },
    plugins: [onlyZodLocales(['en']), stubUnusedZodModules(), envOnlyCredentials()],
    metafile: true,
    logLevel: 'warning',
  };
}

export interface BundleResult {
  name: string;
  /** Absolute path of the bundle. */
  outfile: string;
  bytes: number;
  metafile: Metafile;
}

/** Build one bundle from `entry` into `outdir/index.mjs`, emptying `outdir` first. */
export async function bundleEntry(name: string, entry: string, outdir: string): Promise<BundleResult> {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const outfile = join(outdir, BUNDLE_FILE);
  const result = await build(lambdaBuildOptions(entry, outfile));
  const metafile = result.metafile!;
  assertTrimmedZod(metafile);
  return { name, outfile, bytes: (await stat(outfile)).size, metafile };
}

export function entryOf(spec: Pick<FunctionSpec, 'name'>): string {
  return join(ROOT, 'functions', spec.name, 'handler.ts');
}

/** Build one function of the catalogue into `outdir` (CDK's local bundling passes its asset dir). */
export async function bundleFunction(spec: FunctionSpec, outdir: string): Promise<BundleResult> {
  return bundleEntry(spec.name, entryOf(spec), outdir);
}

/**
 * Build every function of the catalogue (or those named) into `<outRoot>/<name>/index.mjs`, with
 * the metafile beside it as `<outRoot>/<name>.meta.json` (outside the asset folder, so it is not
 * deployed; feed it to https://esbuild.github.io/analyze/).
 */
export async function bundleAll(outRoot = join(ROOT, 'dist'), names: readonly string[] = []): Promise<BundleResult[]> {
  const unknown = names.filter((n) => !FUNCTIONS.some((f) => f.name === n));
  if (unknown.length > 0) throw new Error(`Not in infra/cdk/functions/catalogue.ts: ${unknown.join(', ')}`);
  const specs = names.length > 0 ? FUNCTIONS.filter((f) => names.includes(f.name)) : FUNCTIONS;
  const results = await Promise.all(specs.map((spec) => bundleFunction(spec, join(outRoot, spec.name))));
  await Promise.all(results.map((r) => writeFile(join(outRoot, `${r.name}.meta.json`), JSON.stringify(r.metafile))));
  return results;
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { outdir: { type: 'string' }, function: { type: 'string' } },
  });
  if (values.function !== undefined) {
    // CDK local bundling: exactly one function, straight into the directory CDK staged.
    const spec = FUNCTIONS.find((f) => f.name === values.function);
    if (!spec) throw new Error(`Not in infra/cdk/functions/catalogue.ts: ${values.function}`);
    if (!values.outdir) throw new Error('--function needs --outdir');
    const result = await bundleFunction(spec, resolve(values.outdir));
    console.error(`bundled ${spec.name}: ${(result.bytes / 1024).toFixed(1)} KB`);
    return;
  }
  const outRoot = resolve(values.outdir ?? join(ROOT, 'dist'));
  for (const r of await bundleAll(outRoot, positionals)) {
    console.log(`${relative(process.cwd(), r.outfile).padEnd(28)} ${(r.bytes / 1024).toFixed(1).padStart(8)} KB`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
