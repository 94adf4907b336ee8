/**
 * The two lists of Art. 23 of the Measures: joint punishment (严重违法失信名单) and joint
 * incentives (守信激励名单 / 红名单).
 */
import { addMonths, type CalendarDate } from './calendar.ts';

export const LIST_TYPES = {
  punishment: { zh: '严重违法失信名单', en: 'Serious violation and dishonesty list' },
  incentive: { zh: '守信激励名单', en: 'Trustworthiness incentive list' },
} as const;
export type ListType = keyof typeof LIST_TYPES;
export const LIST_TYPE_CODES = Object.keys(LIST_TYPES) as [ListType, ...ListType[]];

export const LISTING_RULES = {
  version: 'listings/2021-09-01',
  punishment: {
    source: 'SAMR Order 44 (市场监督管理严重违法失信名单管理办法), in force 2021-09-01',
    /** Order 44 Art. 21: published for three years, then removed automatically. */
    periodMonths: 36,
    /** Order 44 Art. 16: early removal may be applied for one year after listing. */
    earliestRemovalMonths: 12,
    /** Order 44 Art. 15: the measures every entry carries. */
    defaultMeasures: [
      '在行政许可、政府采购、招标投标等工作中作为重要考量因素',
      '列为重点监管对象，提高检查频次',
      '不适用告知承诺制',
      '不予授予相关荣誉称号',
    ],
  },
  incentive: {
    /** No Hangzhou red-list rule was found (DOMAIN.md §4): grounds and measures are data. */
    source: '杭州市质量促进办法 Art. 19, 23; 中国质量奖管理办法 (2021)',
    /** uncertain: no period found; an incentive entry lasts three years unless ended. */
    periodMonths: 36,
    earliestRemovalMonths: null,
    defaultMeasures: ['行政审批绿色通道', '容缺受理', '减少监督抽查频次'],
  },
} as const;

/** The last day a listing stays published unless it ends early. */
export function listingEnd(type: ListType, startDate: CalendarDate, rules = LISTING_RULES): CalendarDate {
  return addMonths(startDate, rules[type].periodMonths);
}

/** SAMR Order 44 Art. 16: the first day an early removal may be applied for, or null. */
export function earliestRemovalFrom(type: ListType, startDate: CalendarDate, rules = LISTING_RULES): CalendarDate | null {
  const months = rules[type].earliestRemovalMonths;
  return months === null ? null : addMonths(startDate, months);
}
