/**
 * Opaque pagination cursors: DynamoDB's LastEvaluatedKey, base64url-encoded. A cursor is checked
 * before use — only key attributes, only strings, and inside the partition being queried — so a
 * forged one is a 400, never a DynamoDB error.
 */
import { Problem } from '../errors.ts';
import type { Item } from './items.ts';
import { KEY_ATTRIBUTES } from './table.ts';

const allowed = new Set<string>(KEY_ATTRIBUTES);
const MAX_CURSOR_LENGTH = 2048;

export function encodeCursor(key: Item | undefined): string | undefined {
  if (!key) return undefined;
  const plain: Record<string, string> = {};
  for (const [k, v] of Object.entries(key)) if (v.S !== undefined) plain[k] = v.S;
  return Buffer.from(JSON.stringify(plain), 'utf8').toString('base64url');
}

const invalid = (detail: string) =>
  new Problem('cursor.invalid', detail, { errors: [{ in: 'query', field: 'cursor', code: 'invalid', detail }] });

/**
 * Decode a cursor for a query on `partitionAttribute = partitionValue`.
 * @throws Problem `cursor.invalid`
 */
export function decodeCursor(cursor: string | undefined, partitionAttribute: string, partitionValue: string): Item | undefined {
  if (cursor === undefined) return undefined;
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid('The cursor is not one this API issued.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('The cursor is not one this API issued.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid('The cursor is not one this API issued.');
  const key: Item = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (!allowed.has(k) || typeof v !== 'string') throw invalid('The cursor is not one this API issued.');
    key[k] = { S: v };
  }
  if (key[partitionAttribute]?.S !== partitionValue || !key.PK || !key.SK) {
    throw invalid('The cursor belongs to a different query.');
  }
  return key;
}
