import { describe, expect, it } from 'vitest';
import type { QueueCounter } from './config';
import { lineCount, peopleAhead, selectNext, type Candidate } from './selection';

const MIN = 60_000;
const now = 100 * MIN;
let n = 0;
const t = (service: string, waitedMin: number, over: Partial<Candidate> = {}): Candidate => {
  n++;
  return { id: `t${n}`, number: `${service[0]!.toUpperCase()}${String(n).padStart(3, '0')}`, service, priority: null, front: false, targetCounter: null, queuedAtMs: now - waitedMin * MIN, seq: n, ...over };
};
const counter = (no: number, ...services: [string, number][]): QueueCounter => ({ no, name: `${no}号窗口`, services: services.map(([service, weight]) => ({ service, weight })) });
const opts = { nowMs: now, priorityStreak: 0, maxPriorityStreak: 3 };

describe('call-next selection', () => {
  it('takes the longest-waiting ticket among the counter services only', () => {
    const a = t('cash', 5);
    const b = t('cash', 9);
    const c = t('loan', 30);
    expect(selectNext([a, b, c], counter(1, ['cash', 1]), opts)?.id).toBe(b.id);
    expect(selectNext([c], counter(1, ['cash', 1]), opts)).toBeNull();
  });

  it('scales the wait by the service weight at a mixed counter', () => {
    const cash = t('cash', 10);
    const loan = t('loan', 6);
    expect(selectNext([cash, loan], counter(3, ['loan', 2], ['cash', 1]), opts)?.id).toBe(loan.id);
    expect(selectNext([cash, loan], counter(3, ['loan', 1], ['cash', 1]), opts)?.id).toBe(cash.id);
  });

  it('calls priority customers first, but at most maxPriorityStreak in a row while ordinary ones wait', () => {
    const ordinary = t('cash', 20);
    const vip = t('cash', 1, { priority: 'vip' });
    const c = counter(1, ['cash', 1]);
    expect(selectNext([ordinary, vip], c, { ...opts, priorityStreak: 2 })?.id).toBe(vip.id);
    expect(selectNext([ordinary, vip], c, { ...opts, priorityStreak: 3 })?.id).toBe(ordinary.id);
    // Nobody ordinary waiting: the streak does not hold the priority customer back.
    expect(selectNext([vip], c, { ...opts, priorityStreak: 9 })?.id).toBe(vip.id);
  });

  it('serves transferred tickets first — those sent to this counter before others — and hides ones sent elsewhere', () => {
    const old = t('cash', 50);
    const movedAny = t('cash', 2, { front: true });
    const movedHere = t('cash', 1, { front: true, targetCounter: 1 });
    const movedThere = t('cash', 3, { front: true, targetCounter: 2 });
    const c1 = counter(1, ['cash', 1]);
    expect(selectNext([old, movedAny, movedHere, movedThere], c1, opts)?.id).toBe(movedHere.id);
    expect(selectNext([old, movedAny, movedThere], c1, opts)?.id).toBe(movedAny.id);
    expect(selectNext([old, movedThere], c1, opts)?.id).toBe(old.id);
    expect(selectNext([old, movedThere], counter(2, ['cash', 1]), opts)?.id).toBe(movedThere.id);
  });

  it('can be limited to one service of the mix', () => {
    const cash = t('cash', 30);
    const corp = t('corporate', 1);
    expect(selectNext([cash, corp], counter(2, ['cash', 1], ['corporate', 1]), { ...opts, onlyService: 'corporate' })?.id).toBe(corp.id);
  });

  it('breaks ties by the lower number', () => {
    const a = t('cash', 5);
    const b = t('cash', 5);
    expect(selectNext([b, a], counter(1, ['cash', 1]), opts)?.id).toBe(a.id);
  });

  it('counts the people ahead of a new ticket', () => {
    const waiting = [t('cash', 3), t('cash', 2, { priority: 'elder' }), t('cash', 1, { front: true }), t('loan', 1)];
    expect(lineCount(waiting, 'cash')).toEqual({ total: 3, frontOrPriority: 2 });
    expect(peopleAhead(lineCount(waiting, 'cash'), null)).toBe(3);
    expect(peopleAhead(lineCount(waiting, 'cash'), 'vip')).toBe(2);
    expect(peopleAhead(lineCount(waiting, 'loan'), null)).toBe(1);
    expect(peopleAhead(lineCount(waiting, 'corporate'), null)).toBe(0);
  });
});
