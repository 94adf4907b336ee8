/**
 * Lambda code from our own esbuild build (infra/build/bundle.ts), as a CDK asset.
 *
 * Why not NodejsFunction: it runs the esbuild CLI, which takes no plugins, and the zod trimming
 * plugins take a third off the bundle. Why not `Code.fromAsset('dist/<fn>')`: a deploy could ship
 * a stale `dist/` from an older `npm run build`. Instead CDK's *local* bundling runs the same build
 * into the asset folder at synth time — no Docker (the Docker image is never pulled: local bundling
 * either succeeds or throws) — and the asset hash is taken from the bundle itself, so a change
 * anywhere in shared/ that changes the bundle changes the deployment.
 *
 * Tests and `cdk synth --exclusively` of other stacks set context `aws:cdk:bundling-stacks` so
 * CDK skips bundling: the asset then points at the function's source folder (which always
 * exists) and no build is needed. That is why the asset's source is `functions/<name>` rather
 * than `dist/<name>`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { ROOT, entryOf } from '../../build/bundle.ts';
import type { FunctionSpec } from './catalogue.ts';

const BUNDLE_CLI = join(ROOT, 'infra', 'build', 'bundle.ts');

export function bundledCode(spec: FunctionSpec): Code {
  const sourceDir = join(ROOT, 'functions', spec.name);
  if (!existsSync(entryOf(spec))) {
    throw new Error(`functions/${spec.name}/handler.ts does not exist, but infra/cdk/functions/catalogue.ts lists "${spec.name}"`);
  }
  return Code.fromAsset(sourceDir, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Required by the type; never used, because `local.tryBundle` never returns false.
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22-alpine'),
      local: {
        tryBundle(outputDir: string): boolean {
          // tryBundle is synchronous and esbuild plugins need the async API: run the build in a child.
          const result = spawnSync(process.execPath, ['--import', 'tsx', BUNDLE_CLI, '--function', spec.name, '--outdir', outputDir], {
            cwd: ROOT,
            stdio: ['ignore', 'inherit', 'inherit'],
            env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
          });
          if (result.status !== 0) {
            throw new Error(`Bundling functions/${spec.name} failed (exit ${result.status ?? result.signal}); run \`npm run build\` to see why`);
          }
          return true;
        },
      },
    },
  });
}
