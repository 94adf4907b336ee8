/**
 * The ledger's event format — public and fixed, so anyone can verify the register from the
 * documentation alone (README "The ledger"):
 *
 *   hash = hex(SHA-256(UTF-8(prevHash + "\n" + JCS(event without its "hash" field))))
 *
 * where JCS is RFC 8785 JSON canonicalisation and the first event's prevHash is 64 zeros.
 * The event object is exactly what `GET /v1/changes` serves.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { PublicEnterprise, PublicListing, PublicRecord } from '../public/projection.ts';

export const GENESIS_HASH = '0'.repeat(64);

export type ChangeAction =
  | 'registered'
  | 'updated'
  | 'classified'
  | 'published'
  | 'corrected'
  | 'withdrawn'
  | 'expired'
  | 'repaired'
  | 'restored'
  | 'added'
  | 'ended';

export type Change =
  | { entity: 'enterprise'; id: string; uscc: string; action: ChangeAction; data: PublicEnterprise; reason?: string }
  | { entity: 'record'; id: string; uscc: string; action: ChangeAction; data: PublicRecord | null; reason?: string }
  | { entity: 'listing'; id: string; uscc: string; action: ChangeAction; data: PublicListing | null; reason?: string };

/** What a publishing operation proposes; the ledger adds seq, prevHash, at and hash. */
export interface EventDraft {
  /** The intent, e.g. `record.published`, `listing.added`, `import.batch`. */
  type: string;
  changes: Change[];
}

export interface LedgerEvent extends EventDraft {
  seq: number;
  prevHash: string;
  /** ISO 8601 instant the event was sealed (UTC); never earlier than its predecessor's. */
  at: string;
  hash: string;
}

/** RFC 8785 canonical JSON. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return text;
}

/** The hash of an event given everything but its hash (the documented formula). */
export function eventHash(unsealed: Omit<LedgerEvent, 'hash'>): string {
  return createHash('sha256').update(`${unsealed.prevHash}\n${canonicalJson(unsealed)}`, 'utf8').digest('hex');
}

/** Seal a draft as the event after `head`. */
export function sealEvent(draft: EventDraft, head: { seq: number; hash: string; at: string | null }, now: Date): LedgerEvent {
  const nowIso = now.toISOString();
  const at = head.at !== null && head.at > nowIso ? head.at : nowIso;
  const unsealed = { seq: head.seq + 1, prevHash: head.hash, type: draft.type, at, changes: draft.changes };
  return { ...unsealed, hash: eventHash(unsealed) };
}

export type ChainBreak = { seq: number; problem: 'gap' | 'prev-hash' | 'hash' };

/**
 * Check a run of events against the chain, starting after a known (seq, hash).
 * Returns the first break, or the new head.
 */
export function verifyChain(
  events: Iterable<LedgerEvent>,
  from: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
): { ok: true; seq: number; hash: string } | { ok: false; break: ChainBreak } {
  let { seq, hash } = from;
  for (const event of events) {
    if (event.seq !== seq + 1) return { ok: false, break: { seq: event.seq, problem: 'gap' } };
    if (event.prevHash !== hash) return { ok: false, break: { seq: event.seq, problem: 'prev-hash' } };
    const { hash: claimed, ...unsealed } = event;
    if (eventHash(unsealed) !== claimed) return { ok: false, break: { seq: event.seq, problem: 'hash' } };
    seq = event.seq;
    hash = claimed;
  }
  return { ok: true, seq, hash };
}
