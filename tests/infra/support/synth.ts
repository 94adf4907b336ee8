/**
 * Synthesize the register as infra/app.ts does — same context as cdk.json, same cdk-nag plugin —
 * with asset bundling skipped (`aws:cdk:bundling-stacks: []`, TOOLCHAIN.md gotcha 6) so a synth
 * takes about a second. CDK's built-in CloudFormation validation (≈6 s a synth) is left to
 * tests/infra/nag.test.ts, which runs the real app once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ROOT } from '../../../infra/build/bundle.ts';
import { defineRegister, type RegisterOptions } from '../../../infra/cdk/register.ts';

/** The context cdk.json gives every `cdk` command. */
export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')).context ?? {};
}

export const SKIP_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

/**
 * @param options.nag false to leave cdk-nag out (tests of hypothetical catalogue entries, whose
 *   findings their authors will acknowledge).
 */
export function synthRegister(context: Record<string, unknown> = {}, options: RegisterOptions & { nag?: boolean } = {}) {
  const app = new App({ context: { ...cdkJsonContext(), ...SKIP_BUNDLING, ...context }, builtinCloudFormationValidation: false });
  const { stack, config } = defineRegister(app, options);
  if (options.nag !== false) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const template = Template.fromStack(stack);
  return { app, stack, config, template, json: template.toJSON() as CfnTemplate };
}

export interface CfnResource {
  Type: string;
  Properties?: Record<string, any>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  DependsOn?: string[];
}

export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown; Description?: string }>;
}

/** Every resource of a type, as [logicalId, resource]. */
export function resourcesOf(template: CfnTemplate, type: string): [string, CfnResource][] {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

/** The single resource of a type (fails if there is not exactly one). */
export function onlyResource(template: CfnTemplate, type: string): [string, CfnResource] {
  const found = resourcesOf(template, type);
  if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}`);
  return found[0]!;
}

/** The logical id an intrinsic (`Ref`, `Fn::GetAtt`) points at, if it is one. */
export function refTarget(value: unknown): string | undefined {
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.Ref === 'string') return v.Ref;
    if (Array.isArray(v['Fn::GetAtt'])) return String(v['Fn::GetAtt'][0]);
  }
  return undefined;
}

/** All IAM statements attached to a role: its inline policies and every AWS::IAM::Policy naming it. */
export function statementsOfRole(template: CfnTemplate, roleLogicalId: string): any[] {
  const role = template.Resources[roleLogicalId];
  if (!role) throw new Error(`no role ${roleLogicalId}`);
  const inline = (role.Properties?.Policies ?? []).flatMap((p: any) => p.PolicyDocument.Statement);
  const attached = resourcesOf(template, 'AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties?.Roles ?? []).some((r: unknown) => refTarget(r) === roleLogicalId))
    .flatMap(([, p]) => p.Properties!.PolicyDocument.Statement);
  return [...inline, ...attached];
}

export const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
