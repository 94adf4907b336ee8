/**
 * Scheduled work (DESIGN.md §3): the ends of publication periods and listings, signed ledger
 * checkpoints, full snapshots. The schedules are defined here; a schedule is created only for a job
 * some catalogue function declares (`schedules: [...]`), so while no jobs function exists none is
 * synthesized. EventBridge Scheduler rather than an Events rule: it takes a time zone, and the
 * register's calendar days are Asia/Shanghai days.
 */
import { Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import type { CfnFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, ScheduleTargetInput, TimeWindow } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import type { JobName } from './functions/catalogue.ts';

const TIME_ZONE = TimeZone.ASIA_SHANGHAI;

export const JOB_SCHEDULES: Record<JobName, { description: string; expression: ScheduleExpression }> = {
  // Just after midnight in Hangzhou, when a publication period or a listing's end date has passed.
  expiry: {
    description: 'End publication periods and listings whose end date has passed',
    expression: ScheduleExpression.cron({ minute: '5', hour: '0', timeZone: TIME_ZONE }),
  },
  checkpoints: {
    description: 'Sign a checkpoint of the ledger head (seq, hash, time)',
    expression: ScheduleExpression.cron({ minute: '0', timeZone: TIME_ZONE }),
  },
  stats: {
    description: 'Recompute the /stats figures (enterprises by district and class, listings and repairs per month)',
    expression: ScheduleExpression.cron({ minute: '15', timeZone: TIME_ZONE }),
  },
  snapshots: {
    description: 'Write full snapshots (CSV with BOM, JSON Lines) stamped with the ledger seq',
    expression: ScheduleExpression.cron({ minute: '30', hour: '2', timeZone: TIME_ZONE }),
  },
};

export interface JobsProps {
  /** Each job with the function that runs it (from the catalogue; may be empty). */
  targets: readonly { job: JobName; fn: IFunction }[];
}

export class Jobs extends Construct {
  readonly schedules: Schedule[];

  constructor(scope: Construct, id: string, props: JobsProps) {
    super(scope, id);
    const stackName = Stack.of(this).stackName;
    this.schedules = props.targets.map(({ job, fn }) => {
      const { description, expression } = JOB_SCHEDULES[job];
      const schedule = new Schedule(this, `${job}-schedule`, {
        scheduleName: `${stackName}-${job}`,
        description,
        schedule: expression,
        timeWindow: TimeWindow.off(),
        // The function receives { "job": "expiry" } and so on; one function may run several jobs.
        target: new LambdaInvoke(fn, {
          input: ScheduleTargetInput.fromObject({ job }),
          retryAttempts: 2,
          maxEventAge: Duration.hours(1),
        }),
      });
      return schedule;
    });
    // The scheduler's role may invoke only the job function, but every version of it (`<arn>:*`),
    // which is how aws-scheduler-targets grants an unqualified target.
    for (const { fn } of props.targets) {
      // The role is made in the stack's scope by aws-scheduler-targets, so the stack acknowledges.
      Validations.of(Stack.of(this)).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(fn.node.defaultChild as CfnFunction)}.Arn>:*]`,
        reason: 'EventBridge Scheduler invokes the jobs function and may invoke its versions (`<function arn>:*`, the grant aws-scheduler-targets makes for an unqualified target); the role can invoke nothing else.',
      });
    }
  }
}
