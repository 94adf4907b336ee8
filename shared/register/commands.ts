/**
 * Publishing commands as pure functions: given everything stored under one enterprise and a
 * command, return the new state of what changes and the ledger draft describing it. The store
 * persists the outcome in one transaction; nothing here touches DynamoDB or HTTP.
 */
import { canonicalJson, type Change, type EventDraft } from '../ledger/event.ts';
import { Problem } from '../errors.ts';
import { isPublicListing, isPublicRecord, toPublicEnterprise, toPublicListing, toPublicRecord } from '../public/projection.ts';
import { addDays, type CalendarDate } from '../rules/calendar.ts';
import { classify } from '../rules/classification.ts';
import { districtByCode } from '../rules/districts.ts';
import { earliestRemovalFrom, LISTING_RULES, listingEnd } from '../rules/listings.ts';
import { publicationFor, RECORD_KINDS } from '../rules/records.ts';
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

/** What an official states about an enterprise; its class is never input, it is computed. */
export type EnterpriseInput = Pick<Enterprise, 'uscc' | 'checkDigitValid' | 'name' | 'district' | 'registeredAddress' | 'legalRepresentative' | 'contactPhone' | 'riskClass'>;

/** The fields of a record an official states, and may later correct; the period follows from them. */
const CORRECTABLE_FIELDS = [
  'severity',
  'title',
  'decisionNumber',
  'violationType',
  'facts',
  'legalBasis',
  'penaltyTypes',
  'penaltyContent',
  'fineWan',
  'confiscationWan',
  'licenceRevoked',
  'restrictionMonths',
  'decisionDate',
  'authority',
  'dataSource',
  'internalNote',
] as const;
type Correctable = (typeof CORRECTABLE_FIELDS)[number];

/**
 * What an official publishes: the record's own fields, but never its id, status, version or
 * publication end (computed from the rules); publication may have begun before today (imports).
 */
export type RecordInput = Pick<CreditRecord, 'uscc' | 'kind' | Exclude<Correctable, 'licenceRevoked'>> & {
  licenceRevoked?: boolean;
  publishedOn?: CalendarDate;
  validUntil?: CalendarDate;
};

/** A correction: any of the stated fields, nothing else (not identity, status or publication dates). */
export type RecordCorrection = Partial<Pick<RecordInput, Correctable>>;

export type ListingInput = Pick<Listing, 'uscc' | 'listType' | 'grounds' | 'legalBasis' | 'measures' | 'decidingAuthority' | 'startDate' | 'internalNote'>;

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
export function registerEnterprise(file: EnterpriseFile, input: EnterpriseInput, ctx: CommandContext, expectedVersion?: number): Outcome {
  // Version 0 stands for "not registered yet": a concurrent registration then fails the check.
  if (expectedVersion !== undefined) checkVersion(file.enterprise ?? { version: 0 }, expectedVersion, 'enterprise');
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

// ---------------------------------------------------------------------------------------------
// Officials' corrections and removals
// ---------------------------------------------------------------------------------------------

/** Optimistic concurrency: the caller's If-Match named this version. */
export function checkVersion(entity: { version: number }, expected: number | undefined, what: string): void {
  if (expected !== undefined && entity.version !== expected) {
    throw new Problem('precondition.failed', `The ${what} is at version ${entity.version}, not ${expected}: read it again and retry.`, {
      extensions: { currentVersion: entity.version },
    });
  }
}

function requirePublishedRecord(file: EnterpriseFile, id: string): CreditRecord {
  const record = file.records.find((r) => r.id === id);
  if (!record) throw new Problem('record.not-found', `No record ${id}.`);
  if (record.status !== 'published') throw new Problem('record.not-current', `Record ${id} is ${record.status}, no longer published.`);
  return record;
}

function requireActiveListing(file: EnterpriseFile, id: string): Listing {
  const listing = file.listings.find((l) => l.id === id);
  if (!listing) throw new Problem('listing.not-found', `No list entry ${id}.`);
  if (listing.status !== 'active') throw new Problem('listing.not-current', `List entry ${id} is ${listing.status}, no longer current.`);
  return listing;
}


/** Apply `changed` records and listings to the file, reclassify, and describe it. */
function apply(before: Enterprise, file: EnterpriseFile, changed: { records?: CreditRecord[]; listings?: Listing[] }, changes: Change[], ctx: CommandContext): Outcome {
  const records = changed.records ?? [];
  const listings = changed.listings ?? [];
  const next: EnterpriseFile = {
    enterprise: before,
    records: file.records.map((r) => records.find((x) => x.id === r.id) ?? r),
    listings: file.listings.map((l) => listings.find((x) => x.id === l.id) ?? l),
  };
  const classified = withClassification(before, next, ctx);
  return { before, enterprise: classified.enterprise, records, listings, changes: [...changes, ...classified.changes] };
}

/** Correct a published record; its period is recomputed from the day publication began. */
export function correctRecord(file: EnterpriseFile, id: string, correction: RecordCorrection, expectedVersion: number | undefined, ctx: CommandContext): Outcome {
  const before = requireEnterprise(file, file.enterprise?.uscc ?? '');
  const record = requirePublishedRecord(file, id);
  checkVersion(record, expectedVersion, 'record');
  // Only the correctable fields: identity, status and dates of publication are not the caller's.
  const merged: CreditRecord = { ...record };
  for (const field of CORRECTABLE_FIELDS) {
    if (Object.hasOwn(correction, field)) (merged as unknown as Record<string, unknown>)[field] = correction[field];
  }
  if (merged.decisionDate > ctx.today) throw dateProblem('decisionDate', 'a decision cannot be dated in the future');
  if (merged.penaltyTypes.includes('fine') && merged.fineWan === undefined) {
    throw new Problem('request.invalid', 'A fine needs its amount in 万元.', { errors: [{ in: 'body', field: 'fineWan', code: 'required', detail: 'required when penaltyTypes includes fine' }] });
  }
  const publication = publicationFor(merged, record.publishedOn);
  if (!publication.published) {
    throw new Problem('record.not-publishable', `As corrected, the record would not be published (${publication.basis}): withdraw it instead.`, {
      errors: [{ in: 'body', field: 'penaltyTypes', code: publication.reason, detail: publication.basis }],
    });
  }
  const corrected = bumped(merged, ctx.now, { publicationEnd: publication.publicationEnd, publicationBasis: publication.basis });
  return apply(before, file, { records: [corrected] }, [{ entity: 'record', id, uscc: record.uscc, action: 'corrected', data: toPublicRecord(corrected) }], ctx);
}

/** SAMR Order 45 Art. 11: a decision changed, revoked or annulled is withdrawn, with a reason. */
export function withdrawRecord(file: EnterpriseFile, id: string, reason: string, expectedVersion: number | undefined, ctx: CommandContext): Outcome {
  const before = requireEnterprise(file, file.enterprise?.uscc ?? '');
  const record = requirePublishedRecord(file, id);
  checkVersion(record, expectedVersion, 'record');
  const withdrawn = bumped(record, ctx.now, { status: 'withdrawn' as const, statusChangedOn: ctx.today, statusReason: reason });
  return apply(before, file, { records: [withdrawn] }, [{ entity: 'record', id, uscc: record.uscc, action: 'withdrawn', data: null, reason: 'withdrawn' }], ctx);
}

/** End a list entry early, with a reason (e.g. SAMR Order 44 Art. 18: measures lifted). */
export function endListing(file: EnterpriseFile, id: string, reason: string, expectedVersion: number | undefined, ctx: CommandContext): Outcome {
  const before = requireEnterprise(file, file.enterprise?.uscc ?? '');
  const listing = requireActiveListing(file, id);
  checkVersion(listing, expectedVersion, 'list entry');
  const ended = bumped(listing, ctx.now, { status: 'ended' as const, endedOn: ctx.today, endReason: reason });
  return apply(before, file, { listings: [ended] }, [{ entity: 'listing', id, uscc: listing.uscc, action: 'ended', data: null, reason: 'ended' }], ctx);
}

/** An official's override of the computed class, public with its reason; null clears it. */
export function overrideClassification(
  file: EnterpriseFile,
  override: { class: PublishedClassification['class']; reason: string } | null,
  expectedVersion: number | undefined,
  ctx: CommandContext,
): Outcome {
  const before = requireEnterprise(file, file.enterprise?.uscc ?? '');
  checkVersion(before, expectedVersion, 'enterprise');
  const department = ctx.actor.department ?? ctx.actor.id;
  const computed = reclassify(file);
  const classification: PublishedClassification = override
    ? { ...computed, class: override.class, override: { class: override.class, reason: override.reason, department, decidedOn: ctx.today } }
    : computed;
  const enterprise = bumped(before, ctx.now, { classification });
  const moved = canonicalJson(toPublicEnterprise(before)) !== canonicalJson(toPublicEnterprise(enterprise));
  return {
    before,
    enterprise,
    records: [],
    listings: [],
    changes: moved ? [{ entity: 'enterprise', id: enterprise.uscc, uscc: enterprise.uscc, action: 'classified', data: toPublicEnterprise(enterprise) }] : [],
  };
}

/**
 * End the publication of everything in the file whose last day is before `ctx.today`: records
 * (SAMR Order 45 Art. 13) and list entries (SAMR Order 44 Art. 21). Null when nothing is due, so
 * running the job twice changes nothing the second time.
 */
export function expireDue(file: EnterpriseFile, ctx: CommandContext): Outcome | null {
  const before = file.enterprise;
  if (!before) return null;
  const records = file.records
    .filter((r) => r.status === 'published' && r.publicationEnd < ctx.today)
    .map((r) => bumped(r, ctx.now, { status: 'expired' as const, statusChangedOn: addDays(r.publicationEnd, 1), statusReason: r.publicationBasis }));
  const listings = file.listings
    .filter((l) => l.status === 'active' && l.endDate < ctx.today)
    .map((l) => bumped(l, ctx.now, { status: 'expired' as const, endedOn: addDays(l.endDate, 1), endReason: LISTING_RULES[l.listType].source }));
  if (records.length === 0 && listings.length === 0) return null;
  const changes: Change[] = [
    ...records.map((r): Change => ({ entity: 'record', id: r.id, uscc: r.uscc, action: 'expired', data: null, reason: 'expired' })),
    ...listings.map((l): Change => ({ entity: 'listing', id: l.id, uscc: l.uscc, action: 'expired', data: null, reason: 'expired' })),
  ];
  return apply(before, file, { records, listings }, changes, ctx);
}

// ---------------------------------------------------------------------------------------------
// Credit repair outcomes
// ---------------------------------------------------------------------------------------------

export type RepairTargetRef = { type: 'record' | 'listing'; id: string };

/**
 * An approved repair: publication of the record ends early, or the listing ends and its measures
 * are lifted (SAMR Order 44 Art. 18); the class is recomputed. Reason `repaired`.
 */
export function repairTarget(file: EnterpriseFile, target: RepairTargetRef, requestId: string, ctx: CommandContext): Outcome {
  const before = requireEnterprise(file, file.enterprise?.uscc ?? '');
  if (target.type === 'record') {
    const record = requirePublishedRecord(file, target.id);
    const repaired = bumped(record, ctx.now, { status: 'repaired' as const, statusChangedOn: ctx.today, statusReason: `credit repair ${requestId}` });
    return apply(before, file, { records: [repaired] }, [{ entity: 'record', id: record.id, uscc: record.uscc, action: 'repaired', data: null, reason: 'repaired' }], ctx);
  }
  const listing = requireActiveListing(file, target.id);
  const repaired = bumped(listing, ctx.now, { status: 'repaired' as const, endedOn: ctx.today, endReason: `credit repair ${requestId}` });
  return apply(before, file, { listings: [repaired] }, [{ entity: 'listing', id: listing.id, uscc: listing.uscc, action: 'repaired', data: null, reason: 'repaired' }], ctx);
}

/**
 * A repair revoked because it was obtained with false materials: the record or listing is
 * restored and its publication period restarts from today (SAMR Order 44 Art. 20; NDRC Order 36
 * Art. 25).
 */
export function restoreTarget(file: EnterpriseFile, target: RepairTargetRef, requestId: string, ctx: CommandContext): Outcome {
  const before = requireEnterprise(file, file.enterprise?.uscc ?? '');
  if (target.type === 'record') {
    const record = file.records.find((r) => r.id === target.id);
    if (!record) throw new Problem('record.not-found', `No record ${target.id}.`);
    if (record.status !== 'repaired') throw new Problem('record.not-current', `Record ${target.id} is ${record.status}, not repaired.`);
    const publication = publicationFor(record, ctx.today);
    const end = publication.published ? publication.publicationEnd : ctx.today;
    const { statusChangedOn: _changed, ...rest } = record;
    const restored = bumped(rest as CreditRecord, ctx.now, {
      status: 'published' as const,
      publishedOn: ctx.today,
      publicationEnd: end,
      statusReason: `repair ${requestId} revoked: publication restarted`,
    });
    return apply(before, file, { records: [restored] }, [{ entity: 'record', id: record.id, uscc: record.uscc, action: 'restored', data: toPublicRecord(restored), reason: 'repair-revoked' }], ctx);
  }
  const listing = file.listings.find((l) => l.id === target.id);
  if (!listing) throw new Problem('listing.not-found', `No list entry ${target.id}.`);
  if (listing.status !== 'repaired') throw new Problem('listing.not-current', `List entry ${target.id} is ${listing.status}, not repaired.`);
  const { endedOn: _ended, ...rest } = listing;
  const restored = bumped(rest as Listing, ctx.now, {
    status: 'active' as const,
    startDate: ctx.today,
    endDate: listingEnd(listing.listType, ctx.today),
    earliestRemovalFrom: earliestRemovalFrom(listing.listType, ctx.today),
    endReason: `repair ${requestId} revoked: listing restarted`,
  });
  return apply(before, file, { listings: [restored] }, [{ entity: 'listing', id: listing.id, uscc: listing.uscc, action: 'restored', data: toPublicListing(restored), reason: 'repair-revoked' }], ctx);
}
