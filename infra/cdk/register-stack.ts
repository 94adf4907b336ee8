/**
 * The register in the cloud, one stack per stage, read top to bottom like the architecture
 * (DESIGN.md §6): data, secrets and files; who may sign in; the functions; the API; the edge;
 * the schedules; the alarms.
 *
 * Region: the whole stack is in us-east-1. CloudFront's WAF web ACL (scope CLOUDFRONT) and a
 * CloudFront custom-domain certificate can only be created in us-east-1; with everything there
 * they are ordinary in-stack references — no second stack, no cross-region reference custom
 * resources (a Lambda and SSM parameters per reference), one `cdk deploy`. The data is public by
 * law and CloudFront serves readers from edges near them, so the origin's region only adds latency
 * to cache misses. Moving the origin elsewhere means: a us-east-1 stack for the web ACL and the
 * certificate, `crossRegionReferences: true` on this one.
 */
import { CfnOutput, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { AccessLogs } from './access-logs.ts';
import { Api } from './api.ts';
import { Auth } from './auth.ts';
import type { StageConfig } from './config.ts';
import { Data } from './data.ts';
import { Edge } from './edge.ts';
import { FUNCTIONS, type FunctionSpec } from './functions/catalogue.ts';
import { Functions } from './functions/index.ts';
import { Jobs } from './jobs.ts';
import { Monitoring } from './monitoring.ts';
import { SigningKey } from './signing-key.ts';
import { Snapshots } from './snapshots.ts';

export interface RegisterStackProps extends StackProps {
  config: StageConfig;
  /** The functions to deploy; the catalogue unless a test passes its own. */
  functions?: readonly FunctionSpec[];
}

export class RegisterStack extends Stack {
  readonly data: Data;
  readonly auth: Auth;
  readonly functions: Functions;
  readonly api: Api;
  readonly edge: Edge;
  readonly jobs: Jobs;
  readonly monitoring: Monitoring;
  readonly signingKey: SigningKey;
  readonly snapshots: Snapshots;

  constructor(scope: Construct, id: string, props: RegisterStackProps) {
    super(scope, id, props);
    const { config } = props;
    const logRetention = config.logRetentionDays as RetentionDays;
    Tags.of(this).add('project', 'hz-quality-credit');
    Tags.of(this).add('stage', config.stage);

    this.data = new Data(this, 'Data', config.restoredTableName ? { restoredTableName: config.restoredTableName } : {});
    this.signingKey = new SigningKey(this, 'SigningKey');
    const accessLogs = new AccessLogs(this, 'AccessLogs', { retentionDays: config.accessLogRetentionDays });
    this.snapshots = new Snapshots(this, 'Snapshots', { accessLogs: accessLogs.bucket });
    this.auth = new Auth(this, 'Auth');

    this.functions = new Functions(this, 'Functions', {
      specs: props.functions ?? FUNCTIONS,
      table: this.data.table,
      indexNames: this.data.indexNames,
      logRetention,
      signingKey: this.signingKey.secret,
      snapshots: this.snapshots.bucket,
      jwt: { issuer: this.auth.issuer, audience: this.auth.client.userPoolClientId },
    });

    this.api = new Api(this, 'Api', {
      functions: this.functions.http,
      jwt: { issuer: this.auth.issuer, audience: [this.auth.client.userPoolClientId] },
      throttle: config.apiThrottle,
      logRetention,
    });

    this.edge = new Edge(this, 'Edge', {
      apiDomainName: this.api.domainName,
      snapshots: this.snapshots.bucket,
      accessLogs: accessLogs.bucket,
      wafRateLimit: config.wafRateLimit,
      ...(config.domain ? { domain: config.domain } : {}),
    });

    this.jobs = new Jobs(this, 'Jobs', { targets: this.functions.scheduled.map(({ job, fn }) => ({ job, fn: fn.function })) });

    this.monitoring = new Monitoring(this, 'Monitoring', {
      functions: this.functions.all,
      httpApi: this.api.httpApi,
      table: this.data.table,
      thresholds: config.alarms,
      ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
    });

    const output = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    output('ApiUrl', this.api.stage.url, 'HTTP API ($default stage); bypasses CloudFront and its WAF, for diagnosis');
    output('CloudFrontUrl', config.domain ? `https://${config.domain.name}` : this.edge.url, 'The public address of the register');
    output('CloudFrontDomainName', this.edge.distribution.distributionDomainName, 'Point the custom domain (CNAME/alias) here');
    output('TableName', this.data.table.tableName, 'The register table (restore from PITR into a new table: README)');
    output('UserPoolId', this.auth.userPool.userPoolId, 'Cognito user pool of officials and enterprises');
    output('UserPoolClientId', this.auth.client.userPoolClientId, 'App client (JWT audience)');
    output('SigningKeySecretArn', this.signingKey.secret.secretArn, 'Install the checkpoint signing key here');
    output('SnapshotsBucketName', this.snapshots.bucket.bucketName, 'Snapshot files, served under /snapshots/');
    output('AlarmTopicArn', this.monitoring.topic.topicArn, 'Subscribe to receive alarms');
  }
}
