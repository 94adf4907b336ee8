/**
 * Structured logs: one JSON object per line, as CloudWatch Logs Insights reads them. Fields are
 * typed as scalars on purpose — nobody can log a request body, an item or a principal by passing
 * it along, so personal data (ID numbers, phones, application texts) cannot reach the logs.
 * LOG_LEVEL (debug|info|warn|error|silent, default info) drops what is below it.
 *
 * @example log('info', 'request', { requestId, route: '/v1/enterprises/:uscc', status: 200, ms: 12 })
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined | readonly (string | number)[]>;

const RANK: Record<LogLevel | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

function threshold(): number {
  const wanted = process.env.LOG_LEVEL as LogLevel | 'silent' | undefined;
  return RANK[wanted && wanted in RANK ? wanted : 'info'];
}

/** Where lines go: stdout for info and below, stderr for warnings and errors (Lambda keeps both). */
export let logSink = (level: LogLevel, line: string): void => {
  (RANK[level] >= RANK.warn ? process.stderr : process.stdout).write(`${line}\n`);
};

/** Send log lines elsewhere (tests); returns a function that restores the previous sink. */
export function redirectLogs(sink: typeof logSink): () => void {
  const previous = logSink;
  logSink = sink;
  return () => {
    logSink = previous;
  };
}

export function log(level: LogLevel, msg: string, fields: LogFields = {}): void {
  if (RANK[level] < threshold()) return;
  logSink(level, JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }));
}

/** What may be logged of an error: its kind and message, and those of its cause — never a stack. */
export function errorFields(error: unknown): LogFields {
  const describe = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  const cause = (error as { cause?: unknown } | null)?.cause;
  return { error: describe(error), ...(cause === undefined ? {} : { cause: describe(cause) }) };
}
