/**
 * Repair applications (信用修复申请) and their life: a pure state machine. Every transition not
 * listed in TRANSITIONS is refused (409). Contents are never public.
 */
import { Problem } from '../errors.ts';
import type { CalendarDate } from '../rules/calendar.ts';
import type { RepairRuleSet, RepairTargetType } from '../rules/repair.ts';
import type { WorkingDays } from '../rules/working-days.ts';
import type { Actor } from './model.ts';

export type RepairStatus = 'submitted' | 'supplement-requested' | 'accepted' | 'approved' | 'rejected' | 'withdrawn' | 'revoked';
export type ReviewDecision = 'accept' | 'request-supplement' | 'approve' | 'reject' | 'revoke';
export type RepairAction = ReviewDecision | 'submit' | 'supplement' | 'withdraw';

export const OPEN_REPAIR_STATUSES: readonly RepairStatus[] = ['submitted', 'supplement-requested', 'accepted'];

/** From each status, the actions allowed and where they lead. */
export const TRANSITIONS: Record<RepairStatus, Partial<Record<RepairAction, RepairStatus>>> = {
  submitted: { accept: 'accepted', 'request-supplement': 'supplement-requested', reject: 'rejected', withdraw: 'withdrawn' },
  'supplement-requested': { supplement: 'submitted', reject: 'rejected', withdraw: 'withdrawn' },
  accepted: { approve: 'approved', reject: 'rejected', 'request-supplement': 'supplement-requested', withdraw: 'withdrawn' },
  approved: { revoke: 'revoked' },
  rejected: {},
  withdrawn: {},
  revoked: {},
};

/** Decisions that must say why (DOMAIN.md §6: rejected → reasons given). */
const NEEDS_REASON: readonly RepairAction[] = ['request-supplement', 'reject', 'revoke'];

export interface Evidence {
  title: string;
  description?: string;
  /** SHA-256 of the file, hex. */
  sha256: string;
  /** Where the file is held (a URL or a reference in the department's records system). */
  location: string;
}

export interface RepairHistoryEntry {
  at: string;
  on: CalendarDate;
  action: RepairAction;
  by: Actor;
  reason?: string;
}

export interface RepairRequest {
  id: string;
  uscc: string;
  target: { type: RepairTargetType; id: string };
  ruleSet: { id: string; name: string; source: string };
  /** Deadlines in working days of the rule set (accept, decide, stop publication). */
  deadlines: { acceptWithinWorkingDays: number; decideWithinWorkingDays: number; stopPublicationWithinWorkingDays: number };
  /** 信用修复申请书: how the violation was corrected. */
  statement: string;
  /** 守信承诺书: the public credit commitment. */
  commitment: string;
  evidence: Evidence[];
  supplements: { on: CalendarDate; text: string; evidence: Evidence[] }[];
  status: RepairStatus;
  submittedOn: CalendarDate;
  /** The date the current step is due by, if one is running. */
  due: { step: 'accept' | 'decide' | 'stop-publication' | 'supplement'; by: CalendarDate } | null;
  history: RepairHistoryEntry[];
  decidedOn?: CalendarDate;
  revokedOn?: CalendarDate;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface TransitionContext {
  now: Date;
  today: CalendarDate;
  actor: Actor;
  workingDays: WorkingDays;
}

export function newRepairRequest(
  input: { id: string; uscc: string; target: RepairRequest['target']; statement: string; commitment: string; evidence: Evidence[] },
  rule: RepairRuleSet,
  ctx: TransitionContext,
): RepairRequest {
  const at = ctx.now.toISOString();
  return {
    ...input,
    ruleSet: { id: rule.id, name: rule.name, source: rule.source },
    deadlines: {
      acceptWithinWorkingDays: rule.acceptWithinWorkingDays,
      decideWithinWorkingDays: rule.decideWithinWorkingDays,
      stopPublicationWithinWorkingDays: rule.stopPublicationWithinWorkingDays,
    },
    supplements: [],
    status: 'submitted',
    submittedOn: ctx.today,
    due: { step: 'accept', by: ctx.workingDays.addWorkingDays(ctx.today, rule.acceptWithinWorkingDays) },
    history: [{ at, on: ctx.today, action: 'submit', by: ctx.actor }],
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
}

/** The 409 for an action the application's status does not allow, naming what it does allow. */
export function invalidTransition(request: Pick<RepairRequest, 'status'>, detail: string): Problem {
  return new Problem('repair.invalid-transition', detail, {
    // Not `status`: RFC 9457 reserves that member for the HTTP status code.
    extensions: { currentStatus: request.status, allowed: Object.keys(TRANSITIONS[request.status]) },
  });
}

/**
 * Apply an action. @throws Problem `repair.invalid-transition` (409) when the status does not
 * allow it, `request.invalid` when a reason is required and missing.
 */
export function transition(
  request: RepairRequest,
  action: RepairAction,
  ctx: TransitionContext,
  details: { reason?: string; supplement?: { text: string; evidence: Evidence[] } } = {},
): RepairRequest {
  const next = TRANSITIONS[request.status][action];
  if (!next) {
    throw invalidTransition(request, `A ${request.status} application cannot take “${action}”.`);
  }
  if (NEEDS_REASON.includes(action) && !details.reason) {
    throw new Problem('request.invalid', `“${action}” needs a reason.`, { errors: [{ in: 'body', field: 'reason', code: 'required', detail: 'required for this decision' }] });
  }
  const wd = ctx.workingDays;
  const d = request.deadlines;
  const due: RepairRequest['due'] =
    next === 'submitted'
      ? { step: 'accept', by: wd.addWorkingDays(ctx.today, d.acceptWithinWorkingDays) }
      : next === 'accepted'
        ? { step: 'decide', by: wd.addWorkingDays(ctx.today, d.decideWithinWorkingDays) }
        : next === 'approved'
          ? { step: 'stop-publication', by: wd.addWorkingDays(ctx.today, d.stopPublicationWithinWorkingDays) }
          : null;
  const at = ctx.now.toISOString();
  return {
    ...request,
    status: next,
    due,
    supplements: details.supplement ? [...request.supplements, { on: ctx.today, ...details.supplement }] : request.supplements,
    history: [...request.history, { at, on: ctx.today, action, by: ctx.actor, ...(details.reason ? { reason: details.reason } : {}) }],
    ...(next === 'approved' || next === 'rejected' ? { decidedOn: ctx.today } : {}),
    ...(next === 'revoked' ? { revokedOn: ctx.today } : {}),
    version: request.version + 1,
    updatedAt: at,
  };
}
