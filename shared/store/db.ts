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

export function createDb(config: DbConfig, extra: DynamoDBClientConfig = {}): Db {
  const local = config.endpoint !== undefined;
  const client = new DynamoDBClient({
    region: config.region ?? process.env.AWS_REGION ?? 'cn-north-1',
    ...(local
      ? {
          endpoint: config.endpoint,
          // DynamoDB Local accepts any credentials; these never leave the machine.
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
    maxAttempts: 3,
    ...extra,
  });
  return { client, tableName: config.tableName };
}

/** The Db described by the environment (TABLE_NAME, and DYNAMODB_ENDPOINT when local). */
export function dbFromEnv(env: NodeJS.ProcessEnv = process.env): Db {
  const tableName = env.TABLE_NAME;
  if (!tableName) throw new Error('TABLE_NAME is not set');
  return createDb({ tableName, ...(env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT } : {}) });
}
