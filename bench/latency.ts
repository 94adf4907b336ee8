/**
 * Profile lookup latency over HTTP against its floor: the raw SDK Query of the same enterprise
 * partition on the same DynamoDB Local, measured in the same run, request by request.
 *
 * The public app runs in its own process (bench/serve.ts, @hono/node-server); this process sends
 * one request at a time on one kept-alive connection, alternating a raw Query and a GET of the profile of the
 * same enterprise, so a slow moment of the machine hits both alike. The ratio is what the HTTP
 * layer, validation, projection and JSON add to the one DynamoDB request a profile costs.
 *
 *   npm run bench -- latency          (BENCH_LATENCY_REQUESTS, default 2,000 of each)
 */
import { Agent, get } from 'node:http';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { enterprisePk } from '../shared/store/keys.ts';
import { KEY } from '../shared/store/table.ts';
import { startPublicStack, startServer } from './public-stack.ts';
import type { Section, SectionResult } from './run.ts';

const REQUESTS = Number(process.env.BENCH_LATENCY_REQUESTS ?? 2_000);
const WARMUP = 300;
const TARGET_RATIO = 1.3;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
const ms = (n: number) => Number(n.toFixed(2));

export const latency: Section = {
  name: 'latency',
  async run(): Promise<SectionResult> {
    const stack = await startPublicStack('latency');
    const server = await startServer('public', stack);
    try {
      const raw: number[] = [];
      const http: number[] = [];
      const rawQuery = (uscc: string) =>
        stack.db.client.send(
          new QueryCommand({
            TableName: stack.db.tableName,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': KEY.partition },
            ExpressionAttributeValues: { ':pk': { S: enterprisePk(uscc) } },
          }),
        );
      // Node's own HTTP client on one kept-alive connection: the leanest client, as the SDK's is
      // for the raw Query (fetch's Web streams would add their own cost to every request).
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const profile = (uscc: string) =>
        new Promise<void>((resolve, reject) => {
          get(`${server.url}/v1/enterprises/${uscc}`, { agent }, (res) => {
            res.resume();
            res.once('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`profile ${uscc} answered ${res.statusCode}`))));
          }).once('error', reject);
        });
      for (let i = 0; i < WARMUP + REQUESTS; i++) {
        const uscc = stack.usccs[i % stack.usccs.length] as string;
        const steps: [number[], () => Promise<unknown>][] = [
          [raw, () => rawQuery(uscc)],
          [http, () => profile(uscc)],
        ];
        if (i % 2) steps.reverse();
        for (const [samples, step] of steps) {
          const started = performance.now();
          await step();
          if (i >= WARMUP) samples.push(performance.now() - started);
        }
      }
      raw.sort((a, b) => a - b);
      http.sort((a, b) => a - b);
      const figures = {
        raw: { p50: ms(percentile(raw, 50)), p99: ms(percentile(raw, 99)) },
        http: { p50: ms(percentile(http, 50)), p99: ms(percentile(http, 99)) },
      };
      const ratio = { p50: ms(figures.http.p50 / figures.raw.p50), p99: ms(figures.http.p99 / figures.raw.p99) };
      return {
        title: `Profile lookup over HTTP vs a raw SDK Query of the same partition (${REQUESTS} each, ${stack.usccs.length} enterprises, one at a time)`,
        columns: ['lookup', 'p50 ms', 'p99 ms', '× raw p50', '× raw p99'],
        rows: [
          ['raw SDK Query (baseline)', figures.raw.p50, figures.raw.p99, '1.00', '1.00'],
          ['GET /v1/enterprises/{uscc}', figures.http.p50, figures.http.p99, ratio.p50.toFixed(2), ratio.p99.toFixed(2)],
        ],
        notes: [`Target (issue 8): ≤ ${TARGET_RATIO} × the raw Query at p50 and p99 — p50 ${ratio.p50 <= TARGET_RATIO ? 'met' : 'NOT met'}, p99 ${ratio.p99 <= TARGET_RATIO ? 'met' : 'NOT met'}.`],
        data: { requests: REQUESTS, warmup: WARMUP, enterprises: stack.usccs.length, ...figures, ratio, target: TARGET_RATIO },
      };
    } finally {
      server.stop();
      await stack.stop();
    }
  },
};
