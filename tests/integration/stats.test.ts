/**
 * The /stats figures: computed by a job from the open data, stored as one item, shown by a page
 * that reads that one item.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createPublicApp } from '../../functions/public/app.ts';
import { runStats } from '../../functions/jobs/stats.ts';
import { countEvent, emptyStats } from '../../shared/public/stats.ts';
import { shanghaiDate } from '../../shared/rules/calendar.ts';
import { readStats } from '../../shared/store/stats.ts';
import { readHead } from '../../shared/store/reads.ts';
import { freshDb, type CountedDb } from '../support/db.ts';
import { seedFixtures } from '../support/fixtures.ts';

let db: CountedDb;
beforeAll(async () => {
  db = await freshDb();
  await seedFixtures(db);
});

describe('statistics', () => {
  it('says so plainly before the job has run', async () => {
    const res = await createPublicApp({ db }).request('/stats');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('统计数据尚未生成');
  });

  it('counts enterprises by district and class, and list entries by month, at the ledger head', async () => {
    await runStats(db);
    const stats = await readStats(db);
    expect(stats?.seq).toBe((await readHead(db)).seq);
    // The fixtures: one enterprise of each class, in 西湖 (C), 滨江 (A), 萧山 (D), 建德 (B), 余杭 (B).
    expect(stats?.byDistrict['330106']).toEqual({ A: 0, B: 0, C: 1, D: 0 });
    expect(stats?.byDistrict['330108']).toEqual({ A: 1, B: 0, C: 0, D: 0 });
    expect(stats?.byDistrict['330109']).toEqual({ A: 0, B: 0, C: 0, D: 1 });
    const listed = Object.values(stats?.listingsByMonth ?? {}).reduce((n, m) => n + m.punishment + m.incentive, 0);
    expect(listed).toBe(2);
  });

  it('serves the page from that one item: one DynamoDB request, charts and numbers, in both languages', async () => {
    const app = createPublicApp({ db });
    db.resetRequests();
    const zh = await app.request('/stats');
    expect(db.requests).toEqual(['GetItemCommand']);
    const html = await zh.text();
    expect(html).toContain('<svg role="img"');
    expect(html).toContain('萧山区');
    expect(zh.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    const en = await (await app.request('/stats?lang=en')).text();
    expect(en).toContain('Enterprises by district and class');
    expect(en).toContain('Xiaoshan');
  });

  it('counts a repair in the month it was decided (Asia/Shanghai)', () => {
    const stats = emptyStats(1, '2026-01-31T16:30:00.000Z');
    countEvent(stats, { seq: 1, prevHash: '', hash: '', type: 'repair.approved', at: '2026-01-31T16:30:00.000Z', changes: [{ entity: 'record', id: 'r', uscc: 'u', action: 'repaired', data: null, reason: 'repaired' }] });
    // 16:30 UTC on 31 January is 00:30 on 1 February in Hangzhou.
    expect(stats.repairsByMonth).toEqual({ [shanghaiDate(new Date('2026-01-31T16:30:00.000Z')).slice(0, 7)]: 1 });
    expect(Object.keys(stats.repairsByMonth)).toEqual(['2026-02']);
  });
});
