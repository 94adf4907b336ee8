/**
 * Running an import: validate every row (format, then the same rules publishing applies), then
 * publish the valid rows through the ledger in batches — many records per transaction, all or
 * nothing per batch. A rerun after a crash publishes nothing twice: rows already in the register
 * (same enterprise, kind and decision number) are skipped, not repeated.
 */
import { Problem } from '../errors.ts';
import { publishRecord as publishRecordCommand, registerEnterprise as registerEnterpriseCommand, type CommandContext } from '../register/commands.ts';
import type { Actor } from '../register/model.ts';
import { shanghaiDate } from '../rules/calendar.ts';
import type { Db } from '../store/db.ts';
import { groupBatches, newId, publishBatch, type EnterpriseBatch } from '../store/publishing.ts';
import { parseImport, type BadRow, type ImportRow } from './csv-rows.ts';

export interface ImportReport {
  rows: number;
  published: number;
  /** Rows already in the register (a rerun, or a record published before). */
  skipped: number;
  bad: BadRow[];
  events: number;
  seconds: number;
}

/** Records of one enterprise per batch at most, so a batch always fits a transaction. */
const RECORDS_PER_CHUNK = 80;

/** The rules publishing would apply, checked row by row on a blank file, so a bad row never sinks a batch. */
function ruleErrors(row: ImportRow, ctx: CommandContext): BadRow | undefined {
  try {
    const registered = registerEnterpriseCommand({ enterprise: null, records: [], listings: [] }, row.enterprise, ctx);
    publishRecordCommand({ enterprise: registered.enterprise, records: [], listings: [] }, row.record, ctx);
    return undefined;
  } catch (error) {
    if (!(error instanceof Problem)) throw error;
    return { line: row.line, errors: error.errors.length ? error.errors : [{ in: 'body', field: '(row)', code: error.code, detail: error.message }] };
  }
}

function toBatches(rows: ImportRow[]): EnterpriseBatch[] {
  const byEnterprise = new Map<string, ImportRow[]>();
  for (const row of rows) byEnterprise.set(row.enterprise.uscc, [...(byEnterprise.get(row.enterprise.uscc) ?? []), row]);
  const batches: EnterpriseBatch[] = [];
  for (const group of byEnterprise.values()) {
    for (let i = 0; i < group.length; i += RECORDS_PER_CHUNK) {
      const chunk = group.slice(i, i + RECORDS_PER_CHUNK);
      batches.push({ enterprise: (chunk[0] as ImportRow).enterprise, records: chunk.map((r) => r.record), listings: [] });
    }
  }
  return batches;
}

export async function runImport(
  db: Db,
  text: string,
  options: { actor: Actor; now?: () => Date; onProgress?: (done: number, total: number) => void; batchActions?: number },
): Promise<ImportReport> {
  const started = performance.now();
  const now = options.now ?? (() => new Date());
  const parsed = parseImport(text);
  const at = now();
  const ctx: CommandContext = { now: at, today: shanghaiDate(at), actor: options.actor, newId };
  const bad = [...parsed.bad];
  const good: ImportRow[] = [];
  for (const row of parsed.valid) {
    const problem = ruleErrors(row, ctx);
    if (problem) bad.push(problem);
    else good.push(row);
  }
  bad.sort((a, b) => a.line - b.line);

  const groups = groupBatches(toBatches(good), options.batchActions);
  let published = 0;
  let skipped = 0;
  let events = 0;
  let done = 0;
  for (const group of groups) {
    const result = await publishBatch(db, 'import.batch', group, { actor: options.actor, now, onlyNew: true });
    if (result.event) events++;
    published += result.published;
    skipped += result.skipped;
    done += group.reduce((n, b) => n + b.records.length, 0);
    options.onProgress?.(done, good.length);
  }
  return { rows: parsed.rows, published, skipped, bad, events, seconds: (performance.now() - started) / 1000 };
}
