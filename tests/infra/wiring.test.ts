/**
 * How functions plug in: the catalogue is the only place a function gets routes, grants and
 * schedules. These tests add hypothetical entries (reusing functions/public's code, since the
 * other function folders are not the catalogue's yet) and check each declaration becomes exactly
 * the resource it promises. And the public routes must match what the public app serves.
 */
import { describe, expect, it } from 'vitest';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { createPublicApp, OPENAPI_INFO } from '../../functions/public/app.ts';
import { PAGE_PATHS } from '../../functions/public/pages/app.tsx';
import { FUNCTIONS, type FunctionSpec } from '../../infra/cdk/functions/catalogue.ts';
import { Jobs } from '../../infra/cdk/jobs.ts';
import { createDb } from '../../shared/store/db.ts';
import { asArray, onlyResource, refTarget, resourcesOf, statementsOfRole, synthRegister } from './support/synth.ts';

const PUBLIC = FUNCTIONS.find((f) => f.name === 'public')!;

describe('the public routes', () => {
  it('are exactly the paths the public app serves (its OpenAPI document, the document and its page, and the web pages)', () => {
    const app = createPublicApp({ db: createDb({ tableName: 'unused', endpoint: 'http://127.0.0.1:9' }) });
    const served = new Set([...Object.keys(app.getOpenAPI31Document({ openapi: '3.1.0', info: OPENAPI_INFO }).paths ?? {}), '/openapi.json', '/docs', ...PAGE_PATHS]);
    const routed = new Set(PUBLIC.http!.routes.map((r) => r.path));
    // A path the app serves but the API does not route would answer API Gateway's 404 in the cloud:
    // add it to infra/cdk/functions/catalogue.ts.
    expect({
      servedButNotRouted: [...served].filter((p) => !routed.has(p)).sort(),
      routedButNotServed: [...routed].filter((p) => !served.has(p)).sort(),
    }).toEqual({ servedButNotRouted: [], routedButNotServed: [] });
    for (const path of routed) {
      expect(PUBLIC.http!.routes.filter((r) => r.path === path).map((r) => r.method).sort()).toEqual(['GET', 'HEAD']);
    }
  });
});

describe('a catalogue entry', () => {
  const jobsLike: FunctionSpec = {
    ...PUBLIC,
    http: undefined,
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'],
    schedules: ['expiry', 'checkpoints'],
    readsSigningKey: true,
    writesSnapshots: true,
  };
  const { json } = synthRegister({ stage: 'dev' }, { functions: [jobsLike], nag: false });
  const [fnId, fn] = onlyResource(json, 'AWS::Lambda::Function');
  const statements = statementsOfRole(json, refTarget(fn.Properties!.Role)!);
  const actions = statements.flatMap((s) => asArray<string>(s.Action));

  it('with schedules gets one EventBridge schedule per job, in Asia/Shanghai time, invoking it with the job name', () => {
    const schedules = resourcesOf(json, 'AWS::Scheduler::Schedule').map(([, s]) => s.Properties!);
    expect(schedules.map((s) => JSON.parse(s.Target.Input).job).sort()).toEqual(['checkpoints', 'expiry']);
    for (const s of schedules) {
      expect(s.ScheduleExpressionTimezone).toBe('Asia/Shanghai');
      expect(s.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
      expect(refTarget(s.Target.Arn)).toBe(fnId);
    }
    expect(schedules.find((s) => JSON.parse(s.Target.Input).job === 'expiry')!.ScheduleExpression).toBe('cron(5 0 * * ? *)');
  });

  it('gets exactly its table actions', () => {
    expect(new Set(actions.filter((a) => a.startsWith('dynamodb:')))).toEqual(new Set(jobsLike.tableActions));
  });

  it('that reads the signing key may read that secret only', () => {
    const [secretId] = onlyResource(json, 'AWS::SecretsManager::Secret');
    const read = statements.find((s) => asArray<string>(s.Action).includes('secretsmanager:GetSecretValue'));
    expect(read?.Resource).toEqual({ Ref: secretId });
    expect(fn.Properties!.Environment.Variables.CHECKPOINT_SIGNING_KEY_SECRET_ARN).toEqual({ Ref: secretId });
  });

  it('that writes snapshots may put objects under snapshots/ only', () => {
    const put = statements.find((s) => asArray<string>(s.Action).includes('s3:PutObject'));
    expect(JSON.stringify(put?.Resource)).toMatch(/"\/snapshots\/\*"\]/);
    expect(actions.filter((a) => a.startsWith('s3:')).sort()).toEqual(['s3:AbortMultipartUpload', 's3:PutObject']);
  });

  it('without http gets no route', () => {
    expect(resourcesOf(json, 'AWS::ApiGatewayV2::Route')).toEqual([]);
  });

  it('with jwt access gets routes behind the Cognito JWT authorizer', () => {
    const enterpriseLike: FunctionSpec = {
      ...PUBLIC,
      http: { access: { kind: 'jwt', groups: ['enterprise'] }, routes: [{ method: 'POST', path: '/v1/repair-requests' }] },
    };
    const { json: t } = synthRegister({ stage: 'dev' }, { functions: [enterpriseLike], nag: false });
    const [authorizerId] = onlyResource(t, 'AWS::ApiGatewayV2::Authorizer');
    const [, route] = onlyResource(t, 'AWS::ApiGatewayV2::Route');
    expect(route.Properties).toMatchObject({ RouteKey: 'POST /v1/repair-requests', AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
  });
});

describe('Jobs', () => {
  it('accepts a function later and schedules only the jobs it is given', () => {
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'JobsOnly', { env: { region: 'us-east-1' } });
    const fn = new LambdaFunction(stack, 'Fn', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromInline('export const handler = () => {}') });
    new Jobs(stack, 'None', { targets: [] });
    new Jobs(stack, 'Snapshots', { targets: [{ job: 'snapshots', fn }] });
    const schedules = Template.fromStack(stack).findResources('AWS::Scheduler::Schedule');
    expect(Object.values(schedules).map((s: any) => [s.Properties.ScheduleExpression, s.Properties.Target.Input])).toEqual([
      ['cron(30 2 * * ? *)', '{"job":"snapshots"}'],
    ]);
  });
});
