/**
 * Repair applications as a pure state machine (shared/register/repair-requests.ts, DOMAIN.md §6):
 * every (status × action) pair, the due dates in working days, the history and the version.
 */
import { describe, expect, it } from 'vitest';
import {
  OPEN_REPAIR_STATUSES,
  TRANSITIONS,
  newRepairRequest,
  transition,
  type Evidence,
  type RepairAction,
  type RepairRequest,
  type RepairStatus,
  type TransitionContext,
} from '../../../shared/register/repair-requests.ts';
import { REPAIR_RULE_SETS, type RepairRuleSet } from '../../../shared/rules/repair.ts';
import { WorkingDays } from '../../../shared/rules/working-days.ts';
import { USCC } from '../fixtures.ts';
import { thrownProblem as thrown } from '../../support/problems.ts';

const rule = (id: string): RepairRuleSet => {
  const found = REPAIR_RULE_SETS.find((s) => s.id === id);
  if (!found) throw new Error(`no rule set ${id}`);
  return found;
};

const STATUSES: RepairStatus[] = ['submitted', 'supplement-requested', 'accepted', 'approved', 'rejected', 'withdrawn', 'revoked'];
const ACTIONS: RepairAction[] = ['submit', 'accept', 'request-supplement', 'supplement', 'approve', 'reject', 'withdraw', 'revoke'];

/** The life of an application, written out from DOMAIN.md §6 rather than read from the code. */
const EXPECTED: Record<RepairStatus, Partial<Record<RepairAction, RepairStatus>>> = {
  submitted: { accept: 'accepted', 'request-supplement': 'supplement-requested', reject: 'rejected', withdraw: 'withdrawn' },
  'supplement-requested': { supplement: 'submitted', reject: 'rejected', withdraw: 'withdrawn' },
  accepted: { approve: 'approved', reject: 'rejected', 'request-supplement': 'supplement-requested', withdraw: 'withdrawn' },
  approved: { revoke: 'revoked' },
  rejected: {},
  withdrawn: {},
  revoked: {},
};

const NOW = new Date('2026-02-12T02:00:00.000Z');
const TODAY = '2026-02-12'; // Thursday before the 2026 Spring Festival
const workingDays = new WorkingDays();

// Under SAMR 2025 (accept 2, decide 7, stop publication 3 WD), counted by hand from Thu 2026-02-12:
//   02-13 Fri (1), 02-14 Sat make-up (2), [02-15 … 02-23 Spring Festival], 02-24 (3), 02-25 (4),
//   02-26 (5), 02-27 (6), 02-28 Sat make-up (7)
const ACCEPT_BY = '2026-02-14';
const STOP_BY = '2026-02-24';
const DECIDE_BY = '2026-02-28';

const reviewer = { kind: 'official' as const, id: 'reviewer-7', department: '杭州市萧山区市场监督管理局' };
const applicant = { kind: 'enterprise' as const, id: USCC };

const ctx = (overrides: Partial<TransitionContext> = {}): TransitionContext => ({ now: NOW, today: TODAY, actor: reviewer, workingDays, ...overrides });

const evidence: Evidence[] = [{ title: '罚款缴纳凭证', sha256: 'a'.repeat(64), location: 'oss://repairs/rr_1/fine-receipt.pdf' }];

function application(ruleId = 'samr-2025', context: TransitionContext = ctx({ actor: applicant })): RepairRequest {
  return newRepairRequest(
    {
      id: 'rr_1',
      uscc: USCC,
      target: { type: 'record', id: 'rec_1' },
      statement: '已缴纳罚款并完成整改，召回全部不合格产品。',
      commitment: '本企业承诺依法诚信经营，如有虚假愿承担法律责任。',
      evidence,
    },
    rule(ruleId),
    context,
  );
}

/** An application in `status`, as stored (only the status differs from a new one). */
const inStatus = (status: RepairStatus): RepairRequest => ({ ...application(), status });


const detailsFor = (action: RepairAction) => ({
  reason: `reason for ${action}`,
  ...(action === 'supplement' ? { supplement: { text: '补充整改报告', evidence } } : {}),
});

describe('newRepairRequest', () => {
  it('starts submitted, with the accept step due after the rule set’s accept period in working days', () => {
    const r = application();
    expect(r.status).toBe('submitted');
    expect(r.due).toEqual({ step: 'accept', by: ACCEPT_BY });
    expect(r.submittedOn).toBe(TODAY);
  });

  it('copies the rule set (id, name, source) and its deadlines onto the application', () => {
    const samr2025 = rule('samr-2025');
    const r = application();
    expect(r.ruleSet).toEqual({ id: 'samr-2025', name: samr2025.name, source: samr2025.source });
    expect(r.deadlines).toEqual({ acceptWithinWorkingDays: 2, decideWithinWorkingDays: 7, stopPublicationWithinWorkingDays: 3 });
  });

  it('counts NDRC Order 36’s 3 accept days across National Day 2026 (from Wed 09-30 to the make-up Sat 10-10)', () => {
    const r = application('ndrc-36', ctx({ now: new Date('2026-09-30T01:00:00.000Z'), today: '2026-09-30', actor: applicant }));
    expect(r.due).toEqual({ step: 'accept', by: '2026-10-10' });
  });

  it('records the submission in the history, by the applicant, at version 1', () => {
    const r = application();
    expect(r.history).toEqual([{ at: NOW.toISOString(), on: TODAY, action: 'submit', by: applicant }]);
    expect(r.version).toBe(1);
    expect(r.createdAt).toBe(NOW.toISOString());
    expect(r.updatedAt).toBe(NOW.toISOString());
  });

  it('keeps the materials and starts with no supplement and no decision', () => {
    const r = application();
    expect(r).toMatchObject({ uscc: USCC, target: { type: 'record', id: 'rec_1' }, evidence });
    expect(r.supplements).toEqual([]);
    expect(r.decidedOn).toBeUndefined();
    expect(r.revokedOn).toBeUndefined();
  });

  it('throws calendar.missing rather than guess a due date running into 2027', () => {
    const p = thrown(() => application('samr-2025', ctx({ now: new Date('2026-12-30T01:00:00.000Z'), today: '2026-12-30', actor: applicant })));
    expect(p.code).toBe('calendar.missing');
  });
});

describe('TRANSITIONS', () => {
  it('is the life of an application described in DOMAIN.md §6', () => {
    expect(TRANSITIONS).toEqual(EXPECTED);
  });

  it('counts submitted, supplement-requested and accepted as open (awaiting the department or the applicant)', () => {
    expect([...OPEN_REPAIR_STATUSES].sort()).toEqual(['accepted', 'submitted', 'supplement-requested']);
  });

  it('lets no action start from rejected, withdrawn or revoked, and only revoke from approved', () => {
    for (const s of ['rejected', 'withdrawn', 'revoked'] as const) expect(Object.keys(TRANSITIONS[s])).toEqual([]);
    expect(Object.keys(TRANSITIONS.approved)).toEqual(['revoke']);
  });
});

describe('transition: every (status × action) pair', () => {
  const pairs = STATUSES.flatMap((status) => ACTIONS.map((action) => [status, action] as const));
  const allowed = pairs.filter(([s, a]) => EXPECTED[s][a] !== undefined);
  const refused = pairs.filter(([s, a]) => EXPECTED[s][a] === undefined);

  it('covers 56 pairs: 12 allowed, 44 refused', () => {
    expect(pairs).toHaveLength(56);
    expect(allowed).toHaveLength(12);
    expect(refused).toHaveLength(44);
  });

  const expectedDue = (next: RepairStatus): RepairRequest['due'] =>
    next === 'submitted'
      ? { step: 'accept', by: ACCEPT_BY }
      : next === 'accepted'
        ? { step: 'decide', by: DECIDE_BY }
        : next === 'approved'
          ? { step: 'stop-publication', by: STOP_BY }
          : null;

  it.each(allowed)('%s → %s is allowed, with the next status and due date', (status, action) => {
    const next = EXPECTED[status][action] as RepairStatus;
    const before = inStatus(status);

    const after = transition(before, action, ctx(), detailsFor(action));

    expect(after.status).toBe(next);
    expect(after.due).toEqual(expectedDue(next));
    expect(after.version).toBe(before.version + 1);
    expect(after.history).toHaveLength(before.history.length + 1);
    expect(after.history.at(-1)).toEqual({ at: NOW.toISOString(), on: TODAY, action, by: reviewer, reason: `reason for ${action}` });
    expect(after.updatedAt).toBe(NOW.toISOString());
    expect(after.createdAt).toBe(before.createdAt);
  });

  it.each(refused)('%s → %s is refused with repair.invalid-transition (409)', (status, action) => {
    const before = inStatus(status);
    const p = thrown(() => transition(before, action, ctx(), detailsFor(action)));
    expect(p.code).toBe('repair.invalid-transition');
    expect(p.status).toBe(409);
    expect(p.extensions).toEqual({ currentStatus: status, allowed: Object.keys(EXPECTED[status]) });
  });

  it.each(refused)('%s → %s is refused as a transition (409) even without a reason', (status, action) => {
    const p = thrown(() => transition(inStatus(status), action, ctx()));
    expect(p.code).toBe('repair.invalid-transition');
  });
});

describe('transition: due dates in working days', () => {
  it('accept: the decide step is due after decideWithinWorkingDays (7 under SAMR 2025)', () => {
    const accepted = transition(application(), 'accept', ctx());
    expect(accepted.due).toEqual({ step: 'decide', by: DECIDE_BY });
  });

  it('uses the deadlines stored on the application, not today’s rule: 15 WD for one filed under SAMR 2021', () => {
    // Filed 2025-12-22 under 国市监信规〔2021〕3号 (decide within 15 WD), accepted on 2026-02-12:
    // 15 working days from Thu 2026-02-12 end on Wed 2026-03-11 (see working-days.test.ts).
    const filed = application('samr-2021', ctx({ now: new Date('2025-12-22T01:00:00.000Z'), today: '2025-12-22', actor: applicant }));
    expect(filed.deadlines.decideWithinWorkingDays).toBe(15);
    const accepted = transition(filed, 'accept', ctx());
    expect(accepted.due).toEqual({ step: 'decide', by: '2026-03-11' });
  });

  it('approve: stopping publication is due after stopPublicationWithinWorkingDays (3)', () => {
    const approved = transition(transition(application(), 'accept', ctx()), 'approve', ctx());
    expect(approved.due).toEqual({ step: 'stop-publication', by: STOP_BY });
  });

  it('request-supplement: no step is due while the applicant supplements', () => {
    const waiting = transition(application(), 'request-supplement', ctx(), { reason: '缺少整改报告' });
    expect(waiting.due).toBeNull();
  });

  it('supplement: back to submitted, with a new accept date counted from the day of the supplement', () => {
    const waiting = transition(application(), 'request-supplement', ctx(), { reason: '缺少整改报告' });
    // Supplemented on Fri 2026-02-27: 2 WD → 02-28 (make-up Saturday) is 1, Mon 03-02 is 2.
    const back = transition(waiting, 'supplement', ctx({ now: new Date('2026-02-27T03:00:00.000Z'), today: '2026-02-27', actor: applicant }), {
      supplement: { text: '补充整改报告', evidence },
    });
    expect(back.status).toBe('submitted');
    expect(back.due).toEqual({ step: 'accept', by: '2026-03-02' });
  });

  it('reject, withdraw and revoke leave nothing due', () => {
    expect(transition(application(), 'reject', ctx(), { reason: '材料不符' }).due).toBeNull();
    expect(transition(application(), 'withdraw', ctx({ actor: applicant })).due).toBeNull();
    const approved = transition(transition(application(), 'accept', ctx()), 'approve', ctx());
    expect(transition(approved, 'revoke', ctx(), { reason: '提供虚假材料' }).due).toBeNull();
  });
});

describe('transition: reasons (DOMAIN.md §6: rejected → reasons given)', () => {
  it.each([
    ['submitted', 'request-supplement'],
    ['accepted', 'request-supplement'],
    ['submitted', 'reject'],
    ['supplement-requested', 'reject'],
    ['accepted', 'reject'],
    ['approved', 'revoke'],
  ] as const)('%s → %s without a reason is request.invalid (400), naming the field', (status, action) => {
    for (const details of [{}, { reason: '' }]) {
      const p = thrown(() => transition(inStatus(status), action, ctx(), details));
      expect(p.code).toBe('request.invalid');
      expect(p.status).toBe(400);
      expect(p.errors).toEqual([expect.objectContaining({ in: 'body', field: 'reason', code: 'required' })]);
    }
  });

  it.each([
    ['submitted', 'accept'],
    ['accepted', 'approve'],
    ['submitted', 'withdraw'],
    ['supplement-requested', 'supplement'],
  ] as const)('%s → %s needs no reason, and records none', (status, action) => {
    const after = transition(inStatus(status), action, ctx());
    expect(after.history.at(-1)).not.toHaveProperty('reason');
  });
});

describe('transition: what each step records', () => {
  it('appends the history entry with the actor and reason, keeping the earlier ones', () => {
    const r0 = application();
    const r1 = transition(r0, 'request-supplement', ctx(), { reason: '缺少整改报告' });
    const r2 = transition(r1, 'supplement', ctx({ actor: applicant }), { supplement: { text: '补充整改报告', evidence } });
    expect(r2.history.map((h) => [h.action, h.by.id, h.reason])).toEqual([
      ['submit', USCC, undefined],
      ['request-supplement', 'reviewer-7', '缺少整改报告'],
      ['supplement', USCC, undefined],
    ]);
    expect(r2.version).toBe(3);
  });

  it('appends each supplement with its day, text and evidence', () => {
    const more: Evidence[] = [{ title: '整改报告', sha256: 'b'.repeat(64), location: 'oss://repairs/rr_1/report.pdf' }];
    const waiting = transition(application(), 'request-supplement', ctx(), { reason: '缺少整改报告' });
    const back = transition(waiting, 'supplement', ctx({ today: '2026-02-24', actor: applicant }), { supplement: { text: '补充整改报告', evidence: more } });
    expect(back.supplements).toEqual([{ on: '2026-02-24', text: '补充整改报告', evidence: more }]);
    const again = transition(transition(back, 'request-supplement', ctx(), { reason: '仍缺材料' }), 'supplement', ctx({ today: '2026-02-25', actor: applicant }), {
      supplement: { text: '第二次补充', evidence: [] },
    });
    expect(again.supplements.map((s) => [s.on, s.text])).toEqual([
      ['2026-02-24', '补充整改报告'],
      ['2026-02-25', '第二次补充'],
    ]);
  });

  it('leaves the supplements alone on other actions', () => {
    expect(transition(application(), 'accept', ctx()).supplements).toEqual([]);
  });

  it.each([
    ['approve', 'accepted'],
    ['reject', 'submitted'],
    ['reject', 'accepted'],
    ['reject', 'supplement-requested'],
  ] as const)('%s (from %s) sets decidedOn to today', (action, status) => {
    const after = transition(inStatus(status), action, ctx(), { reason: '理由' });
    expect(after.decidedOn).toBe(TODAY);
    expect(after.revokedOn).toBeUndefined();
  });

  it.each([
    ['accept', 'submitted'],
    ['request-supplement', 'accepted'],
    ['withdraw', 'accepted'],
  ] as const)('%s (from %s) sets no decidedOn', (action, status) => {
    expect(transition(inStatus(status), action, ctx(), { reason: '理由' }).decidedOn).toBeUndefined();
  });

  it('revoke sets revokedOn to today and keeps the day it was approved', () => {
    const approved = transition(transition(application(), 'accept', ctx()), 'approve', ctx());
    const revoked = transition(approved, 'revoke', ctx({ today: '2026-06-01', now: new Date('2026-06-01T02:00:00.000Z') }), { reason: '提供虚假材料' });
    expect(revoked).toMatchObject({ status: 'revoked', revokedOn: '2026-06-01', decidedOn: TODAY, updatedAt: '2026-06-01T02:00:00.000Z' });
  });

  it('does not change the application it was given (a pure function)', () => {
    const before = application();
    const snapshot = structuredClone(before);
    transition(before, 'request-supplement', ctx(), { reason: '缺少整改报告' });
    transition(before, 'accept', ctx());
    expect(before).toEqual(snapshot);
  });

  it('walks a full approval: submit → accept → approve → revoke, version 1 → 4', () => {
    const r = [
      (x: RepairRequest) => transition(x, 'accept', ctx()),
      (x: RepairRequest) => transition(x, 'approve', ctx()),
      (x: RepairRequest) => transition(x, 'revoke', ctx(), { reason: '提供虚假材料' }),
    ].reduce((x, step) => step(x), application());
    expect(r.status).toBe('revoked');
    expect(r.version).toBe(4);
    expect(r.history.map((h) => h.action)).toEqual(['submit', 'accept', 'approve', 'revoke']);
  });
});
