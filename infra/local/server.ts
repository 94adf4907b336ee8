/**
 * All of the register's apps on one port, as `npm start` serves them. In the cloud each app is its
 * own Lambda behind API Gateway; locally their paths simply do not overlap.
 */
import { Hono } from 'hono';
import { createAdminApp } from '../../functions/admin/app.ts';
import { createEnterpriseApp } from '../../functions/enterprise/app.ts';
import { createPublicApp } from '../../functions/public/app.ts';
import type { Verifier } from '../../shared/auth/verifier.ts';
import type { Db } from '../../shared/store/db.ts';
import { notFound, onError } from '../../shared/http/app-kit.ts';

export function createLocalApp(deps: { db: Db; verify: Verifier }) {
  const app = new Hono();
  app.onError(onError);
  app.notFound(notFound);
  // Officials' routes first: the public app answers every unknown path with its 404.
  app.route('/', createAdminApp(deps));
  app.route('/', createEnterpriseApp(deps));
  app.route('/', createPublicApp(deps));
  return app;
}
