/**
 * The house Lambda function: every function of the register is one of these, so runtime,
 * architecture, logging and permissions are decided once.
 *
 * - Node 22 on arm64 (Graviton: ~20 % cheaper per GB-second than x86), bundle target node22.
 * - Its own log group with a retention, and its own role that may write to that log group only:
 *   no `AWSLambdaBasicExecutionRole`, whose `logs:*` actions apply to every log group.
 * - DynamoDB access granted action by action from the catalogue, on the table and on each index by
 *   name — never `grantReadData` (which adds Scan, BatchGetItem, DescribeTable …), never a wildcard.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Function as LambdaFunction, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { bundledCode } from './bundling.ts';
import { INDEX_ACTIONS, type FunctionSpec } from './catalogue.ts';

/**
 * Node 22 to match the bundle target (infra/build/bundle.ts NODE_TARGET) and the Node the code is
 * developed and tested on; moving to nodejs24.x is a one-line change here plus the bundle target.
 */
export const RUNTIME = Runtime.NODEJS_22_X;

export interface RegisterFunctionProps {
  spec: FunctionSpec;
  table: ITableV2;
  /** Index names of the table (Query-able actions are granted on each). */
  indexNames: readonly string[];
  logRetention: RetentionDays;
  /** Extra environment on top of TABLE_NAME. */
  environment?: Record<string, string>;
}

export class RegisterFunction extends Construct {
  readonly spec: FunctionSpec;
  readonly function: LambdaFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: RegisterFunctionProps) {
    super(scope, id);
    const { spec, table } = props;
    this.spec = spec;
    const stackName = Stack.of(this).stackName;

    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${stackName}-${spec.name}`,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Lambda role of the register's ${spec.name} function: its log group and the table actions it needs, nothing else`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new LambdaFunction(this, 'Function', {
      functionName: `${stackName}-${spec.name}`,
      description: spec.description,
      runtime: RUNTIME,
      architecture: Architecture.ARM_64,
      handler: 'index.handler',
      code: bundledCode(spec),
      memorySize: spec.memoryMiB,
      timeout: Duration.seconds(spec.timeoutSeconds),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: { TABLE_NAME: table.tableName, ...props.environment },
    });

    for (const statement of tableStatements(spec, table, props.indexNames)) this.role.addToPrincipalPolicy(statement);

    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Pinned to nodejs22.x on purpose: the bundles are built and benchmarked for node22 (infra/build/bundle.ts) and the code is tested on Node 20/22; the runtime and the bundle target move to Node 24 together, in one change.',
    });
  }
}

/**
 * The DynamoDB statements of a function: its actions on the table, and those that apply to indexes
 * (Query) on each index ARN by name. Empty when the function touches no table.
 */
export function tableStatements(spec: FunctionSpec, table: ITableV2, indexNames: readonly string[]): PolicyStatement[] {
  const actions = [...new Set(spec.tableActions)];
  if (actions.length === 0) return [];
  const statements = [new PolicyStatement({ sid: 'TableItems', effect: Effect.ALLOW, actions, resources: [table.tableArn] })];
  const indexActions = actions.filter((a) => INDEX_ACTIONS.includes(a));
  if (indexActions.length > 0 && indexNames.length > 0) {
    statements.push(
      new PolicyStatement({
        sid: 'TableIndexes',
        effect: Effect.ALLOW,
        actions: indexActions,
        resources: indexNames.map((name) => `${table.tableArn}/index/${name}`),
      }),
    );
  }
  return statements;
}
