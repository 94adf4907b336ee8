/**
 * The HTTP API in front of the functions: the `$default` stage (a named stage would prefix every
 * path, TOOLCHAIN.md gotcha 3), one explicit route per method and path of each function's catalogue
 * entry, anonymous routes marked `NONE`, and a Cognito JWT authorizer for every other route.
 *
 * HTTP APIs cannot take a WAF web ACL: CloudFront in front carries it (infra/cdk/edge.ts). The
 * execute-api URL stays reachable (CloudFront needs it); the stage throttle bounds what a client
 * that goes around CloudFront can do.
 */
import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpAuthorizer,
  HttpAuthorizerType,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
  type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { StageConfig } from './config.ts';
import type { HttpRouteSpec } from './functions/catalogue.ts';
import { pascal } from './functions/index.ts';
import type { RegisterFunction } from './functions/register-function.ts';

export interface ApiProps {
  functions: readonly RegisterFunction[];
  /** JWT issuer and audience (the Cognito user pool and its app client). */
  jwt: { issuer: string; audience: string[] };
  throttle: StageConfig['apiThrottle'];
  logRetention: RetentionDays;
}

export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly jwtAuthorizer: HttpAuthorizer;
  readonly routes: HttpRoute[] = [];

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const stackName = Stack.of(this).stackName;

    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `${stackName}-api`,
      description: 'Hangzhou quality-credit register: public reads, enterprise and official APIs',
      createDefaultStage: false,
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      logGroupName: `/aws/apigateway/${stackName}-api`,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            method: '$context.httpMethod',
            routeKey: '$context.routeKey',
            path: '$context.path',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            userAgent: '$context.identity.userAgent',
          }),
        ),
      },
    });

    // Created up front so protected routes only reference it; every route that is not anonymous
    // must pass it. It cannot check Cognito groups, so the apps check them again.
    this.jwtAuthorizer = new HttpAuthorizer(this, 'JwtAuthorizer', {
      httpApi: this.httpApi,
      authorizerName: 'cognito-jwt',
      type: HttpAuthorizerType.JWT,
      identitySource: ['$request.header.Authorization'],
      jwtIssuer: props.jwt.issuer,
      jwtAudience: props.jwt.audience,
    });
    const jwtRoutes: IHttpRouteAuthorizer = HttpAuthorizer.fromHttpAuthorizerAttributes(this, 'JwtRouteAuthorizer', {
      authorizerId: this.jwtAuthorizer.authorizerId,
      authorizerType: HttpAuthorizerType.JWT,
    });

    for (const fn of props.functions) {
      const http = fn.spec.http;
      if (!http) continue;
      const integration = new HttpLambdaIntegration(`${pascal(fn.spec.name)}Integration`, fn.function);
      const anonymous = http.access.kind === 'anonymous';
      // One scope per function's routes, so an acknowledgement for anonymous routes covers those
      // routes and nothing that is added later for another function.
      const group = new Construct(this, `${pascal(fn.spec.name)}Routes`);
      for (const route of http.routes) {
        this.routes.push(
          new HttpRoute(group, routeId(route), {
            httpApi: this.httpApi,
            routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
            integration,
            authorizer: anonymous ? new HttpNoneAuthorizer() : jwtRoutes,
          }),
        );
      }
      if (anonymous) {
        Validations.of(group).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            `The ${fn.spec.name} function's routes are anonymous by design: Art. 23 of the Hangzhou Quality Promotion Measures makes the register public. ` +
            `Methods ${[...new Set(http.routes.map((r) => r.method))].join('/')}, IAM limited to ${fn.spec.tableActions.join(', ')}; ` +
            `CloudFront's WAF rate-limits callers and the stage throttle bounds direct calls.`,
        });
      }
    }
  }

  /** The API's execute-api host, for CloudFront's origin. */
  get domainName(): string {
    return `${this.httpApi.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`;
  }
}

function routeId(route: HttpRouteSpec): string {
  const path = route.path
    .split('/')
    .filter(Boolean)
    .map((part) => pascal(part.replace(/[{}.]/g, '-').replace(/-+$/, '')))
    .join('');
  return `${route.method}${path || 'Root'}`;
}
