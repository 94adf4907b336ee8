/**
 * The DynamoDB client — built once per process (module scope in each Lambda), reused by every
 * request, and the table it talks to.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

export interface Db {
  client: DynamoDBClient;
  tableName: string;
}

export interface DbConfig {
  tableName: string;
  /** DynamoDB Local's URL; unset in the cloud. */
  endpoint?: string;
  region?: string;
}

/**
 * How long one DynamoDB request may take in the cloud. Without a limit, a DynamoDB that stops
 * answering — a partition that drops packets, not one that refuses connections — holds every
 * request until the Lambda times out, and the caller gets API Gateway's error instead of our 503
 * with Retry-After. A request that times out is retried like a refused one: 3 attempts × 2.5 s,
 * plus the SDK's sub-second backoff, stay under the shortest API function timeout, 10 s
 * (infra/cdk/functions/catalogue.ts). Not set for DynamoDB Local: on the same machine a dead one
 * refuses at once, and in a loaded test run a tight limit would only turn slowness into failures.
 */
export const CLOUD_TIMEOUTS = { connectionTimeout: 1_000, requestTimeout: 2_500, throwOnRequestTimeout: true } as const;

/** The client configuration for `config`, before any `extra` of createDb's caller. */
export function clientConfig(config: DbConfig): DynamoDBClientConfig {
  const local = config.endpoint !== undefined;
  return {
    region: config.region ?? process.env.AWS_REGION ?? 'cn-north-1',
    ...(local
      ? {
          endpoint: config.endpoint,
          // DynamoDB Local accepts any credentials; these never leave the machine.
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : { requestHandler: CLOUD_TIMEOUTS }),
    maxAttempts: 3,
  };
}

export function createDb(config: DbConfig, extra: DynamoDBClientConfig = {}): Db {
  return { client: new DynamoDBClient({ ...clientConfig(config), ...extra }), tableName: config.tableName };
}

/** The Db described by the environment (TABLE_NAME, and DYNAMODB_ENDPOINT when local). */
export function dbFromEnv(env: NodeJS.ProcessEnv = process.env): Db {
  const tableName = env.TABLE_NAME;
  if (!tableName) throw new Error('TABLE_NAME is not set');
  return createDb({ tableName, ...(env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT } : {}) });
}
