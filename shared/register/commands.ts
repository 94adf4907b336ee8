/**
 * Publishing commands as pure functions: given everything stored under one enterprise and a
 * command, return the new state of what changes and the ledger draft describing it. The store
 * persists the outcome in one transaction; nothing here touches DynamoDB or HTTP.
 */
import { canonicalJson, type Change, type EventDraft } from '../ledger/event.ts';
import { Problem } from '../errors.ts';
import { isPublicListing, isPublicRecord, toPublicEnterprise, toPublicListing, toPublicRecord } from '../public/projection.ts';
import type { CalendarDate } from '../rules/calendar.ts';
import { classify } from '../rules/classification.ts';
import { districtByCode } from '../rules/districts.ts';
import { earliestRemovalFrom, listingEnd, type ListType } from '../rules/listings.ts';
import { publicationFor, RECORD_KINDS, type PenaltyType, type RecordKind, type Severity } from '../rules/records.ts';
import type { Actor, CreditRecord, Enterprise, EnterpriseFile, Listing, PublishedClassification } from './model.ts';

export interface CommandContext {
  now: Date;
  /** The calendar day in Hangzhou at `now`. */
  today: CalendarDate;
  actor: Actor;
  newId: (prefix: 'rec' | 'lst') => string;
}

/** What one command changes. Each entity's `version` is its new version: 1 means newly created. */
export interface Outcome {
  /** The enterprise as it was read, or null when this outcome registers it. */
  before: Enterprise | null;
  enterprise: Enterprise;
  records: CreditRecord[];
  listings: Listing[];
  changes: Change[];
}

export interface EnterpriseInput {
  uscc: string;
  checkDigitValid: boolean;
  name: string;
  district: string;
  registeredAddress?: string;
  legalRepresentative?: { name: string; idNumber?: string };
  contactPhone?: string;
  riskClass?: Enterprise['riskClass'];
}

export interface RecordInput {
  uscc: string;
  kind: RecordKind;
  severity: Severity | null;
  title: string;
  decisionNumber: string;
  violationType?: string;
  facts?: string;
  legalBasis: string;
  penaltyTypes: PenaltyType[];
  penaltyContent?: string;
  fineWan?: number;
  confiscationWan?: number;
  licenceRevoked?: boolean;
  restrictionMonths?: number;
  decisionDate: CalendarDate;
  authority: { name: string; uscc: string };
  dataSource: string;
  /** Defaults to today; may be earlier when importing what was published before. */
  publishedOn?: CalendarDate;
  validUntil?: CalendarDate;
  internalNote?: string;
}

export interface ListingInput {
  uscc: string;
  listType: ListType;
  grounds: string;
  legalBasis: string;
  measures: string[];
  decidingAuthority: string;
  startDate: CalendarDate;
  internalNote?: string;
}

/** The published class, recomputed from what is public in the file now (DOMAIN.md §5). */
export function reclassify(file: EnterpriseFile, previous?: PublishedClassification): PublishedClassification {
  const computed = classify({
    records: file.records.filter(isPublicRecord).map((r) => ({ id: r.id, kind: r.kind, severity: r.severity })),
    listings: file.listings.filter(isPublicListing).map((l) => ({ id: l.id, listType: l.listType })),
  });
  return previous?.override ? { ...computed, class: previous.override.class, override: previous.override } : computed;
}

function bumped<T extends { version: number; updatedAt: string }>(entity: T, now: Date, changes: Partial<T>): T {
  return { ...entity, ...changes, version: entity.version + 1, updatedAt: now.toISOString() };
}

/** The enterprise after its file changed, and a `classified` change when its public view moved. */
function withClassification(before: Enterprise, file: EnterpriseFile, ctx: CommandContext): { enterprise: Enterprise; changes: Change[] } {
  const classification = reclassify(file, before.classification);
  const enterprise = bumped(before, ctx.now, { classification });
  const moved = canonicalJson(toPublicEnterprise(before)) !== canonicalJson(toPublicEnterprise(enterprise));
  return {
    enterprise,
    changes: moved ? [{ entity: 'enterprise', id: enterprise.uscc, uscc: enterprise.uscc, action: 'classified', data: toPublicEnterprise(enterprise) }] : [],
  };
}

function dateProblem(field: string, detail: string): Problem {
  return new Problem('request.invalid', `${field}: ${detail}.`, { errors: [{ in: 'body', field, code: 'date-order', detail }] });
}

function requireEnterprise(file: EnterpriseFile, uscc: string): Enterprise {
  if (!file.enterprise) throw new Problem('enterprise.not-found', `No enterprise ${uscc} is registered.`);
  return file.enterprise;
}

/** Register an enterprise, or update its registration details. */
export function registerEnterprise(file: EnterpriseFile, input: EnterpriseInput, ctx: CommandContext): Outcome {
  const nowIso = ctx.now.toISOString();
  const details = {
    checkDigitValid: input.checkDigitValid,
    name: input.name,
    district: input.district,
    registeredAddress: input.registeredAddress,
    legalRepresentative: input.legalRepresentative,
    contactPhone: input.contactPhone,
    riskClass: input.riskClass,
  };
  if (!districtByCode(input.district)) {
    throw new Problem('request.invalid', `${input.district} is not a current district of Hangzhou.`, {
      errors: [{ in: 'body', field: 'district', code: 'unknown-district', detail: 'must be one of the 13 current district codes (DOMAIN.md §2)' }],
    });
  }
  const before = file.enterprise;
  const enterprise: Enterprise = before
    ? bumped(before, ctx.now, details)
    : { uscc: input.uscc, ...details, classification: reclassify(file), version: 1, createdAt: nowIso, updatedAt: nowIso };
  const unchanged = before && canonicalJson(toPublicEnterprise(before)) === canonicalJson(toPublicEnterprise(enterprise));
  return {
    before,
    enterprise,
    records: [],
    listings: [],
    changes: unchanged
      ? []
      : [{ entity: 'enterprise', id: enterprise.uscc, uscc: enterprise.uscc, action: before ? 'updated' : 'registered', data: toPublicEnterprise(enterprise) }],
  };
}

/** Publish a credit record; its 公示截止期 comes from the rules, never from the caller. */
export function publishRecord(file: EnterpriseFile, input: RecordInput, ctx: CommandContext): Outcome {
  const before = requireEnterprise(file, input.uscc);
  if (file.records.some((r) => r.decisionNumber === input.decisionNumber && r.kind === input.kind)) {
    throw new Problem('record.duplicate', `Decision ${input.decisionNumber} is already recorded for ${input.uscc}.`, {
      errors: [{ in: 'body', field: 'decisionNumber', code: 'duplicate', detail: 'already recorded for this enterprise' }],
    });
  }
  if (RECORD_KINDS[input.kind].negative && input.severity === null) {
    throw new Problem('request.invalid', 'A penalty or spot-check failure needs its severity (轻微, 一般 or 严重).', {
      errors: [{ in: 'body', field: 'severity', code: 'required', detail: 'required for negative records (国办发〔2025〕22号 tiers)' }],
    });
  }
  if (input.penaltyTypes.includes('fine') && input.fineWan === undefined) {
    // Order 45 Art. 13's period depends on the amount: it cannot be guessed.
    throw new Problem('request.invalid', 'A fine needs its amount in 万元.', {
      errors: [{ in: 'body', field: 'fineWan', code: 'required', detail: 'required when penaltyTypes includes fine' }],
    });
  }
  const publishedOn = input.publishedOn ?? ctx.today;
  if (input.decisionDate > ctx.today) throw dateProblem('decisionDate', 'a decision cannot be dated in the future');
  if (publishedOn > ctx.today) throw dateProblem('publishedOn', 'publication cannot begin in the future');
  if (publishedOn < input.decisionDate) throw dateProblem('publishedOn', 'publication cannot begin before the decision');
  const publication = publicationFor(input, publishedOn);
  if (!publication.published) {
    throw new Problem('record.not-publishable', `A warning-only penalty is not published (${publication.basis}).`, {
      errors: [{ in: 'body', field: 'penaltyTypes', code: publication.reason, detail: publication.basis }],
    });
  }
  if (publication.publicationEnd < ctx.today) {
    throw new Problem('record.not-publishable', `Its publication period ended on ${publication.publicationEnd} (${publication.basis}).`, {
      errors: [{ in: 'body', field: 'publishedOn', code: 'period-over', detail: `publication would have ended on ${publication.publicationEnd}` }],
    });
  }
  const nowIso = ctx.now.toISOString();
  const { validUntil: _validUntil, publishedOn: _publishedOn, ...fields } = input;
  const record: CreditRecord = {
    ...fields,
    licenceRevoked: input.licenceRevoked ?? input.penaltyTypes.includes('licence-revoked'),
    id: ctx.newId('rec'),
    publishedOn,
    publicationEnd: publication.publicationEnd,
    publicationBasis: publication.basis,
    status: 'published',
    version: 1,
    createdAt: nowIso,
    updatedAt: nowIso,
  };
  const next: EnterpriseFile = { ...file, records: [...file.records, record] };
  const { enterprise, changes } = withClassification(before, next, ctx);
  return {
    before,
    enterprise,
    records: [record],
    listings: [],
    changes: [{ entity: 'record', id: record.id, uscc: record.uscc, action: 'published', data: toPublicRecord(record) }, ...changes],
  };
}

/** Put an enterprise on the punishment or incentive list; the end date comes from the rules. */
export function addListing(file: EnterpriseFile, input: ListingInput, ctx: CommandContext): Outcome {
  const before = requireEnterprise(file, input.uscc);
  if (input.startDate > ctx.today) throw dateProblem('startDate', 'a listing cannot start in the future');
  const nowIso = ctx.now.toISOString();
  const listing: Listing = {
    ...input,
    id: ctx.newId('lst'),
    enterpriseName: before.name,
    endDate: listingEnd(input.listType, input.startDate),
    earliestRemovalFrom: earliestRemovalFrom(input.listType, input.startDate),
    status: 'active',
    version: 1,
    createdAt: nowIso,
    updatedAt: nowIso,
  };
  const next: EnterpriseFile = { ...file, listings: [...file.listings, listing] };
  const { enterprise, changes } = withClassification(before, next, ctx);
  return {
    before,
    enterprise,
    records: [],
    listings: [listing],
    changes: [{ entity: 'listing', id: listing.id, uscc: listing.uscc, action: 'added', data: toPublicListing(listing) }, ...changes],
  };
}

/** Apply several commands to one file in order, as one outcome (one event, one transaction). */
export function combine(file: EnterpriseFile, steps: ((f: EnterpriseFile) => Outcome)[]): Outcome {
  let current = file;
  const records = new Map<string, CreditRecord>();
  const listings = new Map<string, Listing>();
  const changes: Change[] = [];
  let enterprise: Enterprise | null = null;
  let baseVersion: number | null = null;
  const before = file.enterprise;
  for (const step of steps) {
    const outcome = step(current);
    if (baseVersion === null) baseVersion = outcome.enterprise.version - 1;
    enterprise = outcome.enterprise;
    for (const r of outcome.records) records.set(r.id, r);
    for (const l of outcome.listings) listings.set(l.id, l);
    changes.push(...outcome.changes);
    current = {
      enterprise,
      records: [...current.records.filter((r) => !records.has(r.id)), ...records.values()],
      listings: [...current.listings.filter((l) => !listings.has(l.id)), ...listings.values()],
    };
  }
  if (!enterprise || baseVersion === null) throw new RangeError('combine needs at least one step');
  // Several steps each bumped the version; the store expects one step up from what it read.
  return {
    before,
    enterprise: { ...enterprise, version: baseVersion + 1 },
    records: [...records.values()],
    listings: [...listings.values()],
    changes: collapseEnterpriseChanges(changes),
  };
}

/** Keep one enterprise change per enterprise: its final public view, under its first action. */
function collapseEnterpriseChanges(changes: Change[]): Change[] {
  const last = new Map<string, Change>();
  const first = new Map<string, Change>();
  for (const c of changes) {
    if (c.entity !== 'enterprise') continue;
    if (!first.has(c.id)) first.set(c.id, c);
    last.set(c.id, c);
  }
  return changes.flatMap((c) => {
    if (c.entity !== 'enterprise') return [c];
    if (first.get(c.id) !== c) return [];
    const final = last.get(c.id) ?? c;
    return [{ ...final, action: c.action }];
  });
}

export function toDraft(type: string, outcomes: Outcome[]): EventDraft {
  return { type, changes: outcomes.flatMap((o) => o.changes) };
}
