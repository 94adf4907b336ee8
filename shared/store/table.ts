/**
 * The register's single DynamoDB table — defined once, here. The CDK stack and the local
 * bootstrap both build their table from this module, so the local table cannot drift from the
 * cloud one.
 *
 * Item collections (see keys.ts for the builders):
 * - `ENT#<uscc>`: the enterprise (`#PROFILE`), its name alias (`#ALIAS`), records (`REC#<id>`) and
 *   listings (`LST#<id>`) — one Query answers a profile lookup.
 * - `LEDGER`: the head (`HEAD`) and every event (`EVT#<seq:12>`) — one Query per feed page.
 *
 * Global indexes (all project every attribute, so each read is one request):
 * - GSI1 `ID#<id>` — a record or listing by its id.
 * - GSI2 `NAME#<first char>` / `<name key>#<uscc>` — name-prefix search (the full name and the
 *   name without its place prefix, e.g. 杭州 or 萧山区, each index one item).
 * - GSI3 `DIST#<code>` / `<class>#<name key>#<uscc>` — browse a district, optionally by class;
 *   and `LIST#<type>` / `A#<start>#<id>` (active) or `E#<end>#<id>` (ended) — the lists.
 * - GSI4 `CLASS#<class>` / `<name key>#<uscc>` — browse a class.
 * - GSI5 `EXPORT#<entity>` / `<uscc>#<id>` — every enterprise, published record and current list
 *   entry in one stable order, for snapshots (sparse: only what is public carries it).
 * - GSI2 is also `EXPIRY` / `<last day>#<entity>#<id>` on published records and active listings,
 *   so the expiry job finds what is due with one Query.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export const KEY = { partition: 'PK', sort: 'SK' } as const;

export const INDEXES = {
  byId: { name: 'GSI1', partition: 'GSI1PK', sort: 'GSI1SK' },
  byName: { name: 'GSI2', partition: 'GSI2PK', sort: 'GSI2SK' },
  byDistrictOrList: { name: 'GSI3', partition: 'GSI3PK', sort: 'GSI3SK' },
  byClass: { name: 'GSI4', partition: 'GSI4PK', sort: 'GSI4SK' },
  forExport: { name: 'GSI5', partition: 'GSI5PK', sort: 'GSI5SK' },
} as const;

/** GSI2 doubles as the expiry index: its partition for records and listings that can expire. */
export const EXPIRY_INDEX = INDEXES.byName;

/** Attribute holding an epoch-seconds expiry, for records kept only for a while (idempotency keys). */
export const TTL_ATTRIBUTE = 'expiresAt';

/** Every key attribute is a string. */
export const KEY_ATTRIBUTES = [
  KEY.partition,
  KEY.sort,
  ...Object.values(INDEXES).flatMap((i) => [i.partition, i.sort]),
] as const;

/** The CreateTable request for this table (used by the local bootstrap and the tests). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: KEY_ATTRIBUTES.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: KEY.partition, KeyType: 'HASH' },
      { AttributeName: KEY.sort, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: Object.values(INDEXES).map((i) => ({
      IndexName: i.name,
      KeySchema: [
        { AttributeName: i.partition, KeyType: 'HASH' },
        { AttributeName: i.sort, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}
