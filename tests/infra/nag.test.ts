/**
 * cdk-nag (AwsSolutions pack, cdk-nag 3). How it reports: it is a CDK validation plugin, so at
 * synth its unacknowledged findings go into the cloud assembly's `validation-report.json` (errors
 * fail the synth, warnings are only printed). Acknowledged findings never reach that report —
 * cdk-nag drops them itself, reading `Validations.of(scope).acknowledge(...)` metadata up the
 * construct tree. So this file checks three things:
 *
 * 1. the real entry point (infra/app.ts, as `cdk synth` runs it) synthesizes offline and its report
 *    has no finding of any severity, from cdk-nag or CDK's own CloudFormation validation;
 * 2. `validateScope` finds nothing unacknowledged in every stage variant;
 * 3. every acknowledgement still matches a finding (none is stale) and gives a real reason.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { ROOT } from '../../infra/build/bundle.ts';
import { cdkJsonContext, SKIP_BUNDLING, synthRegister } from './support/synth.ts';

const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012';
const VARIANTS: [string, Record<string, unknown>][] = [
  ['dev', { stage: 'dev' }],
  ['prod', { stage: 'prod' }],
  ['prod with a domain', { stage: 'prod', domainName: 'credit.example.gov.cn', certificateArn: CERTIFICATE }],
  ['prod on a restored table', { stage: 'prod', restoredTableName: 'HzQualityCredit-prod-restored-20261127' }],
];

type Finding = { rule: string; severity: string; path: string };

function findings(app: App, { ignoreAcknowledgements = false } = {}): Finding[] {
  const pack = new AwsSolutionsChecks(app);
  // The pack's private acknowledgement check, switched off to see the raw findings.
  if (ignoreAcknowledgements) Object.assign(pack, { isAcknowledged: () => false });
  return pack.validateScope(app).violations.flatMap((v) =>
    v.violatingResources.map((r) => ({ rule: v.ruleName, severity: v.severity ?? 'error', path: r.constructPath ?? '' })),
  );
}

function acknowledgements(root: IConstruct): { id: string; reason: string; path: string }[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && m.data)
      .flatMap((m) => Object.entries(m.data as Record<string, string>))
      .map(([id, reason]) => ({ id: id.replace(/^annotation::/i, ''), reason, path: c.node.path })),
  );
}

describe('cdk-nag AwsSolutions', () => {
  describe('the real app (infra/app.ts), synthesized as `cdk synth` does, offline', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'hz-cdk-out-'));
    afterAll(() => rmSync(outdir, { recursive: true, force: true }));

    it('registers the AwsSolutions pack with the cdk-nag 3 API', () => {
      const source = readFileSync(join(ROOT, 'infra', 'app.ts'), 'utf8');
      expect(source).toMatch(/Validations\.of\(app\)\.addPlugins\(new AwsSolutionsChecks\(app\)\)/);
      expect(source).not.toMatch(/^\s*Aspects\.of/m); // the cdk-nag 2 form, which throws in cdk-nag 3
    });

    it('synthesizes with no finding of any severity in the validation report', { timeout: 60_000 }, () => {
      const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'infra', 'app.ts')], {
        cwd: ROOT,
        encoding: 'utf8',
        env: {
          ...process.env,
          // What the CLI passes: cdk.json's context plus its own; bundling skipped to stay fast.
          CDK_OUTDIR: outdir,
          CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJsonContext(), ...SKIP_BUNDLING }),
          AWS_ACCESS_KEY_ID: '',
          AWS_SECRET_ACCESS_KEY: '',
          AWS_PROFILE: '',
        },
      });
      expect(result.stderr).not.toMatch(/AwsSolutions-|\[Error|\[Warning/);
      expect(result.status, result.stderr).toBe(0);
      expect(JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')).artifacts).toHaveProperty('HzQualityCredit-dev');
      const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
      const violations = report.pluginReports.flatMap((p: any) => p.violations.map((v: any) => `${p.pluginName}: ${v.ruleName} (${v.severity})`));
      expect(violations).toEqual([]);
    });
  });

  describe.each(VARIANTS)('%s', (_name, context) => {
    const { app } = synthRegister(context);

    it('has no unacknowledged finding, error or warning', () => {
      expect(findings(app)).toEqual([]);
    });

    it('acknowledges only findings that exist, each with a specific reason', () => {
      const raw = findings(app, { ignoreAcknowledgements: true });
      expect(raw.length).toBeGreaterThan(0); // the pack runs and the acknowledgements are what silence it
      const acks = acknowledgements(app).filter((a) => a.id.startsWith('AwsSolutions-'));
      expect(acks.length).toBeGreaterThan(0);
      for (const ack of acks) {
        const matched = raw.filter((f) => f.rule === ack.id && (f.path === ack.path || f.path.startsWith(`${ack.path}/`)));
        expect(matched, `stale acknowledgement ${ack.id} at ${ack.path}`).not.toEqual([]);
        expect(ack.reason.length, `${ack.id} at ${ack.path}: a reason, not a shrug`).toBeGreaterThanOrEqual(100);
      }
      // Every raw finding is covered by an acknowledgement at or above it.
      for (const f of raw) {
        expect(acks.some((a) => a.id === f.rule && (f.path === a.path || f.path.startsWith(`${a.path}/`))), `${f.rule} at ${f.path}`).toBe(true);
      }
    });
  });
});
