/**
 * Repair applications in the store. They live under their own partition (`REPAIR#<uscc>`), never
 * under the enterprise's public one, so no public read can touch them. An open application holds
 * a lock item per target, so two applications for one target cannot both be open, even when
 * submitted at the same instant.
 */
import { GetItemCommand, QueryCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { Problem } from '../errors.ts';
import type { LedgerEvent } from '../ledger/event.ts';
import { repairTarget, restoreTarget, type CommandContext, type Outcome } from '../register/commands.ts';
import type { Actor, EnterpriseFile } from '../register/model.ts';
import { invalidTransition, newRepairRequest, OPEN_REPAIR_STATUSES, transition, type Evidence, type RepairAction, type RepairRequest, type RepairStatus } from '../register/repair-requests.ts';
import { shanghaiDate, type CalendarDate } from '../rules/calendar.ts';
import { governanceOf, repairEligibility, ruleSetOn, type Eligibility, type RepairRuleSet, type RepairTargetType } from '../rules/repair.ts';
import { effectiveRepairRuleSets } from './config.ts';
import { workingDays as defaultWorkingDays, type WorkingDays } from '../rules/working-days.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { Db } from './db.ts';
import { fromItem, toItem, type Item } from './items.ts';
import { idKey } from './keys.ts';
import { commit } from './ledger.ts';
import { newId } from './publishing.ts';
import { readEnterpriseFile, type Page } from './reads.ts';
import { INDEXES } from './table.ts';

const repairPk = (uscc: string) => `REPAIR#${uscc}`;
const requestSk = (id: string) => `REQ#${id}`;
const lockSk = (t: { type: string; id: string }) => `OPEN#${t.type}#${t.id}`;
const queuePartition = (status: RepairStatus) => `REPAIRQ#${status}`;

function requestItem(r: RepairRequest): Item {
  return toItem('repair', {
    PK: repairPk(r.uscc),
    SK: requestSk(r.id),
    GSI1PK: idKey(r.id),
    GSI1SK: 'repair',
    // The review queue: by status, soonest due first (no due date sorts last).
    GSI3PK: queuePartition(r.status),
    GSI3SK: `${r.due?.by ?? '9999-12-31'}#${r.id}`,
  }, r);
}

function putVersioned(tableName: string, r: RepairRequest): TransactWriteItem {
  return {
    Put: {
      TableName: tableName,
      Item: requestItem(r),
      ...(r.version === 1
        ? { ConditionExpression: 'attribute_not_exists(PK)' }
        : { ConditionExpression: '#v = :v', ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':v': { N: String(r.version - 1) } } }),
    },
  };
}

function lockActions(tableName: string, r: RepairRequest): TransactWriteItem[] {
  const key = { PK: { S: repairPk(r.uscc) }, SK: { S: lockSk(r.target) } };
  if (r.version === 1) {
    return [{ Put: { TableName: tableName, Item: { ...key, entity: { S: 'repair-lock' }, requestId: { S: r.id } }, ConditionExpression: 'attribute_not_exists(PK)' } }];
  }
  return OPEN_REPAIR_STATUSES.includes(r.status) ? [] : [{ Delete: { TableName: tableName, Key: key } }];
}

/** Every application of an enterprise (one Query), oldest first. */
export async function readRepairRequests(db: Db, uscc: string, consistent = false): Promise<RepairRequest[]> {
  const out = await db.client.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :req)',
      ExpressionAttributeValues: { ':pk': { S: repairPk(uscc) }, ':req': { S: 'REQ#' } },
      ConsistentRead: consistent,
    }),
  );
  return (out.Items ?? []).map((i) => fromItem<RepairRequest>(i));
}

/** One application by id, read strongly (GSI1 finds its enterprise, then a consistent GetItem). */
export async function getRepairRequest(db: Db, id: string): Promise<RepairRequest | null> {
  const found = await db.client.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: INDEXES.byId.name,
      KeyConditionExpression: '#pk = :pk AND #sk = :sk',
      ExpressionAttributeNames: { '#pk': INDEXES.byId.partition, '#sk': INDEXES.byId.sort, '#uscc': 'uscc' },
      ExpressionAttributeValues: { ':pk': { S: idKey(id) }, ':sk': { S: 'repair' } },
      ProjectionExpression: '#uscc',
    }),
  );
  const uscc = found.Items?.[0]?.uscc?.S;
  if (!uscc) return null;
  const out = await db.client.send(new GetItemCommand({ TableName: db.tableName, Key: { PK: { S: repairPk(uscc) }, SK: { S: requestSk(id) } }, ConsistentRead: true }));
  return out.Item ? fromItem<RepairRequest>(out.Item) : null;
}

/** The target as the eligibility rules see it, from the enterprise's file. */
export function repairTargetFacts(file: EnterpriseFile, target: { type: RepairTargetType; id: string }) {
  if (target.type === 'record') {
    const r = file.records.find((x) => x.id === target.id);
    if (!r) return null;
    return {
      type: 'record' as const,
      public: r.status === 'published',
      since: r.publishedOn,
      severity: r.severity,
      legalBasis: r.legalBasis,
      authorityName: r.authority.name,
      penaltyTypes: r.penaltyTypes,
      decisionDate: r.decisionDate,
      ...(r.restrictionMonths !== undefined ? { restrictionMonths: r.restrictionMonths } : {}),
    };
  }
  const l = file.listings.find((x) => x.id === target.id);
  // Only the punishment list is repaired; an incentive entry is nothing to repair.
  if (!l || l.listType !== 'punishment') return null;
  return { type: 'listing' as const, public: l.status === 'active', since: l.startDate, severity: 'serious' as const, legalBasis: l.legalBasis, authorityName: l.decidingAuthority };
}

/** Eligibility of one target of this enterprise on `date`. Null when the enterprise has no such target. */
export async function checkEligibility(db: Db, uscc: string, target: { type: RepairTargetType; id: string }, date: CalendarDate): Promise<Eligibility | null> {
  const [file, requests, sets] = await Promise.all([readEnterpriseFile(db, uscc, { consistent: true }), readRepairRequests(db, uscc, true), effectiveRepairRuleSets(db)]);
  return eligibilityFrom(file, requests, target, date, sets);
}

function eligibilityFrom(file: EnterpriseFile, requests: RepairRequest[], target: { type: RepairTargetType; id: string }, date: CalendarDate, sets: readonly RepairRuleSet[]): Eligibility | null {
  const facts = repairTargetFacts(file, target);
  if (!facts) return null;
  const same = requests.filter((r) => r.target.type === target.type && r.target.id === target.id);
  const lastRevokedOn = same.map((r) => r.revokedOn).filter((d): d is string => !!d).sort().at(-1) ?? null;
  return repairEligibility(facts, date, { openApplication: same.some((r) => OPEN_REPAIR_STATUSES.includes(r.status)), lastRevokedOn }, sets);
}

export interface RepairWriteOptions {
  actor: Actor;
  now?: () => Date;
  workingDays?: WorkingDays;
  precheck?: () => Promise<void>;
  extras?: (event: LedgerEvent | null, request: RepairRequest) => TransactWriteItem[];
}

/** Submit an application; refused with 422 and `eligibleFrom` when not (yet) eligible. */
export async function submitRepairRequest(
  db: Db,
  input: { uscc: string; target: { type: RepairTargetType; id: string }; statement: string; commitment: string; evidence: Evidence[] },
  options: RepairWriteOptions,
): Promise<RepairRequest> {
  const now = options.now ?? (() => new Date());
  let created: RepairRequest | undefined;
  await commit(db, async () => {
    await options.precheck?.();
    const [file, requests, sets] = await Promise.all([readEnterpriseFile(db, input.uscc, { consistent: true }), readRepairRequests(db, input.uscc, true), effectiveRepairRuleSets(db)]);
    const at = now();
    const today = shanghaiDate(at);
    const eligibility = eligibilityFrom(file, requests, input.target, today, sets);
    if (!eligibility) throw new Problem('record.not-found', `No ${input.target.type} ${input.target.id} of this enterprise can be repaired.`);
    if (!eligibility.eligible) {
      throw new Problem('repair.ineligible', `Not eligible: ${eligibility.reasons.map((r) => r.en).join('; ')}.`, {
        extensions: { eligibleFrom: eligibility.eligibleFrom, ruleSet: eligibility.ruleSet, reasons: eligibility.reasons },
      });
    }
    const facts = repairTargetFacts(file, input.target);
    const rule = ruleSetOn(today, governanceOf(facts?.authorityName ?? ''), sets);
    if (!rule) throw new Problem('repair.ineligible', 'No repair rule set is in force.');
    const request = newRepairRequest({ id: newId('rpr'), ...input }, rule, { now: at, today, actor: options.actor, workingDays: options.workingDays ?? defaultWorkingDays });
    created = request;
    return {
      draft: { type: 'repair.submitted', changes: [] },
      outcomes: [],
      writes: [putVersioned(db.tableName, request), ...lockActions(db.tableName, request)],
      ...(options.extras ? { extras: (e: LedgerEvent | null) => options.extras?.(e, request) ?? [] } : {}),
    };
  }, { now });
  return created as RepairRequest;
}

/**
 * Move an application on: an enterprise's supplement or withdrawal, or a reviewer's decision.
 * Approve and revoke change the public register in the same transaction (ledger event with reason
 * `repaired`, or the restored record or listing).
 */
export async function actOnRepairRequest(
  db: Db,
  input: { id: string; action: RepairAction; reason?: string; supplement?: { text: string; evidence: Evidence[] }; expectedVersion?: number; onlyFor?: string },
  options: RepairWriteOptions,
): Promise<{ request: RepairRequest; event: LedgerEvent | null }> {
  const now = options.now ?? (() => new Date());
  // The action is taken on the application as it stood when the request arrived. A request that
  // lost a race (or waited its turn in this process) plans again on the winner's result, where its
  // action may still be allowed: a rejection would land on top of a colleague's request for
  // material the reviewer never saw. Pinning the version read now makes it lose instead.
  const arrived = input.expectedVersion === undefined ? (await getRepairRequest(db, input.id))?.version : undefined;
  let updated: RepairRequest | undefined;
  const event = await commit(db, async () => {
    await options.precheck?.();
    const current = await getRepairRequest(db, input.id);
    // Another enterprise's application is answered as absent, not forbidden.
    if (!current || (input.onlyFor !== undefined && current.uscc !== input.onlyFor)) throw new Problem('repair.not-found', `No repair application ${input.id}.`);
    if (input.expectedVersion !== undefined && current.version !== input.expectedVersion) {
      throw new Problem('precondition.failed', `The application is at version ${current.version}, not ${input.expectedVersion}.`);
    }
    if (arrived !== undefined && current.version !== arrived) {
      // No If-Match was sent, so not a 412: the application changed under the request (409).
      throw invalidTransition(current, `Application ${input.id} became ${current.status} by another action taken at the same time; read it again before “${input.action}”.`);
    }
    const at = now();
    const today = shanghaiDate(at);
    const request = transition(current, input.action, { now: at, today, actor: options.actor, workingDays: options.workingDays ?? defaultWorkingDays }, {
      ...(input.reason ? { reason: input.reason } : {}),
      ...(input.supplement ? { supplement: input.supplement } : {}),
    });
    updated = request;
    let outcome: Outcome | undefined;
    if (input.action === 'approve' || input.action === 'revoke') {
      const file = await readEnterpriseFile(db, current.uscc, { consistent: true });
      const ctx: CommandContext = { now: at, today, actor: options.actor, newId };
      outcome = input.action === 'approve' ? repairTarget(file, current.target, current.id, ctx) : restoreTarget(file, current.target, current.id, ctx);
    }
    return {
      draft: { type: `repair.${input.action === 'approve' ? 'approved' : input.action === 'revoke' ? 'revoked' : input.action}`, changes: outcome?.changes ?? [] },
      outcomes: outcome ? [outcome] : [],
      writes: [putVersioned(db.tableName, request), ...lockActions(db.tableName, request)],
      ...(options.extras ? { extras: (e: LedgerEvent | null) => options.extras?.(e, request) ?? [] } : {}),
    };
  }, { now });
  return { request: updated as RepairRequest, event };
}

/** The review queue: applications in a status, soonest due first; `overdue` keeps those past due. */
export async function repairQueue(db: Db, q: { status: RepairStatus; overdueOn?: CalendarDate; limit: number; cursor?: string }): Promise<Page<RepairRequest>> {
  const partition = queuePartition(q.status);
  const out = await db.client.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: INDEXES.byDistrictOrList.name,
      KeyConditionExpression: q.overdueOn ? '#pk = :pk AND #sk < :today' : '#pk = :pk',
      ExpressionAttributeNames: { '#pk': INDEXES.byDistrictOrList.partition, ...(q.overdueOn ? { '#sk': INDEXES.byDistrictOrList.sort } : {}) },
      ExpressionAttributeValues: { ':pk': { S: partition }, ...(q.overdueOn ? { ':today': { S: q.overdueOn } } : {}) },
      Limit: q.limit,
      ExclusiveStartKey: decodeCursor(q.cursor, INDEXES.byDistrictOrList.partition, partition),
    }),
  );
  const cursor = encodeCursor(out.LastEvaluatedKey);
  return { items: (out.Items ?? []).map((i) => fromItem<RepairRequest>(i)), ...(cursor ? { cursor } : {}) };
}
