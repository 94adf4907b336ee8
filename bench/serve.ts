/**
 * A server for the HTTP benchmarks, in a process of its own as a Lambda container would be, so the
 * load generator and the server do not share an event loop. `hello`: the bare Hono baseline;
 * `public`: the register's public app on TABLE_NAME at DYNAMODB_ENDPOINT. Prints `{"url": …}`.
 *
 *   tsx bench/serve.ts hello|public
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createPublicApp } from '../functions/public/app.ts';
import { runtimeDb } from '../infra/local/runtime.ts';
import { app as hello } from './hello-world.ts';

const kind = process.argv[2];
if (kind !== 'hello' && kind !== 'public') throw new Error('usage: tsx bench/serve.ts hello|public');
const app = kind === 'hello' ? hello : createPublicApp({ db: runtimeDb(), openData: { tagAuthority: 'bench.example' } });
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${info.port}` })}\n`);
});
