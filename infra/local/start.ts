/**
 * `npm start`: the whole register on this machine — DynamoDB Local (on disk in DATA_DIR), the
 * table from the shared definition, the demo data published through the ledger on first run, and
 * every app on one port.
 *
 *   PORT=3000 DATA_DIR=.data npm start [-- --reset]
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { shanghaiDate } from '../../shared/rules/calendar.ts';
import { createDb } from '../../shared/store/db.ts';
import { readHead } from '../../shared/store/reads.ts';
import { ensureTable } from './bootstrap.ts';
import { loadDemoData } from './demo-data.ts';
import { startDynamoDbLocal } from './dynamodb-local.ts';
import { runExpiry } from '../../functions/jobs/expire.ts';
import { runStats } from '../../functions/jobs/stats.ts';
import { devVerifier, loadOrCreateDevKeys } from '../../shared/auth/dev-keys.ts';
import { devKeyFile, TABLE_NAME, writeRuntime } from './runtime.ts';
import { createLocalApp } from './server.ts';
import { startCheckpoints } from './checkpoints.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';


async function main() {
  const reset = process.argv.includes('--reset');
  const port = Number(process.env.PORT ?? 3000);
  const dataDir = resolve(process.env.DATA_DIR ?? '.data');
  process.env.DATA_DIR = dataDir;
  const dbPath = join(dataDir, 'dynamodb');
  const seededMarker = join(dataDir, 'demo-seeded');
  if (reset) {
    rmSync(dbPath, { recursive: true, force: true });
    rmSync(seededMarker, { force: true });
    console.log(`Reset: removed the local database in ${dbPath}`);
  }

  const started = Date.now();
  const dynamo = await startDynamoDbLocal({ dbPath, tmpDir: join(dataDir, 'tmp') });
  console.log(`DynamoDB Local ready on ${dynamo.endpoint} (${Date.now() - started} ms), data in ${dbPath}`);
  const db = createDb({ tableName: TABLE_NAME, endpoint: dynamo.endpoint });
  if (await ensureTable(db)) console.log(`Created table ${TABLE_NAME}`);

  const head = await readHead(db);
  if (head.seq === 0) {
    const t0 = Date.now();
    process.stdout.write('Publishing the demo data through the ledger …');
    const loaded = await loadDemoData(db, {
      today: shanghaiDate(),
      // A progress line that rewrites itself on a terminal; in a log file only the result.
      onProgress: (done, total) => {
        if (process.stdout.isTTY) process.stdout.write(`\rPublishing the demo data through the ledger … ${done}/${total} enterprises`);
      },
    });
    writeFileSync(seededMarker, new Date().toISOString());
    console.log(
      `\nDemo data: ${loaded.enterprises} enterprises, ${loaded.records} records, ${loaded.listings} list entries in ${loaded.events} ledger events (${Date.now() - t0} ms)`,
    );
  } else if (!existsSync(seededMarker)) {
    console.warn('The ledger is not empty but the demo seed never finished; run `npm start -- --reset` for a clean demo.');
  } else {
    console.log(`Ledger at seq ${head.seq}; keeping existing data (npm start -- --reset to start over)`);
  }

  const keys = await loadOrCreateDevKeys(devKeyFile());
  writeRuntime({ endpoint: dynamo.endpoint, tableName: TABLE_NAME, port });

  // The expiry job: at start, then hourly (in the cloud, EventBridge Scheduler runs it).
  const expire = () => runExpiry(db).catch((error: unknown) => console.error('expiry job failed:', error));
  await expire();
  const expiryTimer = setInterval(expire, 60 * 60 * 1000);
  expiryTimer.unref();

  // The /stats figures: at start, then hourly (a Scheduler job in the cloud).
  const stats = () => runStats(db).catch((error: unknown) => console.error('stats job failed:', error));
  await stats();
  setInterval(stats, 60 * 60 * 1000).unref();

  // Signed checkpoints of the ledger head: at start, then on a timer (infra/local/checkpoints.ts).
  await startCheckpoints(db);
  // The demo imports publications back to the Measures' entry into force (DOMAIN.md §0): "as of"
  // queries answer from then on. A real register sets the day its own history begins.
  process.env.REGISTER_BEGAN ??= '2021-09-15';

  const app = createLocalApp({ db, verify: devVerifier(keys) });
  const server = serve({ fetch: app.fetch, port, hostname: process.env.HOST ?? '127.0.0.1' }, (info) => {
    const base = `http://localhost:${info.port}`;
    console.log(`\nServing on ${base}
  API reference   ${base}/docs
  OpenAPI         ${base}/openapi.json
  Health          ${base}/healthz
  Punishment list ${base}/v1/lists/punishment
  Change feed     ${base}/v1/changes
Officials' API under ${base}/v1/admin/… — a token: npm run -s token -- official --role publisher
Ctrl-C stops the server and DynamoDB Local.`);
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping`);
    server.close();
    await dynamo.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
