/**
 * What the HTTP benchmarks share: DynamoDB Local tuned for throughput, a table holding the demo
 * register (300 enterprises, as `npm start` seeds it), and servers in processes of their own.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { ensureTable } from '../infra/local/bootstrap.ts';
import { demoData, loadDemoData } from '../infra/local/demo-data.ts';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.ts';
import { ROOT } from '../infra/build/bundle.ts';
import { shanghaiDate } from '../shared/rules/calendar.ts';
import { createDb, type Db } from '../shared/store/db.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface PublicStack {
  endpoint: string;
  db: Db;
  /** Every enterprise of the demo register, in generation order. */
  usccs: string[];
  stop: () => Promise<void>;
}

export async function startPublicStack(name: string): Promise<PublicStack> {
  const dynamo = await startDynamoDbLocal({ tmpDir: `.tmp/bench-${name}`, jvm: 'throughput' });
  const db = createDb({ tableName: `bench-${name}`, endpoint: dynamo.endpoint });
  await ensureTable(db);
  const today = shanghaiDate();
  await loadDemoData(db, { today });
  return { endpoint: dynamo.endpoint, db, usccs: demoData({ today }).map((b) => b.enterprise.uscc), stop: dynamo.stop };
}

export interface Server {
  url: string;
  stop: () => void;
}

/**
 * Start bench/serve.ts (`hello` or `public` over `stack`) and wait for its address. Its stdout is
 * read to the end (the access log), so a full pipe never stalls the server.
 */
export function startServer(kind: 'hello' | 'public', stack?: PublicStack): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/serve.ts'), kind], {
    cwd: ROOT,
    // Logging as in production: writing the access line is part of what a request costs.
    env: { ...process.env, LOG_LEVEL: 'info', ...(stack ? { TABLE_NAME: stack.db.tableName, DYNAMODB_ENDPOINT: stack.endpoint } : {}) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench/serve.ts ${kind} exited with ${code}`)));
    createInterface({ input: child.stdout }).once('line', (line) => {
      resolve({ url: (JSON.parse(line) as { url: string }).url, stop: () => child.kill() });
    });
  });
}
