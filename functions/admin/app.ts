/**
 * The officials' function: publish, correct and withdraw records; add and end list entries;
 * register enterprises and override classes; read the audit trail; bulk import; review credit
 * repair applications. Every write goes
 * through the ledger with its audit entry in the same transaction.
 */
import { authenticate, type AuthEnv } from '../../shared/auth/middleware.ts';
import { newApp, notFound, onError } from '../../shared/http/app-kit.ts';
import { allowedOriginsFromEnv, privateResponses } from '../../shared/http/security.ts';
import { limitBody, requireJsonBody } from '../../shared/http/writes.ts';
import type { AdminDeps } from './deps.ts';
import { auditRoutes } from './routes/audit.ts';
import { configRoutes } from './routes/config.ts';
import { enterpriseRoutes } from './routes/enterprises.ts';
import { importRoutes } from './routes/imports.ts';
import { listingRoutes } from './routes/listings.ts';
import { recordRoutes } from './routes/records.ts';
import { repairReviewRoutes } from './routes/repairs.ts';

/** JSON bodies of one record are small; imports have their own, larger limit. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

export function createAdminApp(deps: AdminDeps) {
  const app = newApp<AuthEnv>();
  app.onError(onError);
  app.notFound(notFound);
  // Before authentication: a CORS preflight carries no token.
  app.use('/v1/admin/*', ...privateResponses('admin', deps.corsOrigins ?? allowedOriginsFromEnv()));
  app.use('/v1/admin/*', authenticate(deps.verify));
  app.use('/v1/admin/*', async (c, next) => (c.req.path === '/v1/admin/imports' ? next() : limitBody(MAX_JSON_BODY_BYTES)(c, next)));
  app.use('/v1/admin/*', async (c, next) => (c.req.path === '/v1/admin/imports' ? next() : requireJsonBody()(c, next)));

  app
    .route('/', enterpriseRoutes(deps))
    .route('/', recordRoutes(deps))
    .route('/', listingRoutes(deps))
    .route('/', auditRoutes(deps))
    .route('/', importRoutes(deps))
    .route('/', repairReviewRoutes(deps))
    .route('/', configRoutes(deps));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  return app;
}
