/**
 * Publishing operations by intent. Each reads the enterprise's file, runs a pure command from
 * `register/commands.ts`, and commits the outcome with its ledger event in one transaction.
 */
import { randomUUID } from 'node:crypto';
import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { LedgerEvent } from '../ledger/event.ts';
import type { CreditClass } from '../rules/classification.ts';
import {
  addListing as addListingCommand,
  combine,
  correctRecord as correctRecordCommand,
  endListing as endListingCommand,
  overrideClassification as overrideClassificationCommand,
  withdrawRecord as withdrawRecordCommand,
  type RecordCorrection,
  publishRecord as publishRecordCommand,
  registerEnterprise as registerEnterpriseCommand,
  type CommandContext,
  type EnterpriseInput,
  type ListingInput,
  type Outcome,
  type RecordInput,
} from '../register/commands.ts';
import type { Actor, CreditRecord, Enterprise, EnterpriseFile, Listing } from '../register/model.ts';
import { shanghaiDate } from '../rules/calendar.ts';
import type { Db } from './db.ts';
import { MAX_ALIASES } from './keys.ts';
import { commit, LEDGER_ACTIONS, MAX_TRANSACTION_ITEMS, type CommitOptions } from './ledger.ts';
import { readEnterpriseFile, readEnterpriseFiles } from './reads.ts';

export interface PublishOptions extends CommitOptions {
  actor: Actor;
}

export const newId = (prefix: string) => `${prefix}_${randomUUID().replaceAll('-', '')}`;

function context(now: Date, actor: Actor): CommandContext {
  return { now, today: shanghaiDate(now), actor, newId };
}

export interface WriteOptions extends PublishOptions {
  /** Checked at the start of every attempt, e.g. for an idempotency replay; may throw. */
  precheck?: () => Promise<void>;
  /** Written in the same transaction: the audit entry, the idempotency record. */
  extras?: (event: LedgerEvent | null, outcome: Outcome) => TransactWriteItem[];
}

/** Run one command against one enterprise's file and commit it. */
async function publishOne(db: Db, uscc: string, type: string, command: (file: EnterpriseFile, ctx: CommandContext) => Outcome, options: WriteOptions) {
  const now = options.now ?? (() => new Date());
  let outcome: Outcome | undefined;
  const event = await commit(
    db,
    async () => {
      await options.precheck?.();
      const file = await readEnterpriseFile(db, uscc, { consistent: true });
      const planned = command(file, context(now(), options.actor));
      outcome = planned;
      return {
        draft: { type, changes: planned.changes },
        outcomes: [planned],
        ...(options.extras ? { extras: (e: LedgerEvent | null) => options.extras?.(e, planned) ?? [] } : {}),
      };
    },
    options,
  );
  return { event, outcome: outcome as Outcome };
}

export async function registerEnterprise(
  db: Db,
  input: EnterpriseInput & { expectedVersion?: number },
  options: WriteOptions,
): Promise<{ event: LedgerEvent | null; enterprise: Enterprise }> {
  const { expectedVersion, ...details } = input;
  const { event, outcome } = await publishOne(db, input.uscc, 'enterprise.registered', (f, ctx) => registerEnterpriseCommand(f, details, ctx, expectedVersion), options);
  return { event, enterprise: outcome.enterprise };
}

export async function publishRecord(db: Db, input: RecordInput, options: WriteOptions): Promise<{ event: LedgerEvent | null; record: CreditRecord }> {
  const { event, outcome } = await publishOne(db, input.uscc, 'record.published', (f, ctx) => publishRecordCommand(f, input, ctx), options);
  return { event, record: outcome.records[0] as CreditRecord };
}

export async function addListing(db: Db, input: ListingInput, options: WriteOptions): Promise<{ event: LedgerEvent | null; listing: Listing }> {
  const { event, outcome } = await publishOne(db, input.uscc, 'listing.added', (f, ctx) => addListingCommand(f, input, ctx), options);
  return { event, listing: outcome.listings[0] as Listing };
}

export interface Versioned {
  uscc: string;
  /** The version the caller read (from If-Match); undefined skips the check. */
  expectedVersion?: number;
}

export async function correctRecord(db: Db, input: Versioned & { id: string; correction: RecordCorrection }, options: WriteOptions) {
  const { event, outcome } = await publishOne(db, input.uscc, 'record.corrected', (f, ctx) => correctRecordCommand(f, input.id, input.correction, input.expectedVersion, ctx), options);
  return { event, record: outcome.records[0] as CreditRecord };
}

export async function withdrawRecord(db: Db, input: Versioned & { id: string; reason: string }, options: WriteOptions) {
  const { event, outcome } = await publishOne(db, input.uscc, 'record.withdrawn', (f, ctx) => withdrawRecordCommand(f, input.id, input.reason, input.expectedVersion, ctx), options);
  return { event, record: outcome.records[0] as CreditRecord };
}

export async function endListing(db: Db, input: Versioned & { id: string; reason: string }, options: WriteOptions) {
  const { event, outcome } = await publishOne(db, input.uscc, 'listing.ended', (f, ctx) => endListingCommand(f, input.id, input.reason, input.expectedVersion, ctx), options);
  return { event, listing: outcome.listings[0] as Listing };
}

export async function overrideClassification(
  db: Db,
  input: Versioned & { override: { class: CreditClass; reason: string } | null },
  options: WriteOptions,
) {
  const { event, outcome } = await publishOne(db, input.uscc, 'enterprise.classified', (f, ctx) => overrideClassificationCommand(f, input.override, input.expectedVersion, ctx), options);
  return { event, enterprise: outcome.enterprise };
}

/** One enterprise's part of a batch: its registration, then its records and listings. */
export interface EnterpriseBatch {
  enterprise: EnterpriseInput;
  records: Omit<RecordInput, 'uscc'>[];
  listings: Omit<ListingInput, 'uscc'>[];
}

/**
 * Publish several enterprises with their records and listings as one ledger event in one
 * transaction (all or nothing). The caller keeps the batch within the transaction limit
 * (groupBatches). With `onlyNew`, an enterprise already registered is left as it is and a record
 * already present (same kind and decision number) is skipped — what makes an import rerunnable.
 */
export async function publishBatch(
  db: Db,
  type: string,
  batch: EnterpriseBatch[],
  options: PublishOptions & { onlyNew?: boolean },
): Promise<{ event: LedgerEvent | null; published: number; skipped: number }> {
  const now = options.now ?? (() => new Date());
  let counts = { published: 0, skipped: 0 };
  const event = await commit(
    db,
    async () => {
      const ctx = context(now(), options.actor);
      const files = await readEnterpriseFiles(db, batch.map((b) => b.enterprise.uscc));
      counts = { published: 0, skipped: 0 };
      const outcomes = batch.flatMap((b, i) => {
        const file = files[i] as EnterpriseFile;
        const uscc = b.enterprise.uscc;
        const known = (kind: string, decisionNumber: string) => file.records.some((r) => r.kind === kind && r.decisionNumber === decisionNumber);
        const records = options.onlyNew ? b.records.filter((r) => !known(r.kind, r.decisionNumber)) : b.records;
        counts.skipped += b.records.length - records.length;
        counts.published += records.length;
        const register = !(options.onlyNew && file.enterprise);
        if (!register && records.length === 0 && b.listings.length === 0) return [];
        return [
          combine(file, [
            ...(register ? [(f: EnterpriseFile) => registerEnterpriseCommand(f, b.enterprise, ctx)] : []),
            ...records.map((r) => (f: EnterpriseFile) => publishRecordCommand(f, { ...r, uscc }, ctx)),
            ...b.listings.map((l) => (f: EnterpriseFile) => addListingCommand(f, { ...l, uscc }, ctx)),
          ]),
        ];
      });
      return { draft: { type, changes: outcomes.flatMap((o) => o.changes) }, outcomes };
    },
    options,
  );
  return { event, ...counts };
}

/** Transactions stay well under DynamoDB's 100 actions, leaving room for the event and head. */
export const BATCH_TRANSACTION_ACTIONS = 90;

/**
 * The most actions one enterprise's batch can cost (ledger.ts outcomeActions): its item, an
 * alias put or delete per alias slot, and one per record and listing.
 */
export const batchActionBound = (b: EnterpriseBatch) => 1 + MAX_ALIASES + b.records.length + b.listings.length;

/**
 * Group batches, in order, into transactions of at most `limit` actions each, the ledger event
 * and head included.
 */
export function groupBatches(batches: readonly EnterpriseBatch[], limit = BATCH_TRANSACTION_ACTIONS): EnterpriseBatch[][] {
  if (limit > MAX_TRANSACTION_ITEMS) throw new RangeError(`limit ${limit} exceeds DynamoDB's ${MAX_TRANSACTION_ITEMS}`);
  const groups: EnterpriseBatch[][] = [];
  let current: EnterpriseBatch[] = [];
  let actions = LEDGER_ACTIONS;
  for (const b of batches) {
    const cost = batchActionBound(b);
    if (cost + LEDGER_ACTIONS > limit) throw new RangeError(`${b.enterprise.uscc} alone needs ${cost + LEDGER_ACTIONS} actions`);
    if (actions + cost > limit) {
      groups.push(current);
      current = [];
      actions = LEDGER_ACTIONS;
    }
    current.push(b);
    actions += cost;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
