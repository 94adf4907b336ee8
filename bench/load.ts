/**
 * Public requests per second at a fixed concurrency (autocannon), next to a bare Hono hello-world
 * served the same way on the same machine in the same run: each server in a process of its own
 * (bench/serve.ts, @hono/node-server), the load generator in this one, DynamoDB Local (demo
 * register) behind the public app. The ratio says what a real public answer costs against the
 * least any Hono answer costs here; on Lambda each container serves one request at a time, so
 * this is a figure for comparing commits, not a capacity plan.
 *
 *   npm run bench -- load        (BENCH_LOAD_SECONDS per target, default 10; 16 connections)
 */
import autocannon from 'autocannon';
import { startPublicStack, startServer } from './public-stack.ts';
import type { Section, SectionResult } from './run.ts';

const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const CONNECTIONS = 16;

interface Target {
  name: string;
  server: 'hello' | 'public';
  paths: string[];
}

async function hammer(url: string, paths: string[]) {
  // Each connection walks the list of paths in turn, so many enterprises are asked for, not one.
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, requests: paths.map((path) => ({ method: 'GET', path })) });
  const answered = result['2xx'];
  if (result.errors > 0 || result.non2xx > 0 || answered === 0) throw new Error(`${url}: ${result.errors} errors, ${result.non2xx} non-2xx of ${answered + result.non2xx}`);
  return { requestsPerSecond: Math.round(answered / result.duration), p50: result.latency.p50, p99: result.latency.p99, answered };
}

export const load: Section = {
  name: 'load',
  async run(): Promise<SectionResult> {
    const stack = await startPublicStack('load');
    try {
      const targets: Target[] = [
        { name: 'hello-world (baseline)', server: 'hello', paths: ['/'] },
        { name: 'profile GET /v1/enterprises/{uscc}', server: 'public', paths: stack.usccs.slice(0, 100).map((u) => `/v1/enterprises/${u}`) },
        { name: 'list page GET /v1/lists/punishment', server: 'public', paths: ['/v1/lists/punishment'] },
        { name: 'feed page GET /v1/changes?after=0', server: 'public', paths: ['/v1/changes?after=0'] },
      ];
      const results = [];
      for (const target of targets) {
        const server = await startServer(target.server, stack);
        try {
          await hammer(server.url, target.paths.slice(0, 20)).catch(() => undefined); // warm-up, not counted
          results.push({ ...target, ...(await hammer(server.url, target.paths)) });
        } finally {
          server.stop();
        }
      }
      const base = results[0]!.requestsPerSecond;
      return {
        title: `Public requests/s at ${CONNECTIONS} connections for ${SECONDS} s each vs a bare Hono hello-world`,
        columns: ['target', 'req/s', 'p50 ms', 'p99 ms', '× hello req/s'],
        rows: results.map((r) => [r.name, r.requestsPerSecond, r.p50, r.p99, (r.requestsPerSecond / base).toPrecision(2)]),
        notes: ['Every answer checked: no connection errors, no non-2xx. Profile paths rotate over 100 enterprises.'],
        data: { connections: CONNECTIONS, seconds: SECONDS, results: results.map(({ paths: _paths, ...r }) => ({ ...r, ratio: r.requestsPerSecond / base })) },
      };
    } finally {
      await stack.stop();
    }
  },
};
