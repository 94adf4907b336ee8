/**
 * Create the register's table on a DynamoDB endpoint from the one shared definition.
 */
import { CreateTableCommand, DescribeTableCommand, ResourceNotFoundException, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import type { Db } from '../../shared/store/db.ts';
import { createTableInput } from '../../shared/store/table.ts';

/** Create the table unless it exists; true when it was created. */
export async function ensureTable(db: Db): Promise<boolean> {
  try {
    await db.client.send(new DescribeTableCommand({ TableName: db.tableName }));
    return false;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await db.client.send(new CreateTableCommand(createTableInput(db.tableName)));
  await waitUntilTableExists({ client: db.client, maxWaitTime: 30 }, { TableName: db.tableName });
  return true;
}
