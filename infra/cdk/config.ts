/**
 * Stage configuration: a preset per stage (`dev`, `prod`), overridden by CDK context
 * (`-c stage=prod -c wafRateLimit=3000`), validated with zod at synth time. An invalid value fails
 * the synth with a message naming the context key, before any resource is defined.
 */
import { z } from 'zod';

/** The region of every stack; see infra/cdk/register-stack.ts for why it is us-east-1. */
export const REGION = 'us-east-1';

export const STAGES = ['dev', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

/** The periods CloudWatch Logs accepts (PutRetentionPolicy). */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** 网络安全法 (Cybersecurity Law of the PRC) Art. 21: network logs are kept for at least six months. */
const MIN_PROD_LOG_DAYS = 180;

const wholeNumber = (min: number, max: number) => z.number().int().min(min).max(max);

export const StageConfigSchema = z
  .object({
    stage: z.enum(STAGES),
    /** 12-digit account to pin the stack to; unset = the CLI's credentials, or env-agnostic offline. */
    account: z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id').optional(),
    /** Lambda and API access log groups. */
    logRetentionDays: z.number().refine((d) => LOG_RETENTION_DAYS.includes(d), {
      message: `must be one of CloudWatch Logs' retention periods: ${LOG_RETENTION_DAYS.join(', ')}`,
    }),
    /** S3 server access logs and CloudFront standard logs (they hold client IP addresses). */
    accessLogRetentionDays: wholeNumber(1, 3653),
    /** WAF rate-based rule: requests per client IP per 5 minutes before it answers 429. */
    wafRateLimit: wholeNumber(10, 2_000_000_000),
    /** HTTP API stage throttling (requests per second), also protecting the un-fronted endpoint. */
    apiThrottle: z.object({ rateLimit: wholeNumber(1, 10_000), burstLimit: wholeNumber(1, 5_000) }).strict(),
    alarms: z
      .object({
        /** Lambda `Errors` per function per 5 minutes (unhandled: the apps answer problems, not crashes). */
        lambdaErrors: wholeNumber(1, 100_000),
        lambdaThrottles: wholeNumber(1, 100_000),
        /** HTTP API 5xx per 5 minutes. */
        api5xx: wholeNumber(1, 100_000),
        /** HTTP API p99 latency, over three 5-minute periods. */
        apiP99LatencyMs: wholeNumber(50, 30_000),
        dynamoThrottles: wholeNumber(1, 100_000),
      })
      .strict(),
    /** Where alarms go, in addition to the SNS topic. */
    alarmEmail: z.email().optional(),
    /** A custom domain for CloudFront; its certificate must be in us-east-1 (CloudFront's rule). */
    domain: z
      .object({
        name: z.string().regex(/^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/, 'must be a lower-case host name'),
        certificateArn: z
          .string()
          .regex(/^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/, 'must be an ACM certificate ARN in us-east-1'),
      })
      .strict()
      .optional(),
    /**
     * Serve from a table restored from point-in-time recovery instead of the stack's own table
     * (README "Restore"). The stack's table is retained, not deleted.
     */
    restoredTableName: z
      .string()
      .regex(/^[a-zA-Z0-9_.-]{3,255}$/, 'must be a DynamoDB table name')
      .optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.stage !== 'prod') return;
    for (const key of ['logRetentionDays', 'accessLogRetentionDays'] as const) {
      if (config[key] < MIN_PROD_LOG_DAYS) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `prod keeps logs at least ${MIN_PROD_LOG_DAYS} days (网络安全法 Art. 21: six months)`,
        });
      }
    }
  });

export type StageConfig = z.infer<typeof StageConfigSchema>;

const PRESETS: Record<Stage, Omit<StageConfig, 'stage'>> = {
  dev: {
    logRetentionDays: 14,
    accessLogRetentionDays: 30,
    wafRateLimit: 1_000,
    apiThrottle: { rateLimit: 50, burstLimit: 100 },
    alarms: { lambdaErrors: 5, lambdaThrottles: 5, api5xx: 10, apiP99LatencyMs: 3_000, dynamoThrottles: 10 },
  },
  prod: {
    logRetentionDays: 365,
    accessLogRetentionDays: 365,
    // Generous per IP: many users in China share carrier-grade NAT addresses.
    wafRateLimit: 3_000,
    apiThrottle: { rateLimit: 500, burstLimit: 1_000 },
    alarms: { lambdaErrors: 1, lambdaThrottles: 1, api5xx: 5, apiP99LatencyMs: 1_000, dynamoThrottles: 1 },
  },
};

/** Context keys an operator may set with `-c key=value` (values arrive as strings from the CLI). */
export const CONTEXT_KEYS = [
  'stage',
  'account',
  'logRetentionDays',
  'accessLogRetentionDays',
  'wafRateLimit',
  'alarmEmail',
  'domainName',
  'certificateArn',
  'restoredTableName',
] as const;

export class StageConfigError extends Error {
  override readonly name = 'StageConfigError';
}

/** Read a context value; `-c wafRateLimit=3000` arrives as the string "3000". */
type ContextReader = (key: string) => unknown;

/**
 * The validated configuration of the stage named by context `stage` (default `dev`).
 *
 * @example loadStageConfig((key) => app.node.tryGetContext(key))
 */
export function loadStageConfig(context: ContextReader): StageConfig {
  const stage = context('stage') ?? 'dev';
  if (typeof stage !== 'string' || !(STAGES as readonly string[]).includes(stage)) {
    throw new StageConfigError(`Invalid stage ${JSON.stringify(stage)} (context "stage"): must be one of ${STAGES.join(', ')}.`);
  }
  const preset = PRESETS[stage as Stage];
  // Strings stay strings; whole numbers typed on the command line become numbers.
  const number = (key: string, fallback: number) => {
    const value = context(key);
    return value === undefined ? fallback : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  };
  const domainName = context('domainName');
  const certificateArn = context('certificateArn');
  if ((domainName === undefined) !== (certificateArn === undefined)) {
    throw new StageConfigError(
      `Invalid configuration for stage "${stage}": set domainName and certificateArn together (an ACM certificate in us-east-1 that covers the domain).`,
    );
  }
  const candidate = {
    ...preset,
    stage,
    account: context('account'),
    logRetentionDays: number('logRetentionDays', preset.logRetentionDays),
    accessLogRetentionDays: number('accessLogRetentionDays', preset.accessLogRetentionDays),
    wafRateLimit: number('wafRateLimit', preset.wafRateLimit),
    alarmEmail: context('alarmEmail'),
    domain: domainName === undefined && certificateArn === undefined ? undefined : { name: domainName, certificateArn },
    restoredTableName: context('restoredTableName'),
  };
  const parsed = StageConfigSchema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const path = issue.path.join('.');
    const key = path === 'domain.name' ? 'domainName' : path === 'domain.certificateArn' ? 'certificateArn' : path;
    const got = key === 'domain' ? '' : ` (got ${JSON.stringify(context(key) ?? pick(candidate, issue.path))})`;
    return `  - ${key}: ${issue.message}${got}`;
  });
  throw new StageConfigError(`Invalid configuration for stage "${stage}" (CDK context, e.g. -c key=value):\n${lines.join('\n')}`);
}

function pick(value: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), value);
}
