/**
 * Generators for the route fuzz (tests/fuzz): values derived from the apps' own OpenAPI documents
 * (the zod schemas of every route) — shaped to pass validation and reach the store, or hostile:
 * wrong types, prototype keys, duplicate keys, deep nesting, invalid UTF-8, lone surrogates,
 * mixed scripts and controls, bodies over the limit. Plus the table fingerprint that proves a
 * refused request wrote nothing.
 */
import { createHash } from 'node:crypto';
import { ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { addDays, shanghaiDate } from '../../shared/rules/calendar.ts';
import { withCheckCharacter } from '../../shared/rules/uscc.ts';
import type { Db } from '../../shared/store/db.ts';

/** The subset of JSON Schema (OpenAPI 3.1) that zod 4 emits for our routes. */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  propertyNames?: Schema;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  example?: unknown;
}

export interface Param {
  name: string;
  in: 'path' | 'query';
  required?: boolean;
  schema: Schema;
}

/** Values that exist in the fuzzed register, by field or parameter name: they let requests reach the store. */
export type Knowns = Record<string, readonly string[]>;

export interface SchemaContext {
  components: Record<string, Schema>;
  knowns: Knowns;
  /**
   * Values meant to pass validation: known values only, text that trims to something and fits,
   * amounts in whole yuan, days of the last four years. Otherwise valid-shaped values include
   * hostile text, any double and days that do not exist.
   */
  tame?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Strings people (and attackers) actually send.

/** Pieces of hostile text: every script the register meets, emoji, controls, direction overrides, lone surrogates. */
const PIECES = [
  '杭州市西湖区', '萧山', 'Hangzhou', 'Ｈａｎｇｚｈｏｕ（全角）', '९१३३', 'مرحبا', 'Привет', '👨‍👩‍👧‍👦', '🇨🇳', '😀', 'é', 'e\u0301',
  '\u0000', '\u0007', '\u001b[31m', '\r\n', '\t', '\u0085', '\u2028', '\u202e', '\u200b', '\ufeff', '\ufffd', '\ud800', '\udfff',
  '<script>alert(1)</script>', '"\'`', '${0}', '%s%n', '../../', '\\', '%00', '%E0%A4%A', '&amp;', '=1+1', ' ', '',
];
const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PIECES) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
);

/** Mixed-script text with controls and emoji, sometimes very long. */
export const hostileText = fc.oneof(
  { weight: 8, arbitrary: fc.array(piece, { maxLength: 8 }).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('A', '杭', '😀', '\u0000'), fc.integer({ min: 1_000, max: 20_000 })).map(([c, n]) => c.repeat(n)) },
);

/** JSON values of every type, for a field that wanted something else. */
const anyJson = fc.oneof(
  hostileText,
  fc.constantFrom(0, -1, 1.5, 1e308, -0, Number.MAX_SAFE_INTEGER + 2, true, false, null, [], {}, [null], { '': '' }),
  fc.jsonValue({ maxDepth: 3 }),
);

const today = shanghaiDate();
/** Days of the last four years: what decisions and publications carry. */
const pastDay = fc.integer({ min: -1_500, max: 0 }).map((d) => addDays(today, d));
/** Calendar days: near today, anywhere in 1900–9999, and days that do not exist. */
export const calendarDay = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -1_500, max: 30 }).map((d) => addDays(today, d)) },
  { weight: 1, arbitrary: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
  { weight: 1, arbitrary: fc.constantFrom('2026-02-30', '2025-02-29', '2026-13-01', '0000-01-01', '2026-1-1', '20261127', '2026-11-27T00:00:00Z') },
);

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Well-formed codes with a correct check character (GB 32100-2015), so some writes register new enterprises. */
export const validUscc = fc
  .tuple(fc.constantFrom('91', '92', '93', '11', '12'), fc.stringMatching(/^\d{6}$/), fc.array(fc.constantFrom(...USCC_CHARS), { minLength: 9, maxLength: 9 }))
  .map(([head, region, rest]) => withCheckCharacter(`${head}${region}${rest.join('')}`));

// ---------------------------------------------------------------------------------------------
// Valid-shaped values from a schema.

const typesOf = (s: Schema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);
const resolve = (s: Schema, ctx: SchemaContext): Schema => (s.$ref ? resolve(ctx.components[s.$ref.split('/').at(-1) ?? ''] ?? {}, ctx) : s);

function stringArb(s: Schema, tame: boolean): fc.Arbitrary<string> {
  // zod's refinements do not reach JSON Schema: a date field is known by its example.
  if (typeof s.example === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s.example)) return tame ? pastDay : calendarDay;
  if (s.pattern !== undefined) return fc.stringMatching(new RegExp(s.pattern));
  const min = Math.max(1, s.minLength ?? 0);
  const max = s.maxLength ?? 10_000;
  // What the schema accepts, lone surrogates included: refusing those is the server's business.
  const fits = (t: string) => t.trim().length >= min && t.length <= max;
  const plausible = fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.min(max, min + 40) });
  return fc.oneof({ weight: 3, arbitrary: tame ? plausible.filter(fits) : plausible }, { weight: 1, arbitrary: tame ? hostileText.filter(fits) : hostileText });
}

function numberArb(s: Schema, integer: boolean, tame: boolean): fc.Arbitrary<number> {
  const min = s.minimum ?? -1e6;
  const max = s.maximum ?? 1e6;
  const small = fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31 - 1) });
  if (integer) return fc.oneof(small, fc.constantFrom(min, max));
  const fourDecimals = fc.integer({ min: 0, max: 10_000_000 }).map((n) => Math.min(max, Math.max(min, n / 10_000)));
  return tame ? fc.oneof(small, fourDecimals) : fc.oneof(small, fourDecimals, fc.double({ min, max, noNaN: true }));
}

/**
 * A value of the schema's shape: right types, enums, patterns and bounds (refinements may still
 * refuse it). A field or parameter named in `ctx.knowns` mostly takes a value that exists.
 */
export function valid(schema: Schema, ctx: SchemaContext, name?: string): fc.Arbitrary<unknown> {
  const known = name ? ctx.knowns[name] : undefined;
  if (known?.length) return ctx.tame ? fc.constantFrom(...known) : fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: valid(schema, ctx) });
  const s = resolve(schema, ctx);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => valid(a, ctx, name)));
  const types = typesOf(s);
  if (types.length > 1) return fc.oneof(...types.map((type) => valid({ ...s, type }, ctx, name)));
  switch (types[0]) {
    case 'string':
      return stringArb(s, ctx.tame === true);
    case 'integer':
      return numberArb(s, true, ctx.tame === true);
    case 'number':
      return numberArb(s, false, ctx.tame === true);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.uniqueArray(valid(s.items ?? {}, ctx, name), { selector: (v) => JSON.stringify(v), minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, (s.minItems ?? 0) + 3) });
    case 'object': {
      const props = s.properties ?? {};
      if (Object.keys(props).length === 0 && typeof s.additionalProperties === 'object') {
        const keys = s.propertyNames?.enum ? fc.constantFrom(...(s.propertyNames.enum as string[])) : fc.string({ maxLength: 10 });
        return fc.dictionary(keys, valid(s.additionalProperties, ctx), { maxKeys: 3 });
      }
      const model = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, valid(v, ctx, k)]));
      return fc.record(model, { requiredKeys: s.required ?? [] });
    }
    default:
      return anyJson;
  }
}

// ---------------------------------------------------------------------------------------------
// Malformed values: one thing wrong somewhere in a valid-shaped value.

/** Keys that walk into the prototype chain when a parser or a merge is careless. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__'];

/** An own, enumerable property even for `__proto__` (plain assignment would set the prototype instead). */
const defineOwn = (o: Record<string, unknown>, key: string, value: unknown) => Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });

/** Every object inside `value` (not arrays), `value` itself first. */
function objectsIn(value: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (value && typeof value === 'object') {
    if (!Array.isArray(value)) out.push(value as Record<string, unknown>);
    for (const v of Object.values(value)) objectsIn(v, out);
  }
  return out;
}

type Mutation = { kind: 'wrong-type' | 'missing' | 'extra'; pick: number; key: string; value: unknown };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('wrong-type', 'missing', 'extra'),
  pick: fc.nat(),
  key: fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS, 'status', 'version', 'id', 'publicationEnd'), hostileText),
  value: anyJson,
});

function mutate(value: unknown, m: Mutation): unknown {
  const copy = structuredClone(value);
  const objects = objectsIn(copy);
  const target = objects[m.pick % Math.max(1, objects.length)];
  if (!target) return m.value; // not an object at all: send the wrong thing instead
  const keys = Object.keys(target);
  const key = keys[m.pick % Math.max(1, keys.length)];
  if (m.kind === 'extra' || key === undefined) defineOwn(target, m.key, m.value);
  else if (m.kind === 'missing') delete target[key];
  else target[key] = m.value;
  return copy;
}

/** A valid-shaped value with one field of the wrong type, missing or extra — or any JSON at all. */
export function malformed(schema: Schema, ctx: SchemaContext): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 4, arbitrary: fc.tuple(valid(schema, ctx), mutation).map(([v, m]) => mutate(v, m)) }, { weight: 1, arbitrary: anyJson });
}

// ---------------------------------------------------------------------------------------------
// Bodies as bytes on the wire.

export interface Body {
  /** What it is, for the counterexample. */
  label: string;
  data: string | Uint8Array;
}

const text = (label: string, data: string): Body => ({ label, data });

/** Invalid UTF-8: a lone continuation byte, an overlong '/', a CESU surrogate, bytes that never occur, a truncated sequence. */
const BAD_UTF8 = [[0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff, 0xfe], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe6, 0x9d]];

/** `text` as UTF-8 with an invalid sequence after one of the `anchor` matches (a JSON string's opening quote, a CSV cell). */
function withBadUtf8(text: string, pick: number, anchor = /":"/g): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  const ends = [...text.matchAll(anchor)].map((m) => new TextEncoder().encode(text.slice(0, (m.index ?? 0) + m[0].length)).length);
  const at = ends.length ? (ends[pick % ends.length] as number) : 0;
  const bad = BAD_UTF8[pick % BAD_UTF8.length] as number[];
  return new Uint8Array([...bytes.slice(0, at), ...bad, ...bytes.slice(at)]);
}

/** The same key twice in the JSON text: the parser keeps one of them, silently. */
function withDuplicateKey(json: string, other: unknown, first: boolean): string {
  const m = /^\{"((?:[^"\\]|\\.)*)":/.exec(json);
  if (!m) return `{"a":1,"a":${JSON.stringify(other)}}`;
  const dup = `"${m[1]}":${JSON.stringify(other) ?? 'null'}`;
  return first ? `{${dup},${json.slice(1)}` : `${json.slice(0, -1)},${dup}}`;
}

/** Nesting `depth` levels deep, as arrays or objects, alone or as a field's value. */
const deep = (depth: number, objects: boolean) => (objects ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`);

/** Number literals JSON allows and a double cannot hold: overflow to Infinity, underflow to 0, more digits than it keeps. */
const ODD_NUMBERS = ['1e999', '-1e999', '1e-400', '-0', '123456789012345678901234567890', '0.30000000000000004441', '1E+2'];

/** `json` with its first number value (or else a new field) written as `literal`. */
const withNumber = (json: string, literal: string) => (/:-?\d/.test(json) ? json.replace(/:-?[\d.eE+-]+/, `:${literal}`) : `{"n":${literal},${json.slice(1)}`);

/** Hostile JSON bodies for a route whose body is `schema`: malformed values, and raw texts no serializer would produce. */
export function hostileJsonBody(schema: Schema, ctx: SchemaContext, maxBytes: number): fc.Arbitrary<Body> {
  const ok = valid(schema, ctx);
  const raw: fc.Arbitrary<Body> = fc.oneof(
    fc.tuple(ok, anyJson, fc.boolean()).map(([v, other, first]) => text('duplicate key', withDuplicateKey(JSON.stringify(v), other, first))),
    fc.tuple(ok, fc.constantFrom(...ODD_NUMBERS)).map(([v, literal]) => text(`number ${literal}`, withNumber(JSON.stringify(v), literal))),
    fc.tuple(fc.integer({ min: 1_000, max: 10_000 }), fc.boolean(), fc.boolean()).map(([depth, objects, alone]) =>
      text(`nested ${objects ? depth : depth * 3} deep`, alone ? deep(objects ? depth : depth * 3, objects) : `{"reason":${deep(depth, objects)},"name":"x"}`),
    ),
    fc.tuple(ok, fc.constantFrom(...PROTOTYPE_KEYS)).map(([v, key]) => text(`${key} key`, `{"${key}":{"polluted":true,"isAdmin":true},${JSON.stringify(v).slice(1)}`)),
    ok.map((v) => text('constructor.prototype', JSON.stringify({ constructor: { prototype: { polluted: true } }, ...(v as object) }))),
    fc.tuple(ok, fc.nat()).map(([v, pick]) => ({ label: 'invalid UTF-8', data: withBadUtf8(JSON.stringify(v), pick) })),
    fc.constantFrom('', ' ', 'null', '[]', '"text"', '0', '1e999', 'NaN', '{', '{"a":1,}', "{'a':1}", '\ufeff{}', '<?xml version="1.0"?><a/>', 'a=1&b=2').map((t) => text('not a JSON object', t)),
    fc.constantFrom('x', '杭', '😀').map((c) => text('over the body limit', `{"reason":"${c.repeat(Math.ceil((maxBytes + 1) / new TextEncoder().encode(c).length))}"}`)),
  );
  return fc.oneof(
    { weight: 1, arbitrary: malformed(schema, ctx).map((v) => text('malformed', JSON.stringify(v) ?? 'undefined')) },
    { weight: 1, arbitrary: raw },
  );
}

/** A valid-shaped JSON body. */
export const validJsonBody = (schema: Schema, ctx: SchemaContext) => valid(schema, ctx).map((v) => text('valid-shaped', JSON.stringify(v)));

/** A body for a route that takes none: mostly nothing, sometimes something. */
export const strayBody: fc.Arbitrary<Body | undefined> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: anyJson.map((v) => text('stray JSON', JSON.stringify(v) ?? '')) },
);

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const csvCell = (v: unknown) => {
  const s = v === undefined || v === null ? '' : Array.isArray(v) ? v.join(';') : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV import files made from the record and enterprise schemas: the import's columns are their fields in snake_case. */
export function validCsvBody(columns: readonly string[], record: Schema, enterprise: Schema, ctx: SchemaContext): fc.Arbitrary<Body> {
  const row = fc.tuple(valid(record, ctx), valid(enterprise, ctx)).map(([r, e]) => {
    const { authority, ...fields } = r as Record<string, unknown> & { authority?: { name?: string; uscc?: string } };
    const { name, ...ent } = e as Record<string, unknown>;
    const flat: Record<string, unknown> = { enterprise_name: name, authority_name: authority?.name, authority_uscc: authority?.uscc };
    for (const [k, v] of Object.entries({ ...ent, ...fields })) flat[snake(k)] = v;
    return columns.map((c) => csvCell(flat[c])).join(',');
  });
  return fc
    .tuple(fc.array(row, { minLength: 1, maxLength: 3 }), fc.boolean())
    .map(([rows, bom]) => text('CSV from the schemas', `${bom ? '\ufeff' : ''}${[columns.join(','), ...rows].join('\r\n')}\r\n`));
}

/** Import files broken as files: invalid UTF-8, not CSV, torn rows, over the limit. */
export function hostileCsvBody(file: fc.Arbitrary<Body>, columns: readonly string[], maxBytes: number): fc.Arbitrary<Body> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.tuple(file, fc.nat()).map(([b, pick]) => ({ label: 'CSV with invalid UTF-8', data: withBadUtf8(String(b.data), pick, /\r\n[^,]*,/g) })) },
    { weight: 2, arbitrary: hostileText.map((t) => text('not CSV', t)) },
    { weight: 1, arbitrary: fc.constantFrom('', columns.join(','), `${columns.join(',')}\r\n"unterminated`, `${columns.slice(0, 3).join(',')}\r\n1,2,3,4,5`, `=cmd|'/c calc'!A1\r\n`).map((t) => text('broken CSV', t)) },
    { weight: 1, arbitrary: fc.constant(text('over the body limit', `${columns.join(',')}\r\n${'x'.repeat(maxBytes)}`)) },
  );
}

// ---------------------------------------------------------------------------------------------
// Paths, query strings and headers.

/** Percent-encoding that, unlike encodeURIComponent alone, never throws: lone surrogates become U+FFFD first. */
export const encode = (s: string) => encodeURIComponent(s.replace(/\p{Cs}/gu, '\ufffd'));

/** Percent-encoding that is not: truncated, invalid UTF-8, encoded slashes and dots, NUL. */
const RAW_SEGMENTS = ['%', '%Z9', '%E0%A4%A', '%C0%AF', '%FF%FE', '%00', '%2F', '%2e%2e', '..', '.', '%ED%A0%80', '%25', '%0D%0A', '', ';a=b'];

/** A path parameter: a real or valid-shaped value (`tame`), else also hostile text or broken percent-encoding. */
export function pathValue(param: Param, ctx: SchemaContext): fc.Arbitrary<string> {
  const good = valid(param.schema, ctx, param.name).map((v) => encode(String(v)));
  if (ctx.tame) return good;
  return fc.oneof({ weight: 2, arbitrary: good }, { weight: 2, arbitrary: hostileText.map(encode) }, { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS) });
}

/** One query parameter's raw `name=value` pairs: absent or valid (`tame`), else also wrong, repeated, or empty. */
function queryPairs(param: Param, ctx: SchemaContext): fc.Arbitrary<string[]> {
  const good = valid(param.schema, ctx, param.name).map((v) => encode(String(v)));
  const name = encode(param.name);
  if (ctx.tame) return param.required ? good.map((v) => [`${name}=${v}`]) : fc.option(good.map((v) => [`${name}=${v}`]), { nil: [] as string[], freq: 2 });
  const value = fc.oneof(
    { weight: 2, arbitrary: good },
    { weight: 2, arbitrary: hostileText.map(encode) },
    { weight: 1, arbitrary: fc.constantFrom('', '-1', '0', '1e309', '-0', '0x10', '1.5', ' 5', '9007199254740993', 'NaN', 'Infinity', 'true', '[]', '%', '%E0%A4%A') },
  );
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant<string[]>([]) },
    { weight: 4, arbitrary: value.map((v) => [`${name}=${v}`]) },
    { weight: 1, arbitrary: fc.tuple(value, value).map(([a, b]) => [`${name}=${a}`, `${name}=${b}`]) },
    { weight: 1, arbitrary: fc.constant<string[]>([name]) },
  );
}

/** A query string over the documented parameters plus, unless `tame`, unknown ones. */
export function queryString(params: Param[], ctx: SchemaContext): fc.Arbitrary<string> {
  const unknown = ctx.tame ? fc.constant([]) : fc.array(fc.tuple(fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS, 'lang', 'limit[]'), hostileText), hostileText).map(([k, v]) => `${encode(k)}=${encode(v)}`), { maxLength: 2 });
  return fc.tuple(fc.tuple(...params.map((p) => queryPairs(p, ctx))), unknown).map(([pairs, extra]) => {
    const all = [...pairs.flat(), ...extra];
    return all.length ? `?${all.join('&')}` : '';
  });
}

/** A header value the Fetch API accepts: Latin-1 without NUL, CR or LF. */
export const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 60 });

// ---------------------------------------------------------------------------------------------
// What was written.

/** DynamoDB commands that can change a table. */
export const WRITE_COMMANDS = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand', 'ExecuteStatementCommand', 'ExecuteTransactionCommand', 'BatchExecuteStatementCommand']);

const sortKeys = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(sortKeys) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])])) : v;

/**
 * A digest of every item in the table (a Scan, in the test only: production code never scans).
 * Two equal digests mean not one attribute of one item changed. Four segments at once: the fuzz
 * takes one after every request that sent a write.
 */
export async function tableFingerprint(db: Db, segments = 4): Promise<{ digest: string; items: number }> {
  const lines: string[] = [];
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let start: Record<string, AttributeValue> | undefined;
      do {
        const page = await db.client.send(new ScanCommand({ TableName: db.tableName, ConsistentRead: true, Segment: segment, TotalSegments: segments, ExclusiveStartKey: start }));
        for (const item of page.Items ?? []) lines.push(JSON.stringify(sortKeys(item)));
        start = page.LastEvaluatedKey;
      } while (start);
    }),
  );
  return { digest: createHash('sha256').update(lines.sort().join('\n')).digest('hex'), items: lines.length };
}
