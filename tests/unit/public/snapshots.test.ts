/**
 * Snapshot files as text: RFC 4180 fields, the position line, canonical JSON Lines rows, and the
 * projection gate on every row.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../shared/ledger/event.ts';
import { toPublicRecord } from '../../../shared/public/projection.ts';
import { CSV_COLUMNS, csvField, parseSnapshotFile, SNAPSHOT_FILES, snapshotPreamble, snapshotText } from '../../../shared/public/snapshots.ts';
import type { CreditRecord } from '../../../shared/register/model.ts';
import { PLANTED, record } from '../fixtures.ts';

const position = { seq: 7, hash: 'f'.repeat(64), at: '2026-11-27T08:00:00.000Z' };

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const c of chunks) out += c;
  return out;
}

async function* pages<T>(...ps: T[][]): AsyncGenerator<T[]> {
  yield* ps;
}

describe('csvField (RFC 4180 §2)', () => {
  it.each([
    ['plain text', '杭州', '杭州'],
    ['a comma', 'a,b', '"a,b"'],
    ['a quote', '5"', '"5"""'],
    ['CRLF', 'a\r\nb', '"a\r\nb"'],
    ['a bare LF', 'a\nb', '"a\nb"'],
    ['nothing', undefined, ''],
    ['null', null, ''],
    ['a number', 0.8, '0.8'],
    ['a negative number (not text: no apostrophe)', -1, '-1'],
    ['a boolean', false, 'false'],
    ['a formula', '=SUM(A1)', "'=SUM(A1)"],
    ['a formula with a comma', '=A1,B1', `"'=A1,B1"`],
    ['text starting with +, - or @', '-抽检', "'-抽检"],
  ])('%s', (_, value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

describe('parseSnapshotFile', () => {
  it('knows the six files and nothing else', () => {
    expect(SNAPSHOT_FILES).toEqual(['enterprises.csv', 'enterprises.jsonl', 'records.csv', 'records.jsonl', 'listings.csv', 'listings.jsonl']);
    for (const f of SNAPSHOT_FILES) expect(parseSnapshotFile(f)).not.toBeNull();
    for (const f of ['records', 'records.csv.gz', 'Records.csv', 'records.CSV', '.csv', 'audit.csv', 'records.json', '../records.csv']) expect(parseSnapshotFile(f)).toBeNull();
  });
});

describe('snapshot text', () => {
  it('CSV: BOM, a position line padded to the column count, the header, then rows; a real parser reads it', async () => {
    const rows = [record({ id: 'rec_a', facts: '含"引号",逗号\r\n换行' }), record({ id: 'rec_b' })];
    const text = await collect(snapshotText('records', 'csv', position, pages(rows)));
    expect(text.startsWith('\uFEFF#snapshot=records;ledger_seq=7;')).toBe(true);
    const lines = parse(text, { bom: true, relax_quotes: false }) as string[][];
    expect(lines.every((l) => l.length === CSV_COLUMNS.records.length)).toBe(true);
    expect(lines[1]).toEqual(CSV_COLUMNS.records.map((c) => c.name));
    const parsed = parse(text, { bom: true, from_line: 2, columns: true }) as Record<string, string>[];
    expect(parsed.map((r) => r.id)).toEqual(['rec_a', 'rec_b']);
    expect(parsed[0]?.facts).toBe('含"引号",逗号\r\n换行');
    // Also skippable as a comment line.
    expect((parse(text, { bom: true, comment: '#', comment_no_infix: true, columns: true }) as unknown[]).length).toBe(2);
  });

  it('JSON Lines: a position object, then each row as canonical JSON of its public view', async () => {
    const r = record();
    const text = await collect(snapshotText('records', 'jsonl', position, pages([r])));
    const [first, row, end] = text.split('\n');
    expect(JSON.parse(first as string)).toEqual({ snapshot: { dataset: 'records', ledgerSeq: 7, ledgerHash: position.hash, ledgerAt: position.at, licence: 'CC-BY-4.0' } });
    expect(row).toBe(canonicalJson(toPublicRecord(r)));
    expect(end).toBe('');
  });

  it('passes every row through the public projection, and drops what is not public', async () => {
    const rows: CreditRecord[] = [record({ id: 'rec_ok' }), record({ id: 'rec_gone', status: 'repaired' })];
    for (const format of ['csv', 'jsonl'] as const) {
      const text = await collect(snapshotText('records', format, position, pages(rows)));
      expect(text).toContain('rec_ok');
      expect(text).not.toContain('rec_gone');
      for (const secret of Object.values(PLANTED)) expect(text).not.toContain(secret);
    }
  });

  it('depends only on the position and the rows: the same input gives the same bytes', async () => {
    const make = () => collect(snapshotText('records', 'csv', position, pages([record()])));
    expect(await make()).toBe(await make());
    expect(snapshotPreamble('listings', 'jsonl', position)).toBe(snapshotPreamble('listings', 'jsonl', position));
  });

  it('reads the next page only when the consumer asks for the next chunk', async () => {
    const asked: number[] = [];
    async function* lazy() {
      for (let i = 0; i < 3; i++) {
        asked.push(i);
        yield [record({ id: `rec_${i}` })];
      }
    }
    const chunks = snapshotText('records', 'jsonl', position, lazy());
    await chunks.next(); // the position line
    expect(asked).toEqual([]);
    await chunks.next();
    expect(asked).toEqual([0]);
  });
});
