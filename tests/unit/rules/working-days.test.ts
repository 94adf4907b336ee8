/**
 * Working days (工作日) on the Chinese official calendar (shared/rules/working-days.ts, DOMAIN.md §6):
 * weekends are off except make-up working days (调休上班), public holidays are off, and a year
 * without its calendar file is an operator error (`calendar.missing`, 503), never a weekday guess.
 *
 * Calendars: 国办发明电〔2024〕12号 (2025) and the State Council notice of 2025-11-04 (2026).
 * Weekdays used below: 2025-01-01 is a Wednesday, 2026-01-01 a Thursday, 2026-12-31 a Thursday.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isCalendarDate } from '../../../shared/rules/calendar.ts';
import { CALENDARS, WorkingDays, workingDays, type YearCalendar } from '../../../shared/rules/working-days.ts';
import { expectProblem } from '../../support/problems.ts';

const CALENDAR_DIR = new URL('../../../shared/rules/calendars/', import.meta.url);


const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

describe('isWorkingDay: ordinary weeks', () => {
  it.each([
    ['2026-03-02', 'Monday'],
    ['2026-03-04', 'Wednesday'],
    ['2026-03-06', 'Friday'],
    ['2025-03-03', 'Monday'],
  ])('%s (%s) is a working day', (date) => {
    expect(workingDays.isWorkingDay(date)).toBe(true);
  });

  it.each([
    ['2026-03-07', 'Saturday'],
    ['2026-03-08', 'Sunday'],
    ['2025-03-01', 'Saturday'],
    ['2025-03-02', 'Sunday'],
  ])('%s (%s) is off', (date) => {
    expect(workingDays.isWorkingDay(date)).toBe(false);
  });
});

describe('isWorkingDay: make-up working days (调休上班) are worked although they fall on a weekend', () => {
  it.each([
    ['2026-01-04', 'Sunday', 'New Year'],
    ['2026-02-14', 'Saturday', 'Spring Festival'],
    ['2026-02-28', 'Saturday', 'Spring Festival'],
    ['2026-05-09', 'Saturday', 'Labour Day'],
    ['2026-09-20', 'Sunday', 'National Day'],
    ['2026-10-10', 'Saturday', 'National Day'],
    ['2025-01-26', 'Sunday', 'Spring Festival'],
    ['2025-02-08', 'Saturday', 'Spring Festival'],
    ['2025-04-27', 'Sunday', 'Labour Day'],
    ['2025-09-28', 'Sunday', 'National Day'],
    ['2025-10-11', 'Saturday', 'National Day'],
  ])('%s (%s, for %s) is a working day', (date, dayName) => {
    // The weekday is asserted too, so the case cannot silently become an ordinary weekday.
    expect(weekday(date)).toBe(dayName === 'Sunday' ? 0 : 6);
    expect(workingDays.isWorkingDay(date)).toBe(true);
  });

  it('leaves the other day of that weekend off (Sun 2026-03-01 after the make-up Sat 02-28; Sat 2026-01-03 before the make-up Sun 01-04)', () => {
    expect(workingDays.isWorkingDay('2026-03-01')).toBe(false);
    expect(workingDays.isWorkingDay('2026-01-03')).toBe(false);
  });
});

describe('isWorkingDay: public holidays are off, even on weekdays', () => {
  const days = (from: string, to: string) => {
    const out: string[] = [];
    for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) out.push(d.toISOString().slice(0, 10));
    return out;
  };

  it.each([
    ['Spring Festival 2026', '2026-02-15', '2026-02-23', 9],
    ['National Day 2026', '2026-10-01', '2026-10-07', 7],
    ['Spring Festival 2025', '2025-01-28', '2025-02-04', 8],
    ['National Day and Mid-Autumn 2025', '2025-10-01', '2025-10-08', 8],
  ])('every day of %s (%s … %s, %i days) is off', (_, from, to, count) => {
    const range = days(from, to);
    expect(range).toHaveLength(count);
    for (const day of range) expect(workingDays.isWorkingDay(day), day).toBe(false);
  });

  it.each([
    ['2026-02-13', 'the Friday before Spring Festival 2026'],
    ['2026-02-24', 'the Tuesday after Spring Festival 2026'],
    ['2026-09-30', 'the Wednesday before National Day 2026'],
    ['2026-10-08', 'the Thursday after National Day 2026'],
    ['2025-01-27', 'the Monday before Spring Festival 2025'],
    ['2025-02-05', 'the Wednesday after Spring Festival 2025'],
    ['2025-10-09', 'the Thursday after National Day 2025'],
  ])('%s (%s) is a working day again', (date) => {
    expect(workingDays.isWorkingDay(date)).toBe(true);
  });

  it.each([
    ['2026-01-01', 'Thursday, New Year'],
    ['2026-01-02', 'Friday, New Year'],
    ['2026-04-06', 'Monday, Qingming'],
    ['2026-05-01', 'Friday, Labour Day'],
    ['2026-06-19', 'Friday, Dragon Boat'],
    ['2026-09-25', 'Friday, Mid-Autumn'],
    ['2025-01-01', 'Wednesday, New Year'],
    ['2025-04-04', 'Friday, Qingming'],
    ['2025-06-02', 'Monday, Dragon Boat'],
  ])('%s (%s) is off', (date) => {
    expect(workingDays.isWorkingDay(date)).toBe(false);
  });
});

describe('isWorkingDay: a year without a calendar file is an operator error, not a guess (DOMAIN.md §6)', () => {
  it.each(['2024-12-31', '2024-03-04', '2027-01-04', '2027-06-15'])('%s throws calendar.missing (503)', (date) => {
    const problem = expectProblem(() => workingDays.isWorkingDay(date), 'calendar.missing');
    expect(problem.status).toBe(503);
    expect(problem.message).toContain(date.slice(0, 4));
    expect(problem.message).toContain(`calendars/${date.slice(0, 4)}.json`);
  });

  it('throws even for a date that is an ordinary weekday (2027-01-05, a Tuesday)', () => {
    expect(weekday('2027-01-05')).toBe(2);
    expectProblem(() => workingDays.isWorkingDay('2027-01-05'), 'calendar.missing');
  });

  it('uses only the calendars it was given: without the 2026 file, 2026 is missing too', () => {
    const only2025 = new WorkingDays(CALENDARS.filter((c) => c.year === 2025));
    expect(only2025.isWorkingDay('2025-06-03')).toBe(true);
    expectProblem(() => only2025.isWorkingDay('2026-03-02'), 'calendar.missing');
  });

  it('accepts a new year as data, without a code change', () => {
    const y2027: YearCalendar = { year: 2027, source: 'test', holidays: ['2027-01-01'], makeUpWorkdays: ['2027-01-03'] };
    const wd = new WorkingDays([...CALENDARS, y2027]);
    expect(wd.isWorkingDay('2027-01-01')).toBe(false); // Friday, holiday
    expect(wd.isWorkingDay('2027-01-02')).toBe(false); // Saturday
    expect(wd.isWorkingDay('2027-01-03')).toBe(true); // Sunday, make-up day
    expect(wd.isWorkingDay('2027-01-04')).toBe(true); // Monday
  });
});

describe('addWorkingDays (the start day is not counted, 民法典 Art. 201)', () => {
  it('adds ordinary working days within a week, skipping the weekend', () => {
    expect(workingDays.addWorkingDays('2026-03-02', 1)).toBe('2026-03-03');
    // Thu 2026-03-05 + 2: Fri 6th (1), Sat/Sun off, Mon 9th (2).
    expect(workingDays.addWorkingDays('2026-03-05', 2)).toBe('2026-03-09');
  });

  it('does not count the start day, even when it is itself a working day', () => {
    expect(workingDays.addWorkingDays('2026-03-03', 1)).not.toBe('2026-03-03');
  });

  it('counts from a weekend start to the next working day', () => {
    expect(workingDays.addWorkingDays('2026-03-07', 1)).toBe('2026-03-09');
    expect(workingDays.addWorkingDays('2026-03-08', 1)).toBe('2026-03-09');
  });

  it('returns the start day itself for zero working days', () => {
    expect(workingDays.addWorkingDays('2026-03-07', 0)).toBe('2026-03-07');
  });

  describe('across the 2026 Spring Festival (holiday 02-15…02-23; make-up Saturdays 02-14 and 02-28)', () => {
    it('from Fri 2026-02-13, +1 is the make-up Saturday 2026-02-14', () => {
      expect(workingDays.addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
    });

    it('from Fri 2026-02-13, +2 jumps the whole holiday to Tue 2026-02-24', () => {
      expect(workingDays.addWorkingDays('2026-02-13', 2)).toBe('2026-02-24');
    });

    it('from Thu 2026-02-12, 15 working days (SAMR 2021 decide period) end on 2026-03-11', () => {
      // Counted by hand:
      //   1 Fri 02-13   2 Sat 02-14 (make-up)   [02-15 … 02-23 Spring Festival]
      //   3 Tue 02-24   4 Wed 02-25   5 Thu 02-26   6 Fri 02-27   7 Sat 02-28 (make-up)   [Sun 03-01]
      //   8 Mon 03-02   9 Tue 03-03  10 Wed 03-04  11 Thu 03-05  12 Fri 03-06   [Sat/Sun 03-07, 03-08]
      //  13 Mon 03-09  14 Tue 03-10  15 Wed 03-11
      expect(workingDays.addWorkingDays('2026-02-12', 15)).toBe('2026-03-11');
    });

    it('from Thu 2026-02-12, 7 working days end on the make-up Saturday 2026-02-28', () => {
      // 02-13, 02-14 (make-up), 02-24, 02-25, 02-26, 02-27, 02-28 (make-up)
      expect(workingDays.addWorkingDays('2026-02-12', 7)).toBe('2026-02-28');
    });
  });

  describe('across the 2026 National Day (holiday 10-01…10-07; make-up Sun 09-20 and Sat 10-10)', () => {
    it('from Wed 2026-09-30, +3 is the make-up Saturday 2026-10-10', () => {
      // 1 Thu 10-08, 2 Fri 10-09, 3 Sat 10-10 (make-up)
      expect(workingDays.addWorkingDays('2026-09-30', 3)).toBe('2026-10-10');
    });

    it('from Mon 2026-09-28, 7 working days end on Tue 2026-10-13', () => {
      // 1 Tue 09-29  2 Wed 09-30  [10-01 … 10-07]  3 Thu 10-08  4 Fri 10-09  5 Sat 10-10 (make-up)
      // [Sun 10-11]  6 Mon 10-12  7 Tue 10-13
      expect(workingDays.addWorkingDays('2026-09-28', 7)).toBe('2026-10-13');
    });

    it('from Mon 2026-09-28, 15 working days end on Fri 2026-10-23', () => {
      // … 7 Tue 10-13, 8 Wed 10-14, 9 Thu 10-15, 10 Fri 10-16, [10-17, 10-18],
      // 11 Mon 10-19, 12 Tue 10-20, 13 Wed 10-21, 14 Thu 10-22, 15 Fri 10-23
      expect(workingDays.addWorkingDays('2026-09-28', 15)).toBe('2026-10-23');
    });

    it('from Fri 2026-09-18, 7 working days count the make-up Sunday 09-20 and skip Mid-Autumn (09-25…27)', () => {
      // [Sat 09-19]  1 Sun 09-20 (make-up)  2 Mon 09-21  3 Tue 09-22  4 Wed 09-23  5 Thu 09-24
      // [09-25 … 09-27]  6 Mon 09-28  7 Tue 09-29
      expect(workingDays.addWorkingDays('2026-09-18', 7)).toBe('2026-09-29');
    });
  });

  describe('across the 2025 Spring Festival (holiday 01-28…02-04; make-up Sun 01-26 and Sat 02-08)', () => {
    it('from Fri 2025-01-24, +1 is the make-up Sunday 2025-01-26', () => {
      expect(workingDays.addWorkingDays('2025-01-24', 1)).toBe('2025-01-26');
    });

    it('from Fri 2025-01-24, +3 jumps the holiday to Wed 2025-02-05', () => {
      // 1 Sun 01-26 (make-up), 2 Mon 01-27, [01-28 … 02-04], 3 Wed 02-05
      expect(workingDays.addWorkingDays('2025-01-24', 3)).toBe('2025-02-05');
    });

    it('from Fri 2025-01-24, 15 working days end on Thu 2025-02-20', () => {
      //  1 Sun 01-26  2 Mon 01-27  [01-28 … 02-04]  3 Wed 02-05  4 Thu 02-06  5 Fri 02-07
      //  6 Sat 02-08 (make-up)  [Sun 02-09]  7 Mon 02-10 … 11 Fri 02-14  [02-15, 02-16]
      // 12 Mon 02-17  13 Tue 02-18  14 Wed 02-19  15 Thu 02-20
      expect(workingDays.addWorkingDays('2025-01-24', 15)).toBe('2025-02-20');
    });
  });

  describe('across the 2025 National Day and Mid-Autumn (holiday 10-01…10-08; make-up Sun 09-28 and Sat 10-11)', () => {
    it('from Fri 2025-09-26, 6 working days end on the make-up Saturday 2025-10-11', () => {
      // [Sat 09-27]  1 Sun 09-28 (make-up)  2 Mon 09-29  3 Tue 09-30  [10-01 … 10-08]
      // 4 Thu 10-09  5 Fri 10-10  6 Sat 10-11 (make-up)
      expect(workingDays.addWorkingDays('2025-09-26', 6)).toBe('2025-10-11');
    });
  });

  describe('across a year boundary', () => {
    it('crosses from 2025 into 2026 when both files exist (2026-01-01…03 off, Sun 01-04 worked)', () => {
      // Wed 2025-12-31 + 1: [Thu 01-01, Fri 01-02, Sat 01-03 holiday] → Sun 2026-01-04 (make-up)
      expect(workingDays.addWorkingDays('2025-12-31', 1)).toBe('2026-01-04');
      expect(workingDays.addWorkingDays('2025-12-31', 2)).toBe('2026-01-05');
    });

    it('stays within 2026 from late December when the count ends on 2026-12-31', () => {
      // Tue 12-29 + 2: Wed 12-30, Thu 12-31 — no 2027 day is needed.
      expect(workingDays.addWorkingDays('2026-12-29', 2)).toBe('2026-12-31');
    });

    it('throws calendar.missing (503) when the count runs from late December 2026 into 2027', () => {
      const problem = expectProblem(() => workingDays.addWorkingDays('2026-12-29', 3), 'calendar.missing');
      expect(problem.status).toBe(503);
      expect(problem.message).toContain('2027');
    });

    it('throws for a 15-working-day deadline started in mid-December 2026', () => {
      expectProblem(() => workingDays.addWorkingDays('2026-12-15', 15), 'calendar.missing');
    });

    it('throws when started in a year without a file (2027)', () => {
      expectProblem(() => workingDays.addWorkingDays('2027-03-01', 1), 'calendar.missing');
    });

    it('throws when a 2024 start is counted in 2024 (2024-12-30 + 1 needs 2024-12-31)', () => {
      expectProblem(() => workingDays.addWorkingDays('2024-12-30', 1), 'calendar.missing');
    });
  });
});

describe('calendar files (data quality: fails when a file is edited wrongly)', () => {
  const files = readdirSync(CALENDAR_DIR).filter((f) => f.endsWith('.json')).sort();
  const fromDisk = files.map((f) => ({ file: f, data: JSON.parse(readFileSync(new URL(f, CALENDAR_DIR), 'utf8')) as YearCalendar }));

  it('has a 2025 and a 2026 file, each loaded into CALENDARS', () => {
    expect(files).toEqual(expect.arrayContaining(['2025.json', '2026.json']));
    expect(CALENDARS.map((c) => c.year).sort()).toEqual(fromDisk.map((f) => f.data.year).sort());
  });

  it.each(fromDisk.map((f) => [f.file, f.data] as const))('%s names its own year and a source notice', (file, data) => {
    expect(`${data.year}.json`).toBe(file);
    expect(data.source).toMatch(/国务院办公厅|国办/);
  });

  describe.each(CALENDARS.map((c) => [c.year, c] as const))('%i', (year, cal) => {
    it('lists only real dates of that year', () => {
      for (const d of [...cal.holidays, ...cal.makeUpWorkdays]) {
        expect(isCalendarDate(d), d).toBe(true);
        expect(d.startsWith(`${year}-`), d).toBe(true);
      }
    });

    it('lists no date twice', () => {
      expect(new Set(cal.holidays).size).toBe(cal.holidays.length);
      expect(new Set(cal.makeUpWorkdays).size).toBe(cal.makeUpWorkdays.length);
    });

    it('has no date that is both a holiday and a make-up working day', () => {
      const holidays = new Set(cal.holidays);
      expect(cal.makeUpWorkdays.filter((d) => holidays.has(d))).toEqual([]);
    });

    it('has every make-up working day on a Saturday or Sunday', () => {
      for (const d of cal.makeUpWorkdays) expect([0, 6], `${d} is weekday ${weekday(d)}`).toContain(weekday(d));
    });

    it('includes the fixed-date statutory holidays (全国年节及纪念日放假办法 Art. 2: 元旦, 劳动节 05-01/02, 国庆节 10-01…03)', () => {
      for (const md of ['01-01', '05-01', '05-02', '10-01', '10-02', '10-03']) expect(cal.holidays, `${year}-${md}`).toContain(`${year}-${md}`);
    });
  });
});
