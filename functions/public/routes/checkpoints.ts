import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Checkpoint } from '../../../shared/ledger/checkpoint.ts';
import { Problem } from '../../../shared/errors.ts';
import { newApp } from '../../../shared/http/app-kit.ts';
import { checkpointAt, latestCheckpoint, listSigningKeys } from '../../../shared/store/checkpoints.ts';
import type { PublicDeps } from '../deps.ts';
import { problemResponses } from './problems.ts';

const CheckpointSchema = z
  .object({
    seq: z.number().int().openapi({ description: 'The ledger seq signed' }),
    hash: z.string().openapi({ description: 'The hash of event `seq`' }),
    issuedAt: z.string().openapi({ description: 'When it was signed (ISO 8601, UTC)' }),
    keyId: z.string().openapi({ description: 'RFC 7638 thumbprint of the signing key (its `kid` in the JWKS)' }),
    signature: z.string().openapi({ description: 'base64url Ed25519 signature over the RFC 8785 canonical JSON of the other four members' }),
  })
  .openapi('Checkpoint');

const JwksSchema = z
  .object({ keys: z.array(z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string(), kid: z.string(), alg: z.literal('EdDSA'), use: z.literal('sig') })) })
  .openapi('Jwks');

const latestRoute = createRoute({
  method: 'get',
  path: '/v1/checkpoints/latest',
  tags: ['Open data'],
  summary: 'The latest signed checkpoint of the ledger head',
  description: 'Verify: find `keyId` in `/v1/checkpoints/keys`, check the Ed25519 signature over JCS({seq, hash, issuedAt, keyId}), and compare `hash` with event `seq` of the change feed.',
  responses: {
    200: { description: 'The checkpoint', content: { 'application/json': { schema: CheckpointSchema } } },
    ...problemResponses(404),
  },
});

const keysRoute = createRoute({
  method: 'get',
  path: '/v1/checkpoints/keys',
  tags: ['Open data'],
  summary: 'Every public key that has signed a checkpoint (JWKS, RFC 7517)',
  description: 'Retired keys stay listed, so a checkpoint signed before a rotation still verifies.',
  responses: { 200: { description: 'The key set', content: { 'application/jwk-set+json': { schema: JwksSchema } } } },
});

const bySeqRoute = createRoute({
  method: 'get',
  path: '/v1/checkpoints/{seq}',
  tags: ['Open data'],
  summary: 'The signed checkpoint at a ledger seq',
  request: {
    params: z.object({ seq: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).openapi({ param: { name: 'seq', in: 'path' }, example: 42 }) }),
  },
  responses: {
    200: { description: 'The checkpoint (the latest one issued at that seq)', content: { 'application/json': { schema: CheckpointSchema } } },
    ...problemResponses(400, 404),
  },
});

function checkpointHeaders(c: Context, cp: Checkpoint): void {
  c.header('ETag', `"cp-${cp.seq}-${cp.issuedAt}"`);
  c.header('Last-Modified', new Date(cp.issuedAt).toUTCString());
  c.header('Cache-Control', 'public, max-age=60, s-maxage=60');
}

export function checkpointRoutes({ db }: PublicDeps) {
  return newApp()
    .openapi(latestRoute, async (c) => {
      const cp = await latestCheckpoint(db);
      if (!cp) throw new Problem('checkpoint.not-found', 'No checkpoint has been signed yet.');
      checkpointHeaders(c, cp);
      return c.json(cp, 200);
    })
    .openapi(keysRoute, async (c) => {
      const keys = await listSigningKeys(db);
      // The ETag is a digest of the body (caching middleware): the set changes only on rotation.
      c.header('Cache-Control', 'public, max-age=300, s-maxage=300');
      const latest = keys.at(-1);
      if (latest) c.header('Last-Modified', new Date(latest.publishedAt).toUTCString());
      const jwks = { keys: keys.map((k) => ({ kty: k.jwk.kty, crv: k.jwk.crv, x: k.jwk.x, kid: k.jwk.kid, alg: k.jwk.alg, use: k.jwk.use })) };
      return c.json(jwks, 200, { 'Content-Type': 'application/jwk-set+json' });
    })
    .openapi(bySeqRoute, async (c) => {
      const { seq } = c.req.valid('param');
      const cp = await checkpointAt(db, seq);
      if (!cp) throw new Problem('checkpoint.not-found', `No checkpoint was signed at seq ${seq}.`, { errors: [{ in: 'path', field: 'seq', code: 'not-found', detail: 'see /v1/checkpoints/latest' }] });
      checkpointHeaders(c, cp);
      return c.json(cp, 200);
    });
}
