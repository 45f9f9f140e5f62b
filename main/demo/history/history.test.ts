import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../core/core';
import { trustRootOf } from '../../../trust/head-office-keys';
import { demoHeadOfficeKeys, localDemoHeadOffice } from '../demo-trust';
import { DEMO_PASSWORD, demoPeople, seedDemo } from '../seed';
import { seedDemoHistory } from './index';

// A Wednesday morning in 侯马: the history covers the business days before it.
const NOW = new Date('2026-03-04T01:30:00Z');

async function branchWithHistory(): Promise<{ core: Core; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'jw-history-'));
  const keys = demoHeadOfficeKeys(dir);
  const core = await createCore({ dataDir: dir, branchCode: 'HM01', branchName: '侯马支行', deviceId: 'HM01-HISTORY', trust: trustRootOf(keys), log: () => {} });
  await seedDemo(core, { headOffice: localDemoHeadOffice(core, keys), customers: 40, historyDays: 0 });
  await seedDemoHistory(core, { days: 7, password: DEMO_PASSWORD, customers: demoPeople(40), now: NOW });
  return { core, dir };
}

async function figures(core: Core) {
  const login = await core.call({ method: 'session.login', args: { staffNo: 'H001', password: DEMO_PASSWORD } });
  if (!login.ok) throw new Error(login.error.message);
  const token = (login.value as { token: string }).token;
  const call = async <T>(method: string, args: object): Promise<T> => {
    const r = await core.call({ method: method as 'queue.stats', args: args as never, token });
    if (!r.ok) throw new Error(r.error.message);
    return r.value as T;
  };
  return {
    queue: await call<{ total: { tickets: number; served: number; avgWaitSec: number | null; avgServiceSec: number | null }; byTeller: unknown[] }>('queue.stats', { from: '2026-02-20', to: '2026-03-04' }),
    today: await call<{ total: { tickets: number } }>('queue.stats', { from: '2026-03-04', to: '2026-03-04' }),
    dashboard: await call<{ averageStepMs: { step: string; ms: number }[]; endToEndMs: number | null; metrics: { applications: { num: number }; averageProcessingTime: { num: number; den: number } } }>('credit.dashboard', {}),
    syncs: await call<{ finishedAt: string }[]>('sync.reports', { limit: 50 }),
  };
}

// Two branches seeded with a week of history, each disbursement authorised with a password (a slow hash): minutes
// on a loaded machine.
describe('demo history', () => {
  it('fills the business days before today with believable, deterministic figures, nothing after now', { timeout: 480_000 }, async () => {
    const a = await branchWithHistory();
    const b = await branchWithHistory();
    try {
      const fa = await figures(a.core);
      // 25 Feb–3 Mar: five business days (the weekend stays empty).
      expect(fa.syncs).toHaveLength(5);
      expect(fa.syncs.every((s) => Date.parse(s.finishedAt) < NOW.getTime())).toBe(true);
      expect(fa.today.total.tickets).toBe(0);
      expect(fa.queue.total.tickets).toBeGreaterThan(100);
      expect(fa.queue.total.served).toBeGreaterThan(90);
      // Waits and service times of minutes, not "0秒".
      expect(fa.queue.total.avgWaitSec).toBeGreaterThan(20);
      expect(fa.queue.total.avgServiceSec).toBeGreaterThan(120);
      expect(fa.queue.byTeller.length).toBeGreaterThanOrEqual(2);
      const steps = Object.fromEntries(fa.dashboard.averageStepMs.map((s) => [s.step, s.ms]));
      expect(steps.submitted).toBeGreaterThan(5 * 60_000);
      expect(fa.dashboard.endToEndMs).toBeGreaterThan(10 * 60_000);
      expect(fa.dashboard.metrics.applications.num).toBeGreaterThan(5);
      const processing = fa.dashboard.metrics.averageProcessingTime;
      expect(processing.num / processing.den).toBeGreaterThan(5 * 60_000);
      // Same seed, same day: the same history. (A decision's own run time — milliseconds of real computing —
      // is the one thing measured rather than generated.)
      const fb = await figures(b.core);
      const seconds = (f: typeof fa) => {
        const { averageProcessingTime, ...metrics } = f.dashboard.metrics as Record<string, { num: number }>;
        // The end-to-end average sums measured decision times too, which grow by seconds on a loaded machine.
        const { endToEndMs, ...dashboard } = f.dashboard;
        return {
          ...f,
          dashboard: { ...dashboard, endToEndMinutes: Math.round((endToEndMs ?? 0) / 60_000), metrics, processingMinutes: Math.round(averageProcessingTime!.num / 60_000),
            averageStepMs: f.dashboard.averageStepMs.map((s) => ({ ...s, ms: Math.round(s.ms / 1000) })) },
        };
      };
      expect(seconds(fb)).toEqual(seconds(fa));
    } finally {
      for (const x of [a, b]) {
        await x.core.close();
        rmSync(x.dir, { recursive: true, force: true });
      }
    }
  });
});
