import { describe, expect, it } from 'vitest';
import { gridCoverage, taskBoard, type MarketingTaskDoc } from './marketing-task';

const task = (id: string, over: Partial<MarketingTaskDoc>): MarketingTaskDoc => ({
  _id: `marketing-task:${id}`, type: 'marketing-task', branch: 'HM01', grid: 'G01', kind: 'visit', product: null,
  target: { kind: 'household', id: 'household:aa', name: '张三户' }, assignee: 'M001', assigneeName: '王经理', assignedBy: 'H001',
  assignedAt: '2026-12-01T01:00:00.000Z', due: '2026-12-05', note: '', status: 'open', outcome: null, outcomeNote: '', workedAt: null, workedBy: null, ...over,
});

describe('gridCoverage', () => {
  it('counts a target reached once, by a done task worked by the day; nobody home reaches nobody', () => {
    const targets = [
      { id: 'household:aa', kind: 'household' as const, grid: 'G01' },
      { id: 'household:bb', kind: 'household' as const, grid: 'G01' },
      { id: 'customer:CC', kind: 'merchant' as const, grid: 'G02' },
      { id: 'customer:DD', kind: 'customer' as const, grid: 'G09' },
    ];
    const done = { status: 'done' as const, workedAt: '2026-12-02T03:00:00.000Z', workedBy: 'M001' };
    const tasks = [
      task('A', { ...done, outcome: 'visited' }),
      task('B', { ...done, outcome: 'interested' }),
      task('C', { ...done, outcome: 'not-home', target: { kind: 'household', id: 'household:bb', name: '李四户' } }),
      task('D', { ...done, outcome: 'declined', workedAt: '2026-12-03T03:00:00.000Z', target: { kind: 'merchant', id: 'customer:CC', name: '五金店' } }),
    ];
    const r = gridCoverage(['G01', 'G02', 'G03'], targets, tasks, '2026-12-02');
    expect(r.grids).toEqual([
      { grid: 'G01', inGrid: { customer: 0, household: 2, merchant: 0 }, reached: { customer: 0, household: 1, merchant: 0 }, coverageBp: 5000 },
      { grid: 'G02', inGrid: { customer: 0, household: 0, merchant: 1 }, reached: { customer: 0, household: 0, merchant: 0 }, coverageBp: 0 },
      { grid: 'G03', inGrid: { customer: 0, household: 0, merchant: 0 }, reached: { customer: 0, household: 0, merchant: 0 }, coverageBp: 0 },
    ]);
    expect(r.total.coverageBp).toBe(3333);
    expect(gridCoverage(['G01', 'G02'], targets, tasks, '2026-12-03').grids[1]!.coverageBp).toBe(10000);
  });
});

describe('taskBoard', () => {
  it('counts by the branch\'s day: a task given at 07:00 in Beijing and worked at 23:30 there is on that day\'s board', () => {
    // 2026-12-01T23:00Z is 12-02 07:00 in Beijing; 2026-12-02T15:30Z is 12-02 23:30 there.
    const t = task('A', { assignedAt: '2026-12-01T23:00:00.000Z', status: 'done', outcome: 'interested', workedAt: '2026-12-02T15:30:00.000Z', workedBy: 'M001' });
    expect(taskBoard([t], '2026-12-01').total.tasks).toBe(0);
    expect(taskBoard([t], '2026-12-02').total).toMatchObject({ tasks: 1, done: 1, interested: 1 });
    const late = { ...t, workedAt: '2026-12-02T16:30:00.000Z' }; // 12-03 00:30 in Beijing: not done by the end of 12-02
    expect(taskBoard([late], '2026-12-02').total).toMatchObject({ tasks: 1, done: 0 });
  });
});
