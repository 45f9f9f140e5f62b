import { describe, expect, it } from 'vitest';
import { callTicket, finishTicket, noShowTicket, recallTicket, startTicket, transferTicket, type Ticket, type TransitionResult } from './ticket';

const base: Ticket = {
  day: '2026-11-30', number: 'A001', seq: 1, service: 'cash', prefix: 'A', priority: null, customerId: null,
  state: 'waiting', issuedAt: '2026-11-30T01:00:00.000Z', queuedAt: '2026-11-30T01:00:00.000Z', front: false,
  targetCounter: null, estimateSec: 120, aheadAtIssue: 0, visits: [], events: [],
};
const by = (at: string, counter = 3) => ({ teller: 'T001', counter, at: `2026-11-30T${at}.000Z` });
const ok = (r: TransitionResult): Ticket => {
  if (!r.ok) throw new Error(`${r.error} ${JSON.stringify(r.params)}`);
  return r.ticket;
};

describe('ticket state machine', () => {
  it('runs call → recall → start → finish and records one visit with its times', () => {
    let t = ok(callTicket(base, { ...by('01:05:00'), requestId: 'r1' }));
    t = ok(recallTicket(t, by('01:06:00')));
    t = ok(startTicket(t, by('01:07:00')));
    t = ok(finishTicket(t, by('01:10:00')));
    expect(t.state).toBe('done');
    expect(t.visits).toEqual([{
      service: 'cash', counter: 3, teller: 'T001', queuedAt: base.queuedAt, calledAt: '2026-11-30T01:05:00.000Z',
      startedAt: '2026-11-30T01:07:00.000Z', endedAt: '2026-11-30T01:10:00.000Z', outcome: 'done', recalls: 1,
    }]);
    expect(t.events.map((e) => e.action)).toEqual(['call', 'recall', 'start', 'finish']);
    expect(t.events[0]!.requestId).toBe('r1');
  });

  it('refuses actions that do not fit the state, naming the number and state', () => {
    expect(startTicket(base, by('01:00:00'))).toEqual({ ok: false, error: 'queue.error.badState', params: { number: 'A001', state: 'waiting', action: 'start' } });
    const serving = ok(startTicket(ok(callTicket(base, by('01:01:00'))), by('01:02:00')));
    expect(noShowTicket(serving, by('01:03:00')).ok).toBe(false);
    expect(recallTicket(serving, by('01:03:00')).ok).toBe(false);
    const done = ok(finishTicket(serving, by('01:04:00')));
    expect(callTicket(done, by('01:05:00')).ok).toBe(false);
  });

  it('no-show ends the visit without service time', () => {
    const t = ok(noShowTicket(ok(callTicket(base, by('01:01:00'))), by('01:03:00')));
    expect(t.state).toBe('no-show');
    expect(t.visits[0]).toMatchObject({ outcome: 'no-show', startedAt: null, endedAt: '2026-11-30T01:03:00.000Z' });
  });

  it('finish straight after call counts the service from the call', () => {
    const t = ok(finishTicket(ok(callTicket(base, by('01:01:00'))), by('01:04:00')));
    expect(t.visits[0]).toMatchObject({ startedAt: '2026-11-30T01:01:00.000Z', outcome: 'done' });
  });

  it('transfer keeps the number, moves to the new service at the front, and the next call is a second visit', () => {
    const serving = ok(startTicket(ok(callTicket(base, by('01:01:00'))), by('01:02:00')));
    const moved = ok(transferTicket(serving, by('01:06:00'), { service: 'loan', counter: 2 }));
    expect(moved).toMatchObject({ number: 'A001', state: 'waiting', service: 'loan', front: true, targetCounter: 2, queuedAt: '2026-11-30T01:06:00.000Z' });
    expect(moved.visits[0]).toMatchObject({ outcome: 'transferred', endedAt: '2026-11-30T01:06:00.000Z' });
    expect(moved.events.at(-1)).toMatchObject({ action: 'transfer', from: 'cash@3', to: 'loan@2' });
    const again = ok(callTicket(moved, by('01:08:00', 2)));
    expect(again).toMatchObject({ state: 'called', front: false, targetCounter: null });
    expect(again.visits).toHaveLength(2);
    expect(again.visits[1]).toMatchObject({ service: 'loan', counter: 2, queuedAt: '2026-11-30T01:06:00.000Z' });
  });
});
