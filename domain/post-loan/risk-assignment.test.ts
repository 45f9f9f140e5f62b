import { describe, expect, it } from 'vitest';
import { DEFAULT_DISPATCH_RULES } from './dispatch';
import { assignRequestSchema, handlerQueue, planAssignment, type AssignableEvent, type HandlerCandidate } from './risk-assignment';

const TODAY = '2026-03-06'; // a Friday
const ev = (id: string, branch = 'HM01', over: Partial<AssignableEvent> = {}): AssignableEvent => ({
  id, branch, status: 'open', queue: 'risk', deadline: '2026-03-01', handler: null, ...over,
});
const events = new Map([ev('e1'), ev('e2'), ev('e3', 'HM02'), ev('closed', 'HM01', { status: 'closed' })].map((e) => [e.id, e]));
const staff = (staffNo: string, roles: HandlerCandidate['roles'], branch = 'HM01', active = true): HandlerCandidate => ({ staffNo, name: `名${staffNo}`, branch, roles, active });
const M002 = staff('M002', ['customer-manager']);
const R001 = staff('R001', ['risk-officer']);
const req = (events: string[], handler: string, deadline?: string) => assignRequestSchema.parse({ events, handler: `HM01/${handler}`, deadline });

describe('bulk assignment from the risk centre', () => {
  it('sends events to a customer manager of their branch with the branch queue and its dispatch deadline', () => {
    const plan = planAssignment(req(['e1', 'e2', 'e1'], 'm002'), events, M002, TODAY, DEFAULT_DISPATCH_RULES);
    expect(plan).toEqual({
      ok: true,
      assignments: ['e1', 'e2'].map((event) => ({
        event, branch: 'HM01', handler: 'M002', handlerName: '名M002', queue: 'branch', deadline: '2026-03-13',
        prev: { handler: null, queue: 'risk', deadline: '2026-03-01' },
      })),
    });
  });

  it('sends any branch\'s events to a risk officer in the risk queue, with the deadline given', () => {
    const plan = planAssignment(req(['e1', 'e3'], 'R001', '2026-03-20'), events, R001, TODAY, DEFAULT_DISPATCH_RULES);
    expect(plan.ok && plan.assignments.map((a) => [a.event, a.queue, a.deadline])).toEqual([['e1', 'risk', '2026-03-20'], ['e3', 'risk', '2026-03-20']]);
    // Without one: ten working days, the risk department's.
    const dflt = planAssignment(req(['e1'], 'R001'), events, R001, TODAY, DEFAULT_DISPATCH_RULES);
    expect(dflt.ok && dflt.assignments[0]!.deadline).toBe('2026-03-20');
  });

  it('refuses the whole assignment when one event cannot go to the handler', () => {
    expect(planAssignment(req(['e1', 'e3'], 'M002'), events, M002, TODAY, DEFAULT_DISPATCH_RULES)).toEqual({ ok: false, problems: [{ rule: 'otherBranch', event: 'e3' }] });
    expect(planAssignment(req(['e1', 'closed', 'nope'], 'M002'), events, M002, TODAY, DEFAULT_DISPATCH_RULES)).toEqual({
      ok: false, problems: [{ rule: 'closed', event: 'closed' }, { rule: 'unknownEvent', event: 'nope' }],
    });
  });

  it('refuses handlers who are unknown, disabled or not handlers, deadlines in the past or too far, and no events', () => {
    const rules = (r: ReturnType<typeof planAssignment>) => (r.ok ? [] : r.problems.map((p) => p.rule));
    expect(rules(planAssignment(req(['e1'], 'X999'), events, undefined, TODAY, DEFAULT_DISPATCH_RULES))).toEqual(['unknownHandler']);
    expect(rules(planAssignment(req(['e1'], 'M002'), events, { ...M002, active: false }, TODAY, DEFAULT_DISPATCH_RULES))).toEqual(['inactiveHandler']);
    expect(rules(planAssignment(req(['e1', 'e2'], 'T001'), events, staff('T001', ['teller']), TODAY, DEFAULT_DISPATCH_RULES))).toEqual(['notAHandler']);
    expect(rules(planAssignment(req(['e1'], 'M002', '2026-03-05'), events, M002, TODAY, DEFAULT_DISPATCH_RULES))).toEqual(['deadlinePast']);
    expect(rules(planAssignment(req(['e1'], 'M002', '2027-04-01'), events, M002, TODAY, DEFAULT_DISPATCH_RULES))).toEqual(['deadlineFar']);
    expect(rules(planAssignment(req([], 'M002'), events, M002, TODAY, DEFAULT_DISPATCH_RULES))).toEqual(['noEvents']);
    // Today itself is allowed (the deadline day is inclusive).
    expect(planAssignment(req(['e1'], 'M002', TODAY), events, M002, TODAY, DEFAULT_DISPATCH_RULES).ok).toBe(true);
  });

  it('knows which queue a handler works', () => {
    expect(handlerQueue(staff('H001', ['branch-head']), 'HM01')).toBe('branch');
    expect(handlerQueue(staff('H002', ['branch-head'], 'HM02'), 'HM01')).toBe('otherBranch');
    expect(handlerQueue(staff('R002', ['risk-officer'], 'HQ'), 'HM01')).toBe('risk');
    expect(handlerQueue(staff('A001', ['it-admin']), 'HM01')).toBe('notAHandler');
  });

  it('refuses a request that is not one at the boundary', () => {
    expect(assignRequestSchema.safeParse({ events: ['e1'], handler: 'HM01/M0' }).success).toBe(false);
    expect(assignRequestSchema.safeParse({ events: ['e1'], handler: 'M002' }).success).toBe(false);
    expect(assignRequestSchema.safeParse({ events: ['e1'], handler: 'HM01/M002', deadline: '6/3/2026' }).success).toBe(false);
    expect(assignRequestSchema.parse({ events: ['e1'], handler: ' hm01/m002 ', deadline: '' })).toEqual({ events: ['e1'], handler: { branch: 'HM01', staffNo: 'M002' } });
  });
});
