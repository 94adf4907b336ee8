/**
 * A mirror of the register as a data user would keep one, from the documented formats only:
 * load the JSON Lines snapshots, then replay the change feed from the snapshots' seq — a change
 * with `data` sets the entity to it, `data: null` removes it (README "Open data").
 */
import canonicalize from 'canonicalize';

export type Entity = 'enterprise' | 'record' | 'listing';

export interface Mirror {
  /** Feed position: every event up to here has been applied. */
  seq: number;
  /** Canonical JSON of each entity's public view, by entity and id. */
  entities: Record<Entity, Map<string, string>>;
}

export interface FeedEvent {
  seq: number;
  changes: { entity: Entity; id: string; data: unknown; reason?: string }[];
}

const jcs = (value: unknown) => canonicalize(value) as string;

export const emptyMirror = (seq = 0): Mirror => ({ seq, entities: { enterprise: new Map(), record: new Map(), listing: new Map() } });

const DATASETS = { enterprise: 'enterprises', record: 'records', listing: 'listings' } as const;
const KEY: Record<Entity, (row: any) => string> = { enterprise: (r) => r.uscc, record: (r) => r.id, listing: (r) => r.id };

/** Parse a JSON Lines snapshot: its position line and its rows. */
export function parseJsonl(text: string): { header: { dataset: string; ledgerSeq: number; ledgerHash: string }; rows: any[] } {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const [first, ...rest] = lines;
  return { header: JSON.parse(first as string).snapshot, rows: rest.map((l) => JSON.parse(l)) };
}

/**
 * A mirror from the three JSON Lines snapshots, positioned at the oldest of their seqs: replaying
 * from an earlier seq than a snapshot's own is harmless, since the last change to each entity wins.
 */
export async function mirrorFromSnapshots(fetchText: (path: string) => Promise<string>): Promise<Mirror> {
  const mirror = emptyMirror(Number.MAX_SAFE_INTEGER);
  for (const entity of ['enterprise', 'record', 'listing'] as const) {
    const { header, rows } = parseJsonl(await fetchText(`/v1/exports/${DATASETS[entity]}.jsonl`));
    mirror.seq = Math.min(mirror.seq, header.ledgerSeq);
    for (const row of rows) mirror.entities[entity].set(KEY[entity](row), jcs(row));
  }
  return mirror;
}

export function applyEvents(mirror: Mirror, events: readonly FeedEvent[]): void {
  for (const event of events) {
    if (event.seq <= mirror.seq) continue;
    for (const c of event.changes) {
      if (c.data === null) mirror.entities[c.entity].delete(c.id);
      else mirror.entities[c.entity].set(c.id, jcs(c.data));
    }
    mirror.seq = event.seq;
  }
}

/** Follow the feed from the mirror's position to its end, `limit` events a page. */
export async function catchUp(mirror: Mirror, fetchJson: (path: string) => Promise<any>, limit = 1000): Promise<FeedEvent[]> {
  const seen: FeedEvent[] = [];
  for (;;) {
    const page = await fetchJson(`/v1/changes?after=${mirror.seq}&limit=${limit}`);
    applyEvents(mirror, page.events);
    seen.push(...page.events);
    if (page.events.length < limit) return seen;
  }
}

/** The mirror as plain sorted data, for equality assertions. */
export const mirrorState = (m: Mirror) =>
  Object.fromEntries((['enterprise', 'record', 'listing'] as const).map((e) => [e, [...m.entities[e].entries()].sort(([a], [b]) => a.localeCompare(b))]));
