/**
 * The privacy sweep: every public output — API, pages, change feed, Atom feeds, snapshots,
 * catalogue, statistics — over the demo register plus planted personal and internal data, searched
 * for every planted value. The expected number of hits is zero.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createEnterpriseApp } from '../../functions/enterprise/app.ts';
import { runStats } from '../../functions/jobs/stats.ts';
import { createPublicApp } from '../../functions/public/app.ts';
import { demoData, loadDemoData } from '../../infra/local/demo-data.ts';
import { createDevKeys, devVerifier, signDevToken } from '../../shared/auth/dev-keys.ts';
import { ATOM_FILES } from '../../shared/public/atom.ts';
import { SNAPSHOT_FILES } from '../../shared/public/snapshots.ts';
import { addMonths, shanghaiDate } from '../../shared/rules/calendar.ts';
import { DISTRICT_CODES } from '../../shared/rules/districts.ts';
import { publishRecord } from '../../shared/store/publishing.ts';
import { freshDb } from '../support/db.ts';
import { actor, E, penalty, SECRETS, seedFixtures } from '../support/fixtures.ts';

const today = shanghaiDate();
const options = { today, enterprises: 40, seed: 7 };
const REPAIR_TEXT = '修复申请书中的非公开陈述-PRIVATE-7731';
let outputs: { path: string; text: string }[] = [];
let planted: string[] = [];

beforeAll(async () => {
  const db = await freshDb();
  await loadDemoData(db, options);
  await seedFixtures(db);
  // A repair application: its contents must never be public.
  const { record } = await publishRecord(db, penalty(E.dishonest, { decisionNumber: '隐私扫描〔2026〕1号', publishedOn: addMonths(today, -8), decisionDate: addMonths(today, -9) }), { actor });
  const keys = await createDevKeys();
  const enterprise = createEnterpriseApp({ db, verify: devVerifier(keys) });
  const token = await signDevToken(keys, { sub: 'e', uscc: E.dishonest });
  const applied = await enterprise.request('/v1/repair-requests', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': 'privacy-sweep-0001' },
    body: JSON.stringify({ target: { type: 'record', id: record.id }, statement: REPAIR_TEXT, commitment: `${REPAIR_TEXT} 承诺`, evidence: [{ title: '凭证', sha256: 'c'.repeat(64), location: 'oss://private/evidence.pdf' }] }),
  });
  expect(applied.status).toBe(201);
  await runStats(db);

  const batches = demoData(options);
  planted = [
    SECRETS.idNumber,
    SECRETS.phone,
    SECRETS.internalNote,
    REPAIR_TEXT,
    'oss://private/evidence.pdf',
    ...batches.flatMap((b) => [b.enterprise.legalRepresentative?.idNumber, b.enterprise.contactPhone]),
    ...batches.flatMap((b) => [...b.records.map((r) => r.internalNote), ...b.listings.map((l) => l.internalNote)]),
  ].filter((v): v is string => typeof v === 'string' && v.length > 0);
  // Internal notes repeat across the demo; each distinct value once.
  planted = [...new Set(planted)];

  const app = createPublicApp({ db });
  const get = async (path: string) => outputs.push({ path, text: await (await app.request(path)).text() });
  const usccs = [...batches.map((b) => b.enterprise.uscc), ...Object.values(E)];
  for (const uscc of usccs) {
    await get(`/v1/enterprises/${uscc}`);
    await get(`/enterprises/${uscc}`);
    await get(`/v1/enterprises/${uscc}?asOf=${addMonths(today, -6)}`);
  }
  for (const district of DISTRICT_CODES) await get(`/v1/enterprises?district=${district}&limit=100`);
  for (const list of ['punishment', 'incentive']) {
    await get(`/v1/lists/${list}?limit=100`);
    await get(`/lists/${list}`);
  }
  for (let after = 0, more = true; more; ) {
    const res = await app.request(`/v1/changes?after=${after}&limit=50`);
    const text = await res.text();
    outputs.push({ path: `/v1/changes?after=${after}`, text });
    const body = JSON.parse(text) as { events: { seq: number }[]; next?: string };
    more = body.next !== undefined;
    after = body.events.at(-1)?.seq ?? after;
  }
  for (const file of ATOM_FILES) await get(`/v1/feeds/${file}`);
  for (const file of SNAPSHOT_FILES) await get(`/v1/exports/${file}`);
  for (const path of ['/v1/catalog', '/v1/checkpoints/keys', '/', '/open-data', '/stats', '/openapi.json', '/docs']) await get(path);
}, 120_000);

describe('the privacy sweep', () => {
  it('covered every kind of public output, with real content', () => {
    expect(outputs.length).toBeGreaterThan(150);
    expect(planted.length).toBeGreaterThan(60);
    // The sweep can see: the demo's enterprise names are in what it read.
    expect(outputs.some((o) => o.text.includes(demoData(options)[0]?.enterprise.name ?? '∅'))).toBe(true);
  });

  it('finds none of the planted personal or internal values anywhere', () => {
    const hits = outputs.flatMap((o) => planted.filter((value) => o.text.includes(value)).map((value) => `${o.path}: ${value}`));
    expect(hits).toEqual([]);
  });

  it('finds no internal field name in any JSON, feed or file', () => {
    const names = ['"riskClass"', '"idNumber"', '"contactPhone"', '"internalNote"', '"statusReason"', '"publicationBasis"', '"GSI1PK"', '"PK"'];
    const hits = outputs.flatMap((o) => names.filter((n) => o.text.includes(n)).map((n) => `${o.path}: ${n}`));
    expect(hits).toEqual([]);
  });
});
