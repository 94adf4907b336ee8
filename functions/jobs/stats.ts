/** The statistics job: recompute the /stats figures from the open data and store them. */
import type { Db } from '../../shared/store/db.ts';
import { computeStats, writeStats } from '../../shared/store/stats.ts';
import { log } from '../../shared/log.ts';

export async function runStats(db: Db) {
  const stats = await computeStats(db);
  await writeStats(db, stats);
  const summary = { job: 'stats', seq: stats.seq, districts: Object.keys(stats.byDistrict).length };
  log('info', 'job finished', summary);
  return summary;
}
