import { describe, expect, it } from 'vitest';
import { DEFAULT_DISPATCH_RULES, dispatchEvent, escalation } from './dispatch';
import { addWorkingDays, isWorkingDay } from './working-days';

const rules = DEFAULT_DISPATCH_RULES;

describe('working days', () => {
  it('skips weekends, holidays, and counts declared working weekends (调休)', () => {
    const cal = { holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'], workingWeekendDays: ['2026-10-10'] };
    expect(isWorkingDay('2026-10-03', cal)).toBe(false); // Saturday
    expect(isWorkingDay('2026-10-10', cal)).toBe(true); // Saturday made a working day
    // Raised Wednesday 30 Sep: 8 Oct (Thu) is the first working day after the holiday.
    expect(addWorkingDays('2026-09-30', 1, cal)).toBe('2026-10-08');
    expect(addWorkingDays('2026-09-30', 3, cal)).toBe('2026-10-10');
    expect(addWorkingDays('2026-03-06', 0, cal)).toBe('2026-03-06');
  });
  it('counts a Friday event five working days to the next Friday', () => {
    expect(addWorkingDays('2026-03-06', 5, rules.calendar)).toBe('2026-03-13');
  });
});

describe('dispatch rules', () => {
  it('overdue up to 90 days goes to the branch head and the customer manager with the branch deadline', () => {
    for (const days of [1, 30, 90]) {
      expect(dispatchEvent({ overdueDays: days, raisedOn: '2026-03-02' }, rules)).toEqual({
        queue: 'branch',
        roles: ['branch-head', 'customer-manager'],
        deadline: '2026-03-09',
      });
    }
  });
  it('a warning signal without overdue goes to the branch too', () => {
    expect(dispatchEvent({ overdueDays: 0, raisedOn: '2026-03-02' }, rules).queue).toBe('branch');
  });
  it('more than 90 days overdue goes to the risk department directly', () => {
    expect(dispatchEvent({ overdueDays: 91, raisedOn: '2026-03-02' }, rules)).toEqual({ queue: 'risk', roles: ['risk-officer'], deadline: '2026-03-16' });
  });
  it('a branch event past its deadline day escalates to the risk department; on the day it does not', () => {
    const ev = { queue: 'branch' as const, deadline: '2026-03-09', status: 'open' as const };
    expect(escalation(ev, '2026-03-09', rules)).toBeNull();
    expect(escalation(ev, '2026-03-10', rules)).toEqual({ queue: 'risk', roles: ['risk-officer'], deadline: '2026-03-24' });
    expect(escalation({ ...ev, status: 'closed' }, '2026-04-01', rules)).toBeNull();
    expect(escalation({ ...ev, queue: 'risk' }, '2026-04-01', rules)).toBeNull();
  });
});
