/**
 * The benchmarks' baseline: the smallest Hono app — one route, no SDK, no zod. Bundled with the
 * same esbuild options and the same Lambda adapter as the register's functions (bundles), and
 * served by the same Node server as the public app (load).
 */
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';

export const app = new Hono();
app.get('/', (c) => c.json({ hello: 'world' }));

export const handler = handle(app);
