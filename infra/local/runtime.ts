/**
 * Where the running local stack can be reached, written by `npm start` into DATA_DIR so that the
 * command-line tools (import, jobs, token) talk to the same DynamoDB Local and key.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createDb, type Db } from '../../shared/store/db.ts';

export const TABLE_NAME = 'quality-credit';
export const dataDir = () => resolve(process.env.DATA_DIR ?? '.data');
export const devKeyFile = () => join(dataDir(), 'dev-signing-key.json');
const runtimeFile = () => join(dataDir(), 'runtime.json');

export function writeRuntime(info: { endpoint: string; tableName: string; port: number }): void {
  writeFileSync(runtimeFile(), JSON.stringify(info, null, 2));
}

/** The Db of the running stack: DYNAMODB_ENDPOINT/TABLE_NAME when set, else what npm start wrote. */
export function runtimeDb(): Db {
  if (process.env.TABLE_NAME) {
    return createDb({ tableName: process.env.TABLE_NAME, ...(process.env.DYNAMODB_ENDPOINT ? { endpoint: process.env.DYNAMODB_ENDPOINT } : {}) });
  }
  if (!existsSync(runtimeFile())) throw new Error(`No running register found (${runtimeFile()} is missing): start it with npm start first.`);
  const info = JSON.parse(readFileSync(runtimeFile(), 'utf8')) as { endpoint: string; tableName: string };
  return createDb({ tableName: info.tableName, endpoint: info.endpoint });
}
