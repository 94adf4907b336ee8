/**
 * Publishing commands as pure functions (shared/register/commands.ts): what changes, and the ledger
 * changes that describe it. No DynamoDB, no HTTP.
 */
import { describe, expect, it } from 'vitest';
import {
  addListing,
  combine,
  publishRecord,
  reclassify,
  registerEnterprise,
  toDraft,
  type EnterpriseInput,
  type ListingInput,
  type RecordInput,
} from '../../../shared/register/commands.ts';
import type { EnterpriseFile } from '../../../shared/register/model.ts';
import { addMonths } from '../../../shared/rules/calendar.ts';
import { PLANTED, USCC, context, enterprise, listing, record } from '../fixtures.ts';
import { expectProblem } from '../../support/problems.ts';

const TODAY = '2026-03-02';

const emptyFile = (): EnterpriseFile => ({ enterprise: null, records: [], listings: [] });
const fileOf = (overrides: Partial<EnterpriseFile> = {}): EnterpriseFile => ({ enterprise: enterprise(), records: [], listings: [], ...overrides });

function enterpriseInput(overrides: Partial<EnterpriseInput> = {}): EnterpriseInput {
  return {
    uscc: USCC,
    checkDigitValid: true,
    name: '杭州萧山某某机械有限公司',
    district: '330109',
    legalRepresentative: { name: '张三', idNumber: PLANTED.idNumber },
    contactPhone: PLANTED.contactPhone,
    riskClass: 'C',
    ...overrides,
  };
}

function penalty(overrides: Partial<RecordInput> = {}): RecordInput {
  return {
    uscc: USCC,
    kind: 'administrative-penalty',
    severity: 'general',
    title: '生产不符合强制性标准的产品',
    decisionNumber: '杭萧市监罚处〔2026〕88号',
    legalBasis: '《中华人民共和国产品质量法》第四十九条',
    penaltyTypes: ['fine'],
    fineWan: 5,
    decisionDate: '2026-02-20',
    authority: { name: '杭州市萧山区市场监督管理局', uscc: '11330109MB1234567X' },
    dataSource: '杭州市萧山区市场监督管理局',
    ...overrides,
  };
}

function punishmentListing(overrides: Partial<ListingInput> = {}): ListingInput {
  return {
    uscc: USCC,
    listType: 'punishment',
    grounds: '生产销售不符合强制性标准的产品，情节严重',
    legalBasis: 'SAMR Order 44 Art. 7',
    measures: ['不适用告知承诺制'],
    decidingAuthority: '杭州市萧山区市场监督管理局',
    startDate: TODAY,
    ...overrides,
  };
}


const enterpriseChanges = (changes: { entity: string; action: string }[]) => changes.filter((c) => c.entity === 'enterprise');

describe('registerEnterprise', () => {
  it('registers a new enterprise at version 1, class B by default, with a public "registered" change', () => {
    // Act
    const outcome = registerEnterprise(emptyFile(), enterpriseInput(), context());

    // Assert
    expect(outcome.enterprise).toMatchObject({
      uscc: USCC,
      version: 1,
      createdAt: '2026-03-02T02:00:00.000Z',
      updatedAt: '2026-03-02T02:00:00.000Z',
      classification: { class: 'B', reasons: [{ rule: 'B.default' }] },
    });
    expect(outcome.changes).toHaveLength(1);
    expect(outcome.changes[0]).toMatchObject({ entity: 'enterprise', id: USCC, uscc: USCC, action: 'registered' });
  });

  it('keeps the ID number, phone and risk class stored but out of the change event', () => {
    const outcome = registerEnterprise(emptyFile(), enterpriseInput(), context());
    expect(outcome.enterprise.legalRepresentative?.idNumber).toBe(PLANTED.idNumber);
    expect(outcome.enterprise.riskClass).toBe('C');
    const json = JSON.stringify(outcome.changes);
    expect(json).not.toContain(PLANTED.idNumber);
    expect(json).not.toContain(PLANTED.contactPhone);
    expect(json).not.toContain('riskClass');
  });

  it('emits an "updated" change when a public detail changes', () => {
    const outcome = registerEnterprise(fileOf(), enterpriseInput({ name: '杭州萧山某某机械股份有限公司' }), context());
    expect(outcome.enterprise.version).toBe(8);
    expect(outcome.changes).toEqual([expect.objectContaining({ entity: 'enterprise', action: 'updated' })]);
    expect(outcome.changes[0]?.data).toMatchObject({ name: '杭州萧山某某机械股份有限公司' });
  });

  it('emits no change when only private details change (phone, ID number, risk class)', () => {
    // Arrange: the stored enterprise, re-registered with the same public details.
    const stored = enterprise();
    const input = enterpriseInput({
      name: stored.name,
      district: stored.district,
      registeredAddress: stored.registeredAddress,
      legalRepresentative: { name: '张三', idNumber: '330106199001011111' },
      contactPhone: '13900000000',
      riskClass: 'A',
    });

    // Act
    const outcome = registerEnterprise(fileOf({ enterprise: stored }), input, context());

    // Assert
    expect(outcome.changes).toEqual([]);
    expect(outcome.enterprise.contactPhone).toBe('13900000000');
    expect(outcome.enterprise.version).toBe(stored.version + 1);
  });
});

describe('publishRecord', () => {
  it('refuses an enterprise that is not registered', () => {
    const problem = expectProblem(() => publishRecord(emptyFile(), penalty(), context()), 'enterprise.not-found');
    expect(problem.status).toBe(404);
  });

  it('publishes a record with status published, version 1, a new id and the publication basis', () => {
    const outcome = publishRecord(fileOf(), penalty(), context());
    expect(outcome.records).toHaveLength(1);
    expect(outcome.records[0]).toMatchObject({
      id: 'rec_n1',
      uscc: USCC,
      status: 'published',
      version: 1,
      publishedOn: TODAY,
      createdAt: '2026-03-02T02:00:00.000Z',
    });
    expect(outcome.records[0]?.publicationBasis).toMatch(/Order 45 Art\. 13/);
    expect(outcome.changes[0]).toMatchObject({ entity: 'record', id: 'rec_n1', action: 'published', data: { id: 'rec_n1' } });
  });

  it('counts 3 years from today for a fine above the low-fine threshold (Order 45 Art. 13)', () => {
    const outcome = publishRecord(fileOf(), penalty({ fineWan: 5 }), context());
    expect(outcome.records[0]?.publicationEnd).toBe('2029-03-02');
  });

  it('counts 3 months for a low fine (Order 45 Art. 13)', () => {
    const outcome = publishRecord(fileOf(), penalty({ fineWan: 0.5, severity: 'minor' }), context());
    expect(outcome.records[0]?.publicationEnd).toBe(addMonths(TODAY, 3));
  });

  it('counts from an earlier publishedOn when importing what was published before (民法典 Art. 203: month-end clamp)', () => {
    const outcome = publishRecord(fileOf(), penalty({ decisionDate: '2025-12-20', publishedOn: '2025-12-31', fineWan: 0.5, severity: 'minor' }), context());
    expect(outcome.records[0]).toMatchObject({ publishedOn: '2025-12-31', publicationEnd: '2026-03-31' });
  });

  it('refuses to publish what is already past its publication period', () => {
    expect(() => publishRecord(fileOf(), penalty({ decisionDate: '2025-11-20', publishedOn: '2025-11-30', fineWan: 0.5, severity: 'minor' }), context())).toThrow(
      expect.objectContaining({ code: 'record.not-publishable', errors: [expect.objectContaining({ field: 'publishedOn', code: 'period-over' })] }),
    );
  });

  it.each([
    ['a decision in the future', { decisionDate: '2026-03-03' }, 'decisionDate'],
    ['publication beginning in the future', { publishedOn: '2026-03-03' }, 'publishedOn'],
    ['publication before the decision', { decisionDate: '2026-02-20', publishedOn: '2026-02-19' }, 'publishedOn'],
    ['a fine without its amount', { fineWan: undefined }, 'fineWan'],
    ['a penalty without its severity', { severity: null }, 'severity'],
  ])('refuses %s, naming the field', (_, over, field) => {
    expect(() => publishRecord(fileOf(), penalty(over as Partial<RecordInput>), context())).toThrow(
      expect.objectContaining({ code: 'request.invalid', errors: [expect.objectContaining({ field })] }),
    );
  });

  it('computes the publication end from the rules, ignoring any end date, status or version smuggled into the input', () => {
    // Arrange: an HTTP body may carry fields the type does not allow.
    const input = { ...penalty({ fineWan: 5 }), publicationEnd: '2099-12-31', status: 'repaired', version: 99, id: 'rec_forged' } as RecordInput;

    // Act
    const [stored] = publishRecord(fileOf(), input, context()).records;

    // Assert
    expect(stored).toMatchObject({ publicationEnd: '2029-03-02', status: 'published', version: 1, id: 'rec_n1' });
  });

  it('does not store validUntil on the record, but uses it as the end of an award', () => {
    const input = penalty({ kind: 'quality-award', severity: null, penaltyTypes: [], fineWan: undefined, validUntil: '2028-12-31' });
    const [stored] = publishRecord(fileOf(), input, context()).records;
    expect(stored?.publicationEnd).toBe('2028-12-31');
    expect(stored && 'validUntil' in stored).toBe(false);
  });

  it('derives licenceRevoked from the penalty types when not given', () => {
    const [revoked] = publishRecord(fileOf(), penalty({ penaltyTypes: ['fine', 'licence-revoked'] }), context()).records;
    const [notRevoked] = publishRecord(fileOf(), penalty(), context()).records;
    expect(revoked?.licenceRevoked).toBe(true);
    expect(notRevoked?.licenceRevoked).toBe(false);
  });

  it('publishes for 3 years when the licence was revoked, even if penaltyTypes lists only a low fine (Order 45 Art. 13)', () => {
    // Order 45 Art. 13: only 通报批评 or a low fine alone is published for 3 months. A record whose
    // licenceRevoked flag is set is not "only a low fine", whichever field carries the revocation.
    const [stored] = publishRecord(fileOf(), penalty({ penaltyTypes: ['fine'], fineWan: 0.5, licenceRevoked: true }), context()).records;
    expect(stored?.licenceRevoked).toBe(true);
    expect(stored?.publicationEnd).toBe('2029-03-02');
  });

  it('refuses a warning-only penalty as not publishable (Order 45 Art. 6)', () => {
    const problem = expectProblem(() => publishRecord(fileOf(), penalty({ penaltyTypes: ['warning'], fineWan: undefined }), context()), 'record.not-publishable');
    expect(problem.status).toBe(422);
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'penaltyTypes', code: 'warning-only' })]);
  });

  it('refuses a decision number already recorded for the enterprise', () => {
    // Arrange
    const file = fileOf({ records: [record({ decisionNumber: '杭萧市监罚处〔2026〕88号' })] });

    // Act
    const problem = expectProblem(() => publishRecord(file, penalty({ decisionNumber: '杭萧市监罚处〔2026〕88号' }), context()), 'record.duplicate');

    // Assert
    expect(problem.status).toBe(409);
    expect(problem.errors).toEqual([expect.objectContaining({ in: 'body', field: 'decisionNumber' })]);
  });

  it('accepts a different decision number', () => {
    const file = fileOf({ records: [record({ decisionNumber: '杭萧市监罚处〔2026〕1号' })] });
    expect(() => publishRecord(file, penalty({ decisionNumber: '杭萧市监罚处〔2026〕2号' }), context())).not.toThrow();
  });

  describe('reclassifies the enterprise (DOMAIN.md §5)', () => {
    it('moves B → C after a general penalty, naming the new record, with a "classified" change', () => {
      // Act
      const outcome = publishRecord(fileOf(), penalty({ severity: 'general' }), context());

      // Assert
      expect(outcome.enterprise.classification.class).toBe('C');
      expect(outcome.enterprise.classification.reasons[0]?.refs).toEqual([{ type: 'record', id: 'rec_n1' }]);
      expect(outcome.enterprise.version).toBe(8);
      const classified = enterpriseChanges(outcome.changes);
      expect(classified).toEqual([expect.objectContaining({ action: 'classified', id: USCC })]);
      expect(classified[0]).toMatchObject({ data: { classification: { class: 'C' } } });
    });

    it('ignores records that are no longer published', () => {
      const file = fileOf({ records: [record({ id: 'rec_old', severity: 'serious', status: 'repaired' })] });
      const outcome = publishRecord(file, penalty({ kind: 'quality-award', severity: null, penaltyTypes: [], fineWan: undefined }), context());
      expect(outcome.enterprise.classification.class).toBe('B');
    });

    it('emits no "classified" change when the public view does not move (an award on a B.default enterprise)', () => {
      const outcome = publishRecord(fileOf(), penalty({ kind: 'quality-award', severity: null, penaltyTypes: [], fineWan: undefined }), context());
      expect(outcome.enterprise.classification).toMatchObject({ class: 'B', reasons: [{ rule: 'B.default' }] });
      expect(outcome.changes.map((c) => `${c.entity}:${c.action}`)).toEqual(['record:published']);
    });

    it('emits no "classified" change for a D enterprise whose reasons do not change', () => {
      // Arrange: already D through its punishment listing.
      const listed = listing({ id: 'lst_d' });
      const before = enterprise({ classification: reclassify({ enterprise: null, records: [], listings: [listed] }) });
      expect(before.classification.class).toBe('D');

      // Act
      const outcome = publishRecord(fileOf({ enterprise: before, listings: [listed] }), penalty({ severity: 'serious' }), context());

      // Assert
      expect(outcome.enterprise.classification.class).toBe('D');
      expect(enterpriseChanges(outcome.changes)).toEqual([]);
    });

    it('emits a "classified" change when only the reasons change (B.default → B.minor-record)', () => {
      const outcome = publishRecord(fileOf(), penalty({ severity: 'minor', fineWan: 0.5 }), context());
      expect(outcome.enterprise.classification).toMatchObject({ class: 'B', reasons: [{ rule: 'B.minor-record' }] });
      expect(enterpriseChanges(outcome.changes)).toEqual([expect.objectContaining({ action: 'classified' })]);
    });

    it("keeps an official's override while updating the computed reasons", () => {
      const override = { class: 'A' as const, reason: '经复核', department: '杭州市市场监督管理局', decidedOn: '2026-02-01' };
      const before = enterprise({ classification: { ...enterprise().classification, class: 'A', override } });
      const outcome = publishRecord(fileOf({ enterprise: before }), penalty({ severity: 'general' }), context());
      expect(outcome.enterprise.classification).toMatchObject({ class: 'A', override, reasons: [{ rule: 'C.negative-record' }] });
    });
  });
});

describe('registration and listing checks', () => {
  it('refuses a district that is not one of Hangzhou\'s current ones (a retired 330103 included)', () => {
    for (const district of ['330103', '310101']) {
      expect(() => registerEnterprise(emptyFile(), enterpriseInput({ district }), context())).toThrow(
        expect.objectContaining({ code: 'request.invalid', errors: [expect.objectContaining({ field: 'district' })] }),
      );
    }
  });

  it('refuses a listing that starts in the future', () => {
    expect(() => addListing(fileOf(), punishmentListing({ startDate: '2026-03-03' }), context())).toThrow(
      expect.objectContaining({ code: 'request.invalid', errors: [expect.objectContaining({ field: 'startDate' })] }),
    );
  });
});

describe('addListing', () => {
  it('refuses an enterprise that is not registered', () => {
    expectProblem(() => addListing(emptyFile(), punishmentListing(), context()), 'enterprise.not-found');
  });

  it('lists for 3 years with early removal after 1 year (Order 44 Arts. 16, 21), under the enterprise name', () => {
    const outcome = addListing(fileOf(), punishmentListing({ startDate: '2026-03-02' }), context());
    expect(outcome.listings[0]).toMatchObject({
      id: 'lst_n1',
      status: 'active',
      version: 1,
      enterpriseName: '杭州萧山某某机械有限公司',
      startDate: '2026-03-02',
      endDate: '2029-03-02',
      earliestRemovalFrom: '2027-03-02',
    });
  });

  it('computes the end date from the rules, ignoring one smuggled into the input', () => {
    const input = { ...punishmentListing(), endDate: '2026-04-01', earliestRemovalFrom: '2026-03-03' } as ListingInput;
    expect(addListing(fileOf(), input, context()).listings[0]).toMatchObject({ endDate: '2029-03-02', earliestRemovalFrom: '2027-03-02' });
  });

  it('moves the enterprise to D after a punishment listing, with "added" and "classified" changes', () => {
    const outcome = addListing(fileOf(), punishmentListing(), context());
    expect(outcome.enterprise.classification.class).toBe('D');
    expect(outcome.enterprise.classification.reasons[0]?.refs).toEqual([{ type: 'listing', id: 'lst_n1' }]);
    expect(outcome.changes.map((c) => `${c.entity}:${c.action}`)).toEqual(['listing:added', 'enterprise:classified']);
  });

  it('moves a clean enterprise to A after an incentive listing, with no early-removal date', () => {
    const outcome = addListing(fileOf(), punishmentListing({ listType: 'incentive' }), context());
    expect(outcome.listings[0]?.earliestRemovalFrom).toBeNull();
    expect(outcome.enterprise.classification.class).toBe('A');
  });

  it('keeps an enterprise with a minor record at B after an incentive listing', () => {
    const file = fileOf({ records: [record({ severity: 'minor' })] });
    const outcome = addListing(file, punishmentListing({ listType: 'incentive' }), context());
    expect(outcome.enterprise.classification).toMatchObject({ class: 'B', reasons: [{ rule: 'B.minor-record' }] });
  });

  it('keeps the internal note out of the change event', () => {
    const outcome = addListing(fileOf(), punishmentListing({ internalNote: PLANTED.internalNote }), context());
    expect(outcome.listings[0]?.internalNote).toBe(PLANTED.internalNote);
    expect(JSON.stringify(outcome.changes)).not.toContain(PLANTED.internalNote);
  });
});

describe('combine', () => {
  it('registers, publishes and lists in one step: version 1 and one enterprise change with the final view', () => {
    // Arrange
    const ctx = context();

    // Act
    const outcome = combine(emptyFile(), [
      (f) => registerEnterprise(f, enterpriseInput(), ctx),
      (f) => publishRecord(f, penalty(), ctx),
      (f) => addListing(f, punishmentListing(), ctx),
    ]);

    // Assert
    expect(outcome.enterprise.version).toBe(1);
    expect(outcome.enterprise.classification.class).toBe('D');
    expect(outcome.records.map((r) => r.id)).toEqual(['rec_n1']);
    expect(outcome.listings.map((l) => l.id)).toEqual(['lst_n2']);
    expect(outcome.changes.map((c) => `${c.entity}:${c.action}`)).toEqual(['enterprise:registered', 'record:published', 'listing:added']);
    expect(outcome.changes[0]).toMatchObject({ data: { classification: { class: 'D' } } });
  });

  it('raises an existing enterprise by exactly one version for several steps', () => {
    const ctx = context();
    const outcome = combine(fileOf(), [
      (f) => publishRecord(f, penalty({ decisionNumber: 'A-1', severity: 'minor', fineWan: 0.5 }), ctx),
      (f) => publishRecord(f, penalty({ decisionNumber: 'A-2', severity: 'general' }), ctx),
    ]);
    expect(outcome.enterprise.version).toBe(8);
    expect(outcome.records.map((r) => r.decisionNumber)).toEqual(['A-1', 'A-2']);
    const changes = enterpriseChanges(outcome.changes);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ action: 'classified', data: { classification: { class: 'C' } } });
  });

  it('lets each step see what the earlier steps did (a repeated decision number is a duplicate)', () => {
    const ctx = context();
    expectProblem(
      () =>
        combine(fileOf(), [
          (f) => publishRecord(f, penalty({ decisionNumber: 'SAME' }), ctx),
          (f) => publishRecord(f, penalty({ decisionNumber: 'SAME' }), ctx),
        ]),
      'record.duplicate',
    );
  });

  it('needs at least one step', () => {
    expect(() => combine(fileOf(), [])).toThrow(RangeError);
  });
});

describe('toDraft', () => {
  it('puts the changes of all outcomes into one event draft of the given type', () => {
    const ctx = context();
    const a = publishRecord(fileOf(), penalty({ decisionNumber: 'D-1' }), ctx);
    const b = addListing(fileOf(), punishmentListing(), ctx);
    const draft = toDraft('import.batch', [a, b]);
    expect(draft.type).toBe('import.batch');
    expect(draft.changes).toEqual([...a.changes, ...b.changes]);
  });
});
