/**
 * `npm run bench [-- section …]`: runs benchmark sections (all by default), prints each one's table
 * and writes its results to `bench-results/<section>.json` (git-ignored). A new benchmark is a new
 * module exporting a `Section` and one line in SECTIONS.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT } from '../infra/build/bundle.ts';
import { bundles } from './bundles.ts';
import { exportsBench } from './exports.ts';
import { imports } from './imports.ts';
import { latency } from './latency.ts';
import { load } from './load.ts';
import { requests } from './requests.ts';

export interface SectionResult {
  /** Printed above the table. */
  title: string;
  columns: string[];
  rows: (string | number)[][];
  /** Lines printed under the table. */
  notes?: string[];
  /** Written as JSON. */
  data: unknown;
}

export interface Section {
  name: string;
  run(): Promise<SectionResult>;
}

const SECTIONS: Section[] = [latency, load, requests, bundles, imports, exportsBench];

function table(columns: string[], rows: (string | number)[][]): string {
  const cells = [columns, ...rows.map((r) => r.map(String))];
  const widths = columns.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [line(columns), `|${widths.map((w, i) => (i === 0 ? `${'-'.repeat(w + 1)}-` : `-${'-'.repeat(w)}:`)).join('|')}|`, ...rows.map((r) => line(r.map(String)))].join('\n');
}

// In-process apps (requests, exports) would print an access line per request between the tables;
// the servers of latency and load log as in production (public-stack.ts).
process.env.LOG_LEVEL ??= 'warn';

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !SECTIONS.some((s) => s.name === w));
  if (unknown.length > 0) throw new Error(`Unknown section(s) ${unknown.join(', ')}; known: ${SECTIONS.map((s) => s.name).join(', ')}`);
  const outDir = join(ROOT, 'bench-results');
  await mkdir(outDir, { recursive: true });
  for (const section of SECTIONS.filter((s) => wanted.length === 0 || wanted.includes(s.name))) {
    const result = await section.run();
    console.log(`\n## ${result.title}\n\n${table(result.columns, result.rows)}\n`);
    for (const note of result.notes ?? []) console.log(note);
    const file = join(outDir, `${section.name}.json`);
    await writeFile(file, `${JSON.stringify(result.data, null, 2)}\n`);
    console.log(`\nwritten: ${file.slice(ROOT.length + 1)}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
