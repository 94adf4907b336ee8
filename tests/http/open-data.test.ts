/**
 * Open data through `app.request()` on real DynamoDB Local: snapshots (CSV and JSON Lines), the
 * snapshot + feed = present proof, Atom feeds with archives, the DCAT catalogue, signed
 * checkpoints with key rotation, "as of" queries, HTTP caching and bad input.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { issueCheckpoint } from '../../functions/jobs/checkpoints.ts';
import { createPublicApp } from '../../functions/public/app.ts';
import { generateSigningKey, verifyCheckpoint, type Checkpoint } from '../../shared/ledger/checkpoint.ts';
import { canonicalJson, verifyChain, type LedgerEvent } from '../../shared/ledger/event.ts';
import { openSigningKey, rotateSigningKey } from '../../shared/ledger/signing-keys.ts';
import { CSV_COLUMNS } from '../../shared/public/snapshots.ts';
import type { CreditRecord, Enterprise } from '../../shared/register/model.ts';
import { addDays, shanghaiDate } from '../../shared/rules/calendar.ts';
import { classify } from '../../shared/rules/classification.ts';
import { withCheckCharacter } from '../../shared/rules/uscc.ts';
import { enterpriseItem, recordItem, type Item } from '../../shared/store/items.ts';
import { EXPORT_PAGE_SIZE } from '../../shared/store/open-data.ts';
import { endListing, publishRecord, registerEnterprise, withdrawRecord } from '../../shared/store/publishing.ts';
import { readHead } from '../../shared/store/reads.ts';
import { freshDb, type CountedDb } from '../support/db.ts';
import { parseAtom } from '../support/atom.ts';
import { actor, E, penalty, SECRETS, seedFixtures } from '../support/fixtures.ts';
import { catchUp, mirrorFromSnapshots, mirrorState, parseJsonl } from '../support/mirror.ts';
import { expectProblemResponse as expectProblem } from '../support/problems.ts';

const TAG = 'test.example';
const BEGAN = '2021-09-15';
const today = shanghaiDate();

type App = ReturnType<typeof createPublicApp>;
const appOn = (db: CountedDb, openData: Parameters<typeof createPublicApp>[0]['openData'] = { tagAuthority: TAG, registerBegan: BEGAN }) => createPublicApp({ db, openData });
const get = (app: App, path: string, headers: Record<string, string> = {}) => app.request(`http://register.test${path}`, { headers });
const text = async (app: App, path: string) => {
  const res = await get(app, path);
  expect(res.status).toBe(200);
  return res.text();
};
const json = async (app: App, path: string) => (await get(app, path)).json() as Promise<any>;


/** Every event of the feed, page by page. */
async function feed(app: App): Promise<LedgerEvent[]> {
  const events: LedgerEvent[] = [];
  for (;;) {
    const page = await json(app, `/v1/changes?after=${events.at(-1)?.seq ?? 0}&limit=1000`);
    events.push(...page.events);
    if (page.events.length < 1000) return events;
  }
}

/** What the public sees now, per record id (through the one-record route). */
async function publicRecord(app: App, id: string) {
  const res = await get(app, `/v1/records/${id}`);
  return res.status === 200 ? res.json() : null;
}

describe('snapshots', () => {
  let db: CountedDb;
  let app: App;
  let seeded: Awaited<ReturnType<typeof seedFixtures>>;
  const tricky = '含逗号,和"引号"\r\n以及换行';
  let trickyId: string;

  beforeAll(async () => {
    db = await freshDb();
    seeded = await seedFixtures(db);
    // Text that needs RFC 4180 quoting, and text a spreadsheet would run as a formula.
    trickyId = (await publishRecord(db, penalty(E.plain, { facts: tricky, title: '=HYPERLINK("http://x")', severity: 'minor', penaltyTypes: ['public-criticism'], fineWan: undefined, confiscationWan: undefined }), { actor })).record.id;
    // A withdrawn record: kept, never exported.
    await withdrawRecord(db, { uscc: E.pilot, id: seeded.records.minor.id, reason: '原处罚决定被撤销' }, { actor });
    app = appOn(db);
  });

  it('serves records.csv as RFC 4180 with BOM and CRLF, the ledger seq in a header and on the first line, Chinese intact', async () => {
    // Act
    const res = await get(app, '/v1/exports/records.csv');
    const bytes = Buffer.from(await res.arrayBuffer());
    // Assert
    const head = await readHead(db);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers.get('X-Ledger-Seq')).toBe(String(head.seq));
    expect(res.headers.get('X-Ledger-Hash')).toBe(head.hash);
    expect(res.headers.get('Content-Disposition')).toBe(`attachment; filename="hz-quality-credit-records-seq${head.seq}.csv"`);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const body = bytes.toString('utf8');
    // Every line break outside quoted text is CRLF: the only bare LF-free check that holds with quoted CRLF inside.
    expect(body.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    expect(body.split('\r\n')[0]).toMatch(new RegExp(`^\\uFEFF#snapshot=records;ledger_seq=${head.seq};ledger_hash=${head.hash};`));
    // A real CSV parser: skip the position line, take the column names from the next.
    const rows = parse(bytes, { bom: true, from_line: 2, columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0] as object)).toEqual(CSV_COLUMNS.records.map((c) => c.name));
    const published = [seeded.records.general, seeded.records.award, seeded.records.serious].map((r) => r.id).concat(trickyId);
    expect(rows.map((r) => r.id).sort()).toEqual(published.sort());
    const general = rows.find((r) => r.id === seeded.records.general.id);
    expect(general).toMatchObject({ uscc: E.dishonest, title: '生产不符合国家标准的产品', fine_wan: '5', confiscation_wan: '0.8', penalty_types: 'fine; confiscation-of-illegal-gains', authority_name: '杭州市西湖区市场监督管理局' });
    const odd = rows.find((r) => r.id === trickyId);
    expect(odd?.facts).toBe(tricky);
    expect(odd?.title).toBe(`'=HYPERLINK("http://x")`);
    // Sorted as the export index is: by USCC, then id.
    const keys = rows.map((r) => `${r.uscc}#${r.id}`);
    expect(keys).toEqual([...keys].sort());
    // Every row went through the public projection.
    for (const secret of [SECRETS.idNumber, SECRETS.phone, SECRETS.internalNote, '原处罚决定被撤销']) expect(body).not.toContain(secret);
    expect(body).not.toContain(seeded.records.minor.id);
  });

  it('serves the same rows as JSON Lines: canonical JSON, equal to what each record route answers', async () => {
    const res = await get(app, '/v1/exports/records.jsonl');
    expect(res.headers.get('Content-Type')).toBe('application/jsonl; charset=utf-8');
    const body = await res.text();
    const { header, rows } = parseJsonl(body);
    expect(header).toMatchObject({ dataset: 'records', ledgerSeq: (await readHead(db)).seq, licence: 'CC-BY-4.0' });
    for (const line of body.trimEnd().split('\n').slice(1)) expect(canonicalJson(JSON.parse(line))).toBe(line);
    for (const row of rows) expect(row).toEqual(await publicRecord(app, row.id));
  });

  it('exports enterprises and listings with fixed columns', async () => {
    const enterprises = parse(await text(app, '/v1/exports/enterprises.csv'), { bom: true, from_line: 2, columns: true }) as Record<string, string>[];
    expect(enterprises.map((e) => e.uscc).sort()).toEqual(Object.values(E).sort());
    expect(enterprises.find((e) => e.uscc === E.seriouslyDishonest)).toMatchObject({ name: '杭州萧山示例机械有限公司', district_name: '萧山区', class: 'D', class_reason_rules: 'D.punishment-list' });
    const listings = parse(await text(app, '/v1/exports/listings.csv'), { bom: true, from_line: 2, columns: true }) as Record<string, string>[];
    expect(listings.map((l) => l.id).sort()).toEqual([seeded.listings.incentive.id, seeded.listings.punishment.id].sort());
    expect(listings.find((l) => l.list_type === 'punishment')?.measures?.split('; ')).toHaveLength(4);
  });

  it('two snapshots at one seq are identical; a change shows only in the lines it touched', async () => {
    const first = await text(app, '/v1/exports/enterprises.csv');
    const again = await text(app, '/v1/exports/enterprises.csv');
    expect(again).toBe(first);
    await registerEnterprise(db, { uscc: E.plain, checkDigitValid: true, name: '建德示例茶业有限公司', district: '330182', registeredAddress: '建德市新安江街道1号' }, { actor });
    const after = await text(app, '/v1/exports/enterprises.csv');
    const a = first.split('\r\n');
    const b = after.split('\r\n');
    const changed = a.map((line, i) => (line === b[i] ? null : i)).filter((i) => i !== null);
    // The position line, and the one enterprise.
    expect(changed).toEqual([0, a.findIndex((l) => l.startsWith(E.plain))]);
  });

  it('sends a weak ETag from the seq and answers 304 without reading a row', async () => {
    const first = await get(app, '/v1/exports/listings.jsonl');
    await first.body?.cancel();
    const etag = first.headers.get('ETag') as string;
    expect(etag).toBe(`W/"snap-listings.jsonl-${(await readHead(db)).seq}"`);
    expect(first.headers.get('Cache-Control')).toMatch(/public, max-age=\d+/);
    expect(first.headers.get('Last-Modified')).toBeTruthy();
    db.resetRequests();
    const second = await get(app, '/v1/exports/listings.jsonl', { 'If-None-Match': etag });
    expect(second.status).toBe(304);
    expect(await second.text()).toBe('');
    // Only the ledger head was read: the stream was never started.
    expect(db.requests).toEqual(['GetItemCommand']);
  });

  it.each([
    ['an unknown dataset', 'secrets.csv'],
    ['an unknown format', 'records.xlsx'],
    ['no format', 'records'],
    ['a path trick', '..%2Frecords.csv'],
  ])('refuses %s with 400 naming the file', async (_, file) => {
    const body = await expectProblem(await get(app, `/v1/exports/${file}`), 400, 'export.unknown', 'file');
    expect(body.errors[0].in).toBe('path');
  });

  it('publishes the checksum of a snapshot in the catalogue once it has been served in full at the current seq', async () => {
    const res = await get(app, '/v1/exports/records.csv');
    const bytes = Buffer.from(await res.arrayBuffer());
    const catalog = await json(app, '/v1/catalog');
    const records = catalog['dcat:dataset'].find((d: any) => d['dct:identifier'] === 'records');
    const csv = records['dcat:distribution'].find((d: any) => d['dct:format'] === 'CSV');
    expect(csv['spdx:checksum']['spdx:checksumValue']).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(csv['dcat:byteSize']['@value']).toBe(String(bytes.length));
    expect(csv['hzqc:ledgerSeq']).toBe(Number(res.headers.get('X-Ledger-Seq')));
  });
});

describe('a snapshot at seq S plus the feed after S reproduces the present', () => {
  it('holds for changes made after the snapshot, and for changes made while it was streaming', async () => {
    // Arrange
    const db = await freshDb();
    const seeded = await seedFixtures(db);
    const app = appOn(db);
    const fetchText = (path: string) => text(app, path);
    const fetchJson = (path: string) => json(app, path);

    // Snapshot 1 at S, then changes of every kind: a publication, a withdrawal (data null), a list
    // entry ended early (data null), a reclassification, a new enterprise.
    const mirror = await mirrorFromSnapshots(fetchText);
    const s = mirror.seq;
    await publishRecord(db, penalty(E.plain), { actor });
    await withdrawRecord(db, { uscc: E.dishonest, id: seeded.records.general.id, reason: '行政复议撤销' }, { actor });
    await endListing(db, { uscc: E.seriouslyDishonest, id: seeded.listings.punishment.id, reason: '信用修复' }, { actor });
    await registerEnterprise(db, { uscc: withCheckCharacter('91330106MA0000001'), checkDigitValid: true, name: '杭州镜像测试有限公司', district: '330106' }, { actor });

    // A second snapshot, with a change landing after its seq was read but before its rows were.
    const res = await get(app, '/v1/exports/records.jsonl');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let during = decoder.decode((await reader.read()).value, { stream: true });
    expect(during).toMatch(/^\{"snapshot"/);
    const { record: late } = await publishRecord(db, penalty(E.trustworthy, { severity: 'minor', penaltyTypes: ['public-criticism'], fineWan: undefined, confiscationWan: undefined }), { actor });
    for (let r = await reader.read(); !r.done; r = await reader.read()) during += decoder.decode(r.value, { stream: true });
    const streamed = parseJsonl(during);
    expect(streamed.rows.map((row) => row.id)).toContain(late.id); // the row is newer than the seq it is stamped with

    // Act: replay the feed after S over snapshot 1; and after its own seq over snapshot 2.
    const events = await catchUp(mirror, fetchJson, 3);
    const second = await mirrorFromSnapshots(async (path) => (path.endsWith('records.jsonl') ? during : fetchText(path)));
    await catchUp(second, fetchJson);

    // Assert: both equal a fresh snapshot of the present, and the live API.
    const live = await mirrorFromSnapshots(fetchText);
    expect(mirror.seq).toBe((await readHead(db)).seq);
    expect(mirrorState(mirror)).toEqual(mirrorState(live));
    expect(mirrorState(second)).toEqual(mirrorState(live));
    expect(mirror.entities.record.has(seeded.records.general.id)).toBe(false);
    expect(mirror.entities.listing.has(seeded.listings.punishment.id)).toBe(false);
    expect(JSON.parse(mirror.entities.enterprise.get(E.seriouslyDishonest) as string).classification.class).not.toBe('D');
    for (const [uscc, view] of mirror.entities.enterprise) {
      const { listings: _l, records: _r, warnings: _w, ...summary } = await json(app, `/v1/enterprises/${uscc}`);
      expect(canonicalJson(summary)).toBe(view);
    }
    // The removals in the feed say why.
    const removals = events.flatMap((e) => e.changes).filter((c) => c.data === null);
    expect(removals).toEqual([
      expect.objectContaining({ entity: 'record', id: seeded.records.general.id, reason: 'withdrawn' }),
      expect.objectContaining({ entity: 'listing', id: seeded.listings.punishment.id, reason: 'ended' }),
    ]);
    expect(events[0]?.seq).toBe(s + 1);
  });
});

describe('a snapshot larger than one page', () => {
  it('streams every row once, in order, across DynamoDB pages, and only public ones', async () => {
    // Arrange: 1,200 records of 40 enterprises, written directly with the store's item builders
    // (fast; this test is about reading), plus one withdrawn record forced into the export index.
    const db = await freshDb();
    const n = 1200;
    const items: Item[] = [];
    const enterprises: Enterprise[] = Array.from({ length: 40 }, (_, i) => ({
      uscc: withCheckCharacter(`91330106MA${String(i).padStart(7, '0')}`),
      checkDigitValid: true,
      name: `杭州分页测试${i}有限公司`,
      district: '330106',
      classification: classify({ records: [], listings: [] }),
      version: 1,
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    }));
    for (const e of enterprises) items.push(enterpriseItem(e));
    const record = (i: number): CreditRecord => ({
      ...penalty((enterprises[i % enterprises.length] as Enterprise).uscc, { decisionNumber: `分页〔2026〕${i}号` }),
      licenceRevoked: false,
      id: `rec_${String(i).padStart(6, '0')}`,
      publishedOn: today,
      publicationEnd: addDays(today, 1000),
      publicationBasis: 'test',
      status: 'published',
      version: 1,
      createdAt: '',
      updatedAt: '',
    });
    for (let i = 0; i < n; i++) items.push(recordItem(record(i)));
    // Keys of a published record, status of a withdrawn one: the projection must still keep it out.
    items.push({ ...recordItem({ ...record(n), id: 'rec_hidden' }), status: { S: 'withdrawn' } });
    const batches = Array.from({ length: Math.ceil(items.length / 25) }, (_, i) => items.slice(i * 25, i * 25 + 25));
    await Promise.all(batches.map((batch) => db.client.send(new BatchWriteItemCommand({ RequestItems: { [db.tableName]: batch.map((Item) => ({ PutRequest: { Item } })) } }))));
    const app = appOn(db);
    // Act
    db.resetRequests();
    const csv = await text(app, '/v1/exports/records.csv');
    const queries = db.requests.filter((r) => r === 'QueryCommand').length;
    const jsonl = parseJsonl(await text(app, '/v1/exports/records.jsonl'));
    // Assert
    const rows = parse(csv, { bom: true, from_line: 2, columns: true }) as Record<string, string>[];
    expect(queries).toBeGreaterThanOrEqual(Math.ceil((n + 1) / EXPORT_PAGE_SIZE));
    expect(rows).toHaveLength(n);
    expect(new Set(rows.map((r) => r.id)).size).toBe(n);
    const keys = rows.map((r) => `${r.uscc}#${r.id}`);
    expect(keys).toEqual([...keys].sort());
    expect(jsonl.rows.map((r) => r.id)).toEqual(rows.map((r) => r.id));
    expect(csv).not.toContain('rec_hidden');
  });
});

describe('Atom feeds', () => {
  let db: CountedDb;
  let app: App;
  let seeded: Awaited<ReturnType<typeof seedFixtures>>;
  const oddName = '杭州<尖括号>&"引号"\u0001测试有限公司';

  beforeAll(async () => {
    db = await freshDb();
    seeded = await seedFixtures(db);
    await registerEnterprise(db, { uscc: withCheckCharacter('91330106MA0000099'), checkDigitValid: true, name: oddName, district: '330106' }, { actor });
    await endListing(db, { uscc: E.seriouslyDishonest, id: seeded.listings.punishment.id, reason: '信用修复' }, { actor });
    app = appOn(db);
  });

  it('serves every change as an entry, newest first, with stable tag ids and zh-CN titles', async () => {
    const res = await get(app, '/v1/feeds/all.atom');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await res.text();
    const doc = parseAtom(xml);
    expect(doc.namespace).toBe('http://www.w3.org/2005/Atom');
    expect(doc.lang).toBe('zh-CN');
    expect(doc.id).toBe(`tag:${TAG},2026:feed/all`);
    const events = await feed(app);
    const expected = events.flatMap((e) => e.changes.map((_, n) => `tag:${TAG},2026:event/${e.seq}/${n}`)).reverse();
    expect(doc.entries.map((e) => e.id)).toEqual(expected);
    expect(doc.entries[0]?.updated).toBe(events.at(-1)?.at);
    expect(doc.entries.every((e) => /[\u4e00-\u9fff]/.test(e.title))).toBe(true);
    expect(doc.links).toMatchObject({ self: 'http://register.test/v1/feeds/all.atom', current: 'http://register.test/v1/feeds/all.atom' });
    expect(doc.links['prev-archive']).toBeUndefined();
    // Escaped by the XML library, read back intact; a character XML cannot carry is dropped.
    expect(xml).toContain('杭州&lt;尖括号&gt;&amp;&quot;引号&quot;测试有限公司');
    expect(doc.entries.map((e) => e.title)).toContain(`企业登记：${oddName.replace('\u0001', '')}`);
    expect(xml).not.toContain(SECRETS.internalNote);
    expect(xml).not.toContain(SECRETS.idNumber);
  });

  it('lists one list’s entries and removals, naming the list of a removed entry', async () => {
    const punishment = parseAtom(await text(app, '/v1/feeds/punishment.atom')).entries;
    expect(punishment.map((e) => e.title)).toEqual(['移出严重违法失信名单：杭州萧山示例机械有限公司（提前移出）', '列入严重违法失信名单：杭州萧山示例机械有限公司']);
    expect(punishment.map((e) => e.category)).toEqual(['listing.ended', 'listing.added']);
    expect(punishment[1]?.summary).toContain('使用未经检验的特种设备');
    // The entry's content is the ledger event it came from.
    const src = new URL(punishment[0]?.contentSrc as string);
    const { events } = await json(app, `${src.pathname}${src.search}`);
    expect(events[0].changes.some((c: any) => c.id === seeded.listings.punishment.id && c.reason === 'ended')).toBe(true);
    const incentive = parseAtom(await text(app, '/v1/feeds/incentive.atom')).entries;
    expect(incentive.map((e) => e.title)).toEqual(['列入守信激励名单：杭州滨江示例电子科技有限公司']);
  });

  it('answers 304 to its ETag, and refuses unknown feeds and pages', async () => {
    const first = await get(app, '/v1/feeds/incentive.atom');
    const etag = first.headers.get('ETag') as string;
    expect(etag).toBe(`"atom-incentive-${(await readHead(db)).seq}"`);
    expect(first.headers.get('Last-Modified')).toBeTruthy();
    expect((await get(app, '/v1/feeds/incentive.atom', { 'If-None-Match': etag })).status).toBe(304);
    await expectProblem(await get(app, '/v1/feeds/blacklist.atom'), 400, 'feed.unknown', 'file');
    await expectProblem(await get(app, '/v1/feeds/all.rss'), 400, 'feed.unknown', 'file');
    await expectProblem(await get(app, '/v1/feeds/all.atom?page=0'), 400, 'request.invalid', 'page');
    await expectProblem(await get(app, '/v1/feeds/all.atom?page=x'), 400, 'request.invalid', 'page');
    await expectProblem(await get(app, '/v1/feeds/all.atom?page=1'), 404, 'feed.page-not-found', 'page');
  });

  it('makes its links from the configured public origin (the CDN’s), not from the request', async () => {
    const behindCdn = appOn(db, { tagAuthority: TAG, publicOrigin: 'https://credit.example' });
    const doc = parseAtom(await text(behindCdn, '/v1/feeds/all.atom'));
    expect(doc.links.self).toBe('https://credit.example/v1/feeds/all.atom');
    expect(doc.entries[0]?.contentSrc).toMatch(/^https:\/\/credit\.example\/v1\/changes\?after=/);
    expect((await json(behindCdn, '/v1/catalog'))['@id']).toBe('https://credit.example/v1/catalog');
  });

  it('pages by ledger position as RFC 5005 archives once the ledger passes two pages', async () => {
    // Arrange: 105 events (publishers on one client take turns: no lost races to retry).
    const big = await freshDb();
    await Promise.all(
      Array.from({ length: 105 }, (_, i) =>
        registerEnterprise(big, { uscc: withCheckCharacter(`91330106MA${String(i).padStart(7, '0')}`), checkDigitValid: true, name: `杭州归档测试${i}有限公司`, district: '330106' }, { actor }),
      ),
    );
    const bigApp = appOn(big);
    // Act
    const current = parseAtom(await text(bigApp, '/v1/feeds/all.atom'));
    const page1res = await get(bigApp, '/v1/feeds/all.atom?page=1');
    const page1 = parseAtom(await page1res.text());
    const page2 = parseAtom(await text(bigApp, '/v1/feeds/all.atom?page=2'));
    // Assert: current holds events 51–105 and points back at page 1; pages link both ways.
    const seqOf = (e: { id: string }) => Number(/event\/(\d+)\//.exec(e.id)?.[1]);
    expect(current.entries.map(seqOf)).toEqual(Array.from({ length: 55 }, (_, i) => 105 - i));
    expect(current.archive).toBe(false);
    expect(current.links['prev-archive']).toBe('http://register.test/v1/feeds/all.atom?page=1');
    expect(page1.entries.map(seqOf)).toEqual(Array.from({ length: 50 }, (_, i) => 50 - i));
    expect(page1.archive).toBe(true);
    expect(page1.links).toMatchObject({ 'next-archive': 'http://register.test/v1/feeds/all.atom?page=2', current: 'http://register.test/v1/feeds/all.atom' });
    expect(page1.links['prev-archive']).toBeUndefined();
    expect(page2.links).toMatchObject({ 'prev-archive': 'http://register.test/v1/feeds/all.atom?page=1' });
    expect(page1res.headers.get('Cache-Control')).toContain('immutable');
    expect(page1res.headers.get('ETag')).toBe('"atom-all-p1"');
    // Every event is reachable from the subscription document by prev-archive.
    const reachable = new Set([...current.entries, ...page1.entries].map(seqOf));
    expect(reachable.size).toBe(105);
  });
});

describe('the catalogue', () => {
  it('lists every dataset and distribution with licence, publisher, frequency and the current seq', async () => {
    const db = await freshDb();
    await seedFixtures(db);
    await issueCheckpoint({ db, signer: generateSigningKey().signer });
    const app = appOn(db);
    const res = await get(app, '/v1/catalog');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/ld+json; charset=utf-8');
    const catalog = (await res.json()) as any;
    const head = await readHead(db);
    expect(catalog['@type']).toBe('dcat:Catalog');
    expect(catalog['@context'].dcat).toBe('http://www.w3.org/ns/dcat#');
    expect(catalog['hzqc:ledgerSeq']).toBe(head.seq);
    expect(catalog['hzqc:ledgerHash']).toBe(head.hash);
    expect(catalog['dct:license']).toEqual({ '@id': 'https://creativecommons.org/licenses/by/4.0/' });
    expect(catalog['dct:publisher']['foaf:name'][0]['@value']).toBe('杭州市市场监督管理局');
    const datasets = catalog['dcat:dataset'];
    expect(datasets.map((d: any) => d['dct:identifier'])).toEqual(['enterprises', 'records', 'listings', 'ledger']);
    for (const d of datasets) {
      expect(d['dct:license']).toEqual({ '@id': 'https://creativecommons.org/licenses/by/4.0/' });
      expect(d['dct:accrualPeriodicity']['@id']).toMatch(/UPDATE_CONT$/);
    }
    const urls = datasets.flatMap((d: any) => d['dcat:distribution'].map((x: any) => x['dcat:accessURL']['@id']));
    for (const file of ['enterprises', 'records', 'listings'].flatMap((d) => [`${d}.csv`, `${d}.jsonl`])) expect(urls).toContain(`http://register.test/v1/exports/${file}`);
    for (const path of ['/v1/changes', '/v1/feeds/all.atom', '/v1/feeds/punishment.atom', '/v1/checkpoints/keys']) expect(urls).toContain(`http://register.test${path}`);
    const csvSchema = datasets[1]['dcat:distribution'][0]['csvw:tableSchema']['csvw:column'];
    expect(csvSchema[5]).toEqual({ 'csvw:name': 'decision_number', 'csvw:title': { '@language': 'zh-CN', '@value': '决定书文号' }, 'csvw:datatype': 'string' });
    // Every URL it names is a route of this API (the search API answers 400 without a filter).
    for (const url of urls) expect([200, 400], url).toContain((await app.request(url)).status);
    const etag = res.headers.get('ETag') as string;
    expect((await get(app, '/v1/catalog', { 'If-None-Match': etag })).status).toBe(304);
  });
});

describe('signed checkpoints', () => {
  it('publishes none until the job has run', async () => {
    const db = await freshDb();
    const app = appOn(db);
    await expectProblem(await get(app, '/v1/checkpoints/latest'), 404, 'checkpoint.not-found');
    expect(await json(app, '/v1/checkpoints/keys')).toEqual({ keys: [] });
    expect(await issueCheckpoint({ db, signer: generateSigningKey().signer })).toEqual({ issued: false, checkpoint: null });
  });

  it('signs the head; the signature verifies under the JWKS and the hash is the feed’s; rotation keeps old checkpoints valid', async () => {
    // Arrange
    const db = await freshDb();
    await seedFixtures(db);
    const app = appOn(db);
    const dir = join(mkdtempSync(join(tmpdir(), 'cp-keys-')), 'keys');
    const first = await issueCheckpoint({ db, signer: openSigningKey(dir) });
    await registerEnterprise(db, { uscc: withCheckCharacter('91330106MA0000777'), checkDigitValid: true, name: '杭州轮换测试有限公司', district: '330106' }, { actor });
    const { retired, current } = rotateSigningKey(dir);
    const second = await issueCheckpoint({ db, signer: current });

    // Act
    const latestRes = await get(app, '/v1/checkpoints/latest');
    const latest = (await latestRes.json()) as Checkpoint;
    const old = (await json(app, `/v1/checkpoints/${first.checkpoint?.seq}`)) as Checkpoint;
    const keysRes = await get(app, '/v1/checkpoints/keys');
    const jwks = (await keysRes.json()) as { keys: any[] };

    // Assert
    expect(first.issued && second.issued).toBe(true);
    expect(retired).toBe(first.checkpoint?.keyId);
    expect(latest).toEqual(second.checkpoint);
    expect(Object.keys(latest).sort()).toEqual(['hash', 'issuedAt', 'keyId', 'seq', 'signature']);
    expect(latest.signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(old).toEqual(first.checkpoint);
    expect(keysRes.headers.get('Content-Type')).toBe('application/jwk-set+json');
    expect(jwks.keys.map((k) => k.kid)).toEqual([first.checkpoint?.keyId, second.checkpoint?.keyId]);
    expect(jwks.keys.every((k) => k.kty === 'OKP' && k.crv === 'Ed25519' && k.alg === 'EdDSA' && !('d' in k))).toBe(true);
    expect(verifyCheckpoint(latest, jwks.keys)).toBe(true);
    expect(verifyCheckpoint(old, jwks.keys)).toBe(true);
    const events = await feed(app);
    expect(events.find((e) => e.seq === latest.seq)?.hash).toBe(latest.hash);
    expect(events.find((e) => e.seq === old.seq)?.hash).toBe(old.hash);
    expect(verifyChain(events).ok).toBe(true);
    // Any altered member breaks the signature.
    expect(verifyCheckpoint({ ...latest, seq: latest.seq - 1 }, jwks.keys)).toBe(false);
    expect(verifyCheckpoint({ ...latest, keyId: old.keyId }, jwks.keys)).toBe(false);
    // Caching.
    expect(latestRes.headers.get('ETag')).toBe(`"cp-${latest.seq}-${latest.issuedAt}"`);
    expect((await get(app, '/v1/checkpoints/latest', { 'If-None-Match': latestRes.headers.get('ETag') as string })).status).toBe(304);
    expect((await get(app, '/v1/checkpoints/keys', { 'If-None-Match': keysRes.headers.get('ETag') as string })).status).toBe(304);
  });

  it('signs again only when the head moved, the last one is stale, or on demand', async () => {
    const db = await freshDb();
    await seedFixtures(db);
    const signer = generateSigningKey().signer;
    const t0 = new Date('2026-11-27T00:00:00.000Z');
    const at = (minutes: number) => () => new Date(t0.getTime() + minutes * 60_000);
    expect((await issueCheckpoint({ db, signer, now: at(0) })).issued).toBe(true);
    expect((await issueCheckpoint({ db, signer, now: at(10) })).issued).toBe(false);
    expect((await issueCheckpoint({ db, signer, now: at(20) }, { force: true })).issued).toBe(true);
    expect((await issueCheckpoint({ db, signer, now: at(30) }, { maxAgeMs: 5 * 60_000 })).issued).toBe(true);
    await registerEnterprise(db, { uscc: withCheckCharacter('91330106MA0000778'), checkDigitValid: true, name: '杭州检查点测试有限公司', district: '330106' }, { actor });
    const moved = await issueCheckpoint({ db, signer, now: at(40) });
    expect(moved).toMatchObject({ issued: true, checkpoint: { seq: (await readHead(db)).seq } });
  });

  it('answers 404 for a seq never signed and 400 for a malformed one', async () => {
    const db = await freshDb();
    const app = appOn(db);
    await expectProblem(await get(app, '/v1/checkpoints/99'), 404, 'checkpoint.not-found', 'seq');
    await expectProblem(await get(app, '/v1/checkpoints/0'), 400, 'request.invalid', 'seq');
    await expectProblem(await get(app, '/v1/checkpoints/abc'), 400, 'request.invalid', 'seq');
  });
});

describe('as of a past day', () => {
  let db: CountedDb;
  let app: App;
  let seeded: Awaited<ReturnType<typeof seedFixtures>>;

  beforeAll(async () => {
    db = await freshDb();
    seeded = await seedFixtures(db);
    // Today: the punishment entry (listed 400 days ago) is ended, the general penalty withdrawn.
    await endListing(db, { uscc: E.seriouslyDishonest, id: seeded.listings.punishment.id, reason: '信用修复' }, { actor });
    await withdrawRecord(db, { uscc: E.dishonest, id: seeded.records.general.id, reason: '行政复议撤销' }, { actor });
    app = appOn(db);
  });

  it('answers as of today exactly as the live profile', async () => {
    for (const uscc of Object.values(E)) {
      const live = await json(app, `/v1/enterprises/${uscc}`);
      const { asOf, ...asOfToday } = await json(app, `/v1/enterprises/${uscc}?asOf=${today}`);
      expect(asOf).toBe(today);
      expect(asOfToday).toEqual(live);
    }
  });

  it('shows a bidder’s class on an earlier day from stored history: listed then, not now', async () => {
    const live = await json(app, `/v1/enterprises/${E.seriouslyDishonest}`);
    const then = await json(app, `/v1/enterprises/${E.seriouslyDishonest}?asOf=${addDays(today, -100)}`);
    expect(live.classification.class).toBe('C'); // the serious penalty remains
    expect(then.classification.class).toBe('D');
    expect(then.listings.map((l: any) => l.id)).toEqual([seeded.listings.punishment.id]);
    // The penalty was published today: not yet public 100 days ago.
    expect(then.records).toEqual([]);
    expect(then.asOf).toBe(addDays(today, -100));
    // Yesterday the entry still applied (it ended today); the withdrawn record was still public.
    const yesterday = addDays(today, -1);
    expect((await json(app, `/v1/enterprises/${E.seriouslyDishonest}?asOf=${yesterday}`)).listings).toHaveLength(1);
    const dishonestYesterday = await json(app, `/v1/enterprises/${E.dishonest}?asOf=${yesterday}`);
    // Published today, so not public yesterday either; the enterprise was registered today.
    expect(dishonestYesterday.type).toBe('/problems/enterprise.not-found');
  });

  it('gives each as-of answer its own ETag', async () => {
    const a = await get(app, `/v1/enterprises/${E.seriouslyDishonest}?asOf=${addDays(today, -100)}`);
    const b = await get(app, `/v1/enterprises/${E.seriouslyDishonest}`);
    expect(a.headers.get('ETag')).not.toBe(b.headers.get('ETag'));
    expect(a.headers.get('Content-Location')).toBe(`/v1/enterprises/${E.seriouslyDishonest}?asOf=${addDays(today, -100)}`);
    expect((await get(app, `/v1/enterprises/${E.seriouslyDishonest}?asOf=${addDays(today, -100)}`, { 'If-None-Match': a.headers.get('ETag') as string })).status).toBe(304);
  });

  it('lists the entries that applied on a day', async () => {
    const ids = async (path: string) => (await json(app, path)).items.map((l: any) => l.id);
    expect(await ids('/v1/lists/punishment')).toEqual([]);
    expect(await ids(`/v1/lists/punishment?asOf=${addDays(today, -1)}`)).toEqual([seeded.listings.punishment.id]);
    expect(await ids(`/v1/lists/punishment?asOf=${addDays(today, -400)}`)).toEqual([seeded.listings.punishment.id]);
    expect(await ids(`/v1/lists/punishment?asOf=${addDays(today, -401)}`)).toEqual([]);
    expect(await ids(`/v1/lists/punishment?asOf=${today}`)).toEqual([]);
    expect(await ids(`/v1/lists/incentive?asOf=${addDays(today, -30)}`)).toEqual([seeded.listings.incentive.id]);
    expect(await ids(`/v1/lists/incentive?asOf=${addDays(today, -31)}`)).toEqual([]);
    const entry = (await json(app, `/v1/lists/punishment?asOf=${addDays(today, -1)}`)).items[0];
    expect(JSON.stringify(entry)).not.toMatch(/"(status|endedOn|endReason|internalNote)"/);
  });

  it.each([
    ['not a date', 'yesterday', 'request.invalid'],
    ['an impossible date', '2026-02-30', 'request.invalid'],
    ['before the register began', '2021-09-14', 'asof.out-of-range'],
    ['in the future', addDays(today, 1), 'asof.out-of-range'],
  ])('refuses %s with 400 naming asOf, on profiles and lists', async (_, day, code) => {
    await expectProblem(await get(app, `/v1/enterprises/${E.plain}?asOf=${day}`), 400, code, 'asOf');
    await expectProblem(await get(app, `/v1/lists/incentive?asOf=${day}`), 400, code, 'asOf');
  });

  it('begins, when not configured, on the day of the first ledger event', async () => {
    const unconfigured = appOn(db, { tagAuthority: TAG });
    expect((await get(unconfigured, `/v1/lists/punishment?asOf=${today}`)).status).toBe(200);
    await expectProblem(await get(unconfigured, `/v1/lists/punishment?asOf=${addDays(today, -1)}`), 400, 'asof.out-of-range', 'asOf');
  });
});

describe('the change feed', () => {
  it('says why something stopped being public, and when the page last changed', async () => {
    const db = await freshDb();
    const seeded = await seedFixtures(db);
    await withdrawRecord(db, { uscc: E.dishonest, id: seeded.records.general.id, reason: '行政复议撤销' }, { actor });
    const app = appOn(db);
    const head = await readHead(db);
    const res = await get(app, `/v1/changes?after=${head.seq - 1}`);
    const { events } = (await res.json()) as { events: LedgerEvent[] };
    expect(events[0]?.changes[0]).toEqual({ entity: 'record', id: seeded.records.general.id, uscc: E.dishonest, action: 'withdrawn', data: null, reason: 'withdrawn' });
    expect(res.headers.get('Last-Modified')).toBe(new Date(head.at as string).toUTCString());
    // The internal reason an official typed stays internal.
    expect(JSON.stringify(events)).not.toContain('行政复议撤销');
  });
});
