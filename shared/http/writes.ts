/**
 * Safe writes over HTTP: JSON bodies only, optimistic concurrency with If-Match (RFC 9110 §13.1.1,
 * 428 per RFC 6585 when it is missing), and Idempotency-Key for creations.
 */
import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { Problem } from '../errors.ts';
import type { Db } from '../store/db.ts';
import { findReplay, idempotencyPut, IdempotentReplay, requestHash, type IdempotencyScope, type StoredResponse } from '../store/idempotency.ts';

/** The ETag of an internal (officials') view: the entity's version. */
export const versionTag = (version: number) => `"v${version}"`;

/** The version an If-Match names. Missing → 428; anything but one of our tags → 412. */
export function ifMatchVersion(c: Context): number {
  const header = c.req.header('If-Match');
  if (!header) throw new Problem('precondition.required', 'Send If-Match with the ETag you read, so that no one else’s change is overwritten.');
  const m = /^(?:W\/)?"v(\d{1,9})"$/.exec(header.trim());
  if (!m) throw new Problem('precondition.failed', `If-Match ${header} does not name a version of this resource.`);
  return Number(m[1]);
}

/** Refuse bodies that are not JSON before a validator reads them as `{}` (TOOLCHAIN gotcha 4). */
export function requireJsonBody(): MiddlewareHandler {
  return async (c, next) => {
    if (['POST', 'PUT', 'PATCH'].includes(c.req.method) && !/^application\/json\b/i.test(c.req.header('Content-Type') ?? '')) {
      throw new Problem('request.unsupported-media-type', 'Send the body as application/json.', {
        errors: [{ in: 'header', field: 'Content-Type', code: 'unsupported', detail: 'must be application/json' }],
      });
    }
    await next();
  };
}

/** 413 problem for a body over `maxBytes`. */
export function limitBody(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new Problem('request.too-large', `The body may be at most ${maxBytes} bytes.`);
    },
  });
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_\-.:]{8,128}$/;

export interface IdempotentWrite {
  /** Checked at the start of every commit attempt. */
  precheck: () => Promise<void>;
  /** The idempotency record of `response`, written in the change's own transaction. */
  record: (response: StoredResponse) => TransactWriteItem;
}

/**
 * Run a creation under its Idempotency-Key: a replay answers the stored response (with
 * `Idempotent-Replayed: true`), a reused key with another body is a 422, and two concurrent
 * requests with one key produce one change — the loser's transaction fails on the key's record
 * and, retrying, finds the winner's answer (or, refused because the winner's change is already
 * there, finds it afterwards).
 */
export async function idempotent(c: Context, db: Db, owner: string, body: unknown, run: (write: IdempotentWrite) => Promise<StoredResponse>): Promise<Response> {
  const key = c.req.header('Idempotency-Key');
  if (!key || !IDEMPOTENCY_KEY.test(key)) {
    throw new Problem('idempotency.key-required', 'Send an Idempotency-Key header (8–128 characters: letters, digits, - _ . :) so that a retry cannot publish twice.', {
      errors: [{ in: 'header', field: 'Idempotency-Key', code: key ? 'invalid' : 'required', detail: '8–128 of A–Z a–z 0–9 - _ . :' }],
    });
  }
  const scope: IdempotencyScope = { owner, key, requestHash: requestHash(c.req.method, c.req.path, body) };
  const replay = (r: StoredResponse) => new Response(JSON.stringify(r.body), { status: r.status, headers: { ...r.headers, 'Content-Type': 'application/json', 'Idempotent-Replayed': 'true' } });
  let response: StoredResponse;
  try {
    response = await run({
      precheck: async () => {
        const stored = await findReplay(db, scope);
        if (stored) throw new IdempotentReplay(stored);
      },
      record: (r) => idempotencyPut(db.tableName, scope, r, new Date()),
    });
  } catch (error) {
    if (error instanceof IdempotentReplay) return replay(error.response);
    // A duplicate refused by the change's own rules (record.duplicate, an open application) may
    // have read the winner's change just after its precheck found no answer yet: the key has
    // one now, and a retry must get it, not the refusal.
    if (error instanceof Problem) {
      const stored = await findReplay(db, scope);
      if (stored) return replay(stored);
    }
    throw error;
  }
  return new Response(JSON.stringify(response.body), { status: response.status, headers: { ...response.headers, 'Content-Type': 'application/json' } });
}
