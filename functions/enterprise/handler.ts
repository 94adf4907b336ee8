import { handle } from 'hono/aws-lambda';
import { verifierFromEnv } from '../../shared/auth/verifier.ts';
import { dbFromEnv } from '../../shared/store/db.ts';
import { createEnterpriseApp } from './app.ts';

/** Lambda entry point of the enterprises' app behind API Gateway HTTP API v2 (JWT authorizer in front too). */
export const handler = handle(createEnterpriseApp({ db: dbFromEnv(), verify: verifierFromEnv() }));
