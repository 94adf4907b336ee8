/**
 * 质量信用分类 — supervision by quality-credit class (Art. 23 of the Measures).
 *
 * No current Zhejiang or Hangzhou grading text was found (DOMAIN.md §5), so the scheme is
 * versioned data whose every rule is explainable from public facts. The first matching rule wins.
 * The internal A–D credit-*risk* class of 国市监信发〔2022〕6号 is a different thing and never public.
 */
import { RECORD_KINDS, type RecordKind, type Severity } from './records.ts';
import type { ListType } from './listings.ts';

export const CREDIT_CLASSES = {
  A: { zh: '守信', en: 'Trustworthy' },
  B: { zh: '基本守信', en: 'Basically trustworthy' },
  C: { zh: '失信', en: 'Dishonest' },
  D: { zh: '严重失信', en: 'Seriously dishonest' },
} as const;
export type CreditClass = keyof typeof CREDIT_CLASSES;
export const CREDIT_CLASS_CODES = Object.keys(CREDIT_CLASSES) as [CreditClass, ...CreditClass[]];

/** The facts a class is computed from: what is published about the enterprise now. */
export interface ClassificationInput {
  records: readonly { id: string; kind: RecordKind; severity: Severity | null }[];
  listings: readonly { id: string; listType: ListType }[];
}

export interface ClassReason {
  /** Stable code of the rule that applied. */
  rule: string;
  zh: string;
  en: string;
  /** The records and list entries that made it so. */
  refs: { type: 'record' | 'listing'; id: string }[];
}

export interface Classification {
  class: CreditClass;
  reasons: ClassReason[];
  ruleVersion: string;
}

export const CLASSIFICATION_SCHEME = {
  version: 'hz-quality-class/1',
  source: 'DOMAIN.md §5 default scheme (no official Zhejiang/Hangzhou grading text found)',
} as const;

const isNegative = (kind: RecordKind) => RECORD_KINDS[kind].negative;

/**
 * The class of an enterprise with its reasons, under the default scheme:
 * D — on the punishment list; C — a published negative record of severity 一般 or 严重;
 * A — on the incentive list with no published negative record; B — otherwise.
 *
 * @example classify({ records: [], listings: [] }) // { class: 'B', reasons: [{ rule: 'B.default', … }], … }
 */
export function classify(input: ClassificationInput, scheme = CLASSIFICATION_SCHEME): Classification {
  const done = (cls: CreditClass, reason: ClassReason): Classification => ({
    class: cls,
    reasons: [reason],
    ruleVersion: scheme.version,
  });

  const punishment = input.listings.filter((l) => l.listType === 'punishment');
  if (punishment.length > 0) {
    return done('D', {
      rule: 'D.punishment-list',
      zh: '列入严重违法失信名单',
      en: 'On the serious violation and dishonesty list',
      refs: punishment.map((l) => ({ type: 'listing', id: l.id })),
    });
  }

  const negative = input.records.filter((r) => isNegative(r.kind));
  const grave = negative.filter((r) => r.severity === 'general' || r.severity === 'serious');
  if (grave.length > 0) {
    return done('C', {
      rule: 'C.negative-record',
      zh: '存在公示中的一般或严重失信记录',
      en: 'Has a published record of general or serious severity',
      refs: grave.map((r) => ({ type: 'record', id: r.id })),
    });
  }

  const incentive = input.listings.filter((l) => l.listType === 'incentive');
  if (incentive.length > 0 && negative.length === 0) {
    return done('A', {
      rule: 'A.incentive-list',
      zh: '列入守信激励名单且无公示中的失信记录',
      en: 'On the incentive list with no published negative record',
      refs: incentive.map((l) => ({ type: 'listing', id: l.id })),
    });
  }

  if (negative.length > 0) {
    return done('B', {
      rule: 'B.minor-record',
      zh: '仅有轻微失信记录',
      en: 'Only minor negative records are published',
      refs: negative.map((r) => ({ type: 'record', id: r.id })),
    });
  }
  return done('B', {
    rule: 'B.default',
    zh: '无严重失信、失信记录',
    en: 'No serious or general negative record',
    refs: [],
  });
}
