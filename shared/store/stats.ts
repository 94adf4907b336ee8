/**
 * The statistics item: computed by a job (no request ever reads the whole register), read by the
 * /stats page with one GetItem.
 */
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { countEnterprise, countEvent, emptyStats, type RegisterStats } from '../public/stats.ts';
import type { Db } from './db.ts';
import { fromItem, toItem } from './items.ts';
import { readExportPages } from './open-data.ts';
import { readEvents, readHead } from './reads.ts';

const KEY = { PK: 'STATS', SK: 'current' };

/** Fold the export index's enterprises and the whole ledger (paged Queries) into the figures. */
export async function computeStats(db: Db, now: Date = new Date()): Promise<RegisterStats> {
  const head = await readHead(db);
  const stats = emptyStats(head.seq, now.toISOString());
  for await (const page of readExportPages(db, 'enterprise')) for (const e of page) countEnterprise(stats, e);
  for (let after = 0; after < head.seq; ) {
    const events = await readEvents(db, after, 1000);
    if (events.length === 0) break;
    for (const event of events) if (event.seq <= head.seq) countEvent(stats, event);
    after = events.at(-1)?.seq ?? head.seq;
  }
  return stats;
}

export async function writeStats(db: Db, stats: RegisterStats): Promise<void> {
  await db.client.send(new PutItemCommand({ TableName: db.tableName, Item: toItem('stats', KEY, stats) }));
}

export async function readStats(db: Db): Promise<RegisterStats | null> {
  const out = await db.client.send(new GetItemCommand({ TableName: db.tableName, Key: { PK: { S: KEY.PK }, SK: { S: KEY.SK } } }));
  return out.Item ? fromItem<RegisterStats>(out.Item) : null;
}
