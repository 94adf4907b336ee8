import type { Db } from '../../shared/store/db.ts';

/** What the public app needs from outside: read access to the register's table. */
export interface PublicDeps {
  db: Db;
}
