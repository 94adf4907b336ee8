/**
 * "As of" a past day, as a pure function over one enterprise's stored file: what was public on that
 * day, and the class it had then.
 */
import { describe, expect, it } from 'vitest';
import { checkAsOf, listingPublicOn, profileAsOf, profileTimeline, recordPublicOn } from '../../../shared/public/as-of.ts';
import { Problem } from '../../../shared/errors.ts';
import type { EnterpriseFile } from '../../../shared/register/model.ts';
import { PLANTED, enterprise, listing, record } from '../fixtures.ts';

// A record published 2026-01-10 for three years; a punishment entry from 2026-01-10 for three years.
const published = record();
const active = listing();

describe('recordPublicOn', () => {
  it.each([
    ['the day before publication', '2026-01-09', false],
    ['the first day', '2026-01-10', true],
    ['the last day of the period', '2029-01-10', true],
    ['the day after the period', '2029-01-11', false],
  ])('a published record on %s → %s', (_, day, expected) => {
    expect(recordPublicOn(published, day)).toBe(expected);
  });

  it('stops on the day a withdrawal or repair took effect, and was public the day before', () => {
    for (const status of ['withdrawn', 'repaired'] as const) {
      const r = record({ status, statusChangedOn: '2026-06-01' });
      expect(recordPublicOn(r, '2026-05-31')).toBe(true);
      expect(recordPublicOn(r, '2026-06-01')).toBe(false);
    }
  });

  it('keeps an expired record public through its last day (statusChangedOn is the day after)', () => {
    const r = record({ status: 'expired', publicationEnd: '2026-04-10', statusChangedOn: '2026-04-11' });
    expect(recordPublicOn(r, '2026-04-10')).toBe(true);
    expect(recordPublicOn(r, '2026-04-11')).toBe(false);
  });

  it('never shows a removed record whose removal day is missing', () => {
    expect(recordPublicOn(record({ status: 'withdrawn' }), '2026-02-01')).toBe(false);
  });
});

describe('listingPublicOn', () => {
  it('applies from its start through its end date while active', () => {
    expect(listingPublicOn(active, '2026-01-09')).toBe(false);
    expect(listingPublicOn(active, '2026-01-10')).toBe(true);
    expect(listingPublicOn(active, '2029-01-10')).toBe(true);
    expect(listingPublicOn(active, '2029-01-11')).toBe(false);
  });

  it('stops on the day it was ended early (SAMR Order 44 Art. 18)', () => {
    const ended = listing({ status: 'ended', endedOn: '2027-02-01' });
    expect(listingPublicOn(ended, '2027-01-31')).toBe(true);
    expect(listingPublicOn(ended, '2027-02-01')).toBe(false);
    expect(listingPublicOn(listing({ status: 'repaired' }), '2026-06-01')).toBe(false);
  });
});

describe('profileAsOf', () => {
  // Registered 2026-01-01; a general penalty published 2026-01-10 and withdrawn on 2026-03-01; a
  // punishment entry from 2026-02-01 ended on 2026-05-01; a minor record since 2026-04-01.
  const file = (): EnterpriseFile => ({
    enterprise: enterprise({ createdAt: '2025-12-31T16:30:00.000Z' }), // 2026-01-01 in Hangzhou
    records: [
      record({ id: 'rec_general', status: 'withdrawn', statusChangedOn: '2026-03-01', statusReason: PLANTED.statusReason }),
      record({ id: 'rec_minor', severity: 'minor', penaltyTypes: ['public-criticism'], fineWan: undefined, publishedOn: '2026-04-01', publicationEnd: '2026-07-01' }),
    ],
    listings: [listing({ id: 'lst_p', startDate: '2026-02-01', status: 'ended', endedOn: '2026-05-01', endReason: PLANTED.endReason })],
  });

  it.each([
    ['before anything was published', '2026-01-05', 'B', [], []],
    ['with the general penalty published', '2026-01-20', 'C', ['rec_general'], []],
    ['while on the punishment list', '2026-02-15', 'D', ['rec_general'], ['lst_p']],
    ['after the withdrawal, still listed', '2026-03-01', 'D', [], ['lst_p']],
    ['after the listing ended, only the minor record', '2026-05-01', 'B', ['rec_minor'], []],
    ['after everything', '2026-08-01', 'B', [], []],
  ])('%s (%s) → class %s', (_, day, cls, records, listings) => {
    const profile = profileAsOf(file(), day);
    expect(profile?.classification.class).toBe(cls);
    expect(profile?.records.map((r) => r.id)).toEqual(records);
    expect(profile?.listings.map((l) => l.id)).toEqual(listings);
  });

  it('gives the reasons that applied that day', () => {
    const profile = profileAsOf(file(), '2026-02-15');
    expect(profile?.classification.reasons[0]).toMatchObject({ rule: 'D.punishment-list', refs: [{ type: 'listing', id: 'lst_p' }] });
  });

  it('goes through the public projection: nothing internal, no status or removal reason', () => {
    const json = JSON.stringify(profileAsOf(file(), '2026-02-15'));
    for (const secret of [PLANTED.idNumber, PLANTED.contactPhone, PLANTED.internalNote, PLANTED.statusReason, PLANTED.endReason]) expect(json).not.toContain(secret);
    expect(json).not.toMatch(/"(status|statusChangedOn|endedOn|riskClass|version)"/);
  });

  it('applies an override only from the day it was decided', () => {
    const f = file();
    const e = f.enterprise!;
    f.enterprise = { ...e, classification: { ...e.classification, class: 'A', override: { class: 'A', reason: '复核', department: '杭州市市场监督管理局', decidedOn: '2026-06-01' } } };
    expect(profileAsOf(f, '2026-05-31')?.classification.class).toBe('B');
    expect(profileAsOf(f, '2026-06-01')?.classification).toMatchObject({ class: 'A', override: { decidedOn: '2026-06-01' } });
  });

  it('is null before the enterprise was registered, unless something of it was already public', () => {
    expect(profileAsOf(file(), '2025-12-31')).toBeNull();
    const imported = file();
    imported.enterprise = { ...imported.enterprise!, createdAt: '2026-09-01T00:00:00.000Z' };
    expect(profileAsOf(imported, '2026-01-20')?.records.map((r) => r.id)).toEqual(['rec_general']);
    expect(profileAsOf({ enterprise: null, records: [], listings: [] }, '2026-01-20')).toBeNull();
  });
});

describe('checkAsOf', () => {
  const bounds = { began: '2021-09-15', today: '2026-11-28' };

  it('accepts the first day, a day between, and today', () => {
    for (const day of ['2021-09-15', '2024-02-29', '2026-11-28']) expect(() => checkAsOf(day, bounds)).not.toThrow();
  });

  it.each([
    ['before the register began', '2021-09-14', 'before-register'],
    ['in the future', '2026-11-29', 'in-future'],
  ])('refuses a day %s, naming asOf', (_, day, code) => {
    try {
      checkAsOf(day, bounds);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(Problem);
      expect((error as Problem).code).toBe('asof.out-of-range');
      expect((error as Problem).errors).toEqual([expect.objectContaining({ in: 'query', field: 'asOf', code })]);
    }
  });
});

describe('profileTimeline', () => {
  it('steps on each day the class or the lists changed, newest first, and ignores what was never public', () => {
    // Arrange: a record from 2026-01-10; a punishment entry 2026-03-01 ended early on 2026-09-01;
    // a withdrawn record that was never public (withdrawn before its publication day).
    const file: EnterpriseFile = {
      enterprise: enterprise({ createdAt: '2025-12-31T16:00:00.000Z' }),
      records: [published, record({ id: 'rec_2', status: 'withdrawn', publishedOn: '2026-05-01', statusChangedOn: '2026-04-01' })],
      listings: [listing({ startDate: '2026-03-01', status: 'ended', endedOn: '2026-09-01' })],
    };
    // Act
    const steps = profileTimeline(file, '2026-12-31');
    // Assert
    expect(steps.map((s) => [s.day, s.listTypes.join(',')])).toEqual([
      ['2026-09-01', ''],
      ['2026-03-01', 'punishment'],
      ['2026-01-10', ''],
      ['2026-01-01', ''],
    ]);
    for (const s of steps) expect(s.classification).toEqual(profileAsOf(file, s.day)!.classification);
    expect(JSON.stringify(steps)).not.toContain(PLANTED.internalNote);
    expect(profileTimeline(file, '2026-02-01').map((s) => s.day)).toEqual(['2026-01-10', '2026-01-01']);
  });
});
