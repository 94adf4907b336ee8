/**
 * CloudFront in front of the HTTP API and the snapshot files, with a WAF web ACL (HTTP APIs cannot
 * take one themselves).
 *
 * Caching: the API's origin decides. The apps send `Cache-Control` (`public, max-age=…, s-maxage=…`
 * on public reads, `no-store` on problems and health), and the cache policy honours it — default
 * TTL 0, so a response without `Cache-Control` is never cached. Query strings are in the cache key
 * (search, paging, `asOf`). `Authorization` is in the cache key too: CloudFront forwards it to the
 * origin only that way, and a signed-in user's response can then never be served to anyone else,
 * even if an app sent a public `Cache-Control` by mistake. Anonymous requests carry no
 * Authorization and share one cache entry per URL. Writes (POST, PUT, PATCH, DELETE) pass through
 * and are never cached: CloudFront caches GET and HEAD only.
 *
 * A header an app varies its response on must be in the cache key; the origin request policy
 * forwards only what the apps read and do not vary on.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CacheCookieBehavior,
  CachedMethods,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  HeadersFrameOption,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestCookieBehavior,
  OriginRequestHeaderBehavior,
  OriginRequestPolicy,
  OriginRequestQueryStringBehavior,
  OriginSslPolicy,
  PriceClass,
  HeadersReferrerPolicy,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { StageConfig } from './config.ts';
import { SNAPSHOTS_PREFIX } from './snapshots.ts';

export interface EdgeProps {
  /** The HTTP API's execute-api host name. */
  apiDomainName: string;
  snapshots: IBucket;
  accessLogs: IBucket;
  wafRateLimit: number;
  domain?: StageConfig['domain'];
}

/** The body of the WAF's 429, in the register's problem+json shape (RFC 9457). */
const RATE_LIMITED_BODY = JSON.stringify({
  type: 'about:blank',
  title: 'Too Many Requests',
  status: 429,
  detail: '请求过于频繁，请几分钟后重试 / Too many requests from your address; retry in a few minutes.',
});

export class Edge extends Construct {
  readonly webAcl: CfnWebACL;
  readonly distribution: Distribution;
  readonly apiCachePolicy: CachePolicy;

  constructor(scope: Construct, id: string, props: EdgeProps) {
    super(scope, id);
    if (Stack.of(this).region !== 'us-east-1') {
      // A CLOUDFRONT-scope web ACL (and a CloudFront certificate) can only be created in us-east-1.
      throw new Error(`Edge must be in a us-east-1 stack, not ${Stack.of(this).region}`);
    }
    const stackName = Stack.of(this).stackName;

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: `${stackName}-edge`,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: metrics(`${stackName}-edge`),
      customResponseBodies: { rateLimited: { contentType: 'APPLICATION_JSON', content: RATE_LIMITED_BODY } },
      rules: [
        {
          name: 'RateLimitPerIp',
          priority: 0,
          statement: { rateBasedStatement: { limit: props.wafRateLimit, aggregateKeyType: 'IP', evaluationWindowSec: 300 } },
          action: {
            block: {
              customResponse: {
                responseCode: 429,
                customResponseBodyKey: 'rateLimited',
                responseHeaders: [{ name: 'Retry-After', value: '300' }],
              },
            },
          },
          visibilityConfig: metrics('RateLimitPerIp'),
        },
        managedRuleGroup('AWSManagedRulesAmazonIpReputationList', 1),
        managedRuleGroup('AWSManagedRulesCommonRuleSet', 2, [
          // The rule blocks bodies over 8 KB; repair applications with evidence and officials' bulk
          // imports are larger. Counted, so it shows in metrics, but not blocked.
          'SizeRestrictions_BODY',
        ]),
        managedRuleGroup('AWSManagedRulesKnownBadInputsRuleSet', 3),
      ],
    });

    this.apiCachePolicy = new CachePolicy(this, 'ApiCachePolicy', {
      comment: 'Honour the origin Cache-Control; query strings and Authorization in the key',
      defaultTtl: Duration.seconds(0),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.days(365),
      queryStringBehavior: CacheQueryStringBehavior.all(),
      headerBehavior: CacheHeaderBehavior.allowList('Authorization'),
      cookieBehavior: CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const apiOriginRequests = new OriginRequestPolicy(this, 'ApiOriginRequestPolicy', {
      comment: 'What the apps read but do not vary on: write preconditions and body type',
      queryStringBehavior: OriginRequestQueryStringBehavior.all(),
      headerBehavior: OriginRequestHeaderBehavior.allowList('Content-Type', 'If-Match', 'Idempotency-Key'),
      cookieBehavior: OriginRequestCookieBehavior.none(),
    });
    const snapshotCachePolicy = new CachePolicy(this, 'SnapshotCachePolicy', {
      comment: 'Snapshot files: the object Cache-Control decides, else five minutes',
      defaultTtl: Duration.minutes(5),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.days(365),
      queryStringBehavior: CacheQueryStringBehavior.none(),
      headerBehavior: CacheHeaderBehavior.none(),
      cookieBehavior: CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Security headers the apps do not set themselves (theirs win)',
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: false },
        contentTypeOptions: { override: false },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: false },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: false },
      },
    });

    const apiOrigin = new HttpOrigin(props.apiDomainName, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `${stackName}: register API and snapshot files`,
      defaultBehavior: {
        origin: apiOrigin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachedMethods: CachedMethods.CACHE_GET_HEAD,
        cachePolicy: this.apiCachePolicy,
        originRequestPolicy: apiOriginRequests,
        responseHeadersPolicy: securityHeaders,
        compress: true,
      },
      additionalBehaviors: {
        [`/${SNAPSHOTS_PREFIX}/*`]: {
          origin: S3BucketOrigin.withOriginAccessControl(props.snapshots),
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
          cachedMethods: CachedMethods.CACHE_GET_HEAD,
          cachePolicy: snapshotCachePolicy,
          responseHeadersPolicy: securityHeaders,
          compress: true,
        },
      },
      webAclId: this.webAcl.attrArn,
      httpVersion: HttpVersion.HTTP2_AND_3,
      // North America, Europe, Asia (Hong Kong, Singapore, Japan …), Middle East and Africa: the
      // register's readers are in China and its mirrors worldwide; South America and Oceania edges
      // cost more and serve few of them.
      priceClass: PriceClass.PRICE_CLASS_200,
      enableIpv6: true,
      enableLogging: true,
      logBucket: props.accessLogs,
      logFilePrefix: 'cloudfront/',
      logIncludesCookies: false,
      ...(props.domain
        ? {
            domainNames: [props.domain.name],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });

    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'No geo restriction on purpose: the register is open data for everyone (media and data users mirror it from abroad) and nothing in Art. 23 limits who may read it.',
    });
    if (!props.domain) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a custom domain the distribution uses the *.cloudfront.net certificate, whose minimum TLS version cannot be set; configuring -c domainName/-c certificateArn switches to TLSv1.2_2021.',
      });
    }
  }

  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }
}

function metrics(name: string): CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true };
}

function managedRuleGroup(name: string, priority: number, countOnly: string[] = []): CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name,
        ...(countOnly.length > 0 ? { ruleActionOverrides: countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } })) } : {}),
      },
    },
    visibilityConfig: metrics(name),
  };
}
