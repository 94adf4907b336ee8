/**
 * The CDK app (`npx cdk synth`, `npx cdk deploy -c stage=prod`). See README "Deploy to AWS".
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { StageConfigError } from './cdk/config.ts';
import { defineRegister } from './cdk/register.ts';

const app = new App();
try {
  defineRegister(app);
} catch (error) {
  if (!(error instanceof StageConfigError)) throw error;
  // A configuration mistake is the operator's to fix: say what, without a stack trace.
  console.error(error.message);
  process.exit(1);
}

// cdk-nag 3 is a validation plugin (the old `Aspects.of(app).add(...)` form throws). Findings are
// acknowledged next to the resource they concern, with `Validations.of(scope).acknowledge(...)`;
// an unacknowledged error fails the synth, and tests/infra/nag.test.ts fails on any warning too.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

app.synth();
