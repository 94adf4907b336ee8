/**
 * The public function's Lambda entry point, fed real API Gateway HTTP API (payload 2.0) events
 * against DynamoDB Local: once from source (functions/public/handler.ts) and once as the deployed
 * bundle (built here by infra/build/bundle.ts: SDK inside, zod trimmed), so a bundling mistake —
 * a stripped zod feature that is needed after all, a missing `require` — fails here, not in Lambda.
 *
 * The handler reads TABLE_NAME and DYNAMODB_ENDPOINT at module scope, so both are set before the
 * dynamic import. The events are stored JSON (tests/infra/fixtures/); a v2 event needs `rawPath`
 * and `requestContext.http` or Hono reads it as v1 and answers 404 (TOOLCHAIN.md gotcha 3).
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bundleFunction, type BundleResult } from '../../infra/build/bundle.ts';
import { FUNCTIONS } from '../../infra/cdk/functions/catalogue.ts';
import { freshDb } from '../support/db.ts';
import { E, seedFixtures } from '../support/fixtures.ts';

type Handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context?: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

const fixture = (name: string): APIGatewayProxyEventV2WithJWTAuthorizer =>
  JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', `${name}.json`), 'utf8'));

const bodyOf = (result: APIGatewayProxyStructuredResultV2) =>
  result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64').toString('utf8') : (result.body ?? '');

let bundleDir: string;
let bundle: BundleResult;

beforeAll(async () => {
  const db = await freshDb();
  await seedFixtures(db);
  process.env.TABLE_NAME = db.tableName;
  process.env.DYNAMODB_ENDPOINT = inject('dynamoEndpoint');
  bundleDir = await mkdtemp(join(tmpdir(), 'hz-public-bundle-'));
  bundle = await bundleFunction(FUNCTIONS.find((f) => f.name === 'public')!, bundleDir);
}, 60_000);

afterAll(async () => {
  if (bundleDir) await rm(bundleDir, { recursive: true, force: true });
});

describe.each([
  ['source', async (): Promise<Handler> => (await import('../../functions/public/handler.ts')).handler as Handler],
  ['bundle', async (): Promise<Handler> => (await import(pathToFileURL(bundle.outfile).href)).handler as Handler],
])('public handler (%s)', (_kind, load) => {
  let handler: Handler;
  beforeAll(async () => {
    handler = await load();
  }, 60_000);

  it('answers a profile lookup with 200 JSON (cookies and a JWT claims block in the event change nothing)', async () => {
    const event = fixture('profile-lookup');
    expect(event.requestContext.authorizer.jwt.claims['custom:uscc']).toBe(E.dishonest);

    const result = await handler(event);

    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toMatch(/^application\/json/);
    expect(result.headers?.etag).toMatch(/^"[^"]+"$/);
    expect(result.headers?.['cache-control']).toMatch(/^public, max-age=\d+/);
    const body = JSON.parse(bodyOf(result));
    expect(body.uscc).toBe(E.dishonest);
    expect(body.name).toBe('杭州西湖示例食品有限公司');
    expect(body.records).toHaveLength(1);
  });

  it('answers HEAD like GET, without a body', async () => {
    const result = await handler(fixture('head-profile'));
    expect(result.statusCode).toBe(200);
    expect(result.headers?.etag).toMatch(/^"[^"]+"$/);
    expect(bodyOf(result)).toBe('');
  });

  it('searches by name from the raw query string', async () => {
    const event = fixture('search-by-name');
    expect(event.rawQueryString).toContain('name=%E6%9D%AD%E5%B7%9E');

    const result = await handler(event);

    expect(result.statusCode).toBe(200);
    const body = JSON.parse(bodyOf(result));
    expect(body.items.map((e: { uscc: string }) => e.uscc)).toEqual([E.trustworthy]);
  });

  it('answers a malformed USCC with a 400 problem', async () => {
    const result = await handler(fixture('malformed-uscc'));

    expect(result.statusCode).toBe(400);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
    expect(result.headers?.['cache-control']).toBe('no-store');
    const problem = JSON.parse(bodyOf(result));
    expect(problem).toMatchObject({ type: '/problems/uscc.malformed', status: 400, instance: '/v1/enterprises/123' });
    expect(problem.title).toMatch(/统一社会信用代码.* \/ Malformed/);
  });

  it('answers an unknown route with a 404 problem', async () => {
    const result = await handler(fixture('unknown-route'));

    expect(result.statusCode).toBe(404);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
    expect(JSON.parse(bodyOf(result))).toMatchObject({ type: '/problems/route.not-found', status: 404 });
  });
});

describe('the public bundle', () => {
  it('carries the AWS SDK inside: it imports nothing but Node built-ins', () => {
    const output = Object.values(bundle.metafile.outputs).find((o) => o.entryPoint)!;
    // Bare built-ins ('url', 'events') come from CommonJS dependencies' require() calls, which the
    // createRequire banner serves in an ES module.
    expect(output.imports.filter((i) => !isBuiltin(i.path))).toEqual([]);
    expect(Object.keys(bundle.metafile.inputs).some((i) => i.includes('node_modules/@aws-sdk/client-dynamodb/'))).toBe(true);
  });

  it('keeps only the English zod locale and none of zod\'s unused modules', () => {
    const zod = Object.keys(bundle.metafile.inputs)
      .filter((i) => i.includes('node_modules/zod/'))
      .map((i) => i.replace(/^.*node_modules\//, 'node_modules/'));
    expect(zod.filter((i) => /\/locales\/(?!index\.js$)/.test(i))).toEqual(['node_modules/zod/v4/locales/en.js']);
    const stubbed = zod.filter((i) => /core\/compile\.js$|classic\/from-json-schema\.js$/.test(i));
    expect(stubbed).toHaveLength(2); // present, but as the stand-ins of infra/build/zod-trim.ts
    for (const input of stubbed) {
      const [, entry] = Object.entries(bundle.metafile.inputs).find(([path]) => path.endsWith(input.slice('node_modules/'.length)))!;
      expect(entry.bytes).toBeLessThan(2_000);
    }
  });

  it('stays within its 600 KB budget (minified, SDK included)', () => {
    expect(bundle.bytes).toBeLessThanOrEqual(600 * 1024);
  });
});
