import { defineConfig } from 'vitest/config';

// The SDK warns that its 2027 releases need Node 22; globalSetup runs in this process, so set it here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: keep the DynamoDB Local JVM fed rather than oversubscribing.
    maxWorkers: 2,
    // Access-log lines for thousands of test requests would bury a failure's output; errors still show.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', LOG_LEVEL: 'error' },
  },
});
