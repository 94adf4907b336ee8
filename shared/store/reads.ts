/**
 * Read operations. Each answers with exactly one DynamoDB request (a GetItem or a Query on a key
 * designed for it); nothing in the register reads a whole table.
 */
import { BatchGetItemCommand, GetItemCommand, type BatchGetItemCommandOutput, QueryCommand, type KeysAndAttributes, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { GENESIS_HASH, type LedgerEvent } from '../ledger/event.ts';
import type { CreditRecord, Enterprise, EnterpriseFile, Listing } from '../register/model.ts';
import type { CreditClass } from '../rules/classification.ts';
import type { ListType } from '../rules/listings.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { Db } from './db.ts';
import { fromItem, tagOf, toFile, type Item } from './items.ts';
import {
  ACTIVE_LISTING_PREFIX,
  classPartition,
  districtPartition,
  enterprisePk,
  eventSk,
  HEAD_SK,
  idKey,
  LEDGER_PK,
  listPartition,
  MAX_SEQ,
  nameKey,
  PROFILE_SK,
  namePartition,
} from './keys.ts';
import { INDEXES, KEY } from './table.ts';

export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page, when there may be one. */
  cursor?: string;
}

/**
 * Everything stored under one enterprise, in one Query. A collection larger than one Query page
 * (1 MB — thousands of records) is read to the end, so the answer is never silently partial.
 */
export async function readEnterpriseFile(db: Db, uscc: string, options: { consistent?: boolean } = {}): Promise<EnterpriseFile> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const out = await db.client.send(
      new QueryCommand({
        TableName: db.tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': KEY.partition },
        ExpressionAttributeValues: { ':pk': { S: enterprisePk(uscc) } },
        ConsistentRead: options.consistent ?? false,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return toFile(items);
}

/** DynamoDB's limit on keys in one BatchGetItem call. */
const MAX_BATCH_GET_KEYS = 100;

/**
 * The files of many enterprises, strongly consistent, as a bulk import needs them: one
 * BatchGetItem learns which enterprises exist, and only those are read whole. An enterprise
 * without its profile item has nothing else either (its records are only ever written in the
 * same transaction as its profile), so most of a first import costs one request per batch.
 */
export async function readEnterpriseFiles(db: Db, usccs: readonly string[]): Promise<EnterpriseFile[]> {
  const existing = new Set<string>();
  for (let i = 0; i < usccs.length; i += MAX_BATCH_GET_KEYS) {
    let pending: KeysAndAttributes | undefined = {
      Keys: usccs.slice(i, i + MAX_BATCH_GET_KEYS).map((uscc) => ({ [KEY.partition]: { S: enterprisePk(uscc) }, [KEY.sort]: { S: PROFILE_SK } })),
      ConsistentRead: true,
      ProjectionExpression: '#pk',
      ExpressionAttributeNames: { '#pk': KEY.partition },
    };
    while (pending?.Keys?.length) {
      const out: BatchGetItemCommandOutput = await db.client.send(new BatchGetItemCommand({ RequestItems: { [db.tableName]: pending } }));
      for (const item of out.Responses?.[db.tableName] ?? []) existing.add(String(item[KEY.partition]?.S));
      pending = out.UnprocessedKeys?.[db.tableName];
    }
  }
  return Promise.all(
    usccs.map((uscc) => (existing.has(enterprisePk(uscc)) ? readEnterpriseFile(db, uscc, { consistent: true }) : { enterprise: null, records: [], listings: [] })),
  );
}

/** A record or listing by id (GSI1). */
async function byId(db: Db, id: string, tag: 'record' | 'listing'): Promise<Item | undefined> {
  const out = await db.client.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: INDEXES.byId.name,
      KeyConditionExpression: '#pk = :pk AND #sk = :sk',
      ExpressionAttributeNames: { '#pk': INDEXES.byId.partition, '#sk': INDEXES.byId.sort },
      ExpressionAttributeValues: { ':pk': { S: idKey(id) }, ':sk': { S: tag } },
      Limit: 1,
    }),
  );
  return out.Items?.[0];
}

export async function getRecord(db: Db, id: string): Promise<CreditRecord | null> {
  const item = await byId(db, id, 'record');
  return item ? fromItem<CreditRecord>(item) : null;
}

export async function getListing(db: Db, id: string): Promise<Listing | null> {
  const item = await byId(db, id, 'listing');
  return item ? fromItem<Listing>(item) : null;
}

async function queryPage(
  db: Db,
  index: { name: string; partition: string; sort: string },
  partition: string,
  options: { sortPrefix?: string; limit: number; cursor?: string; filter?: Pick<QueryCommandInput, 'FilterExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'> },
): Promise<Page<Item>> {
  const names = { '#pk': index.partition, ...(options.sortPrefix !== undefined ? { '#sk': index.sort } : {}), ...options.filter?.ExpressionAttributeNames };
  const values = {
    ':pk': { S: partition },
    ...(options.sortPrefix !== undefined ? { ':sk': { S: options.sortPrefix } } : {}),
    ...options.filter?.ExpressionAttributeValues,
  };
  const out = await db.client.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: index.name,
      KeyConditionExpression: options.sortPrefix !== undefined ? '#pk = :pk AND begins_with(#sk, :sk)' : '#pk = :pk',
      ...(options.filter?.FilterExpression ? { FilterExpression: options.filter.FilterExpression } : {}),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      Limit: options.limit,
      ExclusiveStartKey: decodeCursor(options.cursor, index.partition, partition),
    }),
  );
  const cursor = encodeCursor(out.LastEvaluatedKey);
  return { items: out.Items ?? [], ...(cursor ? { cursor } : {}) };
}

export interface EnterpriseSearch {
  /** A prefix of the name, or of the name without its place words (杭州, 萧山区 …). */
  name?: string;
  district?: string;
  class?: CreditClass;
  limit: number;
  cursor?: string;
}

/**
 * Find enterprises by name prefix, district and class. The most selective key drives the Query:
 * name (GSI2) with district and class as filters, else district (GSI3, class as key prefix), else
 * class (GSI4). A filtered page may hold fewer than `limit` items and still have a next page.
 */
export async function searchEnterprises(db: Db, q: EnterpriseSearch): Promise<Page<Enterprise>> {
  let page: Page<Item>;
  if (q.name !== undefined) {
    const key = nameKey(q.name);
    const conditions: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, { S: string }> = {};
    if (q.district) {
      conditions.push('#district = :district');
      names['#district'] = 'district';
      values[':district'] = { S: q.district };
    }
    if (q.class) {
      conditions.push('#classification.#class = :class');
      names['#classification'] = 'classification';
      names['#class'] = 'class';
      values[':class'] = { S: q.class };
    }
    page = await queryPage(db, INDEXES.byName, namePartition(key), {
      sortPrefix: key,
      limit: q.limit,
      cursor: q.cursor,
      ...(conditions.length ? { filter: { FilterExpression: conditions.join(' AND '), ExpressionAttributeNames: names, ExpressionAttributeValues: values } } : {}),
    });
  } else if (q.district) {
    page = await queryPage(db, INDEXES.byDistrictOrList, districtPartition(q.district), {
      ...(q.class ? { sortPrefix: `${q.class}#` } : {}),
      limit: q.limit,
      cursor: q.cursor,
    });
  } else if (q.class) {
    page = await queryPage(db, INDEXES.byClass, classPartition(q.class), { limit: q.limit, cursor: q.cursor });
  } else {
    throw new RangeError('searchEnterprises needs a name, district or class');
  }
  // The full name and its alias may both match one prefix: show each enterprise once.
  const seen = new Set<string>();
  const items = page.items
    .map((i) => fromItem<Enterprise>(i))
    .filter((e) => (seen.has(e.uscc) ? false : (seen.add(e.uscc), true)));
  return { items, ...(page.cursor ? { cursor: page.cursor } : {}) };
}

/** The current entries of a list, oldest listing first. */
export async function listActiveListings(db: Db, type: ListType, page: { limit: number; cursor?: string }): Promise<Page<Listing>> {
  const out = await queryPage(db, INDEXES.byDistrictOrList, listPartition(type), {
    sortPrefix: ACTIVE_LISTING_PREFIX,
    limit: page.limit,
    cursor: page.cursor,
  });
  return { items: out.items.map((i) => fromItem<Listing>(i)), ...(out.cursor ? { cursor: out.cursor } : {}) };
}

export interface LedgerHead {
  seq: number;
  hash: string;
  /** When the head event was sealed; null before the first event. */
  at: string | null;
}

export async function readHead(db: Db): Promise<LedgerHead> {
  const out = await db.client.send(
    new GetItemCommand({
      TableName: db.tableName,
      Key: { [KEY.partition]: { S: LEDGER_PK }, [KEY.sort]: { S: HEAD_SK } },
      ConsistentRead: true,
    }),
  );
  if (!out.Item) return { seq: 0, hash: GENESIS_HASH, at: null };
  const head = fromItem<{ seq: number; hash: string; at: string }>(out.Item);
  return { seq: head.seq, hash: head.hash, at: head.at };
}

/** Events after `after`, in sequence order, at most `limit` of them. */
/**
 * Events after `after`, up to `limit`, and whether more follow this page. A Query returns at most
 * 1 MB, so a page of large events (a bulk import's) can stop short of `limit` with more to come:
 * `more` says so, and the page is as final as a full one (events never change).
 */
export async function readEventPage(db: Db, after: number, limit: number): Promise<{ events: LedgerEvent[]; more: boolean }> {
  if (after >= MAX_SEQ) return { events: [], more: false };
  const out = await db.client.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      ExpressionAttributeNames: { '#pk': KEY.partition, '#sk': KEY.sort },
      ExpressionAttributeValues: { ':pk': { S: LEDGER_PK }, ':from': { S: eventSk(after + 1) }, ':to': { S: eventSk(MAX_SEQ) } },
      Limit: limit,
      // Strongly consistent: an eventually consistent read could show event n+1 before event n,
      // and a consumer that resumed after n+1 would never see n.
      ConsistentRead: true,
    }),
  );
  const events = (out.Items ?? []).filter((i) => tagOf(i) === 'event').map((i) => JSON.parse(i.body?.S ?? 'null') as LedgerEvent);
  // Serve only the unbroken run after `after`: a feed page never has a hole.
  const run: LedgerEvent[] = [];
  for (const e of events) {
    if (e.seq !== after + run.length + 1) break;
    run.push(e);
  }
  return { events: run, more: run.length === events.length && run.length > 0 && out.LastEvaluatedKey !== undefined };
}

export async function readEvents(db: Db, after: number, limit: number): Promise<LedgerEvent[]> {
  return (await readEventPage(db, after, limit)).events;
}
