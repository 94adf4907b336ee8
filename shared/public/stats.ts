/**
 * Figures for journalists (/stats): enterprises by district and class, list entries and repairs
 * per month. A pure fold over public data — the enterprises as the projection shows them and the
 * ledger's events — so the figures are reproducible by anyone holding the open data.
 */
import type { LedgerEvent } from '../ledger/event.ts';
import type { Enterprise } from '../register/model.ts';
import { shanghaiDate } from '../rules/calendar.ts';
import { CREDIT_CLASS_CODES, type CreditClass } from '../rules/classification.ts';
import type { ListType } from '../rules/listings.ts';

export interface RegisterStats {
  /** The ledger position the figures reflect. */
  seq: number;
  computedAt: string;
  /** district code → class → enterprises now. */
  byDistrict: Record<string, Record<CreditClass, number>>;
  /** 'YYYY-MM' (Asia/Shanghai) → list entries that began in that month, by list. */
  listingsByMonth: Record<string, Record<ListType, number>>;
  /** 'YYYY-MM' → records and list entries whose publication ended early by credit repair. */
  repairsByMonth: Record<string, number>;
}

const emptyClasses = () => Object.fromEntries(CREDIT_CLASS_CODES.map((c) => [c, 0])) as Record<CreditClass, number>;

export function emptyStats(seq: number, computedAt: string): RegisterStats {
  return { seq, computedAt, byDistrict: {}, listingsByMonth: {}, repairsByMonth: {} };
}

/** Count an enterprise as it stands now (the published class, override included). */
export function countEnterprise(stats: RegisterStats, e: Pick<Enterprise, 'district' | 'classification'>): void {
  const row = (stats.byDistrict[e.district] ??= emptyClasses());
  row[e.classification.class] += 1;
}

/** Count what one ledger event says about listings and repairs. */
export function countEvent(stats: RegisterStats, event: LedgerEvent): void {
  for (const change of event.changes) {
    if (change.entity === 'listing' && change.action === 'added' && change.data) {
      const month = change.data.startDate.slice(0, 7);
      const row = (stats.listingsByMonth[month] ??= { punishment: 0, incentive: 0 });
      row[change.data.listType] += 1;
    }
    if (change.reason === 'repaired') {
      const month = shanghaiDate(new Date(event.at)).slice(0, 7);
      stats.repairsByMonth[month] = (stats.repairsByMonth[month] ?? 0) + 1;
    }
  }
}
