/**
 * One RegisterFunction per catalogue entry, with the grants its entry asks for and nothing else.
 */
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { SNAPSHOTS_PREFIX } from '../snapshots.ts';
import type { FunctionSpec, JobName } from './catalogue.ts';
import { RegisterFunction } from './register-function.ts';

export interface FunctionsProps {
  specs: readonly FunctionSpec[];
  table: ITableV2;
  indexNames: readonly string[];
  logRetention: RetentionDays;
  signingKey: ISecret;
  snapshots: IBucket;
  /** The token issuer the apps verify again themselves (defence in depth, DESIGN.md §5). */
  jwt: { issuer: string; audience: string };
}

export class Functions extends Construct {
  readonly all: readonly RegisterFunction[];

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    const names = props.specs.map((s) => s.name);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate) throw new Error(`infra/cdk/functions/catalogue.ts lists "${duplicate}" twice`);

    this.all = props.specs.map((spec) => {
      const fn = new RegisterFunction(this, pascal(spec.name), {
        spec,
        table: props.table,
        indexNames: props.indexNames,
        logRetention: props.logRetention,
        environment: {
          // The ARN, not the key: the function reads the PEM at cold start. A secret in an environment
          // variable would be readable by anyone allowed lambda:GetFunctionConfiguration.
          ...(spec.readsSigningKey ? { CHECKPOINT_SIGNING_KEY_SECRET_ARN: props.signingKey.secretArn } : {}),
          ...(spec.writesSnapshots ? { SNAPSHOTS_BUCKET: props.snapshots.bucketName } : {}),
          // Cognito ID tokens: RS256, keys at the issuer's JWKS URL, audience the app client.
          ...(spec.http?.access.kind === 'jwt'
            ? { JWT_ISSUER: props.jwt.issuer, JWT_AUDIENCE: props.jwt.audience, JWT_JWKS_URL: `${props.jwt.issuer}/.well-known/jwks.json` }
            : {}),
        },
      });
      if (spec.readsSigningKey) props.signingKey.grantRead(fn.role);
      if (spec.writesSnapshots) {
        // Write snapshot files, under the prefix CloudFront serves (infra/cdk/edge.ts) only: no
        // read, list or delete (a superseded snapshot stays, as a version).
        fn.role.addToPrincipalPolicy(
          new PolicyStatement({
            sid: 'SnapshotFiles',
            actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
            resources: [props.snapshots.arnForObjects(`${SNAPSHOTS_PREFIX}/*`)],
          }),
        );
        const bucketId = Stack.of(this).getLogicalId(props.snapshots.node.defaultChild as CfnBucket);
        Validations.of(fn.role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${SNAPSHOTS_PREFIX}/*]`,
          reason: 'The snapshot job writes one object per snapshot file, whose names it chooses at run time, under the snapshots/ prefix only; it may not read, list or delete, and no other prefix.',
        });
      }
      return fn;
    });
  }

  /** The functions with HTTP routes. */
  get http(): RegisterFunction[] {
    return this.all.filter((f) => f.spec.http !== undefined);
  }

  /** Each scheduled job with the function that runs it. */
  get scheduled(): { job: JobName; fn: RegisterFunction }[] {
    return this.all.flatMap((fn) => (fn.spec.schedules ?? []).map((job) => ({ job, fn })));
  }
}

export function pascal(name: string): string {
  return name.replace(/(^|[-_])(\w)/g, (_, __, c: string) => c.toUpperCase());
}
