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
  return counted(db);
}

/**
 * Another client on the same table, as a second Lambda container would have: publishers on
 * different clients do not take turns in-process, so they really race for the ledger head.
 */
export function anotherProcess(db: Db): CountedDb {
  return counted(createDb({ tableName: db.tableName, endpoint: inject('dynamoEndpoint') }));
}

function counted(db: Db): CountedDb {
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
