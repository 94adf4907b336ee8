/**
 * Committing to the ledger (DESIGN.md §3). Every publishing change is written in one DynamoDB
 * transaction together with exactly one ledger event and the new ledger head. The head is written
 * under a condition on its current sequence number, so two publishers can never take the same
 * number: the loser's whole transaction is cancelled, nothing of it is written, and it retries
 * from a fresh read. Sequence numbers are therefore gapless, unique and strictly increasing, and
 * each event's hash covers its predecessor's.
 */
import { TransactionCanceledException, TransactWriteItemsCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { sealEvent, type EventDraft, type LedgerEvent } from '../ledger/event.ts';
import { Problem } from '../errors.ts';
import type { Outcome } from '../register/commands.ts';
import type { Db } from './db.ts';
import { aliasItems, enterpriseItem, listingItem, recordItem, toItem, type Item } from './items.ts';
import { aliasKeys, eventSk, HEAD_SK, LEDGER_PK } from './keys.ts';
import { readHead } from './reads.ts';

/** DynamoDB's limit on actions in one TransactWriteItems call. */
export const MAX_TRANSACTION_ITEMS = 100;

/** What every transaction adds to a change: the event and the new head. */
export const LEDGER_ACTIONS = 2;

/** DynamoDB's item limit is 400 KB; an event stays under it with room for its attributes. */
export const MAX_EVENT_BYTES = 380_000;

export interface Plan {
  draft: EventDraft;
  outcomes: Outcome[];
  /** Written in the same transaction, knowing the sealed event: audit entries, idempotency records. */
  extras?: (event: LedgerEvent | null) => TransactWriteItem[];
  /** Other items of the change that are not public entities (a repair application and its lock). */
  writes?: TransactWriteItem[];
}

export interface CommitOptions {
  now?: () => Date;
  /** Attempts before giving up with `ledger.busy` (each after a fresh read). */
  maxAttempts?: number;
}

/** Put `item`, expecting the stored copy to be at `version - 1` (or absent for version 1). */
function versionedPut(tableName: string, item: Item, version: number): TransactWriteItem {
  return {
    Put: {
      TableName: tableName,
      Item: item,
      ...(version === 1
        ? { ConditionExpression: 'attribute_not_exists(PK)' }
        : {
            ConditionExpression: '#version = :expected',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expected': { N: String(version - 1) } },
          }),
    },
  };
}

function outcomeActions(tableName: string, o: Outcome): TransactWriteItem[] {
  const actions: TransactWriteItem[] = [versionedPut(tableName, enterpriseItem(o.enterprise), o.enterprise.version)];
  // Alias items are guarded by the enterprise's version check in the same transaction.
  const aliases = aliasItems(o.enterprise);
  for (const item of aliases) actions.push({ Put: { TableName: tableName, Item: item } });
  const stale = o.before ? aliasKeys(o.before).slice(aliases.length) : [];
  for (const key of stale) actions.push({ Delete: { TableName: tableName, Key: { PK: { S: key.PK }, SK: { S: key.SK } } } });
  for (const r of o.records) actions.push(versionedPut(tableName, recordItem(r), r.version));
  for (const l of o.listings) actions.push(versionedPut(tableName, listingItem(l), l.version));
  return actions;
}

/** True when a cancelled transaction lost a race (a condition failed or a conflict occurred). */
function lostRace(error: unknown): boolean {
  return (
    error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict')
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Plan and commit one change. `plan` reads what it needs and returns the outcome; it is called
 * again after every lost race, so it always decides on fresh data (and may then refuse, e.g.
 * because another official already changed the record). Returns the sealed event, or null when
 * the change is invisible to the public (then only the entities are written, still version-checked).
 */
export function commit(db: Db, plan: () => Promise<Plan>, options: CommitOptions = {}): Promise<LedgerEvent | null> {
  // Publishers in one process take turns: racing each other for the head would only burn
  // transactions. Publishers in different processes (Lambda containers) still race, safely.
  const previous = turns.get(db.client) ?? Promise.resolve();
  const mine = previous.then(
    () => commitNow(db, plan, options),
    () => commitNow(db, plan, options),
  );
  turns.set(
    db.client,
    mine.then(
      () => undefined,
      () => undefined,
    ),
  );
  return mine;
}

const turns = new WeakMap<object, Promise<unknown>>();

async function commitNow(db: Db, plan: () => Promise<Plan>, options: CommitOptions): Promise<LedgerEvent | null> {
  const now = options.now ?? (() => new Date());
  const maxAttempts = options.maxAttempts ?? 60;
  for (let attempt = 1; ; attempt++) {
    const [planned, head] = await Promise.all([plan(), readHead(db)]);
    if (planned.outcomes.length === 0 && !planned.writes?.length) return null;
    const actions = [...planned.outcomes.flatMap((o) => outcomeActions(db.tableName, o)), ...(planned.writes ?? [])];
    if (actions.length + LEDGER_ACTIONS > MAX_TRANSACTION_ITEMS) {
      throw new Problem('ledger.too-large', `One change may touch at most ${MAX_TRANSACTION_ITEMS - LEDGER_ACTIONS} items; this one touches ${actions.length}.`);
    }
    // A change nobody outside can see (say, an internal contact number) needs no ledger event.
    const event = planned.draft.changes.length > 0 ? sealEvent(planned.draft, head, now()) : null;
    const body = event ? JSON.stringify(event) : '';
    if (Buffer.byteLength(body, 'utf8') > MAX_EVENT_BYTES) {
      throw new Problem('ledger.too-large', `One event may hold at most ${MAX_EVENT_BYTES} bytes; this one holds ${Buffer.byteLength(body, 'utf8')}.`);
    }
    if (event) actions.push(
      {
        Put: {
          TableName: db.tableName,
          Item: toItem('event', { PK: LEDGER_PK, SK: eventSk(event.seq) }, { seq: event.seq, body }),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Put: {
          TableName: db.tableName,
          Item: toItem('head', { PK: LEDGER_PK, SK: HEAD_SK }, { seq: event.seq, hash: event.hash, at: event.at }),
          ...(head.seq === 0
            ? { ConditionExpression: 'attribute_not_exists(PK)' }
            : {
                ConditionExpression: '#seq = :seq',
                ExpressionAttributeNames: { '#seq': 'seq' },
                ExpressionAttributeValues: { ':seq': { N: String(head.seq) } },
              }),
        },
      },
    );
    actions.push(...(planned.extras?.(event) ?? []));
    if (actions.length > MAX_TRANSACTION_ITEMS) {
      throw new Problem('ledger.too-large', `One change may write at most ${MAX_TRANSACTION_ITEMS} items; this one writes ${actions.length}.`);
    }
    try {
      // A resend after a lost answer (a timeout) commits nothing twice: the SDK gives every
      // TransactWriteItems call an idempotency token of its own (ClientRequestToken), reused by its
      // retries. Pinned by ledger.test.ts.
      await db.client.send(new TransactWriteItemsCommand({ TransactItems: actions }));
      return event;
    } catch (error) {
      if (!lostRace(error)) throw error;
      if (attempt >= maxAttempts) {
        throw new Problem('ledger.busy', `Gave up after ${attempt} attempts lost to concurrent publishers.`, { cause: error });
      }
      // Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"), capped at 40 ms.
      await sleep(Math.random() * Math.min(40, 2 * 2 ** attempt));
    }
  }
}
