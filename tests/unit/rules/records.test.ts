/**
 * Publication periods of credit records — SAMR Order 45 (市场监督管理行政处罚信息公示规定) Arts. 6, 13.
 */
import { describe, expect, it } from 'vitest';
import { PUBLICATION_RULES, publicationFor, type PublicationDecision } from '../../../shared/rules/records.ts';

const PUBLISHED_ON = '2026-01-10';
const THREE_MONTHS_LATER = '2026-04-10';
const THREE_YEARS_LATER = '2029-01-10';

/** The end date of a published decision; fails the test when the record is not published. */
function endOf(decision: PublicationDecision): { publicationEnd: string; months: number | null } {
  if (!decision.published) throw new Error(`expected a published record, got ${JSON.stringify(decision)}`);
  return { publicationEnd: decision.publicationEnd, months: decision.months };
}

describe('publicationFor — administrative penalties', () => {
  it('does not publish a warning-only penalty (Order 45 Art. 6)', () => {
    // Act
    const decision = publicationFor({ kind: 'administrative-penalty', penaltyTypes: ['warning'] }, PUBLISHED_ON);

    // Assert
    expect(decision).toEqual({ published: false, reason: 'warning-only', basis: 'SAMR Order 45 Art. 6' });
  });

  it('publishes a public criticism (通报批评) only for 3 months (Order 45 Art. 13)', () => {
    const decision = publicationFor({ kind: 'administrative-penalty', penaltyTypes: ['public-criticism'] }, PUBLISHED_ON);
    expect(endOf(decision)).toEqual({ publicationEnd: THREE_MONTHS_LATER, months: 3 });
    expect(decision.basis).toMatch(/Order 45 Art\. 13/);
  });

  it('publishes a low fine for 3 months, as in its documented example (Order 45 Art. 13)', () => {
    const decision = publicationFor({ kind: 'administrative-penalty', penaltyTypes: ['fine'], fineWan: 0.5 }, PUBLISHED_ON);
    expect(endOf(decision)).toEqual({ publicationEnd: THREE_MONTHS_LATER, months: 3 });
  });

  it('treats a fine of exactly lowFineMaxWan as low (3 months)', () => {
    const decision = publicationFor(
      { kind: 'administrative-penalty', penaltyTypes: ['fine'], fineWan: PUBLICATION_RULES.lowFineMaxWan },
      PUBLISHED_ON,
    );
    expect(endOf(decision)).toEqual({ publicationEnd: THREE_MONTHS_LATER, months: 3 });
  });

  it('publishes a fine just above lowFineMaxWan for 3 years (Order 45 Art. 13)', () => {
    const decision = publicationFor(
      { kind: 'administrative-penalty', penaltyTypes: ['fine'], fineWan: PUBLICATION_RULES.lowFineMaxWan + 0.01 },
      PUBLISHED_ON,
    );
    expect(endOf(decision)).toEqual({ publicationEnd: THREE_YEARS_LATER, months: 36 });
  });

  it('publishes a large fine for 3 years', () => {
    const decision = publicationFor({ kind: 'administrative-penalty', penaltyTypes: ['fine'], fineWan: 20 }, PUBLISHED_ON);
    expect(endOf(decision)).toEqual({ publicationEnd: THREE_YEARS_LATER, months: 36 });
  });

  it('publishes a warning together with a low fine for 3 months: it is not warning-only', () => {
    const decision = publicationFor({ kind: 'administrative-penalty', penaltyTypes: ['warning', 'fine'], fineWan: 0.2 }, PUBLISHED_ON);
    expect(endOf(decision)).toEqual({ publicationEnd: THREE_MONTHS_LATER, months: 3 });
  });

  it('publishes a warning together with a public criticism for 3 months', () => {
    const decision = publicationFor({ kind: 'administrative-penalty', penaltyTypes: ['warning', 'public-criticism'] }, PUBLISHED_ON);
    expect(endOf(decision)).toEqual({ publicationEnd: THREE_MONTHS_LATER, months: 3 });
  });

  it('publishes a public criticism with a fine above the threshold for 3 years', () => {
    const decision = publicationFor({ kind: 'administrative-penalty', penaltyTypes: ['public-criticism', 'fine'], fineWan: 5 }, PUBLISHED_ON);
    expect(endOf(decision)).toEqual({ publicationEnd: THREE_YEARS_LATER, months: 36 });
  });

  it('publishes a low fine combined with a licence revocation for 3 years: not "only" a low fine', () => {
    const decision = publicationFor(
      { kind: 'administrative-penalty', penaltyTypes: ['fine', 'licence-revoked'], fineWan: 0.5 },
      PUBLISHED_ON,
    );
    expect(endOf(decision)).toEqual({ publicationEnd: THREE_YEARS_LATER, months: 36 });
  });

  it('publishes a confiscation for 3 years', () => {
    const decision = publicationFor({ kind: 'administrative-penalty', penaltyTypes: ['confiscation-of-illegal-gains'] }, PUBLISHED_ON);
    expect(endOf(decision)).toEqual({ publicationEnd: THREE_YEARS_LATER, months: 36 });
  });

  it('publishes a penalty of unstated type for 3 years rather than dropping it', () => {
    const decision = publicationFor({ kind: 'administrative-penalty', penaltyTypes: [] }, PUBLISHED_ON);
    expect(endOf(decision)).toEqual({ publicationEnd: THREE_YEARS_LATER, months: 36 });
  });

  it('publishes for the restriction term when it runs longer than 3 years (Order 45 Art. 13)', () => {
    const decision = publicationFor(
      { kind: 'administrative-penalty', penaltyTypes: ['business-restricted'], restrictionMonths: 60 },
      PUBLISHED_ON,
    );
    expect(endOf(decision)).toEqual({ publicationEnd: '2031-01-10', months: 60 });
  });

  it('never shortens the 3 years for a restriction of 3 years or less', () => {
    for (const restrictionMonths of [12, 36]) {
      const decision = publicationFor(
        { kind: 'administrative-penalty', penaltyTypes: ['employment-restricted'], restrictionMonths },
        PUBLISHED_ON,
      );
      expect(endOf(decision)).toEqual({ publicationEnd: THREE_YEARS_LATER, months: 36 });
    }
  });

  it('counts the period from the day publication began, by 民法典 Art. 202 at a month end', () => {
    const decision = publicationFor({ kind: 'administrative-penalty', penaltyTypes: ['public-criticism'] }, '2025-11-30');
    expect(endOf(decision).publicationEnd).toBe('2026-02-28');
  });
});

describe('publicationFor — spot checks and awards', () => {
  it('publishes a spot-check failure for 3 years (uncertain default)', () => {
    const decision = publicationFor({ kind: 'spot-check-failure' }, PUBLISHED_ON);
    expect(endOf(decision)).toEqual({ publicationEnd: THREE_YEARS_LATER, months: 36 });
  });

  it('publishes a spot-check failure even when it carries a warning: Art. 6 concerns penalties only', () => {
    const decision = publicationFor({ kind: 'spot-check-failure', penaltyTypes: ['warning'] }, PUBLISHED_ON);
    expect(decision.published).toBe(true);
  });

  it('publishes an award with a validity until its last valid day', () => {
    const decision = publicationFor({ kind: 'quality-award', validUntil: '2028-12-31' }, PUBLISHED_ON);
    expect(endOf(decision)).toEqual({ publicationEnd: '2028-12-31', months: null });
  });

  it('publishes an honour with a validity until its last valid day', () => {
    const decision = publicationFor({ kind: 'honour', validUntil: '2027-06-30' }, PUBLISHED_ON);
    expect(endOf(decision)).toEqual({ publicationEnd: '2027-06-30', months: null });
  });

  it('publishes an award without a validity for 3 years (uncertain default)', () => {
    const decision = publicationFor({ kind: 'quality-award' }, PUBLISHED_ON);
    expect(endOf(decision)).toEqual({ publicationEnd: THREE_YEARS_LATER, months: 36 });
  });
});

describe('PUBLICATION_RULES', () => {
  it('names its source and a version, and keeps the Order 45 periods', () => {
    expect(PUBLICATION_RULES.version).toMatch(/^publication\//);
    expect(PUBLICATION_RULES.source).toMatch(/Order 45/);
    expect(PUBLICATION_RULES.shortPeriodMonths).toBe(3);
    expect(PUBLICATION_RULES.standardPeriodMonths).toBe(36);
    expect(PUBLICATION_RULES.unpublishedPenaltyTypes).toEqual(['warning']);
  });
});
