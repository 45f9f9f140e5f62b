import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addDays, monthKey, nextMonthKey } from '../../domain/credit/dates';
import { headerLine } from '../../domain/post-loan/feed-formats';
import { importFeed, openLedger } from '../../sync-server/feeds/feed-ledger';
import { trialBalance } from '../../sync-server/value/points-ledger';
import { trustRootOf } from '../../trust/head-office-keys';
import { createCore } from '../core/core';
import type { ValueDashboardView } from '../core/value/value-dashboard.contract';
import { demoHeadOfficeKeys, localDemoHeadOffice } from './demo-trust';
import { DEMO_PASSWORD, demoPeople, demoStaffDocs } from './seed';
import { demoDepositLines, seedValueDemo } from './value-seed';

describe('demo customer value', () => {
  it('gives 精微看板 tiers, points, the branch\'s points flows and an offer funnel, through the ledger, publishing and the desk API', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jingwei-value-seed-'));
    const keys = demoHeadOfficeKeys(dataDir);
    const core = await createCore({ dataDir, branchCode: 'HM01', deviceId: 'HM01-SEED', trust: trustRootOf(keys), log: () => {} });
    const ledger = openLedger(join(dataDir, 'ledger'));
    try {
      const headOffice = localDemoHeadOffice(core, keys);
      await headOffice.deliver(await demoStaffDocs(headOffice, 'HM01'));
      const people = demoPeople(80);
      const login = await core.call({ method: 'session.login', args: { staffNo: 'M001', password: DEMO_PASSWORD } });
      const token = (login as { ok: true; value: { token: string } }).value.token;
      const customers = [];
      for (const p of people) customers.push((await core.call({ method: 'customers.create', args: { customer: { kind: 'individual', ...p } }, token }) as { ok: true; value: { id: string } }).value);
      // Two months and a bit of core banking's deposit files: last month is complete, so it accrues.
      const today = new Date().toISOString().slice(0, 10);
      for (let date = `${nextMonthKey(monthKey(today), -2)}-01`; date < today; date = addDays(date, 1)) {
        const lines = demoDepositLines(people, 'HM01', date);
        importFeed(ledger, { kind: 'deposits', date, bytes: new TextEncoder().encode([headerLine('deposits'), ...lines].join('\n') + '\n'), now: () => new Date() });
      }
      await seedValueDemo(core, { headOffice, db: ledger, today, people, customers, password: DEMO_PASSWORD, log: () => {} });
      expect(trialBalance(ledger)).toMatchObject({ unbalanced: [], balanceMismatches: [] });
      const head = (await core.call({ method: 'session.login', args: { staffNo: 'H001', password: DEMO_PASSWORD } }) as { ok: true; value: { token: string } }).value.token;
      const d = (await core.call({ method: 'value.dashboard', args: {}, token: head }) as { ok: true; value: ValueDashboardView }).value;
      expect(d.customers).toBe(80);
      expect(d.pointsHeld).toBeGreaterThan(0);
      expect(Object.values(d.tiers).filter((n) => n > 0).length).toBeGreaterThan(1);
      expect(d.offersMade.length).toBeGreaterThan(0);
      expect(d.funnelTotal.shown).toBeGreaterThan(0);
      expect(d.funnelTotal.accepted).toBeGreaterThan(0);
      const flows = d.pointsFlows!.months;
      expect(flows.reduce((n, m) => n + m.issued, 0)).toBeGreaterThan(0);
      expect(flows.reduce((n, m) => n + m.redeemed, 0)).toBeGreaterThan(0);
      expect(flows.reduce((n, m) => n + m.vouchersRedeemed, 0)).toBeGreaterThan(0);
    } finally {
      ledger.close();
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
