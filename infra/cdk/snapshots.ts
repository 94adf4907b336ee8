/**
 * Full snapshots of the register (CSV with UTF-8 BOM, JSON Lines; DESIGN.md §1) that outgrow a
 * Lambda response. Written by the jobs function under `snapshots/`, served only through CloudFront
 * (Origin Access Control, infra/cdk/edge.ts): the bucket itself is private.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** The key prefix snapshot files live under, and the CloudFront path that serves them. */
export const SNAPSHOTS_PREFIX = 'snapshots';

export class Snapshots extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: { accessLogs: IBucket }) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      // SSE-S3 rather than SSE-KMS: CloudFront's Origin Access Control reads it without a key
      // policy, and the files are public data anyway; encryption at rest is still on.
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'snapshots-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
