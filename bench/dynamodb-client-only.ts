/**
 * A reference point for the benchmark: only the DynamoDB client every function creates at module
 * scope (shared/store/db.ts), bundled the same way — the floor of any bundle with the SDK inside.
 */
import { dbFromEnv } from '../shared/store/db.ts';

export const db = dbFromEnv();
