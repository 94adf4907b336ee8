/**
 * The ledger's public event format (shared/ledger/event.ts):
 *   hash = hex(SHA-256(UTF-8(prevHash + "\n" + JCS(event without its "hash" field))))
 * Recomputed here with node:crypto and an independent canonicaliser, as an outside verifier would.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  GENESIS_HASH,
  canonicalJson,
  eventHash,
  sealEvent,
  verifyChain,
  type Change,
  type EventDraft,
  type LedgerEvent,
} from '../../../shared/ledger/event.ts';

/**
 * A tiny RFC 8785 canonicaliser for the data used here (strings, integers, booleans, null, arrays,
 * plain objects): keys sorted by UTF-16 code units, no white space, strings as JSON.stringify writes them.
 */
function jcs(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error('test canonicaliser handles integers only');
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(jcs).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${jcs(v)}`).join(',')}}`;
  }
  throw new Error(`test canonicaliser cannot write ${typeof value}`);
}

const sha256Hex = (text: string) => createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');

/** The documented formula, independently. */
function documentedHash(event: Omit<LedgerEvent, 'hash'>): string {
  return sha256Hex(`${event.prevHash}\n${jcs(event)}`);
}

const USCC = '91330100799655058B';

function withdrawal(id: string, reason: string): Change {
  return { entity: 'record', id, uscc: USCC, action: 'withdrawn', data: null, reason };
}

function draft(n: number): EventDraft {
  return { type: 'record.withdrawn', changes: [withdrawal(`rec_${n}`, `决定被撤销 #${n}`)] };
}

/** A valid chain of `length` events sealed one minute apart from genesis. */
function chain(length: number): LedgerEvent[] {
  const events: LedgerEvent[] = [];
  let head: { seq: number; hash: string; at: string | null } = { seq: 0, hash: GENESIS_HASH, at: null };
  for (let n = 1; n <= length; n++) {
    const event = sealEvent(draft(n), head, new Date(Date.UTC(2026, 0, 10, 2, n)));
    events.push(event);
    head = event;
  }
  return events;
}

describe('GENESIS_HASH', () => {
  it('is 64 zeros', () => {
    expect(GENESIS_HASH).toBe('0000000000000000000000000000000000000000000000000000000000000000');
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
  });
});

describe('canonicalJson', () => {
  it('sorts keys and drops white space (RFC 8785)', () => {
    expect(canonicalJson({ b: 1, a: [true, null, '杭州'], c: { z: 'x', y: 2 } })).toBe('{"a":[true,null,"杭州"],"b":1,"c":{"y":2,"z":"x"}}');
  });

  it('throws for a value with no JSON form', () => {
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });
});

describe('eventHash', () => {
  it('follows the documented formula on a hand-written canonical form', () => {
    // Arrange
    const unsealed = { seq: 1, prevHash: GENESIS_HASH, type: 'import.batch', at: '2026-01-10T02:00:00.000Z', changes: [] };
    const canonical = `{"at":"2026-01-10T02:00:00.000Z","changes":[],"prevHash":"${GENESIS_HASH}","seq":1,"type":"import.batch"}`;

    // Act
    const hash = eventHash(unsealed);

    // Assert
    expect(jcs(unsealed)).toBe(canonical);
    expect(hash).toBe(sha256Hex(`${GENESIS_HASH}\n${canonical}`));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('follows the documented formula for nested changes with Chinese text (UTF-8)', () => {
    const unsealed = {
      seq: 7,
      prevHash: 'ab'.repeat(32),
      type: 'record.withdrawn',
      at: '2026-03-02T08:30:00.000Z',
      changes: [withdrawal('rec_1', '行政处罚决定被依法撤销')],
    };
    expect(eventHash(unsealed)).toBe(documentedHash(unsealed));
  });

  it('does not depend on the order keys were written in', () => {
    const a = { seq: 2, prevHash: GENESIS_HASH, type: 't', at: '2026-01-10T00:00:00.000Z', changes: [withdrawal('rec_1', 'r')] };
    const b = { changes: [{ reason: 'r', data: null, action: 'withdrawn', uscc: USCC, id: 'rec_1', entity: 'record' } as Change], at: a.at, type: 't', prevHash: GENESIS_HASH, seq: 2 };
    expect(eventHash(b)).toBe(eventHash(a));
  });

  it.each([
    ['seq', { seq: 3 }],
    ['prevHash', { prevHash: '1'.repeat(64) }],
    ['type', { type: 'record.repaired' }],
    ['at', { at: '2026-01-10T00:00:00.001Z' }],
    ['changes', { changes: [withdrawal('rec_2', 'r')] }],
  ])('changes when %s changes', (_field, patch) => {
    const base = { seq: 2, prevHash: GENESIS_HASH, type: 't', at: '2026-01-10T00:00:00.000Z', changes: [withdrawal('rec_1', 'r')] };
    expect(eventHash({ ...base, ...patch })).not.toBe(eventHash(base));
  });
});

describe('sealEvent', () => {
  it('seals the first event after genesis: seq 1, prevHash 64 zeros, at = now', () => {
    // Arrange
    const now = new Date('2026-01-10T02:00:00.000Z');

    // Act
    const event = sealEvent(draft(1), { seq: 0, hash: GENESIS_HASH, at: null }, now);

    // Assert
    expect(event).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, at: '2026-01-10T02:00:00.000Z', type: 'record.withdrawn' });
    expect(event.changes).toEqual(draft(1).changes);
    const { hash, ...unsealed } = event;
    expect(hash).toBe(documentedHash(unsealed));
  });

  it('follows the head: seq + 1 and prevHash = head hash', () => {
    const head = { seq: 41, hash: 'c'.repeat(64), at: '2026-01-10T00:00:00.000Z' };
    const event = sealEvent(draft(42), head, new Date('2026-01-10T01:00:00.000Z'));
    expect(event.seq).toBe(42);
    expect(event.prevHash).toBe(head.hash);
    expect(event.at).toBe('2026-01-10T01:00:00.000Z');
  });

  it("never dates an event earlier than the head's, even when this clock is behind", () => {
    const head = { seq: 5, hash: 'd'.repeat(64), at: '2026-01-10T02:00:00.500Z' };
    const event = sealEvent(draft(6), head, new Date('2026-01-10T02:00:00.000Z'));
    expect(event.at).toBe(head.at);
    const { hash, ...unsealed } = event;
    expect(hash).toBe(documentedHash(unsealed));
  });

  it('keeps the same instant as the head when sealed at the same millisecond', () => {
    const head = { seq: 5, hash: 'd'.repeat(64), at: '2026-01-10T02:00:00.000Z' };
    expect(sealEvent(draft(6), head, new Date(head.at)).at).toBe(head.at);
  });

  it('has exactly the documented fields', () => {
    const event = sealEvent(draft(1), { seq: 0, hash: GENESIS_HASH, at: null }, new Date('2026-01-10T02:00:00Z'));
    expect(Object.keys(event).sort()).toEqual(['at', 'changes', 'hash', 'prevHash', 'seq', 'type']);
  });
});

describe('verifyChain', () => {
  it('accepts a valid chain of several events and returns the new head', () => {
    const events = chain(5);
    expect(verifyChain(events)).toEqual({ ok: true, seq: 5, hash: events[4]?.hash });
  });

  it('returns the starting point for no events', () => {
    expect(verifyChain([])).toEqual({ ok: true, seq: 0, hash: GENESIS_HASH });
  });

  it('verifies a run starting after a known head', () => {
    const events = chain(5);
    const from = events[1]!;
    expect(verifyChain(events.slice(2), { seq: from.seq, hash: from.hash })).toEqual({ ok: true, seq: 5, hash: events[4]?.hash });
  });

  it('detects a gap in the sequence at the event after it', () => {
    const events = chain(5);
    const withGap = [events[0]!, events[1]!, events[3]!, events[4]!];
    expect(verifyChain(withGap)).toEqual({ ok: false, break: { seq: 4, problem: 'gap' } });
  });

  it('detects a run that does not start right after the known head', () => {
    const events = chain(3);
    expect(verifyChain(events.slice(1))).toEqual({ ok: false, break: { seq: 2, problem: 'gap' } });
  });

  it('detects a replayed event as a gap', () => {
    const events = chain(3);
    expect(verifyChain([events[0]!, events[1]!, events[1]!])).toEqual({ ok: false, break: { seq: 2, problem: 'gap' } });
  });

  it('detects a prevHash that does not match the previous hash, even when the event hash was recomputed', () => {
    // Arrange: event 3 is re-sealed on a forged predecessor, so its own hash is self-consistent.
    const events = chain(5);
    const original = events[2]!;
    const { hash: _hash, ...unsealed } = original;
    const forgedUnsealed = { ...unsealed, prevHash: 'f'.repeat(64) };
    events[2] = { ...forgedUnsealed, hash: eventHash(forgedUnsealed) };

    // Act + Assert
    expect(verifyChain(events)).toEqual({ ok: false, break: { seq: 3, problem: 'prev-hash' } });
  });

  it('detects a wrong starting hash', () => {
    expect(verifyChain(chain(2), { seq: 0, hash: '1'.repeat(64) })).toEqual({ ok: false, break: { seq: 1, problem: 'prev-hash' } });
  });

  it('detects tampered data and reports the seq of the tampered event', () => {
    const events = chain(5);
    const tampered = events[2]!;
    events[2] = { ...tampered, changes: [withdrawal('rec_3', '被篡改的理由')] };
    expect(verifyChain(events)).toEqual({ ok: false, break: { seq: 3, problem: 'hash' } });
  });

  it.each([
    ['type', (e: LedgerEvent): LedgerEvent => ({ ...e, type: 'record.published' })],
    ['at', (e: LedgerEvent): LedgerEvent => ({ ...e, at: '2030-01-01T00:00:00.000Z' })],
    ['hash', (e: LedgerEvent): LedgerEvent => ({ ...e, hash: 'e'.repeat(64) })],
    ['an added field', (e: LedgerEvent): LedgerEvent => ({ ...e, note: 'x' }) as LedgerEvent],
  ])('detects tampering with %s', (_what, tamper) => {
    const events = chain(4);
    events[3] = tamper(events[3]!);
    expect(verifyChain(events)).toEqual({ ok: false, break: { seq: 4, problem: 'hash' } });
  });

  it('detects tampered data that was re-hashed, at the next event', () => {
    // Arrange: event 2 is changed and its hash recomputed; event 3 still points at the old hash.
    const events = chain(4);
    const { hash: _hash, ...unsealed } = events[1]!;
    const changed = { ...unsealed, changes: [withdrawal('rec_2', '改写')] };
    events[1] = { ...changed, hash: eventHash(changed) };

    // Act + Assert
    expect(verifyChain(events)).toEqual({ ok: false, break: { seq: 3, problem: 'prev-hash' } });
  });

  it('reports only the first break', () => {
    const events = chain(5);
    events[1] = { ...events[1]!, type: 'x' };
    events[3] = { ...events[3]!, type: 'y' };
    expect(verifyChain(events)).toEqual({ ok: false, break: { seq: 2, problem: 'hash' } });
  });

  it('accepts any iterable, such as a generator over pages', () => {
    const events = chain(3);
    function* pages() {
      yield* events;
    }
    expect(verifyChain(pages())).toEqual({ ok: true, seq: 3, hash: events[2]?.hash });
  });
});
