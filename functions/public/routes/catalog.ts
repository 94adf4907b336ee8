import { createRoute, z } from '@hono/zod-openapi';
import { newApp } from '../../../shared/http/app-kit.ts';
import { buildCatalog } from '../../../shared/public/catalog.ts';
import { SNAPSHOT_FILES } from '../../../shared/public/snapshots.ts';
import { readHead } from '../../../shared/store/reads.ts';
import type { PublicDeps } from '../deps.ts';
import { linkOrigin, type OpenDataConfig, type SnapshotChecksums } from '../open-data.ts';
import { problemResponses } from './problems.ts';

const catalogRoute = createRoute({
  method: 'get',
  path: '/v1/catalog',
  tags: ['Open data'],
  summary: 'The data catalogue (DCAT, JSON-LD): every dataset and distribution, licence, publisher, the current ledger seq',
  description: 'Checksums (SHA-256) and sizes of snapshot files are given where this server has produced the file at the current seq.',
  responses: {
    200: { description: 'A dcat:Catalog', content: { 'application/ld+json': { schema: z.record(z.string(), z.unknown()).openapi('DcatCatalog') } } },
    ...problemResponses(503),
  },
});

export function catalogRoutes({ db }: PublicDeps, config: OpenDataConfig, checksums: SnapshotChecksums) {
  return newApp().openapi(catalogRoute, async (c) => {
    const head = await readHead(db);
    const known = SNAPSHOT_FILES.filter((f) => checksums.at(f, head.seq));
    const catalog = buildCatalog({
      origin: linkOrigin(config, c.req.url),
      head,
      ...(config.registerBegan ? { registerBegan: config.registerBegan } : {}),
      checksumOf: (file) => checksums.at(file, head.seq),
    });
    c.header('ETag', `"cat-${head.seq}-${known.length}"`);
    c.header('Cache-Control', 'public, max-age=60, s-maxage=60');
    if (head.at) c.header('Last-Modified', new Date(head.at).toUTCString());
    return c.json(catalog, 200, { 'Content-Type': 'application/ld+json; charset=utf-8' });
  });
}
