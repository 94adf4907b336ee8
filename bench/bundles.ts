/**
 * Bundle size and import time of every Lambda bundle, against a hello-world Hono bundle built the
 * same way in the same run (the ratio travels between machines; milliseconds do not).
 *
 * Import time: median over RUNS fresh `node` processes per bundle, run round-robin so a slow
 * moment of the machine hits every bundle alike, after WARMUP runs each (file cache). Each process
 * reports `performance.now()` around `await import(bundle)` ("import": load, compile, evaluate)
 * and at the end of it ("from start": node's own bootstrap included; `performance.now()` counts
 * from process start). The environment is Lambda's as far as it matters: TABLE_NAME and
 * AWS_REGION set, no NODE_OPTIONS or NODE_EXTRA_CA_CERTS (the latter costs this machine's node
 * ~60 ms of bootstrap).
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, bundleAll, bundleEntry, type BundleResult } from '../infra/build/bundle.ts';
import type { Section } from './run.ts';

const RUNS = 21;
const WARMUP = 2;
const TARGET = { bytes: 600 * 1024, importMs: 60 };

const PROBE = `
const t0 = performance.now();
await import(process.env.BENCH_MODULE);
const t1 = performance.now();
process.stdout.write(JSON.stringify({ importMs: t1 - t0, fromStartMs: t1 }));
`;

interface Timing {
  importMs: number;
  fromStartMs: number;
}

function timeImport(file: string): Timing {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TABLE_NAME: 'bench',
    AWS_REGION: 'us-east-1',
    // What the signed-in apps read at module scope (the verifier is built, never called here).
    JWT_ISSUER: 'https://cognito-idp.us-east-1.amazonaws.com/bench',
    JWT_AUDIENCE: 'bench',
    JWT_JWKS_URL: 'https://cognito-idp.us-east-1.amazonaws.com/bench/.well-known/jwks.json',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    BENCH_MODULE: pathToFileURL(file).href,
  };
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', PROBE], { env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`importing ${file} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout) as Timing;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const ms = (x: number) => Number(x.toFixed(1));

export const bundles: Section = {
  name: 'bundles',
  async run() {
    const benchDir = join(ROOT, '.tmp', 'bench');
    const reference = await bundleEntry('DynamoDB client only (reference)', join(ROOT, 'bench', 'dynamodb-client-only.ts'), join(benchDir, 'dynamodb-client-only'));
    const baseline = await bundleEntry('hello-world (baseline)', join(ROOT, 'bench', 'hello-world.ts'), join(benchDir, 'hello-world'));
    const functionBundles = await bundleAll();
    const built: BundleResult[] = [...functionBundles, reference, baseline];

    for (const b of built) for (let i = 0; i < WARMUP; i++) timeImport(b.outfile);
    const timings = new Map<string, Timing[]>(built.map((b) => [b.name, []]));
    for (let i = 0; i < RUNS; i++) for (const b of built) timings.get(b.name)!.push(timeImport(b.outfile));

    const results = built.map((b) => {
      const t = timings.get(b.name)!;
      return {
        name: b.name,
        file: relative(ROOT, b.outfile),
        bytes: b.bytes,
        importMsMedian: ms(median(t.map((x) => x.importMs))),
        fromStartMsMedian: ms(median(t.map((x) => x.fromStartMs))),
        importMsMin: ms(Math.min(...t.map((x) => x.importMs))),
        runs: t.map((x) => ({ importMs: ms(x.importMs), fromStartMs: ms(x.fromStartMs) })),
      };
    });
    const base = results.at(-1)!;
    const rows = results.map((r) => [
      r.name,
      kb(r.bytes),
      r.importMsMedian.toFixed(1),
      r.fromStartMsMedian.toFixed(1),
      r === base ? '1.0' : (r.bytes / base.bytes).toFixed(1),
      r === base ? '1.0' : (r.importMsMedian / base.importMsMedian).toFixed(1),
    ]);
    const functions = results.slice(0, functionBundles.length);
    const notes = functions.map(
      (r) =>
        `${r.name}: ${kb(r.bytes)} KB ${r.bytes <= TARGET.bytes ? '≤' : '>'} ${TARGET.bytes / 1024} KB target; ` +
        `import ${r.importMsMedian} ms ${r.importMsMedian <= TARGET.importMs ? '≤' : '>'} ${TARGET.importMs} ms target (on this machine).`,
    );
    const cpu = cpus()[0]?.model ?? 'unknown';
    notes.push(`node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} × ${cpu}; median of ${RUNS} fresh processes each, after ${WARMUP} warm-up runs.`);

    return {
      title: 'Lambda bundles: size and cold import time',
      columns: ['bundle', 'size KB', 'import ms (median)', 'from process start ms (median)', 'size × hello', 'import × hello'],
      rows,
      notes,
      data: {
        at: new Date().toISOString(),
        machine: { node: process.version, platform: process.platform, arch: process.arch, cpus: cpus().length, cpu },
        method: { runs: RUNS, warmup: WARMUP, probe: PROBE.trim() },
        targets: TARGET,
        results,
      },
    };
  },
};
