/**
 * The expiry job: end the publication of records and list entries whose period is over (SAMR
 * Order 45 Art. 13, Order 44 Art. 21), through the ledger. Safe to run any number of times.
 */
import type { Db } from '../../shared/store/db.ts';
import { expirePublications } from '../../shared/store/expiry.ts';

export async function runExpiry(db: Db, now?: () => Date) {
  const result = await expirePublications(db, now ? { now } : {});
  const summary = { job: 'expire', today: result.today, enterprises: result.enterprises, records: result.records, listings: result.listings, events: result.events.map((e) => e.seq) };
  console.log(JSON.stringify(summary));
  return summary;
}
