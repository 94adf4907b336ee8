/**
 * Idempotency keys for creations: a retry with the same key and body gets the first answer; the
 * same key with another body is refused. The record is written in the same transaction as the
 * change it answers for, so a crash can never leave one without the other. Kept 24 hours (TTL).
 */
import { createHash } from 'node:crypto';
import { GetItemCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { Problem } from '../errors.ts';
import { canonicalJson } from '../ledger/event.ts';
import type { Db } from './db.ts';
import { fromItem, toItem } from './items.ts';
import { TTL_ATTRIBUTE } from './table.ts';

const RETENTION_SECONDS = 24 * 60 * 60;

export interface StoredResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export interface IdempotencyScope {
  /** Whose key it is: keys of different callers never collide. */
  owner: string;
  key: string;
  /** A digest of the request (method, path, canonical body). */
  requestHash: string;
}

const keyOf = (s: IdempotencyScope) => ({ PK: `IDEMPOTENCY#${s.owner}#${s.key}`, SK: 'IDEMPOTENCY' });

export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${canonicalJson(body ?? null)}`).digest('hex');
}

/** Thrown inside a commit attempt when the key was already used: the caller answers from it. */
export class IdempotentReplay extends Error {
  constructor(readonly response: StoredResponse) {
    super('idempotent replay');
  }
}

/** The stored answer for this key, if any; refuses a reused key with a different request. */
export async function findReplay(db: Db, scope: IdempotencyScope): Promise<StoredResponse | undefined> {
  const k = keyOf(scope);
  const out = await db.client.send(new GetItemCommand({ TableName: db.tableName, Key: { PK: { S: k.PK }, SK: { S: k.SK } }, ConsistentRead: true }));
  if (!out.Item) return undefined;
  const stored = fromItem<{ requestHash: string; response: string }>(out.Item);
  if (stored.requestHash !== scope.requestHash) {
    throw new Problem('idempotency.key-reused', `Idempotency-Key ${scope.key} was already used for a different request.`, {
      errors: [{ in: 'header', field: 'Idempotency-Key', code: 'reused', detail: 'already used with another body or path' }],
    });
  }
  return JSON.parse(stored.response) as StoredResponse;
}

/** The Put that records the answer, failing if another request took the key first. */
export function idempotencyPut(tableName: string, scope: IdempotencyScope, response: StoredResponse, now: Date): TransactWriteItem {
  return {
    Put: {
      TableName: tableName,
      Item: toItem('idempotency', keyOf(scope), {
        requestHash: scope.requestHash,
        response: JSON.stringify(response),
        [TTL_ATTRIBUTE]: Math.floor(now.getTime() / 1000) + RETENTION_SECONDS,
      }),
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}
