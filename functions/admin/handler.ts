import { handle } from 'hono/aws-lambda';
import { verifierFromEnv } from '../../shared/auth/verifier.ts';
import { dbFromEnv } from '../../shared/store/db.ts';
import { createAdminApp } from './app.ts';

/** Lambda entry point of the officials' app behind API Gateway HTTP API v2 (JWT authorizer in front too). */
export const handler = handle(createAdminApp({ db: dbFromEnv(), verify: verifierFromEnv() }));
