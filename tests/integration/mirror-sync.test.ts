/**
 * Staying in sync under load: while 10 writers in 10 "processes" (own DynamoDB clients, so they
 * really race for the ledger head) publish, withdraw and end entries, consumers poll the change
 * feed. Every event must reach each consumer exactly once, in order, and their mirrors — one
 * built from the feed alone, one from a snapshot taken mid-way plus the feed after its seq — must
 * end equal to the live register.
 */
import { describe, expect, it } from 'vitest';
import { createPublicApp } from '../../functions/public/app.ts';
import { verifyChain, type LedgerEvent } from '../../shared/ledger/event.ts';
import { LISTING_RULES } from '../../shared/rules/listings.ts';
import { addDays, shanghaiDate } from '../../shared/rules/calendar.ts';
import { withCheckCharacter } from '../../shared/rules/uscc.ts';
import { addListing, endListing, publishRecord, registerEnterprise, withdrawRecord } from '../../shared/store/publishing.ts';
import { readHead } from '../../shared/store/reads.ts';
import { anotherProcess, freshDb, type CountedDb } from '../support/db.ts';
import { actor, penalty } from '../support/fixtures.ts';
import { applyEvents, catchUp, emptyMirror, mirrorFromSnapshots, mirrorState, type Mirror } from '../support/mirror.ts';

const WRITERS = 10;

/** One writer's work: an enterprise, a record, a list entry; then the record withdrawn, and for some the entry ended. */
async function writer(db: CountedDb, w: number): Promise<number> {
  const uscc = withCheckCharacter(`91330106MA${String(w).padStart(7, '0')}`);
  const options = { actor };
  let events = 0;
  const count = <T extends { event: LedgerEvent | null }>(r: T): T => {
    if (r.event) events++;
    return r;
  };
  count(await registerEnterprise(db, { uscc, checkDigitValid: true, name: `杭州同步测试${w}号有限公司`, district: '330106' }, options));
  const { record } = count(await publishRecord(db, penalty(uscc, { decisionNumber: `同步〔2026〕${w}-1号` }), options));
  const listType = w % 2 === 0 ? 'punishment' : 'incentive';
  const { listing } = count(
    await addListing(db, { uscc, listType, grounds: '同步测试', legalBasis: '测试依据', measures: [...LISTING_RULES[listType].defaultMeasures], decidingAuthority: '杭州市市场监督管理局', startDate: addDays(shanghaiDate(), -3) }, options),
  );
  count(await withdrawRecord(db, { uscc, id: record.id, reason: '测试撤销' }, options));
  if (w % 3 === 0) count(await endListing(db, { uscc, id: listing.id, reason: '测试移出' }, options));
  return events;
}

describe('consumers polling the feed while 10 writers publish', () => {
  it('receive every event exactly once, in order, and their mirrors equal the live register', async () => {
    // Arrange
    const db = await freshDb();
    const app = createPublicApp({ db, openData: { tagAuthority: 'test.example' } });
    const fetchJson = async (path: string) => (await app.request(path)).json() as Promise<any>;
    const fetchText = async (path: string) => (await app.request(path)).text();
    let writing = true;

    // A consumer from genesis, polling small pages as the feed grows.
    const received: LedgerEvent[] = [];
    const fromFeed = emptyMirror();
    const poll = async () => {
      for (;;) {
        const done = !writing;
        const page = await fetchJson(`/v1/changes?after=${fromFeed.seq}&limit=7`);
        received.push(...page.events);
        applyEvents(fromFeed, page.events);
        // Stop only after a pass that started once every writer had finished came back short.
        if (done && page.events.length < 7) return;
        if (page.events.length === 0) await new Promise((r) => setTimeout(r, 5));
      }
    };

    // Act: the writers race; the consumer polls; a second consumer starts from snapshots mid-way.
    const writers = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(anotherProcess(db), w))).finally(() => {
      writing = false;
    });
    const consumer = poll();
    let fromSnapshot: Mirror | undefined;
    const snapshotConsumer = (async () => {
      while ((await readHead(db)).seq < 15) await new Promise((r) => setTimeout(r, 5));
      fromSnapshot = await mirrorFromSnapshots(fetchText);
    })();
    const written = (await writers).reduce((a, b) => a + b, 0);
    await Promise.all([consumer, snapshotConsumer]);
    await catchUp(fromSnapshot as Mirror, fetchJson);

    // Assert: 1..N, each once, in order, chained; both mirrors equal a snapshot of the present.
    const head = await readHead(db);
    expect(head.seq).toBe(written);
    expect(received.map((e) => e.seq)).toEqual(Array.from({ length: head.seq }, (_, i) => i + 1));
    expect(verifyChain(received)).toMatchObject({ ok: true, seq: head.seq, hash: head.hash });
    const live = mirrorState(await mirrorFromSnapshots(fetchText));
    expect(mirrorState(fromFeed)).toEqual(live);
    expect(mirrorState(fromSnapshot as Mirror)).toEqual(live);
    // The register really did remove things while the consumers watched.
    expect(live.record).toHaveLength(0);
    expect(live.listing).toHaveLength(WRITERS - Math.ceil(WRITERS / 3));
    expect(received.flatMap((e) => e.changes).filter((c) => c.data === null)).toHaveLength(WRITERS + Math.ceil(WRITERS / 3));
  });
});
