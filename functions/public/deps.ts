import type { Db } from '../../shared/store/db.ts';
import type { OpenDataConfig } from './open-data.ts';

/** What the public app needs from outside: read access to the register's table. */
export interface PublicDeps {
  db: Db;
  /** Feeds and as-of settings; read from the environment when omitted (open-data.ts). */
  openData?: OpenDataConfig;
}
