/**
 * An esbuild plugin that replaces the SDK's default credential chain with environment credentials
 * only. On Lambda the execution role's credentials are always in AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN; the full chain (INI files, SSO, IMDS, web
 * identity, login, process …) can never apply there and only costs bundle size and cold-start time.
 * Local runs and tests do not bundle, so they keep the full chain.
 */
import type { Plugin } from 'esbuild';

export function envOnlyCredentials(): Plugin {
  return {
    name: 'env-only-credentials',
    setup(build) {
      build.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({ path: 'env-only-credentials', namespace: 'hz-sdk-trim' }));
      build.onLoad({ filter: /.*/, namespace: 'hz-sdk-trim' }, () => ({
        contents: "import { fromEnv } from '@aws-sdk/credential-provider-env'; export const defaultProvider = (init = {}) => fromEnv(init);",
        resolveDir: process.cwd(),
        loader: 'js',
      }));
    },
  };
}
