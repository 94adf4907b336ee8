/**
 * Signed checkpoints and the public keys that signed them, in the register's table:
 * - `CHECKPOINT` / `CP#<seq:12>#<issuedAt>` — one item per checkpoint; the newest sorts last.
 * - `CHECKPOINT-KEY` / `KEY#<kid>` — every public key that ever signed (the JWKS). Written before
 *   the first checkpoint it signs, never removed, so a rotation never orphans an old checkpoint.
 * Both are written once (conditional puts) and read with one Query each.
 */
import { ConditionalCheckFailedException, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Checkpoint, PublicSigningJwk } from '../ledger/checkpoint.ts';
import type { Db } from './db.ts';
import type { Item } from './items.ts';
import { KEY } from './table.ts';

const SEQ_DIGITS = 12;
export const CHECKPOINT_PK = 'CHECKPOINT';
export const checkpointSeqPrefix = (seq: number) => `CP#${String(seq).padStart(SEQ_DIGITS, '0')}#`;
export const checkpointSk = (c: Pick<Checkpoint, 'seq' | 'issuedAt'>) => `${checkpointSeqPrefix(c.seq)}${c.issuedAt}`;
export const SIGNING_KEY_PK = 'CHECKPOINT-KEY';
export const signingKeySk = (kid: string) => `KEY#${kid}`;

function toCheckpoint(item: Item): Checkpoint {
  const { seq, hash, issuedAt, keyId, signature } = unmarshall(item) as Checkpoint;
  return { seq, hash, issuedAt, keyId, signature };
}

/** Store a checkpoint (once). */
export async function putCheckpoint(db: Db, c: Checkpoint): Promise<void> {
  await db.client.send(
    new PutItemCommand({
      TableName: db.tableName,
      Item: marshall({ [KEY.partition]: CHECKPOINT_PK, [KEY.sort]: checkpointSk(c), entity: 'checkpoint', ...c }),
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

/** Publish a signing key's public JWK; publishing it again changes nothing. */
export async function publishSigningKey(db: Db, jwk: PublicSigningJwk, publishedAt: Date): Promise<void> {
  try {
    await db.client.send(
      new PutItemCommand({
        TableName: db.tableName,
        Item: marshall({ [KEY.partition]: SIGNING_KEY_PK, [KEY.sort]: signingKeySk(jwk.kid), entity: 'signing-key', jwk, publishedAt: publishedAt.toISOString() }),
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

async function newestUnder(db: Db, prefix: string): Promise<Checkpoint | null> {
  const out = await db.client.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': KEY.partition, '#sk': KEY.sort },
      ExpressionAttributeValues: { ':pk': { S: CHECKPOINT_PK }, ':prefix': { S: prefix } },
      ScanIndexForward: false,
      Limit: 1,
    }),
  );
  const item = out.Items?.[0];
  return item ? toCheckpoint(item) : null;
}

/** The checkpoint with the highest seq (the latest issued for it), or null before the first. */
export const latestCheckpoint = (db: Db) => newestUnder(db, 'CP#');

/** The latest checkpoint issued at exactly `seq`, or null. */
export const checkpointAt = (db: Db, seq: number) => newestUnder(db, checkpointSeqPrefix(seq));

/** Every public key that has signed a checkpoint, in the order they were published. */
export async function listSigningKeys(db: Db): Promise<{ jwk: PublicSigningJwk; publishedAt: string }[]> {
  const keys: { jwk: PublicSigningJwk; publishedAt: string }[] = [];
  let start: Item | undefined;
  do {
    const out = await db.client.send(
      new QueryCommand({
        TableName: db.tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': KEY.partition },
        ExpressionAttributeValues: { ':pk': { S: SIGNING_KEY_PK } },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) {
      const { jwk, publishedAt } = unmarshall(item) as { jwk: PublicSigningJwk; publishedAt: string };
      keys.push({ jwk, publishedAt });
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return keys.sort((a, b) => a.publishedAt.localeCompare(b.publishedAt) || a.jwk.kid.localeCompare(b.jwk.kid));
}
