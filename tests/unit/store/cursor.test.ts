/**
 * Pagination cursors (shared/store/cursor.ts): opaque, checked before use, a forged one is a 400.
 */
import { describe, expect, it } from 'vitest';
import { Problem } from '../../../shared/errors.ts';
import { decodeCursor, encodeCursor } from '../../../shared/store/cursor.ts';
import type { Item } from '../../../shared/store/items.ts';

const PROFILE_KEY: Item = { PK: { S: 'ENT#91330100799655058B' }, SK: { S: '#PROFILE' } };
const NAME_KEY: Item = {
  PK: { S: 'ENT#91330100799655058B' },
  SK: { S: '#PROFILE' },
  GSI2PK: { S: 'NAME#杭' },
  GSI2SK: { S: '杭州某某机械有限公司#91330100799655058B' },
};

const forge = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** Asserts that `fn` throws the 400 `cursor.invalid` problem, pointing at the `cursor` query field. */
function expectInvalidCursor(fn: () => unknown): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(Problem);
  const problem = thrown as Problem;
  expect(problem.code).toBe('cursor.invalid');
  expect(problem.status).toBe(400);
  expect(problem.errors).toEqual([expect.objectContaining({ in: 'query', field: 'cursor' })]);
}

describe('encodeCursor / decodeCursor', () => {
  it('round-trips a table key', () => {
    const cursor = encodeCursor(PROFILE_KEY);
    expect(decodeCursor(cursor, 'PK', 'ENT#91330100799655058B')).toEqual(PROFILE_KEY);
  });

  it('round-trips an index key with Chinese text, checked against the index partition', () => {
    const cursor = encodeCursor(NAME_KEY);
    expect(decodeCursor(cursor, 'GSI2PK', 'NAME#杭')).toEqual(NAME_KEY);
  });

  it('writes only URL-safe characters (base64url, no padding)', () => {
    expect(encodeCursor(NAME_KEY)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('keeps only string attributes', () => {
    const cursor = encodeCursor({ ...PROFILE_KEY, n: { N: '5' } });
    expect(JSON.parse(Buffer.from(cursor ?? '', 'base64url').toString('utf8'))).toEqual({ PK: 'ENT#91330100799655058B', SK: '#PROFILE' });
  });

  it('has no cursor when there is no next page', () => {
    expect(encodeCursor(undefined)).toBeUndefined();
    expect(decodeCursor(undefined, 'PK', 'x')).toBeUndefined();
  });
});

describe('decodeCursor refuses what this API did not issue', () => {
  it.each([
    ['an empty string', ''],
    ['characters outside base64url', 'not a cursor!'],
    ['standard base64 with + / and padding', 'eyJQSyI6IkVOVCN4In0+/=='],
    ['base64url of text that is not JSON', Buffer.from('not json at all', 'utf8').toString('base64url')],
    ['random garbage letters', 'qqqqqqqqqqqqqqqqqqqqq'],
    ['a cursor longer than 2048 characters', forge({ PK: 'ENT#x', SK: 'A'.repeat(3000) })],
  ])('refuses %s', (_label, cursor) => {
    expectInvalidCursor(() => decodeCursor(cursor, 'PK', 'ENT#x'));
  });

  it.each([
    ['a JSON array', ['ENT#x', '#PROFILE']],
    ['JSON null', null],
    ['a JSON string', 'ENT#x'],
    ['a JSON number', 42],
  ])('refuses %s', (_label, value) => {
    expectInvalidCursor(() => decodeCursor(forge(value), 'PK', 'ENT#x'));
  });

  it.each([
    ['an attribute that is not a key attribute', { PK: 'ENT#x', SK: '#PROFILE', entity: 'enterprise' }],
    ['an attribute named __proto__', JSON.parse('{"PK":"ENT#x","SK":"#PROFILE","__proto__":"x"}') as unknown],
  ])('refuses %s', (_label, value) => {
    expectInvalidCursor(() => decodeCursor(forge(value), 'PK', 'ENT#x'));
  });

  it.each([
    ['a number', { PK: 'ENT#x', SK: 5 }],
    ['a DynamoDB attribute value', { PK: 'ENT#x', SK: { S: '#PROFILE' } }],
    ['null', { PK: 'ENT#x', SK: null }],
    ['a boolean', { PK: 'ENT#x', SK: true }],
  ])('refuses a key value that is %s', (_label, value) => {
    expectInvalidCursor(() => decodeCursor(forge(value), 'PK', 'ENT#x'));
  });

  it('refuses a cursor from another partition', () => {
    const cursor = encodeCursor(NAME_KEY);
    expectInvalidCursor(() => decodeCursor(cursor, 'GSI2PK', 'NAME#萧'));
  });

  it('refuses a cursor from another index', () => {
    const cursor = encodeCursor(PROFILE_KEY);
    expectInvalidCursor(() => decodeCursor(cursor, 'GSI2PK', 'NAME#杭'));
  });

  it('refuses a cursor without the table key PK and SK', () => {
    expectInvalidCursor(() => decodeCursor(forge({ GSI2PK: 'NAME#杭', GSI2SK: '杭州#x' }), 'GSI2PK', 'NAME#杭'));
    expectInvalidCursor(() => decodeCursor(forge({ PK: 'ENT#x' }), 'PK', 'ENT#x'));
    expectInvalidCursor(() => decodeCursor(forge({}), 'PK', 'ENT#x'));
  });
});
