import type { Verifier } from '../../shared/auth/verifier.ts';
import type { Db } from '../../shared/store/db.ts';

/** What the enterprises' app needs: the table (its own data only) and a token verifier. */
export interface EnterpriseDeps {
  db: Db;
  verify: Verifier;
  /** Origins allowed to call from a browser (default: CORS_ALLOWED_ORIGINS, else none). */
  corsOrigins?: readonly string[];
}
