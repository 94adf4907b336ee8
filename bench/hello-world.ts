/**
 * The benchmark's baseline: the smallest Hono app on Lambda — one route, the same adapter as the
 * register's functions, no SDK, no zod. Bundled with the same esbuild options.
 */
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';

const app = new Hono();
app.get('/', (c) => c.json({ hello: 'world' }));

export const handler = handle(app);
