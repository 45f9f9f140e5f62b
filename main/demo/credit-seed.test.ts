import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../core/core';
import { seedDemo } from './seed';
import { demoHeadOfficeKeys, localDemoHeadOffice } from './demo-trust';
import { trustRootOf } from '../../trust/head-office-keys';

describe('demo credit data', () => {
  it('puts loans in every state through the API, so lists, queue and dashboard are alive', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jingwei-credit-seed-'));
    const keys = demoHeadOfficeKeys(dataDir);
    const core = await createCore({ dataDir, branchCode: 'HM01', deviceId: 'HM01-SEED', trust: trustRootOf(keys), log: () => {} });
    try {
      await seedDemo(core, { headOffice: localDemoHeadOffice(core, keys), customers: 5, historyDays: 0 });
      const login = await core.call({ method: 'session.login', args: { staffNo: 'H001', password: 'jingwei2026' } });
      const token = (login as { ok: true; value: { token: string } }).value.token;
      const list = await core.call({ method: 'loans.list', args: { filter: 'all', limit: 100 }, token });
      const states = (list as { ok: true; value: { state: string }[] }).value.map((r) => r.state).sort();
      expect(states).toEqual(['contracted', 'disbursed', 'disbursed', 'disbursed', 'draft', 'e-signed', 'referred', 'rejected']);
      const dash = await core.call({ method: 'credit.dashboard', args: {}, token });
      const m = (dash as { ok: true; value: { metrics: Record<string, { num: number }> } }).value.metrics;
      expect(m.applications!.num).toBe(7);
      expect(m.drawnHouseholds!.num).toBe(3);
    } finally {
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
    // The whole demo day: a slow password hash per staff member and per checker of each disbursement.
  }, 120_000);
});
