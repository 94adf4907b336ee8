/**
 * The register's stacks on an app: reads and validates the stage configuration from the app's
 * context, then defines one stack per stage. infra/app.ts calls this (and adds cdk-nag); the
 * infra tests call it on their own apps.
 */
import type { App } from 'aws-cdk-lib';
import { loadStageConfig, REGION, type StageConfig } from './config.ts';
import type { FunctionSpec } from './functions/catalogue.ts';
import { RegisterStack } from './register-stack.ts';

export interface RegisterOptions {
  /** Deploy these functions instead of the catalogue's (tests of the wiring). */
  functions?: readonly FunctionSpec[];
}

export function defineRegister(app: App, options: RegisterOptions = {}): { config: StageConfig; stack: RegisterStack } {
  const config = loadStageConfig((key) => app.node.tryGetContext(key));
  // Offline (no credentials) CDK_DEFAULT_ACCOUNT is unset and the stack is account-agnostic
  // (AWS::AccountId in the template); `cdk deploy` with credentials pins the caller's account.
  const account = config.account ?? process.env.CDK_DEFAULT_ACCOUNT;
  const stack = new RegisterStack(app, `HzQualityCredit-${config.stage}`, {
    env: { region: REGION, ...(account ? { account } : {}) },
    description: `Hangzhou quality-credit disclosure register (${config.stage}): API, data, edge, jobs, alarms`,
    terminationProtection: config.stage === 'prod',
    config,
    ...(options.functions ? { functions: options.functions } : {}),
  });
  return { config, stack };
}
