/**
 * The expiry job's store side: find what is past its publication period with one Query per page
 * of the sparse EXPIRY index, then end it through the ledger, one enterprise per transaction.
 */
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import type { LedgerEvent } from '../ledger/event.ts';
import { expireDue } from '../register/commands.ts';
import type { Actor } from '../register/model.ts';
import { shanghaiDate } from '../rules/calendar.ts';
import type { Db } from './db.ts';
import type { Item } from './items.ts';
import { EXPIRY_PK } from './keys.ts';
import { commit } from './ledger.ts';
import { newId } from './publishing.ts';
import { readEnterpriseFile } from './reads.ts';
import { EXPIRY_INDEX } from './table.ts';

export interface ExpiryResult {
  today: string;
  enterprises: number;
  records: number;
  listings: number;
  events: LedgerEvent[];
}

/** The enterprises with a record or list entry whose last day is before `today`. */
export async function enterprisesWithDuePublications(db: Db, today: string): Promise<string[]> {
  const usccs = new Set<string>();
  let start: Item | undefined;
  do {
    const out = await db.client.send(
      new QueryCommand({
        TableName: db.tableName,
        IndexName: EXPIRY_INDEX.name,
        KeyConditionExpression: '#pk = :pk AND #sk < :today',
        ExpressionAttributeNames: { '#pk': EXPIRY_INDEX.partition, '#sk': EXPIRY_INDEX.sort, '#uscc': 'uscc' },
        ExpressionAttributeValues: { ':pk': { S: EXPIRY_PK }, ':today': { S: today } },
        ProjectionExpression: '#uscc',
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) if (item.uscc?.S) usccs.add(item.uscc.S);
    start = out.LastEvaluatedKey;
  } while (start);
  return [...usccs].sort();
}

/**
 * End every publication whose period is over (event type `publication.expired`, reason
 * `expired`). Idempotent: a second run on the same day finds nothing due.
 */
export async function expirePublications(db: Db, options: { actor?: Actor; now?: () => Date } = {}): Promise<ExpiryResult> {
  const now = options.now ?? (() => new Date());
  const actor = options.actor ?? { kind: 'system', id: 'expiry-job' };
  const today = shanghaiDate(now());
  const result: ExpiryResult = { today, enterprises: 0, records: 0, listings: 0, events: [] };
  for (const uscc of await enterprisesWithDuePublications(db, today)) {
    let counted = { records: 0, listings: 0 };
    const event = await commit(
      db,
      async () => {
        const file = await readEnterpriseFile(db, uscc, { consistent: true });
        const at = now();
        const outcome = expireDue(file, { now: at, today: shanghaiDate(at), actor, newId });
        counted = { records: outcome?.records.length ?? 0, listings: outcome?.listings.length ?? 0 };
        return { draft: { type: 'publication.expired', changes: outcome?.changes ?? [] }, outcomes: outcome ? [outcome] : [] };
      },
      { now },
    );
    if (!event) continue;
    result.enterprises++;
    result.records += counted.records;
    result.listings += counted.listings;
    result.events.push(event);
  }
  return result;
}
