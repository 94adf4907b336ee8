/**
 * Alarms on what breaks a public register first: Lambda errors and throttles per function, HTTP API
 * 5xx and p99 latency, DynamoDB throttling. Every alarm (and its recovery) goes to one SNS topic;
 * subscribe people or a chat hook to it, or set `-c alarmEmail=…`.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  MathExpression,
  Metric,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { StageConfig } from './config.ts';
import type { RegisterFunction } from './functions/register-function.ts';

export interface MonitoringProps {
  functions: readonly RegisterFunction[];
  httpApi: HttpApi;
  table: ITableV2;
  thresholds: StageConfig['alarms'];
  alarmEmail?: string;
}

const PERIOD = Duration.minutes(5);

export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const stackName = Stack.of(this).stackName;
    const t = props.thresholds;

    this.topic = new Topic(this, 'AlarmTopic', { displayName: `${stackName} alarms`, enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    const alarm = (name: string, description: string, metric: IMetric, threshold: number, evaluationPeriods = 1) => {
      const a = new Alarm(this, name, {
        alarmName: `${stackName}-${name}`,
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      a.addAlarmAction(new SnsAction(this.topic));
      a.addOkAction(new SnsAction(this.topic));
      this.alarms.push(a);
      return a;
    };

    for (const { spec, function: fn } of props.functions) {
      alarm(
        `${spec.name}-errors`,
        `The ${spec.name} function failed (unhandled error or timeout) ${t.lambdaErrors}+ times in 5 minutes. Its apps answer problems, so any error here is a bug or an outage.`,
        fn.metricErrors({ period: PERIOD, statistic: 'Sum' }),
        t.lambdaErrors,
      );
      alarm(
        `${spec.name}-throttles`,
        `The ${spec.name} function was throttled ${t.lambdaThrottles}+ times in 5 minutes: the account's concurrency is exhausted.`,
        fn.metricThrottles({ period: PERIOD, statistic: 'Sum' }),
        t.lambdaThrottles,
      );
    }

    alarm(
      'api-5xx',
      `The HTTP API answered ${t.api5xx}+ server errors in 5 minutes (the store unavailable, a function failing, or API Gateway itself).`,
      props.httpApi.metricServerError({ period: PERIOD, statistic: 'Sum' }),
      t.api5xx,
    );
    alarm(
      'api-latency-p99',
      `The HTTP API's p99 latency stayed at or above ${t.apiP99LatencyMs} ms for 15 minutes.`,
      props.httpApi.metricLatency({ period: PERIOD, statistic: 'p99' }),
      t.apiP99LatencyMs,
      3,
    );

    // ThrottledRequests counts a request throttled on the table or on any of its indexes, per
    // operation; summed over every operation the catalogue's functions perform.
    // Writes go through TransactWriteItems (the ledger): its throttles are reported under that
    // operation, not under PutItem or DeleteItem.
    const granted = props.functions.flatMap((f) => f.spec.tableActions.map((a) => a.replace('dynamodb:', '')));
    const operations = [...new Set([...granted, ...(granted.includes('PutItem') ? ['TransactWriteItems'] : [])])].sort();
    if (operations.length > 0) {
      const usingMetrics = Object.fromEntries(
        operations.map((operation, i) => [
          `m${i}`,
          new Metric({
            namespace: 'AWS/DynamoDB',
            metricName: 'ThrottledRequests',
            dimensionsMap: { TableName: props.table.tableName, Operation: operation },
            period: PERIOD,
            statistic: 'Sum',
          }),
        ]),
      );
      alarm(
        'dynamodb-throttles',
        `DynamoDB throttled ${t.dynamoThrottles}+ requests in 5 minutes (${operations.join(', ')}). On-demand tables throttle on sudden traffic spikes or hot partitions.`,
        new MathExpression({
          expression: 'SUM(METRICS())',
          usingMetrics,
          label: 'ThrottledRequests',
          period: PERIOD,
        }),
        t.dynamoThrottles,
      );
    }
  }
}
