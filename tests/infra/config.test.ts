/**
 * Stage configuration: presets per stage, overrides from CDK context, validation with a message an
 * operator can act on — and a synth that fails before defining anything when the config is wrong.
 */
import { describe, expect, it } from 'vitest';
import { App } from 'aws-cdk-lib';
import { loadStageConfig, StageConfigError } from '../../infra/cdk/config.ts';
import { defineRegister } from '../../infra/cdk/register.ts';

const fromContext = (context: Record<string, unknown>) => loadStageConfig((key) => context[key]);
const failure = (context: Record<string, unknown>) => {
  try {
    fromContext(context);
  } catch (error) {
    expect(error).toBeInstanceOf(StageConfigError);
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(context)}`);
};

describe('stage configuration', () => {
  it('defaults to dev', () => {
    expect(fromContext({}).stage).toBe('dev');
  });

  it('takes the prod preset and CLI overrides, turning numeric strings into numbers', () => {
    const config = fromContext({ stage: 'prod', wafRateLimit: '5000', logRetentionDays: '400', alarmEmail: 'ops@example.gov.cn' });
    expect(config).toMatchObject({ stage: 'prod', wafRateLimit: 5000, logRetentionDays: 400, alarmEmail: 'ops@example.gov.cn' });
    expect(config.alarms.lambdaErrors).toBe(1);
  });

  it('accepts a domain with a us-east-1 certificate', () => {
    const certificateArn = 'arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012';
    expect(fromContext({ domainName: 'credit.example.gov.cn', certificateArn }).domain).toEqual({ name: 'credit.example.gov.cn', certificateArn });
  });

  it.each([
    ['an unknown stage', { stage: 'qa' }, /Invalid stage "qa".*dev, prod/],
    ['a rate limit that is not a number', { wafRateLimit: 'lots' }, /wafRateLimit: .*"lots"/],
    ['a rate limit below WAF’s minimum', { wafRateLimit: '5' }, /wafRateLimit: .*(>=|at least|too small).*10/i],
    ['a retention CloudWatch does not offer', { logRetentionDays: '10' }, /logRetentionDays: must be one of CloudWatch Logs' retention periods/],
    ['prod logs kept under six months', { stage: 'prod', logRetentionDays: '90' }, /logRetentionDays: prod keeps logs at least 180 days \(网络安全法 Art\. 21/],
    ['a certificate outside us-east-1', { domainName: 'credit.example.gov.cn', certificateArn: 'arn:aws:acm:cn-north-1:123456789012:certificate/12345678-1234-1234-1234-123456789012' }, /certificateArn: must be an ACM certificate ARN in us-east-1/],
    ['a domain without a certificate', { domainName: 'credit.example.gov.cn' }, /set domainName and certificateArn together/],
    ['an account id that is not 12 digits', { account: '1234' }, /account: must be a 12-digit AWS account id/],
    ['an e-mail that is not one', { alarmEmail: 'ops' }, /alarmEmail: /],
  ])('rejects %s, naming the context key', (_what, context, message) => {
    expect(failure(context)).toMatch(message);
  });

  it('fails the synth before any stack is defined', () => {
    const app = new App({ context: { stage: 'prod', wafRateLimit: '1' } });
    expect(() => defineRegister(app)).toThrow(/Invalid configuration for stage "prod"[\s\S]*wafRateLimit/);
    expect(app.node.children).toHaveLength(0);
  });
});
