/**
 * What a credit-repair decision, an expiry, a correction, a withdrawal or an override does to an
 * enterprise's file (shared/register/commands.ts): new entity states, the recomputed class and the
 * public ledger changes. Pure functions: no DynamoDB, no HTTP.
 */
import { describe, expect, it } from 'vitest';
import { toPublicListing, toPublicRecord } from '../../../shared/public/projection.ts';
import {
  checkVersion,
  correctRecord,
  endListing,
  expireDue,
  overrideClassification,
  reclassify,
  repairTarget,
  restoreTarget,
  withdrawRecord,
  type Outcome,
} from '../../../shared/register/commands.ts';
import type { CreditRecord, EnterpriseFile, Listing } from '../../../shared/register/model.ts';
import { LISTING_RULES } from '../../../shared/rules/listings.ts';
import { PLANTED, USCC, context, enterprise, listing, record } from '../fixtures.ts';
import { thrownProblem as thrown } from '../../support/problems.ts';

const TODAY = '2026-03-02';
const NOW_ISO = '2026-03-02T02:00:00.000Z';

/** A registered enterprise whose stored class is what its file computes to. */
function fileOf(records: CreditRecord[] = [], listings: Listing[] = []): EnterpriseFile {
  const classification = reclassify({ enterprise: null, records, listings });
  return { enterprise: enterprise({ classification }), records, listings };
}

/** The file after an outcome is stored. */
function applied(file: EnterpriseFile, outcome: Outcome): EnterpriseFile {
  return {
    enterprise: outcome.enterprise,
    records: file.records.map((r) => outcome.records.find((x) => x.id === r.id) ?? r),
    listings: file.listings.map((l) => outcome.listings.find((x) => x.id === l.id) ?? l),
  };
}


const summary = (o: Outcome) => o.changes.map((c) => `${c.entity}:${c.action}`);
const classOf = (o: Outcome) => o.enterprise.classification.class;

const repairedRecord = (overrides: Partial<CreditRecord> = {}) =>
  record({ status: 'repaired', statusChangedOn: '2026-02-20', statusReason: 'credit repair rr_1', ...overrides });
const repairedListing = (overrides: Partial<Listing> = {}) => listing({ status: 'repaired', endedOn: '2026-02-20', endReason: 'credit repair rr_1', ...overrides });

describe('repairTarget: an approved repair ends publication (DOMAIN.md §6)', () => {
  it('marks a record repaired today, with the request in its internal reason', () => {
    const outcome = repairTarget(fileOf([record()]), { type: 'record', id: 'rec_1' }, 'rr_1', context());
    expect(outcome.records).toHaveLength(1);
    expect(outcome.records[0]).toMatchObject({ id: 'rec_1', status: 'repaired', statusChangedOn: TODAY, version: 4, updatedAt: NOW_ISO });
    expect(outcome.records[0]?.statusReason).toContain('rr_1');
    expect(outcome.listings).toEqual([]);
  });

  it('publishes a "repaired" change with no data, and recomputes the class C → B', () => {
    const file = fileOf([record()]);
    expect(file.enterprise?.classification.class).toBe('C');

    const outcome = repairTarget(file, { type: 'record', id: 'rec_1' }, 'rr_1', context());

    expect(outcome.changes[0]).toEqual({ entity: 'record', id: 'rec_1', uscc: USCC, action: 'repaired', data: null, reason: 'repaired' });
    expect(classOf(outcome)).toBe('B');
    expect(outcome.enterprise.classification.reasons).toEqual([expect.objectContaining({ rule: 'B.default', refs: [] })]);
    expect(summary(outcome)).toEqual(['record:repaired', 'enterprise:classified']);
    expect(outcome.changes[1]).toMatchObject({ data: { classification: { class: 'B' } } });
    expect(outcome.enterprise.version).toBe(8);
  });

  it('keeps the class C while another general record is still published, naming only that one', () => {
    const outcome = repairTarget(fileOf([record(), record({ id: 'rec_2', decisionNumber: 'X-2' })]), { type: 'record', id: 'rec_1' }, 'rr_1', context());
    expect(classOf(outcome)).toBe('C');
    expect(outcome.enterprise.classification.reasons[0]?.refs).toEqual([{ type: 'record', id: 'rec_2' }]);
  });

  it('ends a punishment listing today, lifting its measures: D → C with a general record still published', () => {
    const file = fileOf([record()], [listing()]);
    expect(file.enterprise?.classification.class).toBe('D');

    const outcome = repairTarget(file, { type: 'listing', id: 'lst_1' }, 'rr_2', context());

    expect(outcome.listings[0]).toMatchObject({ id: 'lst_1', status: 'repaired', endedOn: TODAY, version: 3 });
    expect(outcome.listings[0]?.endReason).toContain('rr_2');
    expect(outcome.records).toEqual([]);
    expect(outcome.changes[0]).toEqual({ entity: 'listing', id: 'lst_1', uscc: USCC, action: 'repaired', data: null, reason: 'repaired' });
    expect(classOf(outcome)).toBe('C');
  });

  it('ends a punishment listing: D → B when nothing else is published', () => {
    const outcome = repairTarget(fileOf([], [listing()]), { type: 'listing', id: 'lst_1' }, 'rr_2', context());
    expect(classOf(outcome)).toBe('B');
    expect(summary(outcome)).toEqual(['listing:repaired', 'enterprise:classified']);
  });

  it('keeps internal fields out of the changes', () => {
    const outcome = repairTarget(fileOf([record()], [listing()]), { type: 'record', id: 'rec_1' }, 'rr_1', context());
    const json = JSON.stringify(outcome.changes);
    for (const planted of [PLANTED.internalNote, PLANTED.idNumber, PLANTED.contactPhone, 'rr_1']) expect(json).not.toContain(planted);
  });

  it('does not change the file it was given', () => {
    const file = fileOf([record()]);
    const snapshot = structuredClone(file);
    repairTarget(file, { type: 'record', id: 'rec_1' }, 'rr_1', context());
    expect(file).toEqual(snapshot);
  });

  it.each(['withdrawn', 'expired', 'repaired'] as const)('refuses a %s record with record.not-current (409)', (status) => {
    const p = thrown(() => repairTarget(fileOf([record({ status })]), { type: 'record', id: 'rec_1' }, 'rr_1', context()));
    expect(p.code).toBe('record.not-current');
    expect(p.status).toBe(409);
  });

  it.each(['ended', 'expired', 'repaired'] as const)('refuses a %s listing with listing.not-current (409)', (status) => {
    const p = thrown(() => repairTarget(fileOf([], [listing({ status })]), { type: 'listing', id: 'lst_1' }, 'rr_1', context()));
    expect(p.code).toBe('listing.not-current');
    expect(p.status).toBe(409);
  });

  it('refuses an unknown target with a 404', () => {
    expect(thrown(() => repairTarget(fileOf([record()]), { type: 'record', id: 'rec_x' }, 'rr_1', context())).code).toBe('record.not-found');
    expect(thrown(() => repairTarget(fileOf([], [listing()]), { type: 'listing', id: 'lst_x' }, 'rr_1', context())).code).toBe('listing.not-found');
  });

  it('refuses a file without an enterprise', () => {
    const p = thrown(() => repairTarget({ enterprise: null, records: [record()], listings: [] }, { type: 'record', id: 'rec_1' }, 'rr_1', context()));
    expect(p.code).toBe('enterprise.not-found');
  });
});

describe('restoreTarget: a repair revoked for false materials restores the target and restarts publication (SAMR Order 44 Art. 20; NDRC Order 36 Art. 25)', () => {
  it('publishes the record again from today, with its period recomputed from today (3 years for a 5 万元 fine)', () => {
    const outcome = restoreTarget(fileOf([repairedRecord()]), { type: 'record', id: 'rec_1' }, 'rr_1', context());
    const restored = outcome.records[0];
    expect(restored).toMatchObject({ id: 'rec_1', status: 'published', publishedOn: TODAY, publicationEnd: '2029-03-02', version: 4, updatedAt: NOW_ISO });
    expect(restored).not.toHaveProperty('statusChangedOn');
  });

  it('restarts a low fine for 3 months from today (Order 45 Art. 13)', () => {
    const r = repairedRecord({ severity: 'minor', fineWan: 0.5, publicationEnd: '2026-04-10' });
    const outcome = restoreTarget(fileOf([r]), { type: 'record', id: 'rec_1' }, 'rr_1', context());
    expect(outcome.records[0]).toMatchObject({ publishedOn: TODAY, publicationEnd: '2026-06-02' });
  });

  it('restarts a restriction longer than 3 years for its whole term (Order 45 Art. 13)', () => {
    const r = repairedRecord({ penaltyTypes: ['fine', 'production-suspended'], restrictionMonths: 48 });
    const outcome = restoreTarget(fileOf([r]), { type: 'record', id: 'rec_1' }, 'rr_1', context());
    expect(outcome.records[0]?.publicationEnd).toBe('2030-03-02');
  });

  it('counts the restart to the month end when today has no corresponding day (民法典 Art. 203)', () => {
    const r = repairedRecord({ severity: 'minor', fineWan: 0.5 });
    const outcome = restoreTarget(fileOf([r]), { type: 'record', id: 'rec_1' }, 'rr_1', context(new Date('2026-03-31T02:00:00.000Z'), '2026-03-31'));
    expect(outcome.records[0]).toMatchObject({ publishedOn: '2026-03-31', publicationEnd: '2026-06-30' });
  });

  it('publishes a "restored" change with the public view and reason repair-revoked, and recomputes B → C', () => {
    const file = fileOf([repairedRecord()]);
    expect(file.enterprise?.classification.class).toBe('B');

    const outcome = restoreTarget(file, { type: 'record', id: 'rec_1' }, 'rr_1', context());

    const restored = outcome.records[0] as CreditRecord;
    expect(outcome.changes[0]).toEqual({ entity: 'record', id: 'rec_1', uscc: USCC, action: 'restored', data: toPublicRecord(restored), reason: 'repair-revoked' });
    expect(outcome.changes[0]?.data).toMatchObject({ publishedOn: TODAY, publicationEnd: '2029-03-02' });
    expect(JSON.stringify(outcome.changes)).not.toContain(PLANTED.internalNote);
    expect(classOf(outcome)).toBe('C');
    expect(summary(outcome)).toEqual(['record:restored', 'enterprise:classified']);
  });

  it('puts the listing back on the list from today for 3 years, early removal after 1 year (Order 44 Arts. 16, 20, 21)', () => {
    const outcome = restoreTarget(fileOf([], [repairedListing()]), { type: 'listing', id: 'lst_1' }, 'rr_2', context());
    const restored = outcome.listings[0];
    expect(restored).toMatchObject({ id: 'lst_1', status: 'active', startDate: TODAY, endDate: '2029-03-02', earliestRemovalFrom: '2027-03-02', version: 3 });
    expect(restored).not.toHaveProperty('endedOn');
  });

  it('publishes a "restored" listing change with the public view, and recomputes B → D', () => {
    const outcome = restoreTarget(fileOf([], [repairedListing()]), { type: 'listing', id: 'lst_1' }, 'rr_2', context());
    const restored = outcome.listings[0] as Listing;
    expect(outcome.changes[0]).toEqual({ entity: 'listing', id: 'lst_1', uscc: USCC, action: 'restored', data: toPublicListing(restored), reason: 'repair-revoked' });
    expect(outcome.changes[0]?.data).toMatchObject({ startDate: TODAY, endDate: '2029-03-02' });
    expect(classOf(outcome)).toBe('D');
  });

  it('undoes a repair: repairTarget then restoreTarget gives a published record and the class back', () => {
    const file = fileOf([record()]);
    const afterRepair = applied(file, repairTarget(file, { type: 'record', id: 'rec_1' }, 'rr_1', context()));
    const later = context(new Date('2026-06-01T02:00:00.000Z'), '2026-06-01');
    const outcome = restoreTarget(afterRepair, { type: 'record', id: 'rec_1' }, 'rr_1', later);
    expect(outcome.records[0]).toMatchObject({ status: 'published', publishedOn: '2026-06-01', publicationEnd: '2029-06-01', version: 5 });
    expect(classOf(outcome)).toBe('C');
  });

  it.each(['published', 'withdrawn', 'expired'] as const)('refuses a %s record (not repaired) with record.not-current (409)', (status) => {
    const p = thrown(() => restoreTarget(fileOf([record({ status })]), { type: 'record', id: 'rec_1' }, 'rr_1', context()));
    expect(p.code).toBe('record.not-current');
    expect(p.status).toBe(409);
  });

  it.each(['active', 'ended', 'expired'] as const)('refuses a %s listing (not repaired) with listing.not-current (409)', (status) => {
    const p = thrown(() => restoreTarget(fileOf([], [listing({ status })]), { type: 'listing', id: 'lst_1' }, 'rr_1', context()));
    expect(p.code).toBe('listing.not-current');
    expect(p.status).toBe(409);
  });

  it('refuses an unknown target with a 404', () => {
    expect(thrown(() => restoreTarget(fileOf([repairedRecord()]), { type: 'record', id: 'rec_x' }, 'rr_1', context())).code).toBe('record.not-found');
    expect(thrown(() => restoreTarget(fileOf([], [repairedListing()]), { type: 'listing', id: 'lst_x' }, 'rr_1', context())).code).toBe('listing.not-found');
  });
});

describe('expireDue: publication ends automatically after its last day (Order 45 Art. 13; Order 44 Art. 21)', () => {
  const dueFile = () =>
    fileOf(
      [
        record({ id: 'rec_due', decisionNumber: 'D-1', publicationEnd: '2026-03-01' }),
        record({ id: 'rec_last_day', decisionNumber: 'D-2', severity: 'minor', publicationEnd: TODAY }),
        record({ id: 'rec_repaired', decisionNumber: 'D-3', status: 'repaired', statusChangedOn: '2026-01-20', publicationEnd: '2026-02-01' }),
      ],
      [
        listing({ id: 'lst_due', endDate: '2026-03-01' }),
        listing({ id: 'lst_last_day', listType: 'incentive', endDate: TODAY, earliestRemovalFrom: null }),
      ],
    );

  it('expires records and listings whose last day was yesterday, and nothing else', () => {
    const outcome = expireDue(dueFile(), context());
    expect(outcome?.records.map((r) => r.id)).toEqual(['rec_due']);
    expect(outcome?.listings.map((l) => l.id)).toEqual(['lst_due']);
  });

  it('dates the expiry the day after the last day, with the publication basis as the reason', () => {
    const outcome = expireDue(dueFile(), context());
    expect(outcome?.records[0]).toMatchObject({ status: 'expired', statusChangedOn: '2026-03-02', statusReason: PLANTED.publicationBasis, version: 4 });
    expect(outcome?.listings[0]).toMatchObject({ status: 'expired', endedOn: '2026-03-02', endReason: LISTING_RULES.punishment.source, version: 3 });
  });

  it('dates the expiry the day after the last day even when the job runs late', () => {
    const outcome = expireDue(dueFile(), context(new Date('2026-03-10T02:00:00.000Z'), '2026-03-10'));
    expect(outcome?.records.find((r) => r.id === 'rec_due')?.statusChangedOn).toBe('2026-03-02');
    expect(outcome?.records.find((r) => r.id === 'rec_last_day')?.statusChangedOn).toBe('2026-03-03');
    expect(outcome?.listings.find((l) => l.id === 'lst_last_day')).toMatchObject({ endedOn: '2026-03-03', endReason: LISTING_RULES.incentive.source });
  });

  it('publishes "expired" changes without data and recomputes the class (D → B: only a minor record left)', () => {
    const file = dueFile();
    expect(file.enterprise?.classification.class).toBe('D');
    const outcome = expireDue(file, context()) as Outcome;
    expect(outcome.changes.slice(0, 2)).toEqual([
      { entity: 'record', id: 'rec_due', uscc: USCC, action: 'expired', data: null, reason: 'expired' },
      { entity: 'listing', id: 'lst_due', uscc: USCC, action: 'expired', data: null, reason: 'expired' },
    ]);
    expect(classOf(outcome)).toBe('B');
    expect(outcome.enterprise.classification.reasons[0]).toMatchObject({ rule: 'B.minor-record', refs: [{ type: 'record', id: 'rec_last_day' }] });
  });

  it('returns null when nothing is due, so a second run changes nothing', () => {
    const file = dueFile();
    const first = expireDue(file, context()) as Outcome;
    expect(expireDue(applied(file, first), context())).toBeNull();
  });

  it('returns null for a file without an enterprise', () => {
    expect(expireDue({ enterprise: null, records: [record({ publicationEnd: '2026-01-01' })], listings: [] }, context())).toBeNull();
  });
});

describe('correctRecord: a correction recomputes the period from the day publication began', () => {
  it('shortens the period to 3 months when the fine is corrected to a low one, and recomputes C → B', () => {
    const outcome = correctRecord(fileOf([record()]), 'rec_1', { fineWan: 0.5, severity: 'minor' }, 3, context());
    expect(outcome.records[0]).toMatchObject({ fineWan: 0.5, severity: 'minor', publishedOn: '2026-01-10', publicationEnd: '2026-04-10', version: 4 });
    expect(outcome.records[0]?.publicationBasis).toMatch(/3 months/);
    expect(classOf(outcome)).toBe('B');
    expect(summary(outcome)).toEqual(['record:corrected', 'enterprise:classified']);
  });

  it('lengthens the period for a restriction longer than 3 years', () => {
    const outcome = correctRecord(fileOf([record()]), 'rec_1', { penaltyTypes: ['fine', 'business-restricted'], restrictionMonths: 48 }, undefined, context());
    expect(outcome.records[0]?.publicationEnd).toBe('2030-01-10');
  });

  it('publishes a "corrected" change with the public view', () => {
    const outcome = correctRecord(fileOf([record()]), 'rec_1', { title: '更正后的标题' }, undefined, context());
    const corrected = outcome.records[0] as CreditRecord;
    expect(outcome.changes).toEqual([{ entity: 'record', id: 'rec_1', uscc: USCC, action: 'corrected', data: toPublicRecord(corrected) }]);
    expect(corrected.title).toBe('更正后的标题');
  });

  it('keeps identity, status, publication start and version out of the correction’s reach (as publishRecord does)', () => {
    // Arrange: a correction carrying fields RecordCorrection does not allow (the type is not a runtime guard).
    const smuggled = {
      title: 'x',
      id: 'rec_forged',
      uscc: '91330000733796106P',
      status: 'repaired',
      publishedOn: '2020-01-01',
      publicationEnd: '2099-12-31',
      version: 99,
      createdAt: '1999-01-01T00:00:00.000Z',
    } as Parameters<typeof correctRecord>[2];

    // Act
    const outcome = correctRecord(fileOf([record()]), 'rec_1', smuggled, undefined, context());

    // Assert
    expect(outcome.records[0]).toMatchObject({
      title: 'x',
      id: 'rec_1',
      uscc: USCC,
      status: 'published',
      publishedOn: '2026-01-10',
      publicationEnd: '2029-01-10',
      version: 4,
      createdAt: PLANTED.createdAt,
    });
  });

  it.each([
    ['a decision in the future', { decisionDate: '2026-03-03' }, 'decisionDate'],
    ['a fine without its amount', { fineWan: undefined }, 'fineWan'],
  ])('refuses %s (request.invalid, naming the field)', (_, correction, field) => {
    const p = thrown(() => correctRecord(fileOf([record()]), 'rec_1', correction, undefined, context()));
    expect(p.code).toBe('request.invalid');
    expect(p.errors).toEqual([expect.objectContaining({ field })]);
  });

  it('refuses a correction to a warning only: withdraw instead (Order 45 Art. 6)', () => {
    const p = thrown(() => correctRecord(fileOf([record()]), 'rec_1', { penaltyTypes: ['warning'], fineWan: undefined }, undefined, context()));
    expect(p.code).toBe('record.not-publishable');
    expect(p.status).toBe(422);
  });

  it('refuses a stale If-Match with precondition.failed (412)', () => {
    const p = thrown(() => correctRecord(fileOf([record()]), 'rec_1', { title: 'x' }, 2, context()));
    expect(p.code).toBe('precondition.failed');
    expect(p.status).toBe(412);
    expect(p.extensions).toEqual({ currentVersion: 3 });
  });

  it('refuses a record that is no longer published', () => {
    expect(thrown(() => correctRecord(fileOf([repairedRecord()]), 'rec_1', { title: 'x' }, undefined, context())).code).toBe('record.not-current');
  });
});

describe('withdrawRecord: a decision changed, revoked or annulled is withdrawn with a reason (Order 45 Art. 11)', () => {
  it('marks the record withdrawn today with the reason, and recomputes C → B', () => {
    const outcome = withdrawRecord(fileOf([record()]), 'rec_1', '行政复议撤销原处罚决定', 3, context());
    expect(outcome.records[0]).toMatchObject({ status: 'withdrawn', statusChangedOn: TODAY, statusReason: '行政复议撤销原处罚决定', version: 4 });
    expect(outcome.changes[0]).toEqual({ entity: 'record', id: 'rec_1', uscc: USCC, action: 'withdrawn', data: null, reason: 'withdrawn' });
    expect(classOf(outcome)).toBe('B');
  });

  it('refuses a stale version (412) and a record already withdrawn (409)', () => {
    expect(thrown(() => withdrawRecord(fileOf([record()]), 'rec_1', 'r', 4, context())).code).toBe('precondition.failed');
    const p = thrown(() => withdrawRecord(fileOf([record({ status: 'withdrawn' })]), 'rec_1', 'r', undefined, context()));
    expect(p.code).toBe('record.not-current');
    expect(p.status).toBe(409);
  });
});

describe('endListing: a list entry ended early, with a reason (Order 44 Art. 18)', () => {
  it('ends the listing today with the reason, and recomputes D → B', () => {
    const outcome = endListing(fileOf([], [listing()]), 'lst_1', '信用修复，移出名单', 2, context());
    expect(outcome.listings[0]).toMatchObject({ status: 'ended', endedOn: TODAY, endReason: '信用修复，移出名单', version: 3 });
    expect(outcome.changes[0]).toEqual({ entity: 'listing', id: 'lst_1', uscc: USCC, action: 'ended', data: null, reason: 'ended' });
    expect(classOf(outcome)).toBe('B');
  });

  it('refuses a stale version (412), an entry no longer current (409) and an unknown one (404)', () => {
    expect(thrown(() => endListing(fileOf([], [listing()]), 'lst_1', 'r', 1, context())).status).toBe(412);
    expect(thrown(() => endListing(fileOf([], [listing({ status: 'expired' })]), 'lst_1', 'r', undefined, context())).code).toBe('listing.not-current');
    expect(thrown(() => endListing(fileOf([], [listing()]), 'lst_x', 'r', undefined, context())).code).toBe('listing.not-found');
  });
});

describe('overrideClassification: an official’s override is public with its reason (DOMAIN.md §5)', () => {
  it('sets the class with the reason, the department and the day, keeping the computed reasons', () => {
    const outcome = overrideClassification(fileOf(), { class: 'C', reason: '多次抽查不合格' }, 7, context());
    expect(outcome.enterprise.classification).toMatchObject({
      class: 'C',
      override: { class: 'C', reason: '多次抽查不合格', department: '杭州市市场监督管理局', decidedOn: TODAY },
      reasons: [{ rule: 'B.default' }],
    });
    expect(outcome.enterprise.version).toBe(8);
    expect(outcome.changes).toEqual([expect.objectContaining({ entity: 'enterprise', action: 'classified', data: expect.objectContaining({ classification: expect.objectContaining({ class: 'C', override: expect.objectContaining({ reason: '多次抽查不合格' }) }) }) })]);
  });

  it('computes the reasons from what is published now', () => {
    const outcome = overrideClassification(fileOf([record()]), { class: 'B', reason: '经复核' }, undefined, context());
    expect(outcome.enterprise.classification).toMatchObject({ class: 'B', reasons: [{ rule: 'C.negative-record' }] });
  });

  it('names the official when the actor has no department', () => {
    const ctx = { ...context(), actor: { kind: 'official' as const, id: 'official-9' } };
    const outcome = overrideClassification(fileOf(), { class: 'A', reason: '经复核' }, undefined, ctx);
    expect(outcome.enterprise.classification.override?.department).toBe('official-9');
  });

  it('clears an override with null, back to the computed class', () => {
    const file = fileOf([record()]);
    const overridden = applied(file, overrideClassification(file, { class: 'A', reason: '经复核' }, undefined, context()));
    const outcome = overrideClassification(overridden, null, undefined, context());
    expect(outcome.enterprise.classification.class).toBe('C');
    expect(outcome.enterprise.classification).not.toHaveProperty('override');
    expect(summary(outcome)).toEqual(['enterprise:classified']);
  });

  it('emits no change when the public view does not move (clearing an override that is not there)', () => {
    const outcome = overrideClassification(fileOf(), null, undefined, context());
    expect(outcome.changes).toEqual([]);
  });

  it('refuses a stale enterprise version with precondition.failed (412)', () => {
    const p = thrown(() => overrideClassification(fileOf(), { class: 'A', reason: 'x' }, 6, context()));
    expect(p.code).toBe('precondition.failed');
    expect(p.extensions).toEqual({ currentVersion: 7 });
  });
});

describe('checkVersion (If-Match)', () => {
  it('passes without an expected version, or with the current one', () => {
    expect(() => checkVersion({ version: 3 }, undefined, 'record')).not.toThrow();
    expect(() => checkVersion({ version: 3 }, 3, 'record')).not.toThrow();
  });

  it.each([2, 4, 0])('refuses expected version %i for version 3 with precondition.failed (412), naming the current version', (expected) => {
    const p = thrown(() => checkVersion({ version: 3 }, expected, 'record'));
    expect(p.code).toBe('precondition.failed');
    expect(p.status).toBe(412);
    expect(p.extensions).toEqual({ currentVersion: 3 });
    expect(p.message).toContain('record');
  });
});
