import { handle } from 'hono/aws-lambda';
import { dbFromEnv } from '../../shared/store/db.ts';
import { createPublicApp } from './app.ts';

/** Lambda entry point: the same app the local server runs, behind API Gateway HTTP API v2. */
export const handler = handle(createPublicApp({ db: dbFromEnv() }));
