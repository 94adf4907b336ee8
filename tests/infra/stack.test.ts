/**
 * The synthesized stack, property by property (offline: Template assertions on `cdk synth` output).
 * Expected values come from the modules they must follow — the shared table definition, the
 * function catalogue, the stage presets — never re-typed here.
 */
import { describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { FUNCTIONS } from '../../infra/cdk/functions/catalogue.ts';
import { createTableInput, INDEXES, TTL_ATTRIBUTE } from '../../shared/store/table.ts';
import {
  asArray,
  onlyResource,
  refTarget,
  resourcesOf,
  statementsOfRole,
  synthRegister,
  type CfnResource,
  type CfnTemplate,
} from './support/synth.ts';

const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012';
const dev = synthRegister({ stage: 'dev' });
const prod = synthRegister({ stage: 'prod', domainName: 'credit.example.gov.cn', certificateArn: CERTIFICATE, alarmEmail: 'ops@example.gov.cn' });
const byName = <T extends { AttributeName?: string; IndexName?: string }>(xs: T[]) =>
  [...xs].sort((a, b) => String(a.AttributeName ?? a.IndexName).localeCompare(String(b.AttributeName ?? b.IndexName)));

describe.each([
  ['dev', dev],
  ['prod', prod],
])('%s stack', (_stage, { stack, config, json, template }) => {
  it('lives in us-east-1, where the CLOUDFRONT web ACL and the CloudFront certificate must be', () => {
    expect(stack.region).toBe('us-east-1');
    expect(stack.stackName).toBe(`HzQualityCredit-${config.stage}`);
  });

  describe('data', () => {
    const expected = createTableInput('any');
    const [, table] = onlyResource(json, 'AWS::DynamoDB::GlobalTable');
    const props = table.Properties!;

    it('has the key schema, attributes and indexes of shared/store/table.ts', () => {
      expect(props.KeySchema).toEqual(expected.KeySchema);
      expect(byName(props.AttributeDefinitions)).toEqual(byName(expected.AttributeDefinitions!));
      const indexes = props.GlobalSecondaryIndexes.map((i: any) => ({ IndexName: i.IndexName, KeySchema: i.KeySchema, Projection: i.Projection }));
      expect(byName(indexes)).toEqual(byName(expected.GlobalSecondaryIndexes!.map(({ IndexName, KeySchema, Projection }) => ({ IndexName, KeySchema, Projection }))));
      expect(indexes.map((i: any) => i.IndexName).sort()).toEqual(Object.values(INDEXES).map((i) => i.name).sort());
    });

    it('is on-demand, with point-in-time recovery, deletion protection, TTL, and retained', () => {
      expect(props.BillingMode).toBe('PAY_PER_REQUEST');
      expect(props.Replicas).toHaveLength(1);
      expect(props.Replicas[0]).toMatchObject({
        Region: 'us-east-1',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      });
      expect(props.TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.UpdateReplacePolicy).toBe('Retain');
    });
  });

  describe('functions', () => {
    const functions = resourcesOf(json, 'AWS::Lambda::Function');
    const [tableId] = onlyResource(json, 'AWS::DynamoDB::GlobalTable');

    it('deploys exactly the catalogue', () => {
      expect(functions.map(([, f]) => f.Properties!.FunctionName).sort()).toEqual(FUNCTIONS.map((f) => `${stack.stackName}-${f.name}`).sort());
    });

    it.each(functions.map(([id, f]) => [id, f] as const))('%s: arm64, Node 22, own log group with retention, TABLE_NAME', (_id, fn) => {
      const p = fn.Properties!;
      expect(p.Architectures).toEqual(['arm64']);
      expect(p.Runtime).toBe('nodejs22.x');
      expect(p.Handler).toBe('index.handler');
      expect(p.Environment.Variables.TABLE_NAME).toEqual({ Ref: tableId });
      const logGroup = json.Resources[refTarget(p.LoggingConfig.LogGroup)!]!;
      expect(logGroup.Type).toBe('AWS::Logs::LogGroup');
      expect(logGroup.Properties!.RetentionInDays).toBe(config.logRetentionDays);
      const spec = FUNCTIONS.find((s) => p.FunctionName === `${stack.stackName}-${s.name}`)!;
      expect(p.MemorySize).toBe(spec.memoryMiB);
      expect(p.Timeout).toBe(spec.timeoutSeconds);
    });

    it('gives the public function GetItem and Query on the table and each index, and nothing else', () => {
      const [, fn] = functions.find(([, f]) => f.Properties!.FunctionName === `${stack.stackName}-public`)!;
      const roleId = refTarget(fn.Properties!.Role)!;
      const role = json.Resources[roleId]!;
      expect(role.Properties!.ManagedPolicyArns).toBeUndefined();

      const statements = statementsOfRole(json, roleId);
      const actions = statements.flatMap((s) => asArray<string>(s.Action));
      expect(new Set(actions.filter((a) => a.startsWith('dynamodb:')))).toEqual(new Set(['dynamodb:GetItem', 'dynamodb:Query']));
      const writesOrScans = actions.filter((a) => a.includes('*') || (a.startsWith('dynamodb:') && /Scan|Put|Update|Delete|Write|Batch|Transact|PartiQL/.test(a)));
      expect(writesOrScans).toEqual([]);
      expect(new Set(actions.filter((a) => !a.startsWith('dynamodb:')))).toEqual(new Set(['logs:CreateLogStream', 'logs:PutLogEvents']));
      for (const s of statements) {
        expect(s.Effect).toBe('Allow');
        expect(asArray(s.Resource)).not.toContain('*');
      }

      const tableArn = { 'Fn::GetAtt': [tableId, 'Arn'] };
      const items = statements.find((s) => s.Sid === 'TableItems')!;
      expect(items.Resource).toEqual(tableArn);
      const indexes = statements.find((s) => s.Sid === 'TableIndexes')!;
      expect(indexes.Action).toBe('dynamodb:Query');
      expect(indexes.Resource).toEqual(Object.values(INDEXES).map((i) => ({ 'Fn::Join': ['', [tableArn, `/index/${i.name}`]] })));
    });

    it.each(FUNCTIONS.map((f) => [f.name, f] as const))('gives %s exactly its catalogue actions, never Scan, UpdateItem or a wildcard', (name, spec) => {
      const [, fn] = functions.find(([, f]) => f.Properties!.FunctionName === `${stack.stackName}-${name}`)!;
      const actions = statementsOfRole(json, refTarget(fn.Properties!.Role)!).flatMap((s) => asArray<string>(s.Action));
      expect(new Set(actions.filter((a) => a.startsWith('dynamodb:')))).toEqual(new Set(spec.tableActions));
      expect(actions.filter((a) => a.includes('*') || /Scan|PartiQL|BatchWrite/.test(a))).toEqual([]);
    });

    it('tells the signed-in apps where Cognito publishes its keys, so they verify tokens again themselves', () => {
      for (const name of ['admin', 'enterprise']) {
        const [, fn] = functions.find(([, f]) => f.Properties!.FunctionName === `${stack.stackName}-${name}`)!;
        const env = fn.Properties!.Environment.Variables;
        expect(Object.keys(env)).toEqual(expect.arrayContaining(['JWT_ISSUER', 'JWT_AUDIENCE', 'JWT_JWKS_URL']));
        expect(JSON.stringify(env.JWT_JWKS_URL)).toContain('/.well-known/jwks.json');
      }
      const [, pub] = functions.find(([, f]) => f.Properties!.FunctionName === `${stack.stackName}-public`)!;
      expect(pub.Properties!.Environment.Variables.JWT_ISSUER).toBeUndefined();
    });
  });

  describe('api', () => {
    it('serves on the $default stage with access logs and a throttle', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
        DefaultRouteSettings: { ThrottlingRateLimit: config.apiThrottle.rateLimit, ThrottlingBurstLimit: config.apiThrottle.burstLimit },
      });
      expect(resourcesOf(json, 'AWS::ApiGatewayV2::Stage')).toHaveLength(1);
    });

    it('has one explicit route per method and path — anonymous for the public, JWT for the rest — and no catch-all', () => {
      const routes = resourcesOf(json, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties!);
      const expected = FUNCTIONS.flatMap((f) => (f.http ? f.http.routes.map((r) => [`${r.method} ${r.path}`, f.http!.access.kind] as const) : []));
      expect(routes.map((r) => r.RouteKey).sort()).toEqual(expected.map(([key]) => key).sort());
      expect(expected.map(([key]) => key)).toEqual(expect.arrayContaining(['GET /v1/enterprises/{uscc}', 'GET /v1/changes', 'GET /healthz', 'GET /docs', 'POST /v1/admin/records', 'POST /v1/repair-requests']));
      const access = new Map(expected);
      for (const r of routes) {
        expect(r.AuthorizationType).toBe(access.get(r.RouteKey) === 'anonymous' ? 'NONE' : 'JWT');
        expect(r.RouteKey).not.toMatch(/\$default|ANY|\{proxy\+\}/);
      }
    });

    it('has a Cognito JWT authorizer ready for the non-public routes', () => {
      const [poolId] = onlyResource(json, 'AWS::Cognito::UserPool');
      const [clientId] = onlyResource(json, 'AWS::Cognito::UserPoolClient');
      const [, authorizer] = onlyResource(json, 'AWS::ApiGatewayV2::Authorizer');
      expect(authorizer.Properties).toMatchObject({
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: { Audience: [{ Ref: clientId }] },
      });
      expect(JSON.stringify(authorizer.Properties!.JwtConfiguration.Issuer)).toContain('https://cognito-idp.us-east-1.');
      expect(JSON.stringify(authorizer.Properties!.JwtConfiguration.Issuer)).toContain(`{"Ref":"${poolId}"}`);
    });
  });

  describe('auth', () => {
    const pool = onlyResource(json, 'AWS::Cognito::UserPool')[1];

    it('admits no self sign-up, requires MFA, enforces threat protection and is retained', () => {
      expect(pool.Properties).toMatchObject({
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        MfaConfiguration: 'ON',
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
        DeletionProtection: 'ACTIVE',
        Policies: { PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true } },
      });
      expect(pool.DeletionPolicy).toBe('Retain');
    });

    it('gives enterprise users an immutable 18-character custom:uscc', () => {
      expect(pool.Properties!.Schema).toContainEqual({
        AttributeDataType: 'String',
        Name: 'uscc',
        Mutable: false,
        StringAttributeConstraints: { MinLength: '18', MaxLength: '18' },
      });
    });

    it('has the groups publisher, reviewer, admin and enterprise', () => {
      const groups = resourcesOf(json, 'AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties!.GroupName);
      expect(groups.sort()).toEqual(['admin', 'enterprise', 'publisher', 'reviewer']);
    });

    it('has an app client without secret or OAuth grants that cannot write uscc or department', () => {
      const client = onlyResource(json, 'AWS::Cognito::UserPoolClient')[1].Properties!;
      expect(client.GenerateSecret).toBe(false);
      expect(client.AllowedOAuthFlows).toBeUndefined();
      expect(client.AllowedOAuthFlowsUserPoolClient).not.toBe(true);
      expect(client.WriteAttributes.filter((a: string) => a.startsWith('custom:'))).toEqual([]);
      expect(client.ReadAttributes).toEqual(expect.arrayContaining(['custom:uscc', 'custom:department']));
    });
  });

  describe('edge', () => {
    const [aclId, acl] = onlyResource(json, 'AWS::WAFv2::WebACL');
    const distribution = onlyResource(json, 'AWS::CloudFront::Distribution')[1].Properties!.DistributionConfig;

    it('has a CLOUDFRONT web ACL with a per-IP rate limit and the AWS common rule set, attached to the distribution', () => {
      expect(acl.Properties!.Scope).toBe('CLOUDFRONT');
      const rules = acl.Properties!.Rules;
      expect(rules.find((r: any) => r.Statement.RateBasedStatement)?.Statement.RateBasedStatement).toMatchObject({
        Limit: config.wafRateLimit,
        AggregateKeyType: 'IP',
      });
      expect(rules.map((r: any) => r.Statement.ManagedRuleGroupStatement?.Name)).toContain('AWSManagedRulesCommonRuleSet');
      expect(distribution.WebACLId).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
    });

    it('fronts the HTTP API over HTTPS, caching GET/HEAD per origin Cache-Control, passing writes uncached', () => {
      const behaviour = distribution.DefaultCacheBehavior;
      expect(behaviour.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']));
      expect(behaviour.CachedMethods.sort()).toEqual(['GET', 'HEAD']);
      const origin = distribution.Origins.find((o: any) => o.Id === behaviour.TargetOriginId);
      expect(JSON.stringify(origin.DomainName)).toContain('.execute-api.us-east-1.');
      expect(origin.CustomOriginConfig).toEqual({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });

      const policy = json.Resources[refTarget(behaviour.CachePolicyId)!]!.Properties!.CachePolicyConfig;
      expect(policy.DefaultTTL).toBe(0); // no Cache-Control from the origin: not cached
      expect(policy.MinTTL).toBe(0);
      expect(policy.MaxTTL).toBeGreaterThanOrEqual(31_536_000); // honours `immutable` feed pages
      expect(policy.ParametersInCacheKeyAndForwardedToOrigin).toMatchObject({
        QueryStringsConfig: { QueryStringBehavior: 'all' },
        HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Authorization'] },
        CookiesConfig: { CookieBehavior: 'none' },
      });
    });

    it('serves snapshot files from the private bucket through Origin Access Control', () => {
      const [bucketId] = resourcesOf(json, 'AWS::S3::Bucket').find(([, b]) => b.Properties!.VersioningConfiguration)!;
      const snapshots = distribution.CacheBehaviors.find((b: any) => b.PathPattern === '/snapshots/*');
      expect(snapshots.AllowedMethods).toEqual(['GET', 'HEAD']);
      const origin = distribution.Origins.find((o: any) => o.Id === snapshots.TargetOriginId);
      expect(origin.DomainName).toEqual({ 'Fn::GetAtt': [bucketId, 'RegionalDomainName'] });
      expect(refTarget(origin.OriginAccessControlId)).toBeDefined();
      expect(json.Resources[refTarget(origin.OriginAccessControlId)!]!.Type).toBe('AWS::CloudFront::OriginAccessControl');
    });

    it('logs to the access-log bucket', () => {
      expect(distribution.Logging).toMatchObject({ Prefix: 'cloudfront/', IncludeCookies: false });
    });
  });

  describe('snapshots bucket', () => {
    const [bucketId, bucket] = resourcesOf(json, 'AWS::S3::Bucket').find(([, b]) => b.Properties!.VersioningConfiguration)!;

    it('is encrypted, versioned, blocks public access, logs access and is retained', () => {
      expect(bucket.Properties).toMatchObject({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: { DestinationBucketName: expect.anything() },
      });
      expect(bucket.DeletionPolicy).toBe('Retain');
    });

    it('refuses plain HTTP and lets only this distribution read it', () => {
      const policy = resourcesOf(json, 'AWS::S3::BucketPolicy').find(([, p]) => refTarget(p.Properties!.Bucket) === bucketId)![1];
      const statements = policy.Properties!.PolicyDocument.Statement;
      expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
      const allows = statements.filter((s: any) => s.Effect === 'Allow');
      expect(allows).toHaveLength(1);
      expect(allows[0]).toMatchObject({ Action: 's3:GetObject', Principal: { Service: 'cloudfront.amazonaws.com' } });
      expect(JSON.stringify(allows[0].Condition)).toContain(':distribution/');
    });
  });

  it('keeps the checkpoint signing key in Secrets Manager with no value in the template', () => {
    const [, secret] = onlyResource(json, 'AWS::SecretsManager::Secret');
    expect(secret.Properties!.SecretString).toBeUndefined();
    expect(JSON.parse(secret.Properties!.GenerateSecretString.SecretStringTemplate)).toEqual({ status: 'not-installed' });
    expect(secret.DeletionPolicy).toBe('Retain');
  });

  it('schedules each job a catalogue function declares, in Asia/Shanghai time, with the job named in its input', () => {
    const schedules = resourcesOf(json, 'AWS::Scheduler::Schedule').map(([, r]) => r.Properties!);
    const declared = FUNCTIONS.flatMap((f) => f.schedules ?? []);
    expect(schedules).toHaveLength(declared.length);
    const expiry = schedules.find((p) => JSON.parse(p.Target.Input).job === 'expiry');
    expect(expiry).toMatchObject({ ScheduleExpression: 'cron(5 0 * * ? *)', ScheduleExpressionTimezone: 'Asia/Shanghai' });
  });

  describe('monitoring', () => {
    const alarms = resourcesOf(json, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties!);
    const [topicId] = onlyResource(json, 'AWS::SNS::Topic');
    const metric = (namespace: string, name: string) => alarms.filter((a) => a.Namespace === namespace && a.MetricName === name);

    it('alarms on errors and throttles of every function', () => {
      for (const [fnId] of resourcesOf(json, 'AWS::Lambda::Function')) {
        for (const name of ['Errors', 'Throttles']) {
          const alarm = metric('AWS/Lambda', name).find((a) => a.Dimensions.some((d: any) => refTarget(d.Value) === fnId));
          expect(alarm, `${name} alarm for ${fnId}`).toBeDefined();
        }
      }
      expect(metric('AWS/Lambda', 'Errors')[0]!.Threshold).toBe(config.alarms.lambdaErrors);
    });

    it('alarms on HTTP API 5xx and p99 latency, and DynamoDB throttles', () => {
      expect(metric('AWS/ApiGateway', '5xx')[0]).toMatchObject({ Statistic: 'Sum', Threshold: config.alarms.api5xx });
      expect(metric('AWS/ApiGateway', 'Latency')[0]).toMatchObject({ ExtendedStatistic: 'p99', Threshold: config.alarms.apiP99LatencyMs });
      const throttles = alarms.find((a) => a.Metrics?.some((m: any) => m.MetricStat?.Metric.MetricName === 'ThrottledRequests'));
      expect(throttles?.Threshold).toBe(config.alarms.dynamoThrottles);
      const operations = throttles!.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric.Dimensions.find((d: any) => d.Name === 'Operation').Value);
      const used = new Set([...FUNCTIONS.flatMap((f) => f.tableActions).map((a) => a.replace('dynamodb:', '')), 'TransactWriteItems']);
      expect(operations.sort()).toEqual([...used].sort());
    });

    it('sends every alarm and its recovery to the SNS topic', () => {
      expect(alarms.length).toBe(2 * FUNCTIONS.length + 3);
      for (const a of alarms) {
        expect(a.AlarmActions).toEqual([{ Ref: topicId }]);
        expect(a.OKActions).toEqual([{ Ref: topicId }]);
      }
    });
  });

  it('outputs the API URL, the CloudFront URL and the table name', () => {
    const outputs = json.Outputs ?? {};
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['ApiUrl', 'CloudFrontUrl', 'TableName']));
    expect(refTarget(outputs.TableName!.Value)).toBe(onlyResource(json, 'AWS::DynamoDB::GlobalTable')[0]);
  });
});

describe('stage differences', () => {
  const distributionOf = (t: CfnTemplate) => onlyResource(t, 'AWS::CloudFront::Distribution')[1].Properties!.DistributionConfig;
  const logGroups = (t: CfnTemplate) => resourcesOf(t, 'AWS::Logs::LogGroup').map(([, g]: [string, CfnResource]) => g.Properties!.RetentionInDays);

  it('prod keeps logs a year and pages on the first error; dev keeps two weeks', () => {
    expect(new Set(logGroups(prod.json))).toEqual(new Set([365]));
    expect(new Set(logGroups(dev.json))).toEqual(new Set([14]));
    expect(prod.config.alarms.lambdaErrors).toBe(1);
    expect(prod.stack.terminationProtection).toBe(true);
    expect(dev.stack.terminationProtection).toBe(false);
  });

  it('a custom domain brings its us-east-1 certificate and TLS 1.2 minimum', () => {
    expect(distributionOf(prod.json)).toMatchObject({
      Aliases: ['credit.example.gov.cn'],
      ViewerCertificate: { AcmCertificateArn: CERTIFICATE, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
    });
    expect(distributionOf(dev.json).Aliases).toBeUndefined();
  });

  it('an alarm e-mail subscribes to the topic', () => {
    expect(resourcesOf(prod.json, 'AWS::SNS::Subscription').map(([, s]) => s.Properties)).toEqual([
      expect.objectContaining({ Protocol: 'email', Endpoint: 'ops@example.gov.cn' }),
    ]);
    expect(resourcesOf(dev.json, 'AWS::SNS::Subscription')).toEqual([]);
  });
});

describe('after a point-in-time restore', () => {
  const restored = synthRegister({ stage: 'prod', restoredTableName: 'HzQualityCredit-prod-restored-20261127' });

  it('serves from the restored table and stops managing the old one (which is retained, not deleted)', () => {
    expect(resourcesOf(restored.json, 'AWS::DynamoDB::GlobalTable')).toEqual([]);
    const [, fn] = resourcesOf(restored.json, 'AWS::Lambda::Function').find(([, f]) => String(f.Properties!.FunctionName).endsWith('-public'))!;
    expect(fn.Properties!.Environment.Variables.TABLE_NAME).toBe('HzQualityCredit-prod-restored-20261127');
    const statements = statementsOfRole(restored.json, refTarget(fn.Properties!.Role)!);
    const tableResources = JSON.stringify(statements.filter((s) => String(s.Action).includes('dynamodb')).map((s) => s.Resource));
    expect(tableResources).toContain(':table/HzQualityCredit-prod-restored-20261127');
    expect(tableResources).toContain(':table/HzQualityCredit-prod-restored-20261127/index/GSI1');
  });
});
