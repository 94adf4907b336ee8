/**
 * The expiry job and bulk import on real DynamoDB Local.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { createAdminApp } from '../../functions/admin/app.ts';
import { createPublicApp } from '../../functions/public/app.ts';
import { runImport } from '../../shared/import/run-import.ts';
import { verifyChain } from '../../shared/ledger/event.ts';
import { addDays, addMonths, shanghaiDate } from '../../shared/rules/calendar.ts';
import { withCheckCharacter } from '../../shared/rules/uscc.ts';
import { expirePublications } from '../../shared/store/expiry.ts';
import { addListing, publishRecord, registerEnterprise } from '../../shared/store/publishing.ts';
import { readEnterpriseFile, readEnterpriseFiles, readEvents, readHead } from '../../shared/store/reads.ts';
import { tokenKit } from '../support/auth.ts';
import { anotherProcess, freshDb } from '../support/db.ts';
import { actor, penalty } from '../support/fixtures.ts';
import { importCsv } from '../support/import-csv.ts';

const USCC = '91330100799655058B';
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);

describe('the expiry job', () => {
  it('ends records and listings past their period through the ledger, recomputes the class, and does nothing the second time', async () => {
    // Arrange: published 100 days ago with a low fine (3 months), and listed 3 years and 2 days ago.
    const db = await freshDb();
    const then = () => daysAgo(1100);
    await registerEnterprise(db, { uscc: USCC, checkDigitValid: true, name: '杭州到期测试有限公司', district: '330106' }, { actor, now: then });
    const old = shanghaiDate(daysAgo(100));
    const { record: lowFine } = await publishRecord(db, penalty(USCC, { severity: 'general', fineWan: 0.5, penaltyTypes: ['fine'], confiscationWan: undefined, decisionDate: old }), { actor, now: () => daysAgo(100) });
    const { record: current } = await publishRecord(db, penalty(USCC, { severity: 'minor', fineWan: 5 }), { actor });
    const listedOn = shanghaiDate(daysAgo(3 * 366 + 2));
    const { listing } = await addListing(db, { uscc: USCC, listType: 'incentive', grounds: '获奖', legalBasis: '《杭州市质量促进办法》第十九条', measures: ['绿色通道'], decidingAuthority: '杭州市市场监督管理局', startDate: listedOn }, { actor, now: () => daysAgo(3 * 366 + 2) });
    expect((await readEnterpriseFile(db, USCC)).enterprise?.classification.class).toBe('C');

    // Act
    const first = await expirePublications(db);
    const second = await expirePublications(db);

    // Assert
    expect(first).toMatchObject({ enterprises: 1, records: 1, listings: 1 });
    expect(second).toMatchObject({ enterprises: 0, records: 0, listings: 0, events: [] });
    const file = await readEnterpriseFile(db, USCC);
    const expired = file.records.find((r) => r.id === lowFine.id);
    expect(expired).toMatchObject({ status: 'expired', statusChangedOn: addDays(addMonths(old, 3), 1) });
    expect(file.records.find((r) => r.id === current.id)?.status).toBe('published');
    expect(file.listings.find((l) => l.id === listing.id)).toMatchObject({ status: 'expired', endedOn: addDays(addMonths(listedOn, 36), 1) });
    expect(file.enterprise?.classification).toMatchObject({ class: 'B', reasons: [{ rule: 'B.minor-record' }] });
    const [event] = first.events;
    expect(event?.type).toBe('publication.expired');
    expect(event?.changes.filter((c) => c.reason === 'expired').map((c) => c.id).sort()).toEqual([lowFine.id, listing.id].sort());
    const pub = createPublicApp({ db });
    expect((await pub.request(`/v1/records/${lowFine.id}`)).status).toBe(404);
    expect(verifyChain(await readEvents(db, 0, 100)).ok).toBe(true);
  });
});

describe('bulk import', () => {
  it('reports bad rows by line, publishes the rest in batches, and a rerun publishes nothing twice', async () => {
    const db = await freshDb();
    const { text, badLines } = importCsv(1000, { badEvery: 100, bom: true });
    const progress: number[] = [];
    const report = await runImport(db, text, { actor, onProgress: (done) => progress.push(done) });
    expect(report.rows).toBe(1000);
    expect(report.bad.map((b) => b.line)).toEqual(badLines);
    expect(report.bad.every((b) => b.errors.length > 0)).toBe(true);
    expect(report.published).toBe(990);
    expect(report.skipped).toBe(0);
    // Many records per transaction: far fewer events than records.
    expect(report.events).toBeLessThan(30);
    expect(progress.at(-1)).toBe(990);
    const head = await readHead(db);
    expect(head.seq).toBe(report.events);

    const rerun = await runImport(db, text, { actor });
    expect(rerun).toMatchObject({ published: 0, skipped: 990, events: 0 });
    expect((await readHead(db)).seq).toBe(head.seq);
  });

  it('asks which of a batch’s enterprises exist in one request per 100, and reads only those whole', async () => {
    const db = await freshDb();
    await runImport(db, importCsv(4).text, { actor }); // one enterprise with four records
    const known = withCheckCharacter('91330108MA0000000');
    const unknown = Array.from({ length: 120 }, (_, i) => withCheckCharacter(`91330109MA${String(i).padStart(7, '0')}`));
    db.resetRequests();

    const files = await readEnterpriseFiles(db, [...unknown.slice(0, 60), known, ...unknown.slice(60)]);

    expect(files).toHaveLength(121);
    expect(files[60]?.enterprise?.uscc).toBe(known);
    expect(files[60]?.records).toHaveLength(4);
    expect(files.filter((f) => f.enterprise !== null || f.records.length > 0)).toHaveLength(1);
    expect(db.requests.sort()).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand', 'QueryCommand']);
  });

  it('resumes after a crash in the middle without publishing anything twice', async () => {
    const db = await freshDb();
    const { text } = importCsv(600);
    // A client that dies after its third transaction, as a killed import would.
    const crashing = anotherProcess(db);
    let transactions = 0;
    crashing.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand' && ++transactions > 3) throw new Error('killed');
        return next(args);
      },
      { step: 'initialize', name: 'crashAfterThree' },
    );
    await expect(runImport(crashing, text, { actor, batchActions: 40 })).rejects.toThrow('killed');
    const partial = (await readHead(db)).seq;
    expect(partial).toBe(3);

    const resumed = await runImport(db, text, { actor, batchActions: 40 });
    expect(resumed.published + resumed.skipped).toBe(600);
    expect(resumed.skipped).toBeGreaterThan(0);
    const events = await readEvents(db, 0, 1000);
    const published = events.flatMap((e) => e.changes).filter((c) => c.entity === 'record');
    expect(published).toHaveLength(600);
    expect(new Set(published.map((c) => (c.data as { decisionNumber: string }).decisionNumber)).size).toBe(600);
    expect(verifyChain(events).ok).toBe(true);
  });

  it('imports through POST /v1/admin/imports (text/csv, BOM) and refuses what is not CSV', async () => {
    const db = await freshDb();
    const kit = await tokenKit();
    const app = createAdminApp({ db, verify: kit.verify });
    const { text } = importCsv(8, { badEvery: 4, bom: true, prefix: '09' });
    const post = (body: string, type = 'text/csv; charset=utf-8') =>
      app.request('/v1/admin/imports', { method: 'POST', headers: { Authorization: `Bearer ${kit.tokens.publisher}`, 'Content-Type': type }, body });
    const res = await post(text);
    expect(res.status).toBe(200);
    const report = (await res.json()) as any;
    expect(report).toMatchObject({ rows: 8, published: 6 });
    expect(report.bad.map((b: any) => b.line)).toEqual([5, 9]);
    expect((await post(text, 'application/json')).status).toBe(415);
    const wrongHeader = await post('name,amount\r\nx,1\r\n');
    expect(wrongHeader.status).toBe(400);
    expect(((await wrongHeader.json()) as any).detail).toContain('missing columns');
    // The generated file is itself valid RFC 4180 with its quotes and commas.
    expect((parse(text, { bom: true, columns: true }) as Record<string, string>[])[0]?.facts).toBe('抽检不合格，含逗号, 和"引号"');
  });
});
