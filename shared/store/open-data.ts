/**
 * Reads behind the open-data routes: snapshot pages from the export index, ranges of the ledger for
 * Atom feeds, list entries as of a past day. Each is a GetItem or a Query on a key designed for it
 * (DESIGN.md §2: nothing on a request path reads the whole table).
 */
import { GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import type { LedgerEvent } from '../ledger/event.ts';
import type { CreditRecord, Enterprise, Listing } from '../register/model.ts';
import type { CalendarDate } from '../rules/calendar.ts';
import type { ListType } from '../rules/listings.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { Db } from './db.ts';
import { fromItem, tagOf, type Item } from './items.ts';
import { enterprisePk, eventSk, exportPartition, LEDGER_PK, listingSk, listPartition } from './keys.ts';
import type { Page } from './reads.ts';
import { INDEXES, KEY } from './table.ts';

export interface ExportEntities {
  enterprise: Enterprise;
  record: CreditRecord;
  listing: Listing;
}

/** Items per Query page of a snapshot: well under DynamoDB's 1 MB page, a few hundred KB of output. */
export const EXPORT_PAGE_SIZE = 500;

/**
 * Every item of one entity in the export index (GSI5), in its one stable order (USCC, then id),
 * a page at a time. Lazy: the next page is read only when the caller asks for it, so a consumer
 * that reads slowly holds the producer back, and memory stays at about one page.
 */
export async function* readExportPages<K extends keyof ExportEntities>(
  db: Db,
  entity: K,
  options: { pageSize?: number } = {},
): AsyncGenerator<ExportEntities[K][]> {
  let start: Item | undefined;
  do {
    const out = await db.client.send(
      new QueryCommand({
        TableName: db.tableName,
        IndexName: INDEXES.forExport.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': INDEXES.forExport.partition },
        ExpressionAttributeValues: { ':pk': { S: exportPartition(entity) } },
        Limit: options.pageSize ?? EXPORT_PAGE_SIZE,
        ExclusiveStartKey: start,
      }),
    );
    const items = (out.Items ?? []).filter((i) => tagOf(i) === entity).map((i) => fromItem<ExportEntities[K]>(i));
    start = out.LastEvaluatedKey;
    if (items.length > 0) yield items;
  } while (start);
}

function parseEvents(items: Item[] | undefined): LedgerEvent[] {
  return (items ?? []).filter((i) => tagOf(i) === 'event').map((i) => JSON.parse(i.body?.S ?? 'null') as LedgerEvent);
}

/** The events with `from ≤ seq ≤ to`, in order (strongly consistent, as the change feed reads). */
export async function readEventRange(db: Db, from: number, to: number): Promise<LedgerEvent[]> {
  if (to < from) return [];
  const events: LedgerEvent[] = [];
  let start: Item | undefined;
  do {
    const out = await db.client.send(
      new QueryCommand({
        TableName: db.tableName,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#pk': KEY.partition, '#sk': KEY.sort },
        ExpressionAttributeValues: { ':pk': { S: LEDGER_PK }, ':from': { S: eventSk(from) }, ':to': { S: eventSk(to) } },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    events.push(...parseEvents(out.Items));
    start = out.LastEvaluatedKey;
  } while (start);
  return events;
}

/** The ledger's first event, or null while the register is empty. */
export async function readFirstEvent(db: Db): Promise<LedgerEvent | null> {
  const out = await db.client.send(
    new GetItemCommand({ TableName: db.tableName, Key: { [KEY.partition]: { S: LEDGER_PK }, [KEY.sort]: { S: eventSk(1) } } }),
  );
  return parseEvents(out.Item ? [out.Item] : [])[0] ?? null;
}

/** A list entry by its enterprise and id, whatever its status (for naming the list of a removal). */
export async function getListingOf(db: Db, uscc: string, id: string): Promise<Listing | null> {
  const out = await db.client.send(
    new GetItemCommand({ TableName: db.tableName, Key: { [KEY.partition]: { S: enterprisePk(uscc) }, [KEY.sort]: { S: listingSk(id) } } }),
  );
  return out.Item && tagOf(out.Item) === 'listing' ? fromItem<Listing>(out.Item) : null;
}

/**
 * The entries of a list that applied on `day`: one Query on the list's partition (current entries
 * under `A#`, ended ones under `E#`), filtered by the same rule as `listingPublicOn` in
 * shared/public/as-of.ts — the caller applies that function too, so there is one definition.
 * A filtered page may hold fewer than `limit` entries and still have a next page.
 */
export async function listListingsOn(db: Db, type: ListType, day: CalendarDate, page: { limit: number; cursor?: string }): Promise<Page<Listing>> {
  const index = INDEXES.byDistrictOrList;
  const partition = listPartition(type);
  const out = await db.client.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: index.name,
      KeyConditionExpression: '#pk = :pk',
      FilterExpression: '#start <= :day AND #end >= :day AND (#status = :active OR #endedOn > :day)',
      ExpressionAttributeNames: { '#pk': index.partition, '#start': 'startDate', '#end': 'endDate', '#status': 'status', '#endedOn': 'endedOn' },
      ExpressionAttributeValues: { ':pk': { S: partition }, ':day': { S: day }, ':active': { S: 'active' } },
      Limit: page.limit,
      ExclusiveStartKey: decodeCursor(page.cursor, index.partition, partition),
    }),
  );
  const cursor = encodeCursor(out.LastEvaluatedKey);
  return { items: (out.Items ?? []).filter((i) => tagOf(i) === 'listing').map((i) => fromItem<Listing>(i)), ...(cursor ? { cursor } : {}) };
}
