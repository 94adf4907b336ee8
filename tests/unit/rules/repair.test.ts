/**
 * 信用修复 rules (shared/rules/repair.ts, DOMAIN.md §6): which rule set is in force on the
 * application date, whose decision it is (谁认定、谁修复), how long a target must have been published,
 * and whether and from when it may be repaired.
 */
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/rules/calendar.ts';
import { TERM_PENALTIES, type PenaltyType } from '../../../shared/rules/records.ts';
import {
  BAR_AFTER_REVOCATION_MONTHS,
  REPAIR_RULE_SETS,
  governanceOf,
  isTwelveMonthSector,
  minimumMonths,
  repairEligibility,
  ruleSetOn,
  type RepairRuleSet,
  type RepairTarget,
} from '../../../shared/rules/repair.ts';

const SAMR = '杭州市萧山区市场监督管理局';
const OTHER = '杭州市生态环境局';
const PRODUCT_QUALITY = '《中华人民共和国产品质量法》第四十九条';
const FOOD_SAFETY = '《中华人民共和国食品安全法》第一百二十四条第一款';

const rule = (id: string): RepairRuleSet => {
  const found = REPAIR_RULE_SETS.find((s) => s.id === id);
  if (!found) throw new Error(`no rule set ${id}`);
  return found;
};

type Target = RepairTarget & { public: boolean };

/** A published general SAMR fine, published since 2026-01-10. */
function target(overrides: Partial<Target> = {}): Target {
  return {
    type: 'record',
    public: true,
    since: '2026-01-10',
    severity: 'general',
    legalBasis: PRODUCT_QUALITY,
    authorityName: SAMR,
    penaltyTypes: ['fine'],
    decisionDate: '2026-01-05',
    ...overrides,
  };
}

const NO_FACTS = { openApplication: false, lastRevokedOn: null };
const codes = (e: { reasons: { code: string }[] }) => e.reasons.map((r) => r.code);

describe('ruleSetOn: the rule set in force on the application date', () => {
  it.each([
    // 国市监信规〔2021〕3号 in force 2021-09-01 … 2025-12-24; SAMR 2025 rule from 2025-12-25.
    ['2021-08-31', 'samr', undefined],
    ['2021-09-01', 'samr', 'samr-2021'],
    ['2025-12-24', 'samr', 'samr-2021'],
    ['2025-12-25', 'samr', 'samr-2025'],
    ['2026-06-30', 'samr', 'samr-2025'],
    // NDRC Order 36 in force 2026-04-01; nothing for other departments before that (Order 58 is not modelled).
    ['2025-12-25', 'other', undefined],
    ['2026-03-31', 'other', undefined],
    ['2026-04-01', 'other', 'ndrc-36'],
    ['2030-01-01', 'other', 'ndrc-36'],
  ] as const)('on %s for %s decisions: %s', (date, governs, id) => {
    expect(ruleSetOn(date, governs)?.id).toBe(id);
  });

  it('never gives an SAMR rule set for another department, or the NDRC one for SAMR', () => {
    expect(ruleSetOn('2026-04-01', 'samr')?.governs).toBe('samr');
    expect(ruleSetOn('2026-04-01', 'other')?.governs).toBe('other');
  });

  it('reads the rule sets it is given (configurable without a deploy)', () => {
    const changed = REPAIR_RULE_SETS.map((s) => (s.id === 'ndrc-36' ? { ...s, from: '2026-03-01' } : s));
    expect(ruleSetOn('2026-03-15', 'other', changed)?.id).toBe('ndrc-36');
    expect(ruleSetOn('2026-03-15', 'other')).toBeUndefined();
  });
});

describe('REPAIR_RULE_SETS (DOMAIN.md §6 table)', () => {
  it('leaves no gap and no overlap between the SAMR rule sets: 2021 ends the day before 2025 begins', () => {
    const samr2021 = rule('samr-2021');
    const samr2025 = rule('samr-2025');
    expect(samr2021.to).not.toBeNull();
    expect(addDays(samr2021.to as string, 1)).toBe(samr2025.from);
  });

  it.each([
    // [id, accept, decide, stop publication]
    ['samr-2021', 2, 15, 3], // 国市监信规〔2021〕3号 (and SAMR Order 44 Arts. 17–18)
    ['samr-2025', 2, 7, 3], // SAMR 2025 rule (decide 7 WD: uncertain, press reports)
    ['ndrc-36', 3, 7, 3], // NDRC Order 36
  ] as const)('%s: accept within %i WD, decide within %i WD, stop publication within %i WD', (id, accept, decide, stop) => {
    expect(rule(id)).toMatchObject({ acceptWithinWorkingDays: accept, decideWithinWorkingDays: decide, stopPublicationWithinWorkingDays: stop });
  });

  it('marks the SAMR 2025 values from press reports as uncertain', () => {
    expect(rule('samr-2025').uncertain?.length).toBeGreaterThan(0);
  });

  it('names the source of every rule set', () => {
    for (const s of REPAIR_RULE_SETS) {
      expect(s.name.length, s.id).toBeGreaterThan(0);
      expect(s.source.length, s.id).toBeGreaterThan(0);
    }
  });
});

describe('governanceOf (谁认定、谁修复)', () => {
  it.each(['杭州市市场监督管理局', '杭州市萧山区市场监督管理局', '淳安县市场监督管理局', '杭州市市场监管局'])('%s is SAMR', (name) => {
    expect(governanceOf(name)).toBe('samr');
  });

  it.each(['杭州市生态环境局', '杭州市发展和改革委员会', '杭州市住房和保障局', '杭州市公安局', '杭州市商务局'])('%s is another department', (name) => {
    expect(governanceOf(name)).toBe('other');
  });
});

describe('isTwelveMonthSector: food, drugs, special equipment (国市监信规〔2021〕3号)', () => {
  it.each([
    FOOD_SAFETY,
    '《中华人民共和国食品安全法实施条例》第六十七条',
    '《中华人民共和国药品管理法》第一百一十七条',
    '《中华人民共和国特种设备安全法》第八十四条',
    '《中华人民共和国疫苗管理法》第八十条',
    // Special equipment is a field, not one statute: penalties are also decided under the State
    // Council's regulation on special-equipment supervision.
    '《特种设备安全监察条例》第八十四条',
  ])('%s is a twelve-month sector', (basis) => {
    expect(isTwelveMonthSector(basis)).toBe(true);
  });

  it.each([PRODUCT_QUALITY, '《中华人民共和国计量法》第二十七条', '《中华人民共和国广告法》第五十五条', ''])('"%s" is not', (basis) => {
    expect(isTwelveMonthSector(basis)).toBe(false);
  });
});

describe('minimumMonths', () => {
  it.each([
    // 国市监信规〔2021〕3号: a penalty six months, whatever its tier.
    ['samr-2021', 'record', 'minor', PRODUCT_QUALITY, 6],
    ['samr-2021', 'record', 'general', PRODUCT_QUALITY, 6],
    ['samr-2021', 'record', 'serious', PRODUCT_QUALITY, 6],
    // … twelve months for food, drugs and special equipment, whatever its tier.
    ['samr-2021', 'record', 'minor', FOOD_SAFETY, 12],
    ['samr-2021', 'record', 'general', FOOD_SAFETY, 12],
    // … and one year on the punishment list (SAMR Order 44 Art. 16).
    ['samr-2021', 'listing', 'serious', 'SAMR Order 44 Art. 7', 12],
    ['samr-2021', 'listing', 'serious', FOOD_SAFETY, 12],
    // SAMR 2025: minor and general three months, serious (assumed) and the list one year; no sector rule.
    ['samr-2025', 'record', 'minor', PRODUCT_QUALITY, 3],
    ['samr-2025', 'record', 'general', PRODUCT_QUALITY, 3],
    ['samr-2025', 'record', 'serious', PRODUCT_QUALITY, 12],
    ['samr-2025', 'record', 'general', FOOD_SAFETY, 3],
    ['samr-2025', 'listing', 'serious', 'SAMR Order 44 Art. 7', 12],
    // NDRC Order 36: minor at once, general three months, serious one year.
    ['ndrc-36', 'record', 'minor', PRODUCT_QUALITY, 0],
    ['ndrc-36', 'record', 'general', PRODUCT_QUALITY, 3],
    ['ndrc-36', 'record', 'serious', PRODUCT_QUALITY, 12],
    ['ndrc-36', 'listing', 'serious', 'x', 12],
  ] as const)('%s, %s of severity %s under %s: %i months', (id, type, severity, legalBasis, months) => {
    expect(minimumMonths(rule(id), { type, severity, legalBasis })).toBe(months);
  });

  it('treats a record without a severity as general', () => {
    expect(minimumMonths(rule('ndrc-36'), { type: 'record', severity: null, legalBasis: PRODUCT_QUALITY })).toBe(3);
    expect(minimumMonths(rule('samr-2025'), { type: 'record', severity: null, legalBasis: PRODUCT_QUALITY })).toBe(3);
  });
});

describe('repairEligibility: the minimum publication period under each rule set', () => {
  // eligibleFrom = the day publication began + the rule's months (民法典 Art. 203 month-end clamp).
  it.each([
    ['samr-2021 general penalty: +6 months', { since: '2025-06-10' }, 'samr-2021', '2025-12-10'],
    ['samr-2021 serious penalty: +6 months', { since: '2025-06-10', severity: 'serious' }, 'samr-2021', '2025-12-10'],
    ['samr-2021 food-safety penalty: +12 months', { since: '2024-12-20', legalBasis: FOOD_SAFETY }, 'samr-2021', '2025-12-20'],
    ['samr-2021 minor food-safety penalty: still +12 months', { since: '2024-12-20', legalBasis: FOOD_SAFETY, severity: 'minor' }, 'samr-2021', '2025-12-20'],
    ['samr-2021 drug penalty: +12 months', { since: '2024-12-20', legalBasis: '《中华人民共和国药品管理法》第一百二十五条' }, 'samr-2021', '2025-12-20'],
    ['samr-2021 punishment listing: +12 months (SAMR Order 44 Art. 16)', { type: 'listing', since: '2024-12-01', severity: 'serious', legalBasis: 'SAMR Order 44 Art. 7', penaltyTypes: undefined }, 'samr-2021', '2025-12-01'],
    ['samr-2025 general penalty: +3 months', {}, 'samr-2025', '2026-04-10'],
    ['samr-2025 minor penalty: +3 months', { severity: 'minor' }, 'samr-2025', '2026-04-10'],
    ['samr-2025 serious penalty: +12 months', { severity: 'serious' }, 'samr-2025', '2027-01-10'],
    ['samr-2025 punishment listing: +12 months', { type: 'listing', severity: 'serious', legalBasis: 'SAMR Order 44 Art. 7', penaltyTypes: undefined }, 'samr-2025', '2027-01-10'],
    ['samr-2025 general penalty from a month end: 2025-11-30 +3 months is 2026-02-28', { since: '2025-11-30' }, 'samr-2025', '2026-02-28'],
    ['ndrc-36 general: +3 months', { since: '2026-02-01', authorityName: OTHER }, 'ndrc-36', '2026-05-01'],
    ['ndrc-36 serious: +12 months', { since: '2026-02-01', authorityName: OTHER, severity: 'serious' }, 'ndrc-36', '2027-02-01'],
    ['ndrc-36 listing: +12 months', { type: 'listing', since: '2026-02-01', authorityName: OTHER, severity: 'serious', penaltyTypes: undefined }, 'ndrc-36', '2027-02-01'],
  ] as const)('%s', (_, overrides, ruleId, eligibleFrom) => {
    const t = target(overrides as Partial<Target>);
    const dayBefore = addDays(eligibleFrom, -1);

    const early = repairEligibility(t, dayBefore, NO_FACTS);
    expect(early).toMatchObject({ eligible: false, eligibleFrom, ruleSet: { id: ruleId } });
    expect(codes(early)).toEqual(['too-early']);

    const onTheDay = repairEligibility(t, eligibleFrom, NO_FACTS);
    expect(onTheDay).toMatchObject({ eligible: true, eligibleFrom, ruleSet: { id: ruleId }, reasons: [] });
  });

  it('gives the eligibleFrom date while it is still months away', () => {
    const e = repairEligibility(target({ since: '2025-06-10' }), '2025-07-01', NO_FACTS);
    expect(e).toMatchObject({ eligible: false, eligibleFrom: '2025-12-10', ruleSet: { id: 'samr-2021' } });
  });

  it('ndrc-36 minor: eligible at once, from the application date', () => {
    // NDRC Order 36: minor information may be repaired as soon as it is published.
    const e = repairEligibility(target({ since: '2026-04-01', authorityName: OTHER, severity: 'minor' }), '2026-04-01', NO_FACTS);
    expect(e).toMatchObject({ eligible: true, eligibleFrom: '2026-04-01', ruleSet: { id: 'ndrc-36' }, reasons: [] });
  });

  it('reports the application date as eligibleFrom once the period has long passed', () => {
    const e = repairEligibility(target({ since: '2026-01-10' }), '2026-08-03', NO_FACTS);
    expect(e).toMatchObject({ eligible: true, eligibleFrom: '2026-08-03' });
  });

  it('uses the rule set in force on the application date, not on the publication date', () => {
    // Published 2025-09-01 by SAMR. On 2025-12-24 the 2021 rule asks 6 months (→ 2026-03-01);
    // from 2025-12-25 the 2025 rule asks 3 months (→ 2025-12-01, already passed).
    const t = target({ since: '2025-09-01' });
    const before = repairEligibility(t, '2025-12-24', NO_FACTS);
    expect(before).toMatchObject({ eligible: false, eligibleFrom: '2026-03-01', ruleSet: { id: 'samr-2021' } });
    const after = repairEligibility(t, '2025-12-25', NO_FACTS);
    expect(after).toMatchObject({ eligible: true, eligibleFrom: '2025-12-25', ruleSet: { id: 'samr-2025' } });
  });

  it('uses changed rule sets when given (an official lengthens SAMR 2025 general to 6 months)', () => {
    const sets = REPAIR_RULE_SETS.map((s) => (s.id === 'samr-2025' ? { ...s, minimumMonths: { ...s.minimumMonths, general: 6 } } : s));
    const e = repairEligibility(target(), '2026-04-10', NO_FACTS, sets);
    expect(e).toMatchObject({ eligible: false, eligibleFrom: '2026-07-10' });
  });
});

describe('repairEligibility: penalties with a term are not repaired before the term ends (DOMAIN.md §6)', () => {
  const suspended = (overrides: Partial<Target> = {}) =>
    target({ penaltyTypes: ['fine', 'production-suspended'], decisionDate: '2026-01-05', restrictionMonths: 6, ...overrides });

  it('waits for the term end when it is later than the minimum period (decisionDate + restrictionMonths)', () => {
    // Minimum period ends 2026-04-10; the 6-month term 2026-07-05.
    const e = repairEligibility(suspended(), '2026-05-01', NO_FACTS);
    expect(e).toMatchObject({ eligible: false, eligibleFrom: '2026-07-05', ruleSet: { id: 'samr-2025' } });
    expect(codes(e)).toEqual(['term-running']);
  });

  it('reports both reasons before either has passed, with the later date', () => {
    const e = repairEligibility(suspended(), '2026-03-01', NO_FACTS);
    expect(e.eligibleFrom).toBe('2026-07-05');
    expect(codes(e)).toEqual(['too-early', 'term-running']);
  });

  it('is eligible on the term end, not the day before', () => {
    expect(repairEligibility(suspended(), '2026-07-04', NO_FACTS)).toMatchObject({ eligible: false, eligibleFrom: '2026-07-05' });
    expect(repairEligibility(suspended(), '2026-07-05', NO_FACTS)).toMatchObject({ eligible: true, eligibleFrom: '2026-07-05', reasons: [] });
  });

  it('waits for the minimum period when it ends after a short term', () => {
    // A one-month term ends 2026-02-05; the minimum period 2026-04-10.
    const e = repairEligibility(suspended({ restrictionMonths: 1 }), '2026-03-01', NO_FACTS);
    expect(e.eligibleFrom).toBe('2026-04-10');
    expect(codes(e)).toEqual(['too-early']);
  });

  it.each(TERM_PENALTIES.map((t) => [t]))('a %s penalty without restrictionMonths is not eligible before publication ends (eligibleFrom null)', (penalty) => {
    const e = repairEligibility(target({ penaltyTypes: [penalty as PenaltyType] }), '2026-08-03', NO_FACTS);
    expect(e).toMatchObject({ eligible: false, eligibleFrom: null, ruleSet: { id: 'samr-2025' } });
    expect(codes(e)).toEqual(['term-without-end']);
  });

  it('a term penalty with restrictionMonths but no decision date is term-without-end', () => {
    const e = repairEligibility(suspended({ decisionDate: undefined }), '2026-08-03', NO_FACTS);
    expect(e).toMatchObject({ eligible: false, eligibleFrom: null });
    expect(codes(e)).toEqual(['term-without-end']);
  });

  it.each([[['fine']], [['confiscation-of-illegal-gains', 'fine']], [['public-criticism']], [[]]] as const)('penalty types %j carry no term', (penaltyTypes) => {
    const e = repairEligibility(target({ penaltyTypes: [...penaltyTypes] as PenaltyType[], restrictionMonths: undefined }), '2026-04-10', NO_FACTS);
    expect(e).toMatchObject({ eligible: true, reasons: [] });
  });
});

describe('repairEligibility: facts outside the target', () => {
  it('refuses while an application for the target is still open', () => {
    const e = repairEligibility(target(), '2026-05-01', { openApplication: true, lastRevokedOn: null });
    expect(e.eligible).toBe(false);
    expect(codes(e)).toEqual(['open-application']);
  });

  it('bars a new application for 36 months after a repair was revoked for false materials (NDRC Order 36 Art. 25)', () => {
    expect(BAR_AFTER_REVOCATION_MONTHS).toBe(36);
    const e = repairEligibility(target(), '2026-05-01', { openApplication: false, lastRevokedOn: '2025-05-01' });
    expect(e).toMatchObject({ eligible: false, eligibleFrom: '2028-05-01', ruleSet: { id: 'samr-2025' } });
    expect(codes(e)).toEqual(['barred-after-revocation']);
  });

  it('lifts the bar on revokedOn + 36 months, not the day before', () => {
    const facts = { openApplication: false, lastRevokedOn: '2025-05-01' };
    expect(codes(repairEligibility(target(), '2028-04-30', facts))).toEqual(['barred-after-revocation']);
    expect(repairEligibility(target(), '2028-05-01', facts)).toMatchObject({ eligible: true, eligibleFrom: '2028-05-01', reasons: [] });
  });

  it('bars a listing the same way', () => {
    const listingTarget = target({ type: 'listing', severity: 'serious', since: '2025-01-10', penaltyTypes: undefined });
    const e = repairEligibility(listingTarget, '2026-05-01', { openApplication: false, lastRevokedOn: '2026-02-01' });
    expect(e).toMatchObject({ eligible: false, eligibleFrom: '2029-02-01' });
    expect(codes(e)).toEqual(['barred-after-revocation']);
  });

  it('gathers every reason at once, with the latest date', () => {
    const e = repairEligibility(target({ since: '2026-03-01' }), '2026-04-01', { openApplication: true, lastRevokedOn: '2026-03-01' });
    expect(codes(e)).toEqual(['too-early', 'open-application', 'barred-after-revocation']);
    expect(e.eligibleFrom).toBe('2029-03-01');
  });
});

describe('repairEligibility: targets that cannot be repaired', () => {
  it('refuses a target that is not public, with eligibleFrom null', () => {
    const e = repairEligibility(target({ public: false }), '2026-05-01', NO_FACTS);
    expect(e).toMatchObject({ eligible: false, eligibleFrom: null, ruleSet: { id: 'samr-2025' } });
    expect(codes(e)).toEqual(['not-public']);
  });

  it('refuses a non-public target even when the period has not passed, still with eligibleFrom null', () => {
    const e = repairEligibility(target({ public: false }), '2026-02-01', NO_FACTS);
    expect(e.eligibleFrom).toBeNull();
    expect(codes(e)).toEqual(['not-public', 'too-early']);
  });

  it('finds no rule set for another department before NDRC Order 36 is in force (2026-03-31)', () => {
    const e = repairEligibility(target({ authorityName: OTHER, since: '2025-06-01' }), '2026-03-31', NO_FACTS);
    expect(e).toEqual({ eligible: false, eligibleFrom: null, ruleSet: null, reasons: [expect.objectContaining({ code: 'no-rule-set' })] });
  });

  it('finds ndrc-36 for the same target on 2026-04-01', () => {
    const e = repairEligibility(target({ authorityName: OTHER, since: '2025-06-01' }), '2026-04-01', NO_FACTS);
    expect(e).toMatchObject({ eligible: true, ruleSet: { id: 'ndrc-36' } });
  });

  it('finds no rule set for an SAMR decision before 2021-09-01', () => {
    const e = repairEligibility(target({ since: '2021-01-10' }), '2021-08-31', NO_FACTS);
    expect(e).toMatchObject({ eligible: false, eligibleFrom: null, ruleSet: null });
    expect(codes(e)).toEqual(['no-rule-set']);
  });
});

describe('repairEligibility: every result explains itself', () => {
  const cases: [string, Target, string, { openApplication: boolean; lastRevokedOn: string | null }][] = [
    ['eligible samr-2021', target({ since: '2025-01-10' }), '2025-09-01', NO_FACTS],
    ['too early samr-2025', target(), '2026-02-01', NO_FACTS],
    ['ndrc-36 barred', target({ authorityName: OTHER }), '2026-06-01', { openApplication: true, lastRevokedOn: '2026-05-01' }],
    ['not public', target({ public: false }), '2026-06-01', NO_FACTS],
  ];

  it.each(cases)('%s names its rule set by id, name and source only', (_, t, date, facts) => {
    const e = repairEligibility(t, date, facts);
    const set = REPAIR_RULE_SETS.find((s) => s.id === e.ruleSet?.id);
    expect(set).toBeDefined();
    expect(e.ruleSet).toEqual({ id: set?.id, name: set?.name, source: set?.source });
  });

  it.each(cases)('%s gives each reason in Chinese and English', (_, t, date, facts) => {
    for (const r of repairEligibility(t, date, facts).reasons) {
      expect(r.zh.length, r.code).toBeGreaterThan(0);
      expect(r.en.length, r.code).toBeGreaterThan(0);
    }
  });

  it('names the rule set that decided: the 2021 one for a 2025-12-24 application', () => {
    const e = repairEligibility(target({ since: '2025-01-10' }), '2025-12-24', NO_FACTS);
    expect(e.ruleSet).toEqual({ id: 'samr-2021', name: rule('samr-2021').name, source: rule('samr-2021').source });
    expect(e.ruleSet?.name).toContain('国市监信规〔2021〕3号');
  });

  it('says eligible exactly when it gives no reason', () => {
    for (const [, t, date, facts] of cases) {
      const e = repairEligibility(t, date, facts);
      expect(e.eligible).toBe(e.reasons.length === 0);
    }
  });
});
