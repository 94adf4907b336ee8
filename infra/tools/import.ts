/**
 * Bulk-import a CSV of credit records into the running local stack (or the table named by
 * TABLE_NAME / DYNAMODB_ENDPOINT):  npm run -s import -- records.csv
 * Progress goes to stderr, the report (JSON) to stdout; exit 1 when rows were refused.
 */
import { readFileSync } from 'node:fs';
import { runImport } from '../../shared/import/run-import.ts';
import { runtimeDb } from '../local/runtime.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main() {
  const file = process.argv[2];
  if (!file) throw new Error('usage: npm run -s import -- <file.csv>');
  const text = readFileSync(file, 'utf8');
  const report = await runImport(runtimeDb(), text, {
    actor: { kind: 'official', id: `cli:${process.env.USER ?? 'operator'}` },
    onProgress: (done, total) => process.stderr.write(`\rimporting … ${done}/${total} records`),
  });
  process.stderr.write('\n');
  for (const row of report.bad) {
    process.stderr.write(`line ${row.line}: ${row.errors.map((e) => `${e.field}: ${e.detail}`).join('; ')}\n`);
  }
  console.log(JSON.stringify({ ...report, bad: report.bad.length }, null, 2));
  process.stderr.write(`${report.published} published, ${report.skipped} already present, ${report.bad.length} refused, ${(report.published / Math.max(report.seconds, 0.001)).toFixed(0)} records/s\n`);
  process.exitCode = report.bad.length ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
