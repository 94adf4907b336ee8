/**
 * The key that signs ledger checkpoints (DESIGN.md §3), held in Secrets Manager — never in code,
 * never in the template. CloudFormation creates the secret with a placeholder; an operator installs
 * the real Ed25519 key once after the first deploy (README "Deploy to AWS"), and the jobs function
 * refuses to sign while the placeholder is there. Only functions whose catalogue entry says
 * `readsSigningKey` may read it.
 */
import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export class SigningKey extends Construct {
  readonly secret: Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = new Secret(this, 'Secret', {
      secretName: `${Stack.of(this).stackName}/ledger-checkpoint-signing-key`,
      description:
        'Ed25519 private key (PKCS#8 PEM) that signs ledger checkpoints. Created with a placeholder; install the key with put-secret-value (README, Deploy to AWS).',
      // A JSON placeholder that can never be mistaken for a key: {"status":"not-installed","placeholder":"<random>"}.
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ status: 'not-installed' }),
        generateStringKey: 'placeholder',
        excludePunctuation: true,
      },
      // The key must outlive the stack: verifiers check old checkpoints against its public half.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'A checkpoint signing key is not rotated by a Lambda: a new key must be announced with its public half and the old public key kept for verifying past checkpoints, so rotation is a deliberate, documented key ceremony, not a timer.',
    });
  }
}
