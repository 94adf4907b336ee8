/**
 * Working days (工作日) on the Chinese official calendar: weekends are off except make-up working
 * days (调休上班), and public holidays are off. One data file per year, from the State Council's
 * annual notice (calendars/<year>.json, with its source). A day in a year without a file is an
 * operator error — never a silent weekday guess (DOMAIN.md §6).
 */
import { Problem } from '../errors.ts';
import { addDays, isCalendarDate, type CalendarDate } from './calendar.ts';
import y2025 from './calendars/2025.json' with { type: 'json' };
import y2026 from './calendars/2026.json' with { type: 'json' };

export interface YearCalendar {
  year: number;
  source: string;
  holidays: string[];
  makeUpWorkdays: string[];
}

export const CALENDARS: readonly YearCalendar[] = [y2025, y2026];

export class WorkingDays {
  private readonly years = new Map<number, { holidays: Set<string>; makeUp: Set<string> }>();

  constructor(calendars: readonly YearCalendar[] = CALENDARS) {
    for (const c of calendars) this.years.set(c.year, { holidays: new Set(c.holidays), makeUp: new Set(c.makeUpWorkdays) });
  }

  /** True for a working day. @throws Problem `calendar.missing` for a year without its file. */
  isWorkingDay(date: CalendarDate): boolean {
    if (!isCalendarDate(date)) throw new RangeError(`not a calendar date: ${date}`);
    const year = Number(date.slice(0, 4));
    const cal = this.years.get(year);
    if (!cal) {
      throw new Problem('calendar.missing', `No working-day calendar for ${year}: add shared/rules/calendars/${year}.json from the State Council's holiday notice.`);
    }
    if (cal.holidays.has(date)) return false;
    if (cal.makeUp.has(date)) return true;
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /**
   * The day `n` working days after `start` (the start day itself not counted, 民法典 Art. 201).
   * @example addWorkingDays('2026-02-13', 2) // '2026-02-24': Sat 14th is a make-up working day, 15th–23rd the Spring Festival
   */
  addWorkingDays(start: CalendarDate, n: number): CalendarDate {
    let day = start;
    for (let counted = 0; counted < n; ) {
      day = addDays(day, 1);
      if (this.isWorkingDay(day)) counted++;
    }
    return day;
  }
}

export const workingDays = new WorkingDays();
