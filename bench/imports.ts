/**
 * Bulk import throughput through the ledger: 10,000 generated rows (BENCH_IMPORT_ROWS) with 1 %
 * bad rows, imported into a throwaway table on an in-memory DynamoDB Local (JIT warmed up by a
 * first import of 2,000 rows into another table) exactly as
 * `npm run -s import` does (validation, rules, batches of many records per transaction, one ledger
 * event each). Then the same file again, as a resumed run would: nothing is published twice.
 *
 * Baseline, measured in the same run: writing the same number of record items with plain
 * BatchWriteItem (25 per call, 8 in flight) — no validation, no ledger, no transactions. The ratio
 * says what the ledger's guarantees cost.
 *
 *   npm run bench -- imports
 */
import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '../infra/local/bootstrap.ts';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.ts';
import { runImport } from '../shared/import/run-import.ts';
import { parseImport } from '../shared/import/csv-rows.ts';
import { createDb, type Db } from '../shared/store/db.ts';
import { recordItem } from '../shared/store/items.ts';
import { readHead } from '../shared/store/reads.ts';
import { importCsv } from '../tests/support/import-csv.ts';
import type { Section, SectionResult } from './run.ts';
import type { CreditRecord } from '../shared/register/model.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);
const actor = { kind: 'system' as const, id: 'bench' };

async function freshTable(endpoint: string, name: string): Promise<Db> {
  const db = createDb({ tableName: name, endpoint });
  await ensureTable(db);
  return db;
}

/** The baseline: the same records as bare items, BatchWriteItem 25 at a time, 8 calls in flight. */
async function rawWrites(db: Db, text: string): Promise<number> {
  const now = new Date().toISOString();
  const items = parseImport(text).valid.map((row, i) =>
    recordItem({ ...(row.record as unknown as CreditRecord), id: `raw_${i}`, licenceRevoked: false, publishedOn: row.record.publishedOn ?? '2026-01-01', publicationEnd: '2029-01-01', publicationBasis: 'bench', status: 'published', version: 1, createdAt: now, updatedAt: now }),
  );
  const started = performance.now();
  const chunks = Array.from({ length: Math.ceil(items.length / 25) }, (_, i) => items.slice(i * 25, i * 25 + 25));
  for (let i = 0; i < chunks.length; i += 8) {
    await Promise.all(
      chunks.slice(i, i + 8).map(async (chunk) => {
        let pending = { [db.tableName]: chunk.map((Item) => ({ PutRequest: { Item } })) };
        while (pending[db.tableName]?.length) {
          const out = await db.client.send(new BatchWriteItemCommand({ RequestItems: pending }));
          pending = (out.UnprocessedItems ?? {}) as typeof pending;
        }
      }),
    );
  }
  return (performance.now() - started) / 1000;
}

export const imports: Section = {
  name: 'imports',
  async run(): Promise<SectionResult> {
    const dynamo = await startDynamoDbLocal({ tmpDir: '.tmp/bench-dynamodb', jvm: 'throughput' });
    try {
      // Warm the emulator's JIT and ours on another table first, so neither run pays for it.
      await runImport(await freshTable(dynamo.endpoint, 'bench-warmup'), importCsv(2_000, { prefix: '09' }).text, { actor });
      const { text, badLines } = importCsv(ROWS, { badEvery: 100, bom: true });
      const raw = await rawWrites(await freshTable(dynamo.endpoint, 'bench-raw'), text);
      const db = await freshTable(dynamo.endpoint, 'bench-import');
      const first = await runImport(db, text, { actor });
      const rerun = await runImport(db, text, { actor });
      const head = await readHead(db);
      const valid = ROWS - badLines.length;
      const rate = (n: number, s: number) => Math.round(n / s);
      return {
        title: `Bulk import through the ledger (${ROWS} rows, ${badLines.length} bad) vs raw BatchWriteItem`,
        columns: ['run', 'records', 'seconds', 'records/s', '× raw writes'],
        rows: [
          ['raw BatchWriteItem (baseline)', valid, raw.toFixed(2), rate(valid, raw), '1.00'],
          ['import (validate, rules, ledger)', first.published, first.seconds.toFixed(2), rate(first.published, first.seconds), (rate(first.published, first.seconds) / rate(valid, raw)).toFixed(2)],
          ['rerun (all skipped)', rerun.skipped, rerun.seconds.toFixed(2), rate(rerun.skipped, rerun.seconds), (rate(rerun.skipped, rerun.seconds) / rate(valid, raw)).toFixed(2)],
        ],
        notes: [
          `bad rows reported: ${first.bad.length} (expected ${badLines.length}, by line: ${first.bad.slice(0, 5).map((b) => b.line).join(', ')} …)`,
          `ledger events: ${first.events} (seq ${head.seq}); rerun published ${rerun.published} and wrote ${rerun.events} events`,
          'Target (issue 8): ≥ 2,000 records/s through the ledger on DynamoDB Local.',
        ],
        data: { rows: ROWS, bad: first.bad.length, raw: { seconds: raw, perSecond: rate(valid, raw) }, import: first && { ...first, bad: first.bad.length }, rerun: { ...rerun, bad: rerun.bad.length }, events: head.seq },
      };
    } finally {
      await dynamo.stop();
    }
  },
};
