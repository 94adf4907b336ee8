/**
 * The audit trail: who changed what, when and why — written in the same transaction as the change,
 * so there is no change without its entry. Never public.
 */
import { QueryCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../register/model.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { Db } from './db.ts';
import { fromItem, toItem } from './items.ts';
import type { Page } from './reads.ts';
import { INDEXES, KEY } from './table.ts';

export interface AuditEntry {
  at: string;
  actor: Actor;
  /** What was done, e.g. `record.withdrawn`. */
  action: string;
  uscc: string;
  target: { type: 'enterprise' | 'record' | 'listing' | 'import' | 'config'; id: string };
  /** The official's stated reason, where the law asks for one. */
  reason?: string;
  /** The ledger event that published the change, if the public saw it. */
  seq: number | null;
  /** Request facts worth keeping (idempotency key, import file name …). */
  details?: Record<string, string | number>;
}

const AUDIT_ALL = 'AUDIT';
const auditPk = (uscc: string) => `AUDIT#${uscc}`;

export function auditPut(tableName: string, entry: AuditEntry): TransactWriteItem {
  const sk = `${entry.at}#${randomUUID()}`;
  return {
    Put: {
      TableName: tableName,
      Item: toItem('audit', { PK: auditPk(entry.uscc), SK: sk, GSI1PK: AUDIT_ALL, GSI1SK: sk }, entry),
    },
  };
}

/** The trail of one enterprise, or of the whole register, newest first. */
export async function readAudit(db: Db, query: { uscc?: string; limit: number; cursor?: string }): Promise<Page<AuditEntry>> {
  const byEnterprise = query.uscc !== undefined;
  const partitionAttribute = byEnterprise ? KEY.partition : INDEXES.byId.partition;
  const partition = byEnterprise ? auditPk(query.uscc as string) : AUDIT_ALL;
  const out = await db.client.send(
    new QueryCommand({
      TableName: db.tableName,
      ...(byEnterprise ? {} : { IndexName: INDEXES.byId.name }),
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': partitionAttribute },
      ExpressionAttributeValues: { ':pk': { S: partition } },
      ScanIndexForward: false,
      Limit: query.limit,
      ExclusiveStartKey: decodeCursor(query.cursor, partitionAttribute, partition),
    }),
  );
  const cursor = encodeCursor(out.LastEvaluatedKey);
  return { items: (out.Items ?? []).map((i) => fromItem<AuditEntry>(i)), ...(cursor ? { cursor } : {}) };
}
