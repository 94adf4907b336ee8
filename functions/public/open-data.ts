/**
 * What the open-data routes share: their configuration, the bounds of "as of" queries, and the
 * checksums of snapshot files this process has served in full.
 */
import { z } from '@hono/zod-openapi';
import { checkAsOf } from '../../shared/public/as-of.ts';
import { isCalendarDate, shanghaiDate, type CalendarDate } from '../../shared/rules/calendar.ts';
import type { Db } from '../../shared/store/db.ts';
import { readFirstEvent } from '../../shared/store/open-data.ts';

export interface OpenDataConfig {
  /**
   * The authority in Atom entry ids (`tag:<authority>,2026:…`, RFC 4151): a domain the publisher
   * held in 2026. Ids must never change once published — set it before going live.
   */
  tagAuthority: string;
  /**
   * The first day "as of" queries answer for. Unset: the day of the first ledger event. A register
   * that imported earlier publications sets the day its imported history begins.
   */
  registerBegan?: CalendarDate;
  /**
   * The public origin for absolute links in feeds and the catalogue, e.g. `https://credit.example`
   * (the CDN's, not the API Gateway's). Unset: the origin of each request.
   */
  publicOrigin?: string;
}

export const DEFAULT_TAG_AUTHORITY = 'quality-credit.hangzhou.example';

/** Configuration from the environment: ATOM_TAG_AUTHORITY, REGISTER_BEGAN (YYYY-MM-DD), PUBLIC_ORIGIN. */
export function openDataConfigFromEnv(env: NodeJS.ProcessEnv = process.env): OpenDataConfig {
  const began = env.REGISTER_BEGAN;
  if (began !== undefined && !isCalendarDate(began)) throw new Error(`REGISTER_BEGAN must be a calendar day (YYYY-MM-DD), not ${began}`);
  const origin = env.PUBLIC_ORIGIN ? new URL(env.PUBLIC_ORIGIN).origin : undefined;
  return { tagAuthority: env.ATOM_TAG_AUTHORITY || DEFAULT_TAG_AUTHORITY, ...(began ? { registerBegan: began } : {}), ...(origin ? { publicOrigin: origin } : {}) };
}

/** The origin absolute links are made from: the configured public one, else the request's. */
export const linkOrigin = (config: OpenDataConfig, requestUrl: string) => config.publicOrigin ?? new URL(requestUrl).origin;

/** The `asOf` query parameter: a real calendar day (its range is checked against the register). */
export const asOfParam = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a calendar day YYYY-MM-DD')
  .refine(isCalendarDate, 'must be a real calendar day')
  .optional()
  .openapi({
    description: 'Answer as the register stood on this day (Asia/Shanghai): from the day the register began through today.',
    example: '2026-03-15',
  });

/**
 * Checks `asOf` days against the register's history. The first event's day is read once: it can
 * never change after it exists.
 */
export class AsOfBounds {
  #began: CalendarDate | undefined;

  constructor(
    private readonly db: Db,
    config: OpenDataConfig,
    private readonly today: () => CalendarDate = () => shanghaiDate(),
  ) {
    this.#began = config.registerBegan;
  }

  /** @throws Problem `asof.out-of-range` */
  async check(day: CalendarDate): Promise<void> {
    const today = this.today();
    if (this.#began === undefined) {
      const first = await readFirstEvent(this.db);
      // An empty register has no history yet: only today can be asked about.
      if (!first) return checkAsOf(day, { began: today, today });
      this.#began = shanghaiDate(new Date(first.at));
    }
    checkAsOf(day, { began: this.#began, today });
  }
}

export interface SnapshotChecksum {
  seq: number;
  sha256: string;
  bytes: number;
}

/**
 * SHA-256 of snapshot files this process streamed in full while the ledger head stayed put — the
 * bytes anyone gets for that file at that seq. The catalogue lists them while they are current
 * ("checksums where available"); a new process starts without any.
 */
export class SnapshotChecksums {
  readonly #byFile = new Map<string, SnapshotChecksum>();

  record(file: string, checksum: SnapshotChecksum): void {
    const known = this.#byFile.get(file);
    if (!known || known.seq <= checksum.seq) this.#byFile.set(file, checksum);
  }

  /** The checksum of `file` at exactly `seq`, if one is known. */
  at(file: string, seq: number): SnapshotChecksum | undefined {
    const known = this.#byFile.get(file);
    return known?.seq === seq ? known : undefined;
  }
}
