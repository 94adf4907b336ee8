/**
 * The register's one DynamoDB table, built from the shared definition (shared/store/table.ts) so
 * the cloud table and the local one cannot drift: key schema, attribute types, indexes and their
 * projections are read from `createTableInput`, never re-typed here.
 */
import type { AttributeDefinition, CreateTableCommandInput, KeySchemaElement, Projection } from '@aws-sdk/client-dynamodb';
import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  Billing,
  ProjectionType,
  TableV2,
  type Attribute,
  type GlobalSecondaryIndexPropsV2,
  type ITableV2,
  type TablePropsV2,
} from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { createTableInput, INDEXES, TTL_ATTRIBUTE } from '../../shared/store/table.ts';

export interface DataProps {
  /** Serve from this (restored) table instead of creating one; see README "Restore". */
  restoredTableName?: string;
}

export class Data extends Construct {
  readonly table: ITableV2;
  /** Index names the functions may Query (from the shared definition). */
  readonly indexNames: readonly string[] = Object.values(INDEXES).map((i) => i.name);

  constructor(scope: Construct, id: string, props: DataProps = {}) {
    super(scope, id);
    this.table = props.restoredTableName
      ? TableV2.fromTableName(this, 'RestoredTable', props.restoredTableName)
      : new TableV2(this, 'Table', registerTableProps());
  }
}

/** TableV2 props for the register's table, mapped from the shared CreateTable input. */
export function registerTableProps(): TablePropsV2 {
  // The name is CloudFormation's to choose (functions get it as TABLE_NAME); the input wants one.
  const input = createTableInput('unused');
  if (input.BillingMode !== 'PAY_PER_REQUEST') {
    throw new Error(`shared/store/table.ts asks for ${input.BillingMode} billing; infra/cdk/data.ts maps on-demand only`);
  }
  const { partitionKey, sortKey } = keys(input, input.KeySchema);
  return {
    partitionKey,
    sortKey,
    globalSecondaryIndexes: (input.GlobalSecondaryIndexes ?? []).map((gsi): GlobalSecondaryIndexPropsV2 => ({
      indexName: gsi.IndexName!,
      ...keys(input, gsi.KeySchema),
      ...projection(gsi.Projection),
    })),
    billing: Billing.onDemand(),
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    // Nothing is deleted (DESIGN.md §2), least of all the register: a stack delete leaves the table.
    removalPolicy: RemovalPolicy.RETAIN,
    timeToLiveAttribute: TTL_ATTRIBUTE,
  };
}

function keys(input: CreateTableCommandInput, schema: KeySchemaElement[] | undefined): { partitionKey: Attribute; sortKey?: Attribute } {
  const attribute = (type: 'HASH' | 'RANGE'): Attribute | undefined => {
    const name = schema?.find((k) => k.KeyType === type)?.AttributeName;
    if (name === undefined) return undefined;
    return { name, type: attributeType(input.AttributeDefinitions?.find((a) => a.AttributeName === name)) };
  };
  const partitionKey = attribute('HASH');
  if (!partitionKey) throw new Error('shared/store/table.ts: a key schema without a HASH key');
  const sortKey = attribute('RANGE');
  return sortKey ? { partitionKey, sortKey } : { partitionKey };
}

function attributeType(definition: AttributeDefinition | undefined): AttributeType {
  switch (definition?.AttributeType) {
    case 'S':
      return AttributeType.STRING;
    case 'N':
      return AttributeType.NUMBER;
    case 'B':
      return AttributeType.BINARY;
    default:
      throw new Error(`shared/store/table.ts: no attribute type for key ${definition?.AttributeName ?? '(unknown)'}`);
  }
}

function projection(p: Projection | undefined): Pick<GlobalSecondaryIndexPropsV2, 'projectionType' | 'nonKeyAttributes'> {
  switch (p?.ProjectionType ?? 'ALL') {
    case 'ALL':
      return { projectionType: ProjectionType.ALL };
    case 'KEYS_ONLY':
      return { projectionType: ProjectionType.KEYS_ONLY };
    case 'INCLUDE':
      return { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: p?.NonKeyAttributes ?? [] };
    default:
      throw new Error(`shared/store/table.ts: unknown projection ${p?.ProjectionType}`);
  }
}
