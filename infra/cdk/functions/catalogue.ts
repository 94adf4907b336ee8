/**
 * The register's Lambda functions, declared once. One entry = one `functions/<name>/handler.ts`,
 * bundled to `dist/<name>/index.mjs` (infra/build/bundle.ts), deployed as one Lambda with exactly
 * the table actions, routes and schedules listed here (infra/cdk/*). Nothing else grants a function
 * anything: to see what a function may do, read its entry.
 *
 * Plain data on purpose: the bundler imports this file too, and must not load aws-cdk-lib.
 */

/**
 * DynamoDB actions a function may be granted. There is no `dynamodb:TransactWriteItems` IAM action:
 * a transaction is authorised item by item, so a function that commits ledger transactions lists
 * the item actions its transactions contain (Put, Update, ConditionCheck).
 * Scan is deliberately absent (DESIGN.md §2: no Scan on any request path).
 */
export type TableAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:Query'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:ConditionCheckItem';

/** Actions that also apply to the table's global secondary indexes (the others are table-only). */
export const INDEX_ACTIONS: readonly TableAction[] = ['dynamodb:Query'];

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRouteSpec {
  method: HttpMethod;
  /** API Gateway path syntax, the same as the OpenAPI document's: `/v1/records/{id}`. */
  path: string;
}

/** Cognito groups (DESIGN.md §5): officials carry a role, enterprises one USCC. */
export const OFFICIAL_GROUPS = ['publisher', 'reviewer', 'admin'] as const;
export const ENTERPRISE_GROUP = 'enterprise';
export type UserGroup = (typeof OFFICIAL_GROUPS)[number] | typeof ENTERPRISE_GROUP;

/**
 * Who may call a function's routes. `jwt` routes go through the API's Cognito JWT authorizer
 * (signature, issuer, audience); the groups are checked again by the app itself (defence in depth,
 * DESIGN.md §5) — API Gateway cannot check `cognito:groups`.
 */
export type HttpAccess = { kind: 'anonymous' } | { kind: 'jwt'; groups: readonly UserGroup[] };

/** Scheduled work (DESIGN.md §3): the wiring lives in infra/cdk/jobs.ts. */
export type JobName = 'expiry' | 'checkpoints' | 'snapshots' | 'stats';

export interface FunctionSpec {
  /** Folder under `functions/` (entry `handler.ts`, export `handler`) and bundle folder under `dist/`. */
  name: string;
  description: string;
  memoryMiB: number;
  timeoutSeconds: number;
  /** Exactly the DynamoDB actions its code performs, nothing more. */
  tableActions: readonly TableAction[];
  /** Routes it answers on the HTTP API, if any. */
  http?: { access: HttpAccess; routes: readonly HttpRouteSpec[] };
  /** Jobs the scheduler invokes it for, with `{ "job": "<name>" }` as the event. */
  schedules?: readonly JobName[];
  /** Read the ledger checkpoint signing key from Secrets Manager. */
  readsSigningKey?: boolean;
  /** Write snapshot files into the snapshots bucket (under `snapshots/`). */
  writesSnapshots?: boolean;
}

/** A read-only resource answers GET and HEAD (mirrors check `ETag` with HEAD; Hono serves HEAD from GET). */
export function reads(...paths: string[]): HttpRouteSpec[] {
  return paths.flatMap((path) => [
    { method: 'GET' as const, path },
    { method: 'HEAD' as const, path },
  ]);
}

export const FUNCTIONS: readonly FunctionSpec[] = [
  {
    name: 'public',
    description: 'Anonymous read API and web pages: profiles, search, lists, records, change feed, OpenAPI document and docs',
    // 1 GB buys the CPU share that keeps a cold start (parsing a ~0.5 MB bundle) short; a warm
    // profile lookup is one Query, so GB-seconds stay small either way.
    memoryMiB: 1024,
    timeoutSeconds: 10,
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query'],
    http: {
      access: { kind: 'anonymous' },
      // Explicit, never a catch-all: a path the public app does not serve is answered by API
      // Gateway, not by this function. tests/infra checks this list against the app's OpenAPI paths.
      routes: reads(
        '/healthz',
        '/openapi.json',
        '/docs',
        // The web pages (functions/public/pages/app.tsx PAGE_PATHS).
        '/',
        '/enterprises/{uscc}',
        '/lists/{listType}',
        '/open-data',
        '/stats',
        '/problems/{code}',
        '/v1/enterprises',
        '/v1/enterprises/{uscc}',
        '/v1/lists/{listType}',
        '/v1/records/{id}',
        '/v1/changes',
        '/v1/exports/{file}',
        '/v1/feeds/{file}',
        '/v1/catalog',
        '/v1/checkpoints/latest',
        '/v1/checkpoints/keys',
        '/v1/checkpoints/{seq}',
      ),
    },
  },

  {
    name: 'enterprise',
    description: 'An enterprise signed in as itself: its own file, credit repair applications',
    memoryMiB: 1024,
    timeoutSeconds: 10,
    // Reads its own item collections; an application is one transaction (application, its target
    // lock, audit entry, idempotency key — Puts; closing it deletes the lock).
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
    http: {
      access: { kind: 'jwt', groups: ['enterprise'] },
      routes: [
        ...reads('/v1/me', '/v1/repair-eligibility', '/v1/repair-requests', '/v1/repair-requests/{id}'),
        { method: 'POST', path: '/v1/repair-requests' },
        { method: 'POST', path: '/v1/repair-requests/{id}/supplements' },
        { method: 'POST', path: '/v1/repair-requests/{id}/withdraw' },
      ],
    },
  },
  {
    name: 'admin',
    description: 'Officials publish, correct, withdraw, list, review repairs, configure rules, import and audit',
    memoryMiB: 1536,
    // API Gateway's integration limit is 30 s; an import batches up to 100 items per transaction.
    timeoutSeconds: 29,
    // Ledger transactions Put entities, events, the head, audit entries and idempotency keys, and
    // Delete stale name aliases and closed repair locks. An import asks which of a batch's
    // enterprises exist with one BatchGetItem (shared/store/reads.ts readEnterpriseFiles).
    tableActions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
    http: {
      access: { kind: 'jwt', groups: ['publisher', 'reviewer', 'admin'] },
      routes: [
        ...reads(
          '/v1/admin/enterprises/{uscc}',
          '/v1/admin/records/{id}',
          '/v1/admin/listings/{id}',
          '/v1/admin/audit',
          '/v1/admin/repair-requests',
          '/v1/admin/repair-requests/{id}',
          '/v1/admin/config/repair-rules',
        ),
        { method: 'PUT', path: '/v1/admin/enterprises/{uscc}' },
        { method: 'PUT', path: '/v1/admin/enterprises/{uscc}/classification' },
        { method: 'POST', path: '/v1/admin/records' },
        { method: 'POST', path: '/v1/admin/records/{id}/corrections' },
        { method: 'POST', path: '/v1/admin/records/{id}/withdrawal' },
        { method: 'POST', path: '/v1/admin/listings' },
        { method: 'POST', path: '/v1/admin/listings/{id}/end' },
        { method: 'POST', path: '/v1/admin/imports' },
        { method: 'POST', path: '/v1/admin/repair-requests/{id}/decision' },
        { method: 'PUT', path: '/v1/admin/config/repair-rules' },
      ],
    },
  },
  {
    name: 'jobs',
    description: 'Scheduled: end publication periods that are over (expiry), sign ledger checkpoints, write snapshot files, recompute statistics',
    memoryMiB: 1024,
    timeoutSeconds: 900,
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
    // No http: nothing routes to it.
    schedules: ['expiry', 'checkpoints', 'snapshots', 'stats'],
    readsSigningKey: true,
    writesSnapshots: true,
  },
];
