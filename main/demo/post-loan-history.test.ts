import { describe, expect, it } from 'vitest';
import { seedPostLoanHistory } from './post-loan-history';

describe('demo post-loan history', () => {
  it('delivers the branch loan states with month-end history and the risk events the scans raised', async () => {
    const delivered: { _id: string; type?: string; history?: unknown[]; branch?: string; classification?: string }[] = [];
    const headOffice = { keys: null as never, deliver: async (docs: { _id: string }[]) => void delivered.push(...docs) };
    const r = await seedPostLoanHistory(headOffice, { branch: 'HM01', days: 100, loans: 120, now: new Date('2026-06-15T04:00:00Z') });
    const loans = delivered.filter((d) => d.type === 'loan-state');
    const events = delivered.filter((d) => d.type === 'risk-event');
    expect(loans).toHaveLength(r.loans);
    expect(events).toHaveLength(r.events);
    expect(loans.length).toBeGreaterThan(100);
    expect(loans.every((l) => l.branch === 'HM01')).toBe(true);
    // Three month ends (March, April, May) passed in 100 days before 15 June: the trend has a shape.
    expect(Math.max(...loans.map((l) => l.history!.length))).toBeGreaterThanOrEqual(3);
    expect(events.length).toBeGreaterThan(0);
    expect(new Set(loans.map((l) => l.classification)).size).toBeGreaterThan(1);
  });
});
