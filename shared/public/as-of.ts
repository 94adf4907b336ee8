/**
 * "As of" a past day: what the public could see of an enterprise, or on a list, on that calendar day
 * (Asia/Shanghai) — the question a procurement officer asks about a bidder on the bid date.
 *
 * Nothing is deleted from the register (DESIGN.md §2), so the stored file of an enterprise holds
 * its whole history: every record keeps `publishedOn`, `publicationEnd`, `status` and
 * `statusChangedOn`; every list entry keeps `startDate`, `endDate`, `status` and `endedOn`. On a day
 * D an item was public when D falls in its publication period and it had not yet been removed:
 *
 *   record:  publishedOn ≤ D ≤ publicationEnd, and (still published, or D < statusChangedOn)
 *   listing: startDate ≤ D ≤ endDate,          and (still active,    or D < endedOn)
 *
 * `statusChangedOn` and `endedOn` are the first day an item was no longer public (model.ts): a
 * change takes effect on the day it is made, so "as of today" agrees with the live register.
 * A removal without its date is treated as never public: a withdrawn decision must not reappear
 * because its date is missing.
 *
 * Known limits, stated rather than hidden: an item shows its current content (a correction is not
 * undone for earlier days), and an item that was removed and later restored shows only its current
 * period. The change feed holds every intermediate state for anyone who needs them.
 */
import { Problem } from '../errors.ts';
import { reclassify } from '../register/commands.ts';
import type { CreditRecord, EnterpriseFile, Listing } from '../register/model.ts';
import { addDays, shanghaiDate, type CalendarDate } from '../rules/calendar.ts';
import { toPublicProfile, type PublicProfile } from './projection.ts';

/** True when the record was published on `day`. */
export function recordPublicOn(r: Pick<CreditRecord, 'publishedOn' | 'publicationEnd' | 'status' | 'statusChangedOn'>, day: CalendarDate): boolean {
  if (day < r.publishedOn || day > r.publicationEnd) return false;
  return r.status === 'published' || (r.statusChangedOn !== undefined && day < r.statusChangedOn);
}

/** True when the list entry applied on `day`. */
export function listingPublicOn(l: Pick<Listing, 'startDate' | 'endDate' | 'status' | 'endedOn'>, day: CalendarDate): boolean {
  if (day < l.startDate || day > l.endDate) return false;
  return l.status === 'active' || (l.endedOn !== undefined && day < l.endedOn);
}

/**
 * The public profile of an enterprise as it stood on `day`, its class recomputed from what was
 * public then (an official's override counts from the day it was decided). Null when the
 * enterprise was not yet in the register and nothing of it was public on that day.
 *
 * @example profileAsOf(file, '2026-03-15')?.classification.class // 'C' on the bid date, even if 'B' today
 */
export function profileAsOf(file: EnterpriseFile, day: CalendarDate): PublicProfile | null {
  const enterprise = file.enterprise;
  if (!enterprise) return null;
  // Shown as the live register shows current items: the projection keeps only published records
  // and active entries, so what was public that day is presented in that state.
  const records = file.records.filter((r) => recordPublicOn(r, day)).map((r): CreditRecord => ({ ...r, status: 'published' }));
  const listings = file.listings.filter((l) => listingPublicOn(l, day)).map((l): Listing => ({ ...l, status: 'active' }));
  const registeredOn = shanghaiDate(new Date(enterprise.createdAt));
  if (registeredOn > day && records.length === 0 && listings.length === 0) return null;
  const override = enterprise.classification.override;
  const classification = reclassify({ enterprise, records, listings }, override && override.decidedOn <= day ? enterprise.classification : undefined);
  return toPublicProfile({ ...enterprise, classification }, records, listings);
}

export interface AsOfBounds {
  /** The first day the register speaks for (configured, or the day of its first ledger event). */
  began: CalendarDate;
  /** Today in Asia/Shanghai. */
  today: CalendarDate;
}

/**
 * Refuse an as-of day the register cannot answer for: before it began, or in the future.
 * @throws Problem `asof.out-of-range`, naming the `asOf` query parameter
 */
export function checkAsOf(day: CalendarDate, bounds: AsOfBounds): void {
  const refuse = (code: string, detail: string) =>
    new Problem('asof.out-of-range', `asOf ${day}: ${detail}.`, { errors: [{ in: 'query', field: 'asOf', code, detail }], extensions: { earliest: bounds.began, latest: bounds.today } });
  if (day < bounds.began) throw refuse('before-register', `the register begins on ${bounds.began}`);
  if (day > bounds.today) throw refuse('in-future', `today in Hangzhou is ${bounds.today}`);
}

/** One step of an enterprise's public history: the day its class or its lists changed. */
export interface TimelineStep {
  day: CalendarDate;
  classification: PublicProfile['classification'];
  listTypes: string[];
}

/**
 * The enterprise's class and list memberships over time, newest first, derived with
 * {@link profileAsOf} on each day something public began or ended — so it shows exactly what "as of"
 * queries on those days answer, nothing more. Days after `today` are left out.
 *
 * @example profileTimeline(file, '2026-11-27')[0] // { day: '2026-06-17', classification: { class: 'D', … }, listTypes: ['punishment'] }
 */
export function profileTimeline(file: EnterpriseFile, today: CalendarDate = shanghaiDate()): TimelineStep[] {
  if (!file.enterprise) return [];
  const days = new Set<CalendarDate>([shanghaiDate(new Date(file.enterprise.createdAt))]);
  for (const r of file.records) {
    days.add(r.publishedOn).add(addDays(r.publicationEnd, 1));
    if (r.statusChangedOn) days.add(r.statusChangedOn);
  }
  for (const l of file.listings) {
    days.add(l.startDate).add(addDays(l.endDate, 1));
    if (l.endedOn) days.add(l.endedOn);
  }
  const override = file.enterprise.classification.override;
  if (override) days.add(override.decidedOn);
  const steps: TimelineStep[] = [];
  let previous = '';
  for (const day of [...days].filter((d) => d <= today).sort()) {
    const profile = profileAsOf(file, day);
    if (!profile) continue;
    const listTypes = [...new Set(profile.listings.map((l) => l.listType))].sort();
    const key = `${profile.classification.class}|${listTypes.join(',')}`;
    if (key === previous) continue;
    previous = key;
    steps.push({ day, classification: profile.classification, listTypes });
  }
  return steps.reverse();
}
