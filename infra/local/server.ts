/**
 * All of the register's apps on one port, as `npm start` serves them. In the cloud each app is its
 * own Lambda behind API Gateway; locally their paths simply do not overlap.
 */
import { Hono } from 'hono';
import { createPublicApp } from '../../functions/public/app.ts';
import type { Db } from '../../shared/store/db.ts';

export function createLocalApp(deps: { db: Db }) {
  const app = new Hono();
  app.route('/', createPublicApp(deps));
  return app;
}
