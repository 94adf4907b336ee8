/**
 * The two lists — SAMR Order 44 (严重违法失信名单) and the incentive list (守信激励名单).
 */
import { describe, expect, it } from 'vitest';
import { LISTING_RULES, earliestRemovalFrom, listingEnd } from '../../../shared/rules/listings.ts';

describe('listingEnd', () => {
  it('ends a punishment listing after 3 years (Order 44 Art. 21)', () => {
    expect(listingEnd('punishment', '2026-01-10')).toBe('2029-01-10');
  });

  it('ends an incentive listing after 3 years (uncertain default)', () => {
    expect(listingEnd('incentive', '2026-01-10')).toBe('2029-01-10');
  });

  it('ends on the last day of February when the start was 29 February (民法典 Art. 202)', () => {
    expect(listingEnd('punishment', '2028-02-29')).toBe('2031-02-28');
  });
});

describe('earliestRemovalFrom', () => {
  it('allows applying for early removal from the punishment list after 1 year (Order 44 Art. 16)', () => {
    expect(earliestRemovalFrom('punishment', '2026-01-10')).toBe('2027-01-10');
    expect(earliestRemovalFrom('punishment', '2028-02-29')).toBe('2029-02-28');
  });

  it('has no early removal for the incentive list', () => {
    expect(earliestRemovalFrom('incentive', '2026-01-10')).toBeNull();
  });

  it('falls before the end of the listing', () => {
    const start = '2026-07-31';
    expect((earliestRemovalFrom('punishment', start) ?? '') < listingEnd('punishment', start)).toBe(true);
  });
});

describe('LISTING_RULES', () => {
  it('carries the four Order 44 Art. 15 measures on every punishment entry', () => {
    expect(LISTING_RULES.punishment.defaultMeasures).toHaveLength(4);
    expect(LISTING_RULES.punishment.defaultMeasures).toContain('不适用告知承诺制');
  });
});
