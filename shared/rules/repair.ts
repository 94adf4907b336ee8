/**
 * 信用修复 — credit repair rules as versioned data (DOMAIN.md §6). "谁认定、谁修复": the authority
 * that decided handles the repair. The rule set in force ON THE APPLICATION DATE decides
 * eligibility and deadlines. Values marked `uncertain` come from press reports and are meant to be
 * confirmed and, if needed, changed by an official.
 */
import { addMonths, type CalendarDate } from './calendar.ts';
import { TERM_PENALTIES, type PenaltyType, type Severity } from './records.ts';

export type RepairTargetType = 'record' | 'listing';

export interface RepairRuleSet {
  id: string;
  name: string;
  source: string;
  /** First and last day in force (inclusive); null: still in force. */
  from: CalendarDate;
  to: CalendarDate | null;
  /** Whose decisions it governs: market supervision (SAMR) or other departments (NDRC, 信用中国). */
  governs: 'samr' | 'other';
  /** Months a record must have been published before repair may be applied for, by severity. */
  minimumMonths: { minor: number; general: number; serious: number; punishmentList: number };
  /** Months for penalties under the food, drug and special-equipment laws, where the rule sets its own. */
  sectorMonths?: number;
  acceptWithinWorkingDays: number;
  decideWithinWorkingDays: number;
  stopPublicationWithinWorkingDays: number;
  uncertain?: string[];
}

export const REPAIR_RULE_SETS: readonly RepairRuleSet[] = [
  {
    id: 'samr-2021',
    name: '市场监督管理信用修复管理办法（国市监信规〔2021〕3号）',
    source: '国市监信规〔2021〕3号 Arts. 6–7, 12–14',
    from: '2021-09-01',
    to: '2025-12-24',
    governs: 'samr',
    // Penalties: six months after publication; twelve for food, drugs and special equipment. Minor
    // penalties are published for three months only (Order 45 Art. 13), so they simply expire.
    minimumMonths: { minor: 6, general: 6, serious: 6, punishmentList: 12 },
    sectorMonths: 12,
    acceptWithinWorkingDays: 2,
    decideWithinWorkingDays: 15,
    stopPublicationWithinWorkingDays: 3,
  },
  {
    id: 'samr-2025',
    name: '市场监督管理信用修复管理办法（2025）',
    source: 'SAMR departmental rule, in force 2025-12-25',
    from: '2025-12-25',
    to: null,
    governs: 'samr',
    minimumMonths: { minor: 3, general: 3, serious: 12, punishmentList: 12 },
    acceptWithinWorkingDays: 2,
    decideWithinWorkingDays: 7,
    stopPublicationWithinWorkingDays: 3,
    uncertain: [
      'minimumMonths (press reports)',
      'decideWithinWorkingDays (press reports)',
      'minimumMonths.serious (not reported: one year assumed)',
      'acceptWithinWorkingDays (not reported: the 2021 rule’s two days kept)',
    ],
  },
  {
    id: 'ndrc-36',
    name: '信用修复管理办法（国家发展改革委令第36号）',
    source: 'NDRC Order 36 (2025-11-20), in force 2026-04-01, repeals Order 58',
    from: '2026-04-01',
    to: null,
    governs: 'other',
    // Minor information is published at most three months and may be repaired at once; general
    // after three months; serious after one year.
    minimumMonths: { minor: 0, general: 3, serious: 12, punishmentList: 12 },
    acceptWithinWorkingDays: 3,
    decideWithinWorkingDays: 7,
    stopPublicationWithinWorkingDays: 3,
  },
];

/**
 * An official's change to a rule set's numbers (the `uncertain` values above above all), kept as
 * configuration with its audit trail rather than as a deploy.
 */
export interface RuleSetOverride {
  minimumMonths?: Partial<RepairRuleSet['minimumMonths']>;
  sectorMonths?: number;
  acceptWithinWorkingDays?: number;
  decideWithinWorkingDays?: number;
  stopPublicationWithinWorkingDays?: number;
}

/** The rule sets with officials' overrides applied; each changed set says so in its source. */
export function withOverrides(overrides: Readonly<Record<string, RuleSetOverride>>, sets: readonly RepairRuleSet[] = REPAIR_RULE_SETS): RepairRuleSet[] {
  return sets.map((set) => {
    const o = overrides[set.id];
    if (!o) return set;
    return {
      ...set,
      ...(o.sectorMonths !== undefined ? { sectorMonths: o.sectorMonths } : {}),
      ...(o.acceptWithinWorkingDays !== undefined ? { acceptWithinWorkingDays: o.acceptWithinWorkingDays } : {}),
      ...(o.decideWithinWorkingDays !== undefined ? { decideWithinWorkingDays: o.decideWithinWorkingDays } : {}),
      ...(o.stopPublicationWithinWorkingDays !== undefined ? { stopPublicationWithinWorkingDays: o.stopPublicationWithinWorkingDays } : {}),
      minimumMonths: { ...set.minimumMonths, ...o.minimumMonths },
      source: `${set.source}; values changed by an official (see the audit trail)`,
    };
  });
}

/** NDRC Order 36 Art. 25: after a repair obtained by false materials, no repair of that information for three years. */
export const BAR_AFTER_REVOCATION_MONTHS = 36;

/**
 * Sectors where SAMR 2021 asks twelve months: food, drugs (vaccines are drugs) and special
 * equipment — recognised by the law or regulation applied, whether the statute (特种设备安全法) or
 * the State Council regulation under it (特种设备安全监察条例, 乳品质量安全监督管理条例 …).
 */
export function isTwelveMonthSector(legalBasis: string): boolean {
  return /食品|乳品|药品|疫苗|特种设备/.test(legalBasis);
}

/** Whose decision it is, by the deciding authority (谁认定、谁修复). */
export function governanceOf(authorityName: string): RepairRuleSet['governs'] {
  return /市场监督管理|市场监管/.test(authorityName) ? 'samr' : 'other';
}

/** The rule set in force on `date` for decisions of that kind of authority, if any. */
export function ruleSetOn(date: CalendarDate, governs: RepairRuleSet['governs'], sets: readonly RepairRuleSet[] = REPAIR_RULE_SETS): RepairRuleSet | undefined {
  return sets.find((s) => s.governs === governs && s.from <= date && (s.to === null || date <= s.to));
}

export interface RepairTarget {
  type: RepairTargetType;
  /** The day publication (or the listing) began. */
  since: CalendarDate;
  severity: Severity | null;
  legalBasis: string;
  authorityName: string;
  penaltyTypes?: readonly PenaltyType[];
  decisionDate?: CalendarDate;
  restrictionMonths?: number;
}

export type EligibilityReason =
  | 'not-public'
  | 'no-rule-set'
  | 'too-early'
  | 'term-running'
  | 'term-without-end'
  | 'open-application'
  | 'barred-after-revocation';

export interface Eligibility {
  eligible: boolean;
  /** The first day an application can succeed on these grounds (null: not before publication ends). */
  eligibleFrom: CalendarDate | null;
  ruleSet: { id: string; name: string; source: string } | null;
  reasons: { code: EligibilityReason; zh: string; en: string }[];
}

const REASON_TEXT: Record<EligibilityReason, { zh: string; en: string }> = {
  'not-public': { zh: '该信息未在公示中', en: 'The information is not being published' },
  'no-rule-set': { zh: '申请日无适用的信用修复规则', en: 'No repair rule set is in force for it on the application date' },
  'too-early': { zh: '未满最短公示期', en: 'The minimum publication period has not passed' },
  'term-running': { zh: '处罚期限尚未届满', en: 'The penalty’s term has not ended' },
  'term-without-end': { zh: '附期限的处罚未载明期限，公示期满前不得修复', en: 'A term penalty without a stated term cannot be repaired before publication ends' },
  'open-application': { zh: '已有未办结的修复申请', en: 'An application for it is still open' },
  'barred-after-revocation': { zh: '因提供虚假材料被撤销修复，三年内不得申请', en: 'A repair revoked for false materials bars new applications for three years' },
};

/** How long the target must have been published before repair may be applied for. */
export function minimumMonths(rule: RepairRuleSet, target: Pick<RepairTarget, 'type' | 'severity' | 'legalBasis'>): number {
  if (target.type === 'listing') return rule.minimumMonths.punishmentList;
  if (rule.sectorMonths !== undefined && isTwelveMonthSector(target.legalBasis)) return rule.sectorMonths;
  return rule.minimumMonths[target.severity ?? 'general'];
}

/**
 * Whether the target may be repaired on `date`, and from when, with the rule that decides.
 * Pure: the caller supplies the facts (open applications, the last revocation).
 */
export function repairEligibility(
  target: RepairTarget & { public: boolean },
  date: CalendarDate,
  facts: { openApplication: boolean; lastRevokedOn: CalendarDate | null },
  sets: readonly RepairRuleSet[] = REPAIR_RULE_SETS,
): Eligibility {
  const reasons: Eligibility['reasons'] = [];
  const add = (code: EligibilityReason) => reasons.push({ code, ...REASON_TEXT[code] });
  const rule = ruleSetOn(date, governanceOf(target.authorityName), sets);
  let eligibleFrom: CalendarDate | null = date;
  const later = (d: CalendarDate | null) => {
    if (d === null || eligibleFrom === null) eligibleFrom = null;
    else if (d > eligibleFrom) eligibleFrom = d;
  };

  if (!target.public) add('not-public');
  if (!rule) {
    add('no-rule-set');
    return { eligible: false, eligibleFrom: null, ruleSet: null, reasons };
  }
  const months = minimumMonths(rule, target);
  const afterMinimum = addMonths(target.since, months);
  if (afterMinimum > date) add('too-early');
  later(afterMinimum);

  if (target.type === 'record' && target.penaltyTypes?.some((t) => TERM_PENALTIES.includes(t))) {
    if (target.restrictionMonths && target.decisionDate) {
      const termEnd = addMonths(target.decisionDate, target.restrictionMonths);
      if (termEnd > date) add('term-running');
      later(termEnd);
    } else {
      add('term-without-end');
      later(null);
    }
  }
  if (facts.openApplication) add('open-application');
  if (facts.lastRevokedOn) {
    const barEnds = addMonths(facts.lastRevokedOn, BAR_AFTER_REVOCATION_MONTHS);
    if (barEnds > date) add('barred-after-revocation');
    later(barEnds);
  }
  return {
    eligible: reasons.length === 0,
    eligibleFrom: target.public ? eligibleFrom : null,
    ruleSet: { id: rule.id, name: rule.name, source: rule.source },
    reasons,
  };
}
