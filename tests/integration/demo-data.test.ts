/**
 * The local demo data set: deterministic, varied enough to exercise every rule (every district,
 * record kind, severity, list and class), within the publication rules on its `today`, and
 * loadable through the ledger. The first blocks are offline; the last loads into DynamoDB Local.
 */
import { describe, expect, it } from 'vitest';
import { demoData, loadDemoData } from '../../infra/local/demo-data.ts';
import { BATCH_TRANSACTION_ACTIONS, batchActionBound, groupBatches } from '../../shared/store/publishing.ts';
import { verifyChain } from '../../shared/ledger/event.ts';
import { addListing, combine, publishRecord, registerEnterprise, type CommandContext, type Outcome } from '../../shared/register/commands.ts';
import type { EnterpriseFile } from '../../shared/register/model.ts';
import { addDays, addMonths } from '../../shared/rules/calendar.ts';
import type { CreditClass } from '../../shared/rules/classification.ts';
import { DISTRICT_CODES } from '../../shared/rules/districts.ts';
import { LISTING_RULES, listingEnd } from '../../shared/rules/listings.ts';
import { PUBLICATION_RULES, RECORD_KIND_CODES, RECORD_KINDS, SEVERITY_CODES, publicationFor } from '../../shared/rules/records.ts';
import { checkUscc } from '../../shared/rules/uscc.ts';
import { MAX_TRANSACTION_ITEMS } from '../../shared/store/ledger.ts';
import type { EnterpriseBatch } from '../../shared/store/publishing.ts';
import { readEnterpriseFile, readEvents, readHead } from '../../shared/store/reads.ts';
import { freshDb } from '../support/db.ts';

const TODAY = '2026-05-20';
const data = demoData({ today: TODAY });
const records = data.flatMap((b) => b.records.map((r) => ({ ...r, uscc: b.enterprise.uscc })));
const listings = data.flatMap((b) => b.listings.map((l) => ({ ...l, uscc: b.enterprise.uscc })));

/** The class each enterprise ends up in, computed with the pure commands as publishBatch does. */
function outcomes(batches: readonly EnterpriseBatch[], today = TODAY): Outcome[] {
  let n = 0;
  const ctx: CommandContext = {
    now: new Date(`${today}T02:00:00Z`),
    today,
    actor: { kind: 'system', id: 'demo-test' },
    newId: (prefix) => `${prefix}_${++n}`,
  };
  const empty: EnterpriseFile = { enterprise: null, records: [], listings: [] };
  return batches.map((b) =>
    combine(empty, [
      (f) => registerEnterprise(f, b.enterprise, ctx),
      ...b.records.map((r) => (f: EnterpriseFile) => publishRecord(f, { ...r, uscc: b.enterprise.uscc }, ctx)),
      ...b.listings.map((l) => (f: EnterpriseFile) => addListing(f, { ...l, uscc: b.enterprise.uscc }, ctx)),
    ]),
  );
}

const classOf = (o: Outcome) => o.enterprise.classification.class;

function countBy<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of items) out[key(t)] = (out[key(t)] ?? 0) + 1;
  return out;
}

describe('demoData: determinism and size', () => {
  it('gives deep-equal data for the same options and different data for another seed', () => {
    expect(demoData({ today: TODAY })).toEqual(data);
    expect(demoData({ today: TODAY, seed: 7, enterprises: 40 })).toEqual(demoData({ today: TODAY, seed: 7, enterprises: 40 }));
    expect(demoData({ today: TODAY, seed: 8, enterprises: 40 })).not.toEqual(demoData({ today: TODAY, seed: 7, enterprises: 40 }));
  });

  it('makes 300 enterprises with 600+ records by default, and as many as asked', () => {
    expect(data).toHaveLength(300);
    expect(records.length).toBeGreaterThanOrEqual(600);
    expect(demoData({ today: TODAY, enterprises: 25 })).toHaveLength(25);
  });

  it('refuses a malformed today or enterprise count', () => {
    expect(() => demoData({ today: '2026-02-30' })).toThrow(RangeError);
    expect(() => demoData({ today: TODAY, enterprises: 0 })).toThrow(RangeError);
    expect(() => demoData({ today: TODAY, enterprises: 2.5 })).toThrow(RangeError);
  });
});

describe('demoData: enterprises', () => {
  it('gives every enterprise a unique USCC with a right check character, except exactly one deliberate case', () => {
    const codes = data.map((b) => b.enterprise.uscc);
    expect(new Set(codes).size).toBe(codes.length);
    const checks = data.map((b) => ({ e: b.enterprise, check: checkUscc(b.enterprise.uscc) }));
    expect(checks.every((c) => c.check.ok)).toBe(true);
    const wrong = checks.filter((c) => !(c.check.ok && c.check.checkDigitValid));
    expect(wrong).toHaveLength(1);
    // The register is told, so the warning path is exercised rather than the data being wrong.
    expect(wrong[0]?.e.checkDigitValid).toBe(false);
    expect(checks.filter((c) => c.e.checkDigitValid === false)).toHaveLength(1);
  });

  it('uses enterprises, individual businesses and cooperatives, registered under districts, the city, the province and abolished districts', () => {
    const types = countBy(data, (b) => b.enterprise.uscc.slice(0, 2));
    expect(Object.keys(types).sort()).toEqual(['91', '92', '93']);
    expect(types['91']).toBeGreaterThan((types['92'] ?? 0) + (types['93'] ?? 0));
    const regions = new Set(data.map((b) => b.enterprise.uscc.slice(2, 8)));
    for (const code of ['330100', '330000', '330103', '330104']) expect(regions).toContain(code);
    // Organisation codes use the USCC alphabet only (no I, O, S, V, Z).
    expect(data.every((b) => /^[0-9A-HJ-NPQRTUWXY]{9}$/.test(b.enterprise.uscc.slice(8, 17)))).toBe(true);
  });

  it('spreads enterprises over all 13 current districts', () => {
    expect(new Set(data.map((b) => b.enterprise.district))).toEqual(new Set(DISTRICT_CODES));
  });

  it('gives unique Chinese names, and personal data that is fake by construction', () => {
    const names = data.map((b) => b.enterprise.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.every((n) => /^[\u4e00-\u9fff（）]+$/.test(n))).toBe(true);
    expect(names.some((n) => n.endsWith('股份有限公司'))).toBe(true);
    expect(names.some((n) => /^(杭州市)?[\u4e00-\u9fff]{2}区.+(小吃店|面馆|副食品店|五金店|电器商行|服装店)$/.test(n))).toBe(true);
    // Region 99 belongs to no province, so these numbers can never be a real person's.
    expect(data.every((b) => /^99\d{15}[\dX]$/.test(b.enterprise.legalRepresentative?.idNumber ?? ''))).toBe(true);
    expect(data.filter((b) => b.enterprise.contactPhone).every((b) => /^0571-0\d{7}$/.test(b.enterprise.contactPhone ?? ''))).toBe(true);
    expect(new Set(data.map((b) => b.enterprise.riskClass))).toEqual(new Set(['A', 'B', 'C', 'D', undefined]));
  });
});

describe('demoData: records', () => {
  it('has records of every kind and every severity, with null severity exactly for awards and honours', () => {
    expect(new Set(records.map((r) => r.kind))).toEqual(new Set(RECORD_KIND_CODES));
    expect(new Set(records.map((r) => r.severity))).toEqual(new Set([...SEVERITY_CODES, null]));
    for (const r of records) expect(r.severity === null).toBe(!RECORD_KINDS[r.kind].negative);
  });

  it('keeps every record in publication on today, decided before it was published, published before today', () => {
    for (const r of records) {
      const publication = publicationFor(r, r.publishedOn ?? TODAY);
      expect(publication.published, r.decisionNumber).toBe(true);
      if (publication.published) expect(publication.publicationEnd >= TODAY, r.decisionNumber).toBe(true);
      expect(r.decisionDate < (r.publishedOn ?? '')).toBe(true);
      expect((r.publishedOn ?? '') < TODAY).toBe(true);
    }
  });

  it('uses both publication periods: some 3-month penalties and many 3-year ones', () => {
    const months = countBy(records, (r) => {
      const p = publicationFor(r, r.publishedOn ?? TODAY);
      return p.published ? String(p.months) : 'none';
    });
    expect(months[String(PUBLICATION_RULES.shortPeriodMonths)]).toBeGreaterThan(20);
    expect(months[String(PUBLICATION_RULES.standardPeriodMonths)]).toBeGreaterThan(200);
    // Honours with a fixed validity end with it.
    expect(records.some((r) => r.validUntil !== undefined)).toBe(true);
  });

  it('uses the penalty types from public criticism to revocation, never a warning alone', () => {
    const penalties = records.filter((r) => r.kind === 'administrative-penalty');
    const types = new Set(penalties.flatMap((r) => r.penaltyTypes));
    for (const t of ['public-criticism', 'fine', 'confiscation-of-illegal-gains', 'licence-revoked', 'production-suspended'] as const) expect(types).toContain(t);
    expect(penalties.some((r) => r.penaltyTypes.length === 1 && r.penaltyTypes[0] === 'public-criticism')).toBe(true);
    expect(penalties.every((r) => !r.penaltyTypes.every((t) => t === 'warning'))).toBe(true);
    expect(penalties.some((r) => (r.fineWan ?? 0) > 0 && (r.fineWan ?? 0) <= PUBLICATION_RULES.lowFineMaxWan)).toBe(true);
    expect(penalties.some((r) => (r.fineWan ?? 0) >= 20)).toBe(true);
    expect(penalties.filter((r) => r.penaltyTypes.includes('production-suspended')).every((r) => (r.restrictionMonths ?? 0) > 0)).toBe(true);
    // 万元 with at most two decimals.
    for (const r of penalties) for (const v of [r.fineWan, r.confiscationWan]) if (v !== undefined) expect(Math.round(v * 100) / 100).toBe(v);
  });

  it('has well-formed public fields: unique decision numbers per enterprise, authorities with valid codes, one data source', () => {
    for (const b of data) {
      const keys = b.records.map((r) => `${r.kind}#${r.decisionNumber}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
    const penalties = records.filter((r) => r.kind === 'administrative-penalty');
    expect(penalties.every((r) => /〔\d{4}〕\d+号$/.test(r.decisionNumber) && r.decisionNumber.includes(r.decisionDate.slice(0, 4)))).toBe(true);
    expect(penalties.every((r) => r.authority.name.endsWith('市场监督管理局'))).toBe(true);
    for (const r of records) {
      const check = checkUscc(r.authority.uscc);
      expect(check.ok && check.checkDigitValid, r.authority.name).toBe(true);
    }
    expect(records.filter((r) => r.authority.name !== '国家市场监督管理总局').every((r) => r.authority.uscc.startsWith('11330'))).toBe(true);
    expect(new Set(records.map((r) => r.dataSource))).toEqual(new Set(['杭州市市场监督管理局']));
  });
});

describe('demoData: lists', () => {
  it('has current entries on both lists, with the default measures and start dates within three years', () => {
    expect(new Set(listings.map((l) => l.listType))).toEqual(new Set(['punishment', 'incentive']));
    const threeYearsAgo = addMonths(TODAY, -36);
    for (const l of listings) {
      expect(l.startDate < TODAY && l.startDate > threeYearsAgo).toBe(true);
      expect(listingEnd(l.listType, l.startDate) >= TODAY).toBe(true);
      expect(l.measures).toEqual([...LISTING_RULES[l.listType].defaultMeasures]);
    }
    expect(listings.filter((l) => l.listType === 'punishment').every((l) => l.legalBasis.includes('第七条'))).toBe(true);
  });

  it('puts on the punishment list only enterprises with a serious penalty decided before the listing, by the bureau that imposed it', () => {
    for (const b of data) {
      for (const l of b.listings.filter((x) => x.listType === 'punishment')) {
        const serious = b.records.filter((r) => r.kind === 'administrative-penalty' && r.severity === 'serious' && r.decisionDate < l.startDate);
        expect(serious.length, b.enterprise.name).toBeGreaterThan(0);
        expect(serious.map((r) => r.authority.name)).toContain(l.decidingAuthority);
      }
    }
  });

  it('puts on the incentive list only award holders, after the award', () => {
    for (const b of data) {
      for (const l of b.listings.filter((x) => x.listType === 'incentive')) {
        const award = b.records.find((r) => r.kind === 'quality-award' && l.grounds === `获得${r.title}`);
        expect(award, l.grounds).toBeDefined();
        expect((award?.publishedOn ?? TODAY) < l.startDate).toBe(true);
      }
    }
  });
});

describe('demoData: classes', () => {
  it('puts enterprises in every class, in roughly the intended shares (D ≈ 5 %, C ≈ 25 %, A ≈ 10 %)', () => {
    const all = outcomes(data);
    const share = (cls: CreditClass) => all.filter((o) => classOf(o) === cls).length / all.length;
    expect(share('D')).toBeGreaterThanOrEqual(0.03);
    expect(share('D')).toBeLessThanOrEqual(0.08);
    expect(share('C')).toBeGreaterThanOrEqual(0.2);
    expect(share('C')).toBeLessThanOrEqual(0.3);
    expect(share('A')).toBeGreaterThanOrEqual(0.07);
    expect(share('A')).toBeLessThanOrEqual(0.13);
    expect(share('B')).toBeGreaterThanOrEqual(0.5);
    const rules = new Set(all.map((o) => o.enterprise.classification.reasons[0]?.rule));
    // B for a clean file and B for minor records only; A, C and D by their own rules.
    expect(rules).toEqual(new Set(['A.incentive-list', 'B.default', 'B.minor-record', 'C.negative-record', 'D.punishment-list']));
  });

  it('includes an incentive-list enterprise kept out of A by a minor record', () => {
    const all = outcomes(data);
    expect(all.some((o) => classOf(o) === 'B' && o.listings.some((l) => l.listType === 'incentive'))).toBe(true);
  });

  it('holds every class even in a small set', () => {
    const small = outcomes(demoData({ today: TODAY, enterprises: 20, seed: 3 }));
    expect(new Set(small.map(classOf))).toEqual(new Set(['A', 'B', 'C', 'D']));
  });

  it('works on another day, including right after new year', () => {
    for (const today of ['2026-01-02', '2027-03-31']) {
      const set = demoData({ today, enterprises: 40 });
      expect(new Set(outcomes(set, today).map(classOf)).size).toBe(4);
      expect(set.flatMap((b) => b.records).every((r) => (r.publishedOn ?? today) < today && (r.publishedOn ?? '') >= addDays(today, -1100))).toBe(true);
    }
  });
});

describe('groupBatches', () => {
  it('keeps order and puts 60–90 actions in each transaction (the last may be smaller)', () => {
    const groups = groupBatches(data);
    expect(groups.flat()).toEqual(data);
    const sizes = groups.map((g) => g.reduce((s, b) => s + batchActionBound(b), 2));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(Math.min(BATCH_TRANSACTION_ACTIONS, MAX_TRANSACTION_ITEMS));
    expect(sizes.slice(0, -1).every((s) => s >= 60)).toBe(true);
  });
});

describe('loadDemoData on DynamoDB Local', () => {
  it('publishes a 60-enterprise set through the ledger: one event per transaction, files as generated, nothing private in the feed', async () => {
    // Arrange
    const db = await freshDb();
    const options = { today: TODAY, enterprises: 60, seed: 11 };
    const expected = demoData(options);
    const progress: [number, number][] = [];

    // Act
    const result = await loadDemoData(db, { ...options, onProgress: (done, total) => progress.push([done, total]) });

    // Assert: counts
    expect(result).toEqual({
      enterprises: 60,
      records: expected.reduce((s, b) => s + b.records.length, 0),
      listings: expected.reduce((s, b) => s + b.listings.length, 0),
      events: groupBatches(expected).length,
    });
    expect(progress.at(-1)).toEqual([60, 60]);
    expect(progress.map(([done]) => done)).toEqual([...progress.map(([done]) => done)].sort((a, b) => a - b));

    // Assert: the ledger
    const head = await readHead(db);
    expect(head.seq).toBe(result.events);
    const events = await readEvents(db, 0, 1000);
    expect(events).toHaveLength(result.events);
    expect(verifyChain(events)).toMatchObject({ ok: true, seq: result.events, hash: head.hash });
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(['import.batch']));
    const changes = events.flatMap((e) => e.changes);
    expect(changes.filter((c) => c.entity === 'enterprise')).toHaveLength(60);
    expect(changes.filter((c) => c.entity === 'record')).toHaveLength(result.records);
    expect(changes.filter((c) => c.entity === 'listing')).toHaveLength(result.listings);

    // Assert: nothing private reached the public feed (DOMAIN.md §3)
    const feed = JSON.stringify(events);
    for (const b of expected) {
      expect(feed).not.toContain(b.enterprise.legalRepresentative?.idNumber ?? '\u0000');
      if (b.enterprise.contactPhone) expect(feed).not.toContain(b.enterprise.contactPhone);
    }
    expect(feed).not.toContain('riskClass');
    expect(feed).not.toContain('internalNote');

    // Assert: a few files read back as generated, with the class the pure commands give
    const computed = outcomes(expected);
    const picks = new Set([
      0,
      expected.findIndex((b) => b.listings.some((l) => l.listType === 'punishment')),
      expected.findIndex((b) => b.listings.some((l) => l.listType === 'incentive')),
      expected.findIndex((b) => !b.enterprise.checkDigitValid),
      expected.reduce((best, b, i) => (b.records.length > (expected[best]?.records.length ?? 0) ? i : best), 0),
    ]);
    expect(picks.has(-1)).toBe(false);
    for (const i of picks) {
      const b = expected[i] as EnterpriseBatch;
      const file = await readEnterpriseFile(db, b.enterprise.uscc);
      expect(file.enterprise?.name).toBe(b.enterprise.name);
      expect(file.enterprise?.checkDigitValid).toBe(b.enterprise.checkDigitValid);
      expect(file.records).toHaveLength(b.records.length);
      expect(file.listings).toHaveLength(b.listings.length);
      expect(file.records.map((r) => r.decisionNumber).sort()).toEqual(b.records.map((r) => r.decisionNumber).sort());
      expect(file.enterprise?.classification.class).toBe(classOf(computed[i] as Outcome));
    }
  });
});
