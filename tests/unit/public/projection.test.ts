/**
 * The public projection — the one place that decides what the public sees (DOMAIN.md §3:
 * "Never public": ID numbers and contact data of natural persons, the internal risk class,
 * internal notes, versions, withdrawn or repaired records).
 */
import { describe, expect, it } from 'vitest';
import {
  isPublicListing,
  isPublicRecord,
  toPublicEnterprise,
  toPublicListing,
  toPublicProfile,
  toPublicRecord,
} from '../../../shared/public/projection.ts';
import type { CreditRecord, Listing } from '../../../shared/register/model.ts';
import { PLANTED, PRIVATE_KEYS, enterprise, listing, record } from '../fixtures.ts';

/** Every planted value and every private key name that appears in the serialised output. */
function leaks(output: unknown): string[] {
  const json = JSON.stringify(output);
  return [
    ...Object.values(PLANTED).filter((value) => json.includes(value)),
    ...PRIVATE_KEYS.filter((key) => json.includes(`"${key}"`)),
  ];
}

describe('the leak check itself', () => {
  it('finds planted values and private keys in a stored entity', () => {
    // Guards the tests below against passing vacuously.
    expect(leaks(enterprise())).toEqual(expect.arrayContaining(['330106198001011234', '13800138000', 'riskClass']));
    expect(leaks(record())).toEqual(expect.arrayContaining([PLANTED.internalNote, PLANTED.publicationBasis, 'status', 'version']));
  });
});

describe('toPublicEnterprise', () => {
  it('leaks no ID number, phone, risk class, version or timestamps', () => {
    expect(leaks(toPublicEnterprise(enterprise()))).toEqual([]);
  });

  it("shows the legal representative's name only (registration data is public, the ID number never)", () => {
    const view = toPublicEnterprise(enterprise());
    expect(view.legalRepresentative).toBe('张三');
    expect(JSON.stringify(view)).not.toContain(PLANTED.idNumber);
  });

  it('shows the current district by name', () => {
    expect(toPublicEnterprise(enterprise()).district).toEqual({ code: '330109', name: '萧山区', nameEn: 'Xiaoshan' });
  });

  it('falls back to the code for a district that is not current', () => {
    expect(toPublicEnterprise(enterprise({ district: '330103' })).district).toEqual({ code: '330103', name: '330103', nameEn: '330103' });
  });

  it('publishes the class with its reasons and rule version, and an override with its reason', () => {
    // Arrange
    const base = enterprise();
    const e = enterprise({
      classification: {
        ...base.classification,
        class: 'A',
        override: { class: 'A', reason: '经复核', department: '杭州市市场监督管理局', decidedOn: '2026-02-01' },
      },
    });

    // Act
    const view = toPublicEnterprise(e);

    // Assert
    expect(view.classification).toMatchObject({
      class: 'A',
      name: '守信',
      ruleVersion: base.classification.ruleVersion,
      reasons: [{ rule: 'B.default', refs: [] }],
      override: { class: 'A', reason: '经复核', department: '杭州市市场监督管理局', decidedOn: '2026-02-01' },
    });
  });

  it('leaves out optional fields the enterprise does not have', () => {
    const view = toPublicEnterprise(enterprise({ legalRepresentative: undefined, registeredAddress: undefined }));
    expect('legalRepresentative' in view).toBe(false);
    expect('registeredAddress' in view).toBe(false);
  });
});

describe('toPublicRecord', () => {
  it('leaks no internal note, publication basis, status, version or timestamps', () => {
    expect(leaks(toPublicRecord(record({ statusReason: PLANTED.statusReason, statusChangedOn: '2026-02-02' })))).toEqual([]);
  });

  it('keeps the 双公示 fields and the publication end date', () => {
    const view = toPublicRecord(record());
    expect(view).toMatchObject({
      id: 'rec_1',
      decisionNumber: '杭萧市监罚处〔2026〕1号',
      legalBasis: '《中华人民共和国产品质量法》第四十九条',
      penaltyTypes: ['fine'],
      fineWan: 5,
      licenceRevoked: false,
      decisionDate: '2026-01-05',
      authority: { name: '杭州市萧山区市场监督管理局', uscc: '11330109MB1234567X' },
      publishedOn: '2026-01-10',
      publicationEnd: '2029-01-10',
    });
  });

  it('copies arrays and objects, so changing the output cannot change the stored record', () => {
    const stored = record();
    const view = toPublicRecord(stored);
    view.penaltyTypes.push('warning');
    view.authority.name = 'changed';
    expect(stored.penaltyTypes).toEqual(['fine']);
    expect(stored.authority.name).toBe('杭州市萧山区市场监督管理局');
  });

  it('does not copy unknown fields that reached the stored item', () => {
    const stored = { ...record(), PK: 'ENT#x', SK: 'REC#rec_1' } as CreditRecord;
    expect(leaks(toPublicRecord(stored))).toEqual([]);
  });
});

describe('toPublicListing', () => {
  it('leaks no internal note, status, end reason, version or timestamps', () => {
    expect(leaks(toPublicListing(listing({ endedOn: '2026-02-02', endReason: PLANTED.endReason })))).toEqual([]);
  });

  it('shows the earliest removal date for a punishment listing and leaves it out for an incentive one', () => {
    expect(toPublicListing(listing()).earliestRemovalFrom).toBe('2027-01-10');
    const incentive = toPublicListing(listing({ listType: 'incentive', earliestRemovalFrom: null }));
    expect('earliestRemovalFrom' in incentive).toBe(false);
  });
});

describe('toPublicProfile', () => {
  const statuses: CreditRecord['status'][] = ['published', 'expired', 'withdrawn', 'repaired'];
  const listingStatuses: Listing['status'][] = ['active', 'ended', 'expired', 'repaired'];
  const records = statuses.map((status, i) => record({ id: `rec_${status}`, status, decisionNumber: `DECISION-${status}-${i}` }));
  const listings = listingStatuses.map((status) => listing({ id: `lst_${status}`, status, grounds: `GROUNDS-${status}` }));

  it('shows only published records and active listings', () => {
    const profile = toPublicProfile(enterprise(), records, listings);
    expect(profile.records.map((r) => r.id)).toEqual(['rec_published']);
    expect(profile.listings.map((l) => l.id)).toEqual(['lst_active']);
  });

  it('carries nothing of expired, withdrawn or repaired records, or of ended listings', () => {
    const json = JSON.stringify(toPublicProfile(enterprise(), records, listings));
    for (const status of ['expired', 'withdrawn', 'repaired']) {
      expect(json).not.toContain(`DECISION-${status}`);
      expect(json).not.toContain(`rec_${status}`);
    }
    for (const status of ['ended', 'expired', 'repaired']) expect(json).not.toContain(`GROUNDS-${status}`);
  });

  it('leaks no personal or internal field anywhere in the profile', () => {
    expect(leaks(toPublicProfile(enterprise(), records, listings))).toEqual([]);
  });
});

describe('isPublicRecord / isPublicListing', () => {
  it('treats only published records and active listings as public', () => {
    expect(['published', 'expired', 'withdrawn', 'repaired'].map((status) => isPublicRecord(record({ status: status as CreditRecord['status'] })))).toEqual([
      true,
      false,
      false,
      false,
    ]);
    expect(['active', 'ended', 'expired', 'repaired'].map((status) => isPublicListing(listing({ status: status as Listing['status'] })))).toEqual([
      true,
      false,
      false,
      false,
    ]);
  });
});
