/**
 * The jobs Lambda as EventBridge Scheduler invokes it (`{ "job": … }`), against DynamoDB Local.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { generateSigningKey } from '../../shared/ledger/checkpoint.ts';
import { readHead } from '../../shared/store/reads.ts';
import { freshDb, type CountedDb } from '../support/db.ts';
import { seedFixtures } from '../support/fixtures.ts';

let db: CountedDb;
let handler: (event: { job?: string; force?: boolean }) => Promise<unknown>;

beforeAll(async () => {
  db = await freshDb();
  await seedFixtures(db);
  // The handler reads its environment at module scope, as on Lambda.
  process.env.TABLE_NAME = db.tableName;
  process.env.DYNAMODB_ENDPOINT = inject('dynamoEndpoint');
  process.env.CHECKPOINT_SIGNING_KEY = generateSigningKey().privatePem;
  ({ handler } = await import('../../functions/jobs/handler.ts'));
});

afterAll(() => {
  for (const name of ['TABLE_NAME', 'DYNAMODB_ENDPOINT', 'CHECKPOINT_SIGNING_KEY']) delete process.env[name];
});

describe('the jobs handler', () => {
  it('runs the expiry job, which finds nothing due in fresh fixtures', async () => {
    await expect(handler({ job: 'expiry' })).resolves.toMatchObject({ job: 'expiry', records: 0, listings: 0 });
  });

  it('signs a checkpoint of the ledger head', async () => {
    const head = await readHead(db);
    await expect(handler({ job: 'checkpoints', force: true })).resolves.toMatchObject({ job: 'checkpoints', issued: true, seq: head.seq });
  });

  it('refuses a job it does not know, naming the ones it does', async () => {
    await expect(handler({ job: 'reindex' })).rejects.toThrow(/expiry, checkpoints, snapshots/);
  });
});
