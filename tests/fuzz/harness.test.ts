/**
 * What the route fuzz (the *-app.fuzz.test.ts files) relies on: it covers every route — a route
 * added to an app, or an app added to the server, without a way to fuzz it fails here — and its
 * proof that a refused request wrote nothing, a fingerprint of the whole table, notices the
 * smallest write.
 */
import { PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createLocalApp } from '../../infra/local/server.ts';
import { freshDb } from '../support/db.ts';
import { tableFingerprint } from '../support/fuzz.ts';
import { appOnly, fuzzedRoutes, keyOf, routesOf, type AppName } from './harness.ts';

const APPS: AppName[] = ['admin', 'enterprise', 'public'];

describe('the route fuzz', () => {
  it.each(APPS)('fuzzes every route of the %s app, and no route it does not have', (name) => {
    expect(fuzzedRoutes(name).routes.map(keyOf).sort()).toEqual(routesOf(appOnly(name)));
  });

  it('fuzzes every app the local server mounts', () => {
    const server = createLocalApp({ db: null as never, verify: null as never });
    expect(routesOf(server)).toEqual([...new Set(APPS.flatMap((name) => routesOf(appOnly(name))))].sort());
  });

  it('has a table fingerprint that stays put without writes and changes with one attribute of one item', async () => {
    const db = await freshDb();
    const key = { PK: { S: 'FUZZ#1' }, SK: { S: 'A' } };
    await db.client.send(new PutItemCommand({ TableName: db.tableName, Item: { ...key, n: { N: '1' } } }));
    const before = await tableFingerprint(db);
    expect(await tableFingerprint(db)).toEqual(before);
    await db.client.send(new UpdateItemCommand({ TableName: db.tableName, Key: key, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': { N: '2' } } }));
    const after = await tableFingerprint(db);
    expect(after.items).toBe(before.items);
    expect(after.digest).not.toBe(before.digest);
  });
});
