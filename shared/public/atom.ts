/**
 * Atom feeds (RFC 4287) of the register's changes, derived from the ledger: one entry per change,
 * newest first, with zh-CN titles. The feeds are paged by ledger position (RFC 5005 archived feeds):
 *
 * - archive page k holds the changes of events (k-1)·P+1 … k·P; it exists once event k·P does and
 *   never changes afterwards, so it is cached for good;
 * - the subscription document holds everything after the newest archive it links to
 *   (`prev-archive`): between P and 2P-1 events once the ledger has P, so a reader polling it
 *   misses nothing when a page fills. The newest archive's entries are then also in the
 *   subscription document; RFC 5005 §4 lets a client meet an entry twice (same atom:id).
 *
 * Entry ids are `tag:<authority>,2026:event/<seq>/<n>` (RFC 4151): the n-th change of event seq,
 * the same for ever whatever URL the feed is fetched from. Entries carry only what the change
 * feed carries — the public view after the change, through shared/public/projection.ts — and link
 * to it as out-of-line content.
 *
 * XML is built by fast-xml-builder from a plain object (it escapes every value), never by string
 * concatenation of user data; characters XML 1.0 cannot carry at all are removed first.
 */
import XMLBuilder from 'fast-xml-builder';
import type { Change, LedgerEvent } from '../ledger/event.ts';
import { LIST_TYPES } from '../rules/listings.ts';
import { RECORD_KINDS } from '../rules/records.ts';
import type { PublicListing } from './projection.ts';
import { DATA_LICENCE } from './snapshots.ts';

export const ATOM_FEEDS = ['all', 'punishment', 'incentive'] as const;
export type AtomFeed = (typeof ATOM_FEEDS)[number];
export const ATOM_FILES = ATOM_FEEDS.map((f) => `${f}.atom`);
export const ATOM_MEDIA_TYPE = 'application/atom+xml; charset=utf-8';

/** Ledger events per archive page (P). */
export const FEED_PAGE_EVENTS = 50;

const ATOM_NS = 'http://www.w3.org/2005/Atom';
const HISTORY_NS = 'http://purl.org/syndication/history/1.0';

/** The publisher named in feeds and the catalogue (Art. 4 of the Measures: market supervision leads). */
export const PUBLISHER = { zh: '杭州市市场监督管理局', en: 'Hangzhou Administration for Market Regulation' } as const;
export const REGISTER_TITLE = { zh: '杭州市质量信用信息公开', en: 'Hangzhou quality-credit disclosure register' } as const;

export const FEED_TITLES: Record<AtomFeed, string> = {
  all: `${REGISTER_TITLE.zh}：全部公示变更`,
  punishment: `${REGISTER_TITLE.zh}：严重违法失信名单列入与移出`,
  incentive: `${REGISTER_TITLE.zh}：守信激励名单列入与移出`,
};

/** `punishment.atom` → 'punishment'; null for any other name. */
export function parseAtomFile(file: string): AtomFeed | null {
  return ATOM_FEEDS.find((f) => `${f}.atom` === file) ?? null;
}

/** Complete archive pages when the ledger head is at `headSeq`. */
export const archivePages = (headSeq: number) => Math.floor(headSeq / FEED_PAGE_EVENTS);

export interface FeedPage {
  /** Event range, both ends included (empty when to < from). */
  from: number;
  to: number;
  /** null for the subscription document, else the archive page number. */
  archive: number | null;
  prevArchive: number | null;
  nextArchive: number | null;
}

/** The subscription document's range and links at head `headSeq`. */
export function currentPage(headSeq: number): FeedPage {
  const complete = archivePages(headSeq);
  const prev = complete >= 2 ? complete - 1 : null;
  return { from: prev === null ? 1 : prev * FEED_PAGE_EVENTS + 1, to: headSeq, archive: null, prevArchive: prev, nextArchive: null };
}

/** Archive page `k` (1-based), or null when it is not complete yet. */
export function archivePage(k: number, headSeq: number): FeedPage | null {
  const complete = archivePages(headSeq);
  if (!Number.isInteger(k) || k < 1 || k > complete) return null;
  return { from: (k - 1) * FEED_PAGE_EVENTS + 1, to: k * FEED_PAGE_EVENTS, archive: k, prevArchive: k > 1 ? k - 1 : null, nextArchive: k < complete ? k + 1 : null };
}

const REASONS_ZH: Record<string, string> = { expired: '公示期满', repaired: '信用修复', withdrawn: '撤销', ended: '提前移出' };
const ACTIONS_ZH: Record<string, string> = {
  registered: '登记',
  updated: '登记信息变更',
  classified: '分类变更',
  published: '公示',
  corrected: '更正',
  withdrawn: '撤销公示',
  expired: '公示期满',
  repaired: '信用修复',
  restored: '恢复公示',
  added: '列入',
  ended: '移出',
};

/**
 * The public view of the list entry a listing change concerns: its data, or for a removal (data
 * null) the stored entry through the projection — only its list and enterprise name are used.
 */
export type ListingLookup = (change: Change & { entity: 'listing' }) => PublicListing | undefined;

export interface FeedEntry {
  id: string;
  title: string;
  summary: string;
  updated: string;
  category: { term: string; label: string };
  /** Path of the entity's public page (relative to the API origin). */
  alternate: string;
  /** Path of the ledger event the entry comes from. */
  source: string;
}

function nameOf(event: LedgerEvent, change: Change, listing: PublicListing | undefined): string {
  if (listing) return listing.enterpriseName;
  for (const c of event.changes) if (c.entity === 'enterprise' && c.uscc === change.uscc) return c.data.name;
  return change.uscc;
}

function describe(event: LedgerEvent, change: Change, listing: PublicListing | undefined): { title: string; summary: string } {
  const name = nameOf(event, change, listing);
  const action = ACTIONS_ZH[change.action] ?? change.action;
  const reason = change.reason ? (REASONS_ZH[change.reason] ?? change.reason) : action;
  switch (change.entity) {
    case 'enterprise': {
      const c = change.data.classification;
      if (change.action === 'classified') return { title: `质量信用分类变更：${name} — ${c.name}（${c.class}类）`, summary: c.reasons.map((r) => r.zh).join('；') };
      return { title: `企业${action}：${name}`, summary: `${change.data.district.name}，质量信用分类：${c.name}（${c.class}类）` };
    }
    case 'record': {
      if (!change.data) return { title: `停止公示信用记录：${name}（${reason}）`, summary: `信用记录 ${change.id} 因${reason}不再公示。` };
      const kind = RECORD_KINDS[change.data.kind].zh;
      const r = change.data;
      return { title: `${action}${kind}：${name}`, summary: `${r.title}；决定书文号：${r.decisionNumber}；${r.authority.name}；公示至 ${r.publicationEnd}` };
    }
    case 'listing': {
      const list = listing ? LIST_TYPES[listing.listType].zh : '名单';
      if (!change.data) return { title: `移出${list}：${name}（${reason}）`, summary: `名单条目 ${change.id} 因${reason}不再公示。` };
      const l = change.data;
      return { title: `${action}${list}：${name}`, summary: `${l.grounds}；依据：${l.legalBasis}；期限：${l.startDate} 至 ${l.endDate}` };
    }
  }
}

/** The entries of `feed` among `events`, newest first. */
export function feedEntries(events: readonly LedgerEvent[], feed: AtomFeed, options: { tagAuthority: string; listingOf: ListingLookup }): FeedEntry[] {
  const entries: FeedEntry[] = [];
  for (const event of events) {
    event.changes.forEach((change, n) => {
      const listing = change.entity === 'listing' ? (change.data ?? options.listingOf(change)) : undefined;
      if (feed !== 'all' && listing?.listType !== feed) return;
      const { title, summary } = describe(event, change, listing);
      entries.push({
        id: `tag:${options.tagAuthority},2026:event/${event.seq}/${n}`,
        title,
        summary,
        updated: event.at,
        category: { term: `${change.entity}.${change.action}`, label: ACTIONS_ZH[change.action] ?? change.action },
        alternate: change.entity === 'record' && change.data ? `/v1/records/${change.id}` : `/v1/enterprises/${change.uscc}`,
        source: `/v1/changes?after=${event.seq - 1}&limit=1`,
      });
    });
  }
  return entries.reverse();
}

/** Characters XML 1.0 cannot carry at all (§2.2): removed from text before it is serialised. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const xmlText = (s: string) => s.replace(NOT_XML, '');

/**
 * The XML serializer: element and attribute names are ours (constants below), every value is text
 * that the builder escapes (& < > " ' as entities). Options that would let a value through raw
 * (stop nodes, CDATA or comment properties) stay off, and `suppressBooleanAttributes` is off too —
 * on, an attribute whose value is "true" would be written without a value, which is not XML.
 */
const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  processEntities: true,
  suppressBooleanAttributes: false,
  suppressEmptyNode: true,
  format: true,
  indentBy: '  ',
});

export interface AtomDocument {
  feed: AtomFeed;
  page: FeedPage;
  /** The newest instant the document speaks for (atom:updated). */
  updated: string;
  entries: readonly FeedEntry[];
  /** Absolute origin for links, e.g. `https://example.org`. */
  origin: string;
  tagAuthority: string;
}

/** The feed document as XML text. */
export function renderAtom(doc: AtomDocument): string {
  const url = (path: string) => new URL(path, doc.origin).toString();
  const feedPath = `/v1/feeds/${doc.feed}.atom`;
  const pagePath = (k: number) => `${feedPath}?page=${k}`;
  const text = (value: string) => ({ '@_type': 'text', '#text': xmlText(value) });
  const link = (rel: string, href: string, type?: string) => ({ '@_rel': rel, '@_href': url(href), ...(type ? { '@_type': type } : {}) });
  const atom = 'application/atom+xml';
  const links = [
    link('self', doc.page.archive === null ? feedPath : pagePath(doc.page.archive), atom),
    link('current', feedPath, atom),
    ...(doc.page.prevArchive !== null ? [link('prev-archive', pagePath(doc.page.prevArchive), atom)] : []),
    ...(doc.page.nextArchive !== null ? [link('next-archive', pagePath(doc.page.nextArchive), atom)] : []),
    link('license', DATA_LICENCE.url),
    link('alternate', `/v1/changes?after=${doc.page.from - 1}`, 'application/json'),
  ];
  const feed = {
    '@_xmlns': ATOM_NS,
    '@_xmlns:fh': HISTORY_NS,
    '@_xml:lang': 'zh-CN',
    id: `tag:${doc.tagAuthority},2026:feed/${doc.feed}`,
    title: text(FEED_TITLES[doc.feed] + (doc.page.archive === null ? '' : `（归档第 ${doc.page.archive} 页）`)),
    subtitle: text(`依据《杭州市质量促进办法》第二十三条公开；来自哈希链账本第 ${doc.page.from}–${doc.page.to} 号事件。`),
    updated: doc.updated,
    author: { name: PUBLISHER.zh },
    rights: text(`${DATA_LICENCE.id} ${DATA_LICENCE.url}`),
    link: links,
    // RFC 5005 §4: an archive document says so.
    ...(doc.page.archive !== null ? { 'fh:archive': '' } : {}),
    entry: doc.entries.map((e) => ({
      id: e.id,
      title: text(e.title),
      updated: e.updated,
      published: e.updated,
      category: { '@_term': e.category.term, '@_label': xmlText(e.category.label) },
      link: link('alternate', e.alternate, 'application/json'),
      summary: text(e.summary),
      // Out-of-line content (RFC 4287 §4.1.3.2): the ledger event itself, as JSON.
      content: { '@_type': 'application/json', '@_src': url(e.source) },
    })),
  };
  return builder.build({ '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' }, feed }) as string;
}
