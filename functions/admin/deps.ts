import type { Verifier } from '../../shared/auth/verifier.ts';
import type { Db } from '../../shared/store/db.ts';

/** What the officials' app needs: the table (read-write) and a token verifier. */
export interface AdminDeps {
  db: Db;
  verify: Verifier;
  now?: () => Date;
}
