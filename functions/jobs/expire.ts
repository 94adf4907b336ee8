/**
 * The expiry job: end the publication of records and list entries whose period is over (SAMR
 * Order 45 Art. 13, Order 44 Art. 21), through the ledger. Safe to run any number of times.
 */
import type { Db } from '../../shared/store/db.ts';
import { expirePublications } from '../../shared/store/expiry.ts';
import { log } from '../../shared/log.ts';

export async function runExpiry(db: Db, now?: () => Date) {
  const result = await expirePublications(db, now ? { now } : {});
  const summary = { job: 'expiry', today: result.today, enterprises: result.enterprises, records: result.records, listings: result.listings, events: result.events.map((e) => e.seq) };
  log('info', 'job finished', summary);
  return summary;
}
