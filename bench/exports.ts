/**
 * Snapshot exports at scale: 100,000 published records (BENCH_EXPORT_ROWS) in a throwaway table on
 * an in-memory DynamoDB Local, exported over real HTTP (the public app under @hono/node-server, a
 * fetch client reading the stream) as CSV and JSON Lines.
 *
 * "Flat memory" is measured against a baseline taken in the same run: the RSS growth of merely
 * iterating the same DynamoDB Query pages without serialising or sending anything. Each run starts
 * after a full GC; RSS is sampled every 20 ms and after every chunk; the figure is the peak RSS
 * above the run's start. Because RSS also holds garbage not yet collected, a second figure shows
 * what is really retained: the heap in use right after a full GC, taken every 10 pages, at its
 * peak above the start. A streamed export should retain about what the baseline retains, and far
 * less than the file it sends.
 *
 * Seeding writes items built by the store's own item builders with BatchWriteItem (a bench-only
 * shortcut: no ledger events), 25 per call, 16 calls in flight.
 *
 *   npm run bench -- exports
 *   npx tsx bench/exports.ts        (standalone; writes bench-results/exports.json)
 */
import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { serve } from '@hono/node-server';
import { createPublicApp } from '../functions/public/app.ts';
import { ensureTable } from '../infra/local/bootstrap.ts';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.ts';
import type { CreditRecord, Enterprise } from '../shared/register/model.ts';
import { addDays, shanghaiDate } from '../shared/rules/calendar.ts';
import { classify } from '../shared/rules/classification.ts';
import { withCheckCharacter } from '../shared/rules/uscc.ts';
import { createDb, type Db } from '../shared/store/db.ts';
import { enterpriseItem, recordItem, type Item } from '../shared/store/items.ts';
import { readExportPages } from '../shared/store/open-data.ts';
import type { Section, SectionResult } from './run.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const ROOT = resolve(import.meta.dirname, '..');
const ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? 100_000);
const RECORDS_PER_ENTERPRISE = 20;

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;
const mb = (bytes: number) => Number((bytes / 2 ** 20).toFixed(1));

/** Realistic rows: Chinese text of the length the demo data has, every optional field filled. */
function records(n: number): { enterprises: Enterprise[]; records: CreditRecord[] } {
  const today = shanghaiDate();
  const now = new Date().toISOString();
  const enterprises: Enterprise[] = Array.from({ length: Math.ceil(n / RECORDS_PER_ENTERPRISE) }, (_, i) => ({
    uscc: withCheckCharacter(`91330106MA${String(i).padStart(7, '0')}`),
    checkDigitValid: true,
    name: `杭州基准测试第${i}号质量科技有限公司`,
    district: '330106',
    registeredAddress: `杭州市西湖区文三路${i}号`,
    classification: classify({ records: [], listings: [] }),
    version: 1,
    createdAt: now,
    updatedAt: now,
  }));
  const list: CreditRecord[] = Array.from({ length: n }, (_, i) => {
    const e = enterprises[Math.floor(i / RECORDS_PER_ENTERPRISE)] as Enterprise;
    return {
      id: `rec_${String(i).padStart(8, '0')}`,
      uscc: e.uscc,
      kind: 'administrative-penalty',
      severity: 'general',
      title: '生产不符合保障人体健康和人身、财产安全的国家标准、行业标准的产品',
      decisionNumber: `杭西市监处罚〔2026〕${i}号`,
      violationType: '生产不符合保障人体健康和人身、财产安全的国家标准的产品',
      facts: `经抽样检验，该企业生产的第${i}批次产品菌落总数不符合 GB 19298-2014 要求，货值金额共计人民币3.2万元，违法所得0.8万元。`,
      legalBasis: '《中华人民共和国产品质量法》第四十九条',
      penaltyTypes: ['fine', 'confiscation-of-illegal-gains'],
      penaltyContent: '罚款人民币5万元，没收违法所得0.8万元',
      fineWan: 5,
      confiscationWan: 0.8,
      licenceRevoked: false,
      decisionDate: addDays(today, -10),
      authority: { name: '杭州市西湖区市场监督管理局', uscc: '113301060024890718' },
      dataSource: '杭州市市场监督管理局',
      publishedOn: addDays(today, -5),
      publicationEnd: addDays(today, 1000),
      publicationBasis: 'bench',
      status: 'published',
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
  });
  return { enterprises, records: list };
}

async function seed(db: Db, items: Item[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const batch = items.slice(next, next + 25);
      next += 25;
      let request: Record<string, { PutRequest: { Item: Item } }[]> | undefined = { [db.tableName]: batch.map((Item) => ({ PutRequest: { Item } })) };
      while (request && Object.keys(request).length > 0) {
        const out = await db.client.send(new BatchWriteItemCommand({ RequestItems: request }));
        request = out.UnprocessedItems as typeof request;
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

interface Run {
  name: string;
  rows: number;
  bytes: number;
  seconds: number;
  peakRssGrowthMb: number;
  peakRetainedHeapGrowthMb: number;
}

/** Chunks (≈ pages) between the full GCs that measure retained heap. */
const GC_EVERY = 10;

/** Run `work` after a full GC, sampling memory; `tick` is called by the work after each chunk. */
async function measure(name: string, work: (tick: () => void) => Promise<{ rows: number; bytes: number }>): Promise<Run> {
  gc();
  const start = process.memoryUsage();
  let peakRss = start.rss;
  let peakRetained = start.heapUsed;
  let chunks = 0;
  const sampleRss = () => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  };
  const tick = () => {
    sampleRss();
    if (++chunks % GC_EVERY === 0) {
      gc();
      peakRetained = Math.max(peakRetained, process.memoryUsage().heapUsed);
    }
  };
  const timer = setInterval(sampleRss, 20);
  const t0 = performance.now();
  try {
    const { rows, bytes } = await work(tick);
    const seconds = (performance.now() - t0) / 1000;
    sampleRss();
    return { name, rows, bytes, seconds: Number(seconds.toFixed(2)), peakRssGrowthMb: mb(peakRss - start.rss), peakRetainedHeapGrowthMb: mb(peakRetained - start.heapUsed) };
  } finally {
    clearInterval(timer);
  }
}

/** Read a streamed HTTP response to its end, counting bytes and line ends, keeping nothing. */
async function drain(url: string, tick: () => void): Promise<{ rows: number; bytes: number; seq: string | null }> {
  const res = await fetch(url);
  if (res.status !== 200 || !res.body) throw new Error(`${url}: HTTP ${res.status}`);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    for (const b of chunk) if (b === 0x0a) lines++;
    tick();
  }
  return { rows: lines, bytes, seq: res.headers.get('X-Ledger-Seq') };
}

export const exportsBench: Section = {
  name: 'exports',
  async run(): Promise<SectionResult> {
    const dynamo = await startDynamoDbLocal({ tmpDir: join(ROOT, '.tmp', 'bench-dynamodb'), jvm: 'throughput' });
    const db = createDb({ tableName: `bench-exports-${Date.now()}`, endpoint: dynamo.endpoint });
    const server: { close: () => void }[] = [];
    try {
      await ensureTable(db);
      const t0 = performance.now();
      const data = records(ROWS);
      await seed(db, [...data.enterprises.map(enterpriseItem), ...data.records.map(recordItem)]);
      const seedSeconds = Number(((performance.now() - t0) / 1000).toFixed(1));
      data.records.length = 0;

      const app = createPublicApp({ db, openData: { tagAuthority: 'bench.example' } });
      const base = await new Promise<string>((ok) => {
        server.push(serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => ok(`http://127.0.0.1:${info.port}`)));
      });

      const runs: Run[] = [];
      // Warm-up on the small enterprise file: JIT and sockets, so the first measured run is not penalised.
      await drain(`${base}/v1/exports/enterprises.csv`, () => {});
      runs.push(
        await measure('baseline: Query pages only', async (tick) => {
          let rows = 0;
          for await (const page of readExportPages(db, 'record')) {
            rows += page.length;
            tick();
          }
          return { rows, bytes: 0 };
        }),
      );
      for (const file of ['records.csv', 'records.jsonl']) {
        runs.push(
          await measure(`GET /v1/exports/${file}`, async (tick) => {
            const { rows, bytes } = await drain(`${base}/v1/exports/${file}`, tick);
            // Minus the position line (and the CSV header line).
            return { rows: rows - (file.endsWith('.csv') ? 2 : 1), bytes };
          }),
        );
      }
      const baseline = runs[0] as Run;
      return {
        title: `Snapshot exports: ${ROWS.toLocaleString('en')} records streamed over HTTP (DynamoDB Local, in memory)`,
        columns: ['run', 'rows', 'seconds', 'rows/s', 'MB sent', 'peak RSS growth MB', 'peak retained heap growth MB'],
        rows: runs.map((r) => [r.name, r.rows, r.seconds, Math.round(r.rows / r.seconds), r.bytes ? mb(r.bytes) : '-', r.peakRssGrowthMb, r.peakRetainedHeapGrowthMb]),
        notes: [
          `Seeded ${ROWS.toLocaleString('en')} records and ${data.enterprises.length.toLocaleString('en')} enterprises in ${seedSeconds} s (BatchWriteItem, bench only).`,
          `Flat memory: compare each export with the baseline (${baseline.peakRssGrowthMb} MB RSS, ${baseline.peakRetainedHeapGrowthMb} MB retained heap) and with the ${runs
            .slice(1)
            .map((r) => `${mb(r.bytes)} MB`)
            .join(' and ')} it sent.`,
        ],
        data: { rows: ROWS, seedSeconds, runs, node: process.version },
      };
    } finally {
      for (const s of server) s.close();
      await dynamo.stop();
    }
  },
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await exportsBench.run();
  console.log(`\n## ${result.title}\n`);
  console.log([result.columns, ...result.rows].map((r) => `| ${r.join(' | ')} |`).join('\n'));
  for (const note of result.notes ?? []) console.log(note);
  await mkdir(join(ROOT, 'bench-results'), { recursive: true });
  await writeFile(join(ROOT, 'bench-results', 'exports.json'), `${JSON.stringify(result.data, null, 2)}\n`);
  console.log('\nwritten: bench-results/exports.json');
}
