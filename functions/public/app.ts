/**
 * The public function: anonymous, read-only. Enterprise profiles, search, the lists, records, the
 * open data (change feed, snapshots, Atom feeds, catalogue, signed checkpoints), the OpenAPI
 * document and its reference page.
 */
import { newApp, notFound, onError } from '../../shared/http/app-kit.ts';
import { conditionalGet } from '../../shared/http/caching.ts';
import { publicResponses } from '../../shared/http/security.ts';
import type { PublicDeps } from './deps.ts';
import { renderDocs } from './docs.ts';
import { AsOfBounds, openDataConfigFromEnv, SnapshotChecksums } from './open-data.ts';
import { catalogRoutes } from './routes/catalog.ts';
import { changeRoutes } from './routes/changes.ts';
import { pageRoutes } from './pages/app.tsx';
import { checkpointRoutes } from './routes/checkpoints.ts';
import { enterpriseRoutes } from './routes/enterprises.ts';
import { exportRoutes } from './routes/exports.ts';
import { feedRoutes } from './routes/feeds.ts';
import { healthRoutes } from './routes/health.ts';
import { listRoutes } from './routes/lists.ts';
import { problemTypeRoutes } from './routes/problems.ts';
import { recordRoutes } from './routes/records.ts';

export const OPENAPI_INFO = {
  title: '杭州市质量信用信息公开 Hangzhou Quality Credit Disclosure API',
  version: '1.0.0',
  description:
    'Open quality-credit information under Art. 23 of the Hangzhou Quality Promotion Measures (杭州市质量促进办法, 2021): ' +
    'enterprise classes with reasons, the punishment and incentive lists, published credit records and a hash-chained change feed. ' +
    'Data licence: CC BY 4.0.',
};

export function createPublicApp(deps: PublicDeps) {
  const app = newApp();
  app.onError(onError);
  app.notFound(notFound);
  app.use('*', ...publicResponses());
  app.use('*', conditionalGet());
  const openData = deps.openData ?? openDataConfigFromEnv();
  const asOfBounds = new AsOfBounds(deps.db, openData);
  const checksums = new SnapshotChecksums();

  app
    .route('/', healthRoutes(deps))
    .route('/', enterpriseRoutes(deps, asOfBounds))
    .route('/', listRoutes(deps, asOfBounds))
    .route('/', recordRoutes(deps))
    .route('/', changeRoutes(deps))
    .route('/', exportRoutes(deps, checksums))
    .route('/', feedRoutes(deps, openData))
    .route('/', catalogRoutes(deps, openData, checksums))
    .route('/', checkpointRoutes(deps))
    .route('/', problemTypeRoutes())
    .route('/', pageRoutes(deps, asOfBounds));

  // Both built once, on first use (every route is registered by then): rebuilding them from the
  // zod schemas took 20–45 ms per anonymous request.
  let document: ReturnType<typeof app.getOpenAPI31Document> | undefined;
  let docsPage: ReturnType<typeof renderDocs> | undefined;
  const openApiDocument = () => (document ??= app.getOpenAPI31Document({ openapi: '3.1.0', info: OPENAPI_INFO }));
  app.get('/openapi.json', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(openApiDocument());
  });
  app.get('/docs', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    // The reference page's one inline stylesheet; nothing else may load.
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    return c.html((docsPage ??= renderDocs(openApiDocument())));
  });
  return app;
}
