/**
 * Calendar days as the law counts them: Asia/Shanghai (UTC+8, no DST) and 民法典 Arts. 201–203.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addDays, addMonths, daysBetween, isCalendarDate, shanghaiDate } from '../../../shared/rules/calendar.ts';

describe('shanghaiDate', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is still the same day at 15:59:59.999 UTC (23:59:59.999 in Shanghai)', () => {
    expect(shanghaiDate(new Date('2026-01-31T15:59:59.999Z'))).toBe('2026-01-31');
  });

  it('is the next day from 16:00 UTC (midnight in Shanghai)', () => {
    expect(shanghaiDate(new Date('2026-01-31T16:00:00.000Z'))).toBe('2026-02-01');
  });

  it('crosses the year boundary eight hours before UTC does', () => {
    expect(shanghaiDate(new Date('2025-12-31T16:00:00Z'))).toBe('2026-01-01');
    expect(shanghaiDate(new Date('2025-12-31T15:00:00Z'))).toBe('2025-12-31');
  });

  it('uses UTC+8 all year (China has no daylight saving time)', () => {
    expect(shanghaiDate(new Date('2026-07-15T16:00:00Z'))).toBe('2026-07-16');
    expect(shanghaiDate(new Date('2026-07-15T15:59:59Z'))).toBe('2026-07-15');
  });

  it('reads an instant written with a +08:00 offset as that local day', () => {
    expect(shanghaiDate(new Date('2026-03-01T00:00:00+08:00'))).toBe('2026-03-01');
  });

  it('defaults to the current instant', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-05-31T16:30:00Z'));
    expect(shanghaiDate()).toBe('2026-06-01');
  });
});

describe('isCalendarDate', () => {
  it.each(['2026-01-01', '2026-12-31', '2028-02-29', '2000-02-29', '2026-04-30'])('accepts the real day %s', (value) => {
    expect(isCalendarDate(value)).toBe(true);
  });

  it.each([
    ['2026-02-29', '2026 is not a leap year'],
    ['2100-02-29', 'century years are leap only when divisible by 400'],
    ['2026-02-30', 'February never has 30 days'],
    ['2026-04-31', 'April has 30 days'],
    ['2026-13-01', 'no 13th month'],
    ['2026-00-10', 'no month 0'],
    ['2026-01-00', 'no day 0'],
    ['2026-1-01', 'month must be two digits'],
    ['2026-01-1', 'day must be two digits'],
    ['20260101', 'separators required'],
    ['2026/01/01', 'only hyphens'],
    ['2026-01-01T00:00:00Z', 'a date, not an instant'],
    [' 2026-01-01', 'no surrounding white space'],
    ['', 'empty'],
  ])('rejects %s (%s)', (value) => {
    expect(isCalendarDate(value)).toBe(false);
  });
});

describe('addMonths — 民法典 Arts. 201–203', () => {
  it.each([
    // Art. 201: the starting day is not counted; Art. 202: the period ends on the corresponding day.
    ['2026-01-10', 3, '2026-04-10'],
    // Art. 202: no corresponding day → the last day of that month.
    ['2025-11-30', 3, '2026-02-28'],
    ['2027-11-30', 3, '2028-02-29'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-05-31', 4, '2026-09-30'],
    // A corresponding day that exists is used even when the start was a month end.
    ['2026-02-28', 1, '2026-03-28'],
    // Year boundaries.
    ['2025-12-15', 1, '2026-01-15'],
    ['2025-10-31', 3, '2026-01-31'],
    ['2026-11-01', 2, '2027-01-01'],
    ['2026-01-10', 12, '2027-01-10'],
    // Three years (Order 44 Art. 21, Order 45 Art. 13) and longer restriction terms.
    ['2026-01-10', 36, '2029-01-10'],
    ['2025-02-28', 36, '2028-02-28'],
    ['2028-02-29', 36, '2031-02-28'],
    ['2028-02-29', 48, '2032-02-29'],
    ['2026-01-10', 60, '2031-01-10'],
    ['2026-01-10', 0, '2026-01-10'],
  ] as const)('%s + %i months ends on %s', (start, months, end) => {
    expect(addMonths(start, months)).toBe(end);
  });

  it('never overflows a short month into the next one', () => {
    for (let day = 28; day <= 31; day++) {
      expect(addMonths(`2026-01-${day}`, 1).slice(0, 7)).toBe('2026-02');
    }
  });

  it('counts backwards for a negative number of months', () => {
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
  });

  it('throws a RangeError for a malformed date', () => {
    expect(() => addMonths('2026-1-01', 3)).toThrow(RangeError);
    expect(() => addMonths('not a date', 3)).toThrow(RangeError);
  });
});

describe('addDays', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2028-02-29', 1, '2028-03-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-06-15', 0, '2026-06-15'],
    ['2027-06-01', 366, '2028-06-01'],
    ['2026-06-01', 365, '2027-06-01'],
  ] as const)('%s + %i days is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it('throws a RangeError for a malformed date', () => {
    expect(() => addDays('2026/01/01', 1)).toThrow(RangeError);
  });
});

describe('daysBetween', () => {
  it('is 0 for the same day', () => {
    expect(daysBetween('2026-05-05', '2026-05-05')).toBe(0);
  });

  it('counts whole days forwards and is negative backwards', () => {
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364);
    expect(daysBetween('2026-12-31', '2026-01-01')).toBe(-364);
  });

  it('counts 29 February in a leap year', () => {
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1);
  });

  it('is the inverse of addDays', () => {
    for (const start of ['2025-12-31', '2026-02-28', '2028-02-29']) {
      for (const n of [-400, -31, -1, 0, 1, 2, 30, 59, 365, 366, 1096]) {
        expect(daysBetween(start, addDays(start, n))).toBe(n);
      }
    }
  });

  it('throws a RangeError for a malformed date', () => {
    expect(() => daysBetween('2026-01-01', '2026-1-1')).toThrow(RangeError);
  });
});
