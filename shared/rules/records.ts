/**
 * Credit records (信用记录) and how long each is published.
 *
 * Sources: SAMR Order 45 (市场监督管理行政处罚信息公示规定, 2021) Arts. 6, 11, 13; 国办发〔2025〕22号
 * for the severity tiers; 民法典 Arts. 201–203 for counting the period (see calendar.ts).
 */
import { addMonths, type CalendarDate } from './calendar.ts';

/** What a record is about. Penalties and spot-check failures count against an enterprise. */
export const RECORD_KINDS = {
  'administrative-penalty': { zh: '行政处罚', en: 'Administrative penalty', negative: true },
  'spot-check-failure': { zh: '监督抽查不合格', en: 'Failed supervision spot check', negative: true },
  'quality-award': { zh: '质量奖励', en: 'Quality award', negative: false },
  honour: { zh: '荣誉', en: 'Honour', negative: false },
} as const;
export type RecordKind = keyof typeof RECORD_KINDS;
export const RECORD_KIND_CODES = Object.keys(RECORD_KINDS) as [RecordKind, ...RecordKind[]];

/** 国办发〔2025〕22号: negative credit information is tiered 轻微 / 一般 / 严重. */
export const SEVERITIES = {
  minor: { zh: '轻微', en: 'Minor' },
  general: { zh: '一般', en: 'General' },
  serious: { zh: '严重', en: 'Serious' },
} as const;
export type Severity = keyof typeof SEVERITIES;
export const SEVERITY_CODES = Object.keys(SEVERITIES) as [Severity, ...Severity[]];

/** 行政处罚法 Art. 9: the kinds of administrative penalty. */
export const PENALTY_TYPES = {
  warning: { zh: '警告' },
  'public-criticism': { zh: '通报批评' },
  fine: { zh: '罚款' },
  'confiscation-of-illegal-gains': { zh: '没收违法所得' },
  'confiscation-of-illegal-property': { zh: '没收非法财物' },
  'licence-suspended': { zh: '暂扣许可证件' },
  'qualification-lowered': { zh: '降低资质等级' },
  'licence-revoked': { zh: '吊销许可证件' },
  'business-restricted': { zh: '限制开展生产经营活动' },
  'production-suspended': { zh: '责令停产停业' },
  'closure-ordered': { zh: '责令关闭' },
  'employment-restricted': { zh: '限制从业' },
  other: { zh: '其他' },
} as const;
export type PenaltyType = keyof typeof PENALTY_TYPES;
export const PENALTY_TYPE_CODES = Object.keys(PENALTY_TYPES) as [PenaltyType, ...PenaltyType[]];

/** Penalties that carry a term; not repairable before the term ends (DOMAIN.md §6). */
export const TERM_PENALTIES: readonly PenaltyType[] = [
  'licence-suspended',
  'qualification-lowered',
  'licence-revoked',
  'business-restricted',
  'production-suspended',
  'employment-restricted',
];

/**
 * Versioned publication-period rules. Values marked `uncertain` have no confirmed source and are
 * meant to be changed by an official as configuration (see DOMAIN.md).
 */
export const PUBLICATION_RULES = {
  version: 'publication/2021-07-30',
  source: 'SAMR Order 45 (市场监督管理行政处罚信息公示规定), in force 2021-09-01',
  /** Order 45 Art. 6: penalties of a warning only are not published. */
  unpublishedPenaltyTypes: ['warning'] as readonly PenaltyType[],
  /** Order 45 Art. 13: 通报批评 or a low fine only — publication ends three months after it began. */
  shortPeriodMonths: 3,
  shortPeriodPenaltyTypes: ['warning', 'public-criticism', 'fine'] as readonly PenaltyType[],
  /**
   * Order 45 Art. 13 leaves "较低数额罚款" to provincial standards; no Zhejiang figure was found.
   * uncertain: 1 万元 until an official sets the provincial figure.
   */
  lowFineMaxWan: 1,
  /** Order 45 Art. 13: all other penalty information is published for three years … */
  standardPeriodMonths: 36,
  /** … or for the restriction's term where that runs longer than three years. */
  restrictionMayExtend: true,
  /**
   * Spot-check failures and awards are not penalties, so Order 45 does not fix their period.
   * uncertain: published for three years, like other non-minor information, until a rule says otherwise.
   */
  spotCheckPeriodMonths: 36,
  awardPeriodMonths: 36,
} as const;

export interface PublicationInput {
  kind: RecordKind;
  penaltyTypes?: readonly PenaltyType[];
  /** 罚款金额, in 万元. */
  fineWan?: number;
  /** A licence revoked is never "only a low fine", whatever the listed types say. */
  licenceRevoked?: boolean;
  /** Term of a restriction (限制开展生产经营活动, 限制从业 …) in months, when the penalty has one. */
  restrictionMonths?: number;
  /** For honours with a fixed validity, the last day they are valid. */
  validUntil?: CalendarDate;
}

export type PublicationDecision =
  | { published: false; reason: 'warning-only'; basis: string }
  | { published: true; publicationEnd: CalendarDate; months: number | null; basis: string };

/**
 * Whether a record is published and its 公示截止期 (last day of publication), counted from the day
 * publication began.
 *
 * @example publicationFor({ kind: 'administrative-penalty', penaltyTypes: ['fine'], fineWan: 0.5 }, '2026-01-10')
 * // { published: true, publicationEnd: '2026-04-10', months: 3, basis: 'SAMR Order 45 Art. 13 …' }
 */
export function publicationFor(
  input: PublicationInput,
  publishedOn: CalendarDate,
  rules = PUBLICATION_RULES,
): PublicationDecision {
  const end = (months: number, basis: string): PublicationDecision => ({
    published: true,
    publicationEnd: addMonths(publishedOn, months),
    months,
    basis,
  });

  if (input.kind === 'quality-award' || input.kind === 'honour') {
    if (input.validUntil) return { published: true, publicationEnd: input.validUntil, months: null, basis: 'validity of the award' };
    return end(rules.awardPeriodMonths, 'award period (uncertain default, see PUBLICATION_RULES)');
  }
  if (input.kind === 'spot-check-failure') {
    return end(rules.spotCheckPeriodMonths, 'spot-check period (uncertain default, see PUBLICATION_RULES)');
  }

  const types: readonly PenaltyType[] = input.licenceRevoked ? [...(input.penaltyTypes ?? []), 'licence-revoked'] : (input.penaltyTypes ?? []);
  if (types.length > 0 && types.every((t) => rules.unpublishedPenaltyTypes.includes(t))) {
    return { published: false, reason: 'warning-only', basis: 'SAMR Order 45 Art. 6' };
  }
  const onlyShortTypes = types.every((t) => rules.shortPeriodPenaltyTypes.includes(t));
  const lowFine = !types.includes('fine') || (input.fineWan ?? 0) <= rules.lowFineMaxWan;
  if (types.length > 0 && onlyShortTypes && lowFine) {
    return end(rules.shortPeriodMonths, 'SAMR Order 45 Art. 13 (通报批评 or low fine: 3 months)');
  }
  const months =
    rules.restrictionMayExtend && (input.restrictionMonths ?? 0) > rules.standardPeriodMonths
      ? (input.restrictionMonths as number)
      : rules.standardPeriodMonths;
  return end(months, 'SAMR Order 45 Art. 13 (3 years, or the restriction term if longer)');
}
