/**
 * Test tables on the run's DynamoDB Local: each call makes a fresh, empty table from the shared
 * definition, and counts the DynamoDB requests made through its client.
 */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { ensureTable } from '../../infra/local/bootstrap.ts';
import { createDb, type Db } from '../../shared/store/db.ts';

export interface CountedDb extends Db {
  /** DynamoDB commands sent since the last reset, by name (e.g. `QueryCommand`). */
  requests: string[];
  resetRequests: () => void;
}

export async function freshDb(): Promise<CountedDb> {
  const db = createDb({ tableName: `test-${randomUUID()}`, endpoint: inject('dynamoEndpoint') });
  await ensureTable(db);
  const requests: string[] = [];
  db.client.middlewareStack.add(
    (next, context) => async (args) => {
      requests.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  return { ...db, requests, resetRequests: () => void requests.splice(0) };
}
