/**
 * Atom feeds from ledger events: RFC 5005 paging by ledger position, entries per change with
 * stable ids, and XML built by the library (escaping, characters XML cannot carry).
 */
import { describe, expect, it } from 'vitest';
import { archivePage, currentPage, feedEntries, parseAtomFile, renderAtom } from '../../../shared/public/atom.ts';
import { toPublicListing, toPublicRecord } from '../../../shared/public/projection.ts';
import type { LedgerEvent } from '../../../shared/ledger/event.ts';
import { parseAtom } from '../../support/atom.ts';
import { listing, record } from '../fixtures.ts';

describe('paging by ledger position (P = 50)', () => {
  it.each([
    [0, { from: 1, to: 0, prevArchive: null }],
    [49, { from: 1, to: 49, prevArchive: null }],
    [50, { from: 1, to: 50, prevArchive: null }],
    [99, { from: 1, to: 99, prevArchive: null }],
    [100, { from: 51, to: 100, prevArchive: 1 }],
    [149, { from: 51, to: 149, prevArchive: 1 }],
    [150, { from: 101, to: 150, prevArchive: 2 }],
  ])('the subscription document at head %i', (head, expected) => {
    expect(currentPage(head)).toMatchObject({ ...expected, archive: null, nextArchive: null });
  });

  it('archives only complete pages, linked both ways', () => {
    expect(archivePage(1, 49)).toBeNull();
    expect(archivePage(1, 50)).toEqual({ from: 1, to: 50, archive: 1, prevArchive: null, nextArchive: null });
    expect(archivePage(1, 120)).toMatchObject({ prevArchive: null, nextArchive: 2 });
    expect(archivePage(2, 120)).toEqual({ from: 51, to: 100, archive: 2, prevArchive: 1, nextArchive: null });
    expect(archivePage(3, 120)).toBeNull();
    expect(archivePage(0, 120)).toBeNull();
  });

  it('leaves no event unreachable: current plus its prev-archive chain covers 1..head', () => {
    for (const head of [1, 50, 99, 100, 101, 149, 150, 151, 1000]) {
      const covered = new Set<number>();
      let page = currentPage(head);
      for (;;) {
        for (let s = page.from; s <= page.to; s++) covered.add(s);
        if (page.prevArchive === null) break;
        page = archivePage(page.prevArchive, head) as NonNullable<ReturnType<typeof archivePage>>;
      }
      expect(covered.size, `head ${head}`).toBe(head);
    }
  });
});

const event = (seq: number, changes: LedgerEvent['changes']): LedgerEvent => ({ seq, prevHash: '0'.repeat(64), type: 't', at: `2026-11-27T08:00:0${seq}.000Z`, changes, hash: '1'.repeat(64) });

describe('entries', () => {
  const punish = listing({ id: 'lst_p' });
  const events = [
    event(1, [
      { entity: 'record', id: 'rec_1', uscc: punish.uscc, action: 'published', data: toPublicRecord(record()) },
      { entity: 'listing', id: 'lst_p', uscc: punish.uscc, action: 'added', data: toPublicListing(punish) },
    ]),
    event(2, [{ entity: 'listing', id: 'lst_p', uscc: punish.uscc, action: 'ended', data: null, reason: 'ended' }]),
  ];
  const options = { tagAuthority: 'example.org', listingOf: () => toPublicListing(punish) };

  it('one per change, newest first, with ids tag:<authority>,2026:event/<seq>/<n>', () => {
    expect(feedEntries(events, 'all', options).map((e) => e.id)).toEqual(['tag:example.org,2026:event/2/0', 'tag:example.org,2026:event/1/1', 'tag:example.org,2026:event/1/0']);
  });

  it('a list feed keeps that list’s entries and removals, in zh-CN', () => {
    const entries = feedEntries(events, 'punishment', options);
    expect(entries.map((e) => e.title)).toEqual([`移出严重违法失信名单：${punish.enterpriseName}（提前移出）`, `列入严重违法失信名单：${punish.enterpriseName}`]);
    expect(feedEntries(events, 'incentive', options)).toEqual([]);
    expect(feedEntries(events, 'punishment', { ...options, listingOf: () => undefined }).map((e) => e.category.term)).toEqual(['listing.added']);
  });

  it('renders well-formed Atom; user text is escaped and characters XML cannot carry are dropped', () => {
    const evil = listing({ id: 'lst_x', enterpriseName: '杭州</title><script>&"\u0000\u0008公司', grounds: ']]>' });
    const entries = feedEntries([event(1, [{ entity: 'listing', id: 'lst_x', uscc: evil.uscc, action: 'added', data: toPublicListing(evil) }])], 'all', options);
    const xml = renderAtom({ feed: 'all', page: currentPage(1), updated: '2026-11-27T08:00:01.000Z', entries, origin: 'https://example.org', tagAuthority: 'example.org' });
    expect(xml).not.toContain('<script>');
    expect(parseAtom(xml).entries[0]?.title).toBe('列入严重违法失信名单：杭州</title><script>&"公司');
  });

  it('renders an archive page with no entries as a valid feed, marked as an archive', () => {
    const xml = renderAtom({ feed: 'incentive', page: archivePage(1, 60) as NonNullable<ReturnType<typeof archivePage>>, updated: '2026-11-27T08:00:00.000Z', entries: [], origin: 'https://example.org', tagAuthority: 'example.org' });
    const doc = parseAtom(xml);
    expect(doc.entries).toEqual([]);
    expect(doc.archive).toBe(true);
    expect(doc.title).toBe('杭州市质量信用信息公开：守信激励名单列入与移出（归档第 1 页）');
    expect(doc.links).toMatchObject({ self: 'https://example.org/v1/feeds/incentive.atom?page=1', current: 'https://example.org/v1/feeds/incentive.atom' });
  });

  it('writes an attribute whose value is "true" with its value (no HTML-style boolean attribute)', () => {
    const entries = [{ id: 'x', title: 't', summary: 's', updated: '2026-11-27T08:00:00.000Z', category: { term: 'true', label: 'true' }, alternate: '/a', source: '/b' }];
    const xml = renderAtom({ feed: 'all', page: currentPage(1), updated: '2026-11-27T08:00:00.000Z', entries, origin: 'https://example.org', tagAuthority: 'example.org' });
    expect(xml).toContain('<category term="true" label="true"/>');
    expect(parseAtom(xml).entries[0]?.category).toBe('true');
  });

  it('knows its three feeds', () => {
    expect(['all.atom', 'punishment.atom', 'incentive.atom'].map(parseAtomFile)).toEqual(['all', 'punishment', 'incentive']);
    expect(parseAtomFile('all.rss')).toBeNull();
  });
});
