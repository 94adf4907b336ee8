import type { Verifier } from '../../shared/auth/verifier.ts';
import type { Db } from '../../shared/store/db.ts';

/** What the officials' app needs: the table (read-write) and a token verifier. */
export interface AdminDeps {
  db: Db;
  verify: Verifier;
  now?: () => Date;
  /** Origins allowed to call from a browser (default: CORS_ALLOWED_ORIGINS, else none). */
  corsOrigins?: readonly string[];
}
