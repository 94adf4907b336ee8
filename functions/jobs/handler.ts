/**
 * Lambda entry point of the scheduled jobs: EventBridge Scheduler invokes it with `{ "job": "<name>" }`.
 */
import { dbFromEnv } from '../../shared/store/db.ts';
import { runExpiry } from './expire.ts';

const db = dbFromEnv();

export const JOBS = {
  expire: () => runExpiry(db),
} as const;

export async function handler(event: { job?: string }) {
  const job = JOBS[(event.job ?? '') as keyof typeof JOBS];
  if (!job) throw new Error(`Unknown job ${JSON.stringify(event.job)}; known: ${Object.keys(JOBS).join(', ')}`);
  return job();
}
