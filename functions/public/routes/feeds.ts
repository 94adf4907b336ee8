import { createRoute, z } from '@hono/zod-openapi';
import type { Change } from '../../../shared/ledger/event.ts';
import { Problem } from '../../../shared/errors.ts';
import { newApp } from '../../../shared/http/app-kit.ts';
import { archivePage, archivePages, ATOM_FILES, ATOM_MEDIA_TYPE, currentPage, feedEntries, parseAtomFile, renderAtom } from '../../../shared/public/atom.ts';
import { toPublicListing, type PublicListing } from '../../../shared/public/projection.ts';
import type { Db } from '../../../shared/store/db.ts';
import { getListingOf, readEventRange } from '../../../shared/store/open-data.ts';
import { readHead } from '../../../shared/store/reads.ts';
import type { PublicDeps } from '../deps.ts';
import { linkOrigin, type OpenDataConfig } from '../open-data.ts';
import { problemResponses } from './problems.ts';

const feedRoute = createRoute({
  method: 'get',
  path: '/v1/feeds/{file}',
  tags: ['Open data'],
  summary: 'Atom feeds (RFC 4287) of every change, or of one list’s entries and removals',
  description:
    '`all.atom`, `punishment.atom`, `incentive.atom`: newest first, zh-CN titles, one entry per change with a stable id ' +
    '(`tag:…,2026:event/<seq>/<n>`). Paged by ledger position as RFC 5005 archived feeds: the subscription document links ' +
    '`prev-archive`; `?page=k` is archive page k (events (k-1)·50+1 … k·50), which never changes once complete.',
  request: {
    params: z.object({
      file: z.string().max(64).openapi({ param: { name: 'file', in: 'path' }, example: 'punishment.atom', description: `One of: ${ATOM_FILES.join(', ')}` }),
    }),
    query: z.object({
      page: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional().openapi({ description: 'Archive page (RFC 5005); omit for the subscription document' }),
    }),
  },
  responses: {
    200: { description: 'The feed document', content: { 'application/atom+xml': { schema: z.string() } } },
    ...problemResponses(400, 404),
  },
});

/** Run `fn` over `items`, at most `limit` at a time. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Removed list entries (data null) in the page: which list each was on, one GetItem each. */
async function removedListings(db: Db, changes: Change[]): Promise<Map<string, PublicListing>> {
  const removed = [...new Map(changes.filter((c) => c.entity === 'listing' && c.data === null).map((c) => [c.id, c])).values()];
  const found = await mapLimit(removed, 16, (c) => getListingOf(db, c.uscc, c.id));
  return new Map(found.flatMap((l) => (l ? [[l.id, toPublicListing(l)] as const] : [])));
}

export function feedRoutes({ db }: PublicDeps, config: OpenDataConfig) {
  return newApp().openapi(feedRoute, async (c) => {
    const { file } = c.req.valid('param');
    const { page: pageNumber } = c.req.valid('query');
    const feed = parseAtomFile(file);
    if (!feed) {
      const detail = `must be one of ${ATOM_FILES.join(', ')}`;
      throw new Problem('feed.unknown', `No feed “${file}”: it ${detail}.`, { errors: [{ in: 'path', field: 'file', code: 'unknown', detail }] });
    }
    const head = await readHead(db);
    const page = pageNumber === undefined ? currentPage(head.seq) : archivePage(pageNumber, head.seq);
    if (!page) {
      const detail = `archive pages 1–${archivePages(head.seq)} exist now`;
      throw new Problem('feed.page-not-found', `Archive page ${pageNumber} is not complete yet: ${detail}.`, {
        errors: [{ in: 'query', field: 'page', code: 'not-yet', detail }],
      });
    }
    const events = await readEventRange(db, page.from, page.to);
    const removed = await removedListings(db, events.flatMap((e) => e.changes));
    const entries = feedEntries(events, feed, { tagAuthority: config.tagAuthority, listingOf: (change) => removed.get(change.id) });
    const updated = entries[0]?.updated ?? events.at(-1)?.at ?? head.at ?? new Date(0).toISOString();
    const xml = renderAtom({ feed, page, updated, entries, origin: linkOrigin(config, c.req.url), tagAuthority: config.tagAuthority });
    if (page.archive === null) {
      c.header('ETag', `"atom-${feed}-${head.seq}"`);
      c.header('Cache-Control', 'public, max-age=60, s-maxage=60');
    } else {
      // A complete archive page never changes (RFC 5005 §4).
      c.header('ETag', `"atom-${feed}-p${page.archive}"`);
      c.header('Cache-Control', 'public, max-age=31536000, immutable');
    }
    c.header('Last-Modified', new Date(updated).toUTCString());
    c.header('Content-Type', ATOM_MEDIA_TYPE);
    return c.body(xml, 200);
  });
}
