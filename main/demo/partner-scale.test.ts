import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLedger } from '../../sync-server/feeds/feed-ledger';
import type { Core } from '../core/core';
import { openDemoBranch, startDemoHeadOffice, type DemoHeadOfficeServer } from './head-office';
import { partnerData, type PartnerScale } from './partner-data';
import { seedPartnerScale } from './partner-scale';
import { DEMO_PASSWORD, seedDemo } from './seed';

// The seed's shape in small: 2 villages × 4 officials, 1 market × 8 managers, 6 stall holders; 7 bring borrowers, 3 an applicant.
const SMALL: PartnerScale = { villages: 2, markets: 1, partners: 22, effective: 7, applyingOnly: 3, days: 30 };

describe('partner data generator', () => {
  it('makes the seed\'s 5,882 partners by kind, unique mobiles and ID numbers, never one already on file, nothing dated today or later', () => {
    const taken = { ids: new Set(['141081198001010011']), phones: new Set(['13800000000']) };
    const d = partnerData({ villages: 180, markets: 26, partners: 5_882, effective: 2_319, applyingOnly: 1_100, days: 60 }, '2026-12-07', taken);
    const kind = (k: string) => d.candidates.filter((c) => c.kind === k).length;
    expect([d.candidates.length, kind('village-official'), kind('market-manager'), kind('merchant')]).toEqual([5_882, 720, 208, 4_954]);
    const phones = [...d.candidates.map((c) => c.phone), ...d.referrals.flat().map((r) => r.person.phone)];
    expect(new Set(phones).size).toBe(phones.length);
    expect(phones.some((p) => taken.phones.has(p))).toBe(false);
    const ids = d.referrals.flat().map((r) => r.person.idNumber);
    expect(new Set(ids).size).toBe(ids.length);
    // Partners with a referral that core banking may lend to, and those whose people only apply.
    const lending = new Set(d.referrals.filter((t) => t.some((r) => r.lendsOn)).map((t) => t[0]!.partner));
    const applying = new Set(d.referrals.filter((t) => t.every((r) => !r.lendsOn)).map((t) => t[0]!.partner));
    expect([lending.size, applying.size, [...lending].some((p) => applying.has(p))]).toEqual([2_319, 1_100, false]);
    for (const r of d.referrals.flat()) {
      expect(r.appliesOn > d.candidates[r.partner]!.enrolOn && r.appliesOn < '2026-12-07').toBe(true);
      if (r.lendsOn) expect(r.lendsOn > r.appliesOn && r.lendsOn < '2026-12-07').toBe(true);
    }
  });
});

describe('--partner-scale seed, in small', () => {
  let dir: string;
  let headOffice: DemoHeadOfficeServer;
  let core: Core;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jingwei-partner-scale-'));
    headOffice = await startDemoHeadOffice(dir, 0);
    core = await openDemoBranch(headOffice, dir, 'HM01');
    await seedDemo(core, { headOffice: headOffice.headOfficeFor(core), people: [], historyDays: 0 });
  }, 240_000);
  afterAll(async () => {
    await core?.close();
    await headOffice?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('enrols through the API, applies with the codes, lends through head office\'s loans file; the statement counts partners and effective partners', async () => {
    const ledgerDir = join(dir, 'head-office-feeds');
    const args = { headOffice: headOffice.headOfficeFor(core), feedPublisher: headOffice.feedPublisher, ledgerDir, password: DEMO_PASSWORD, scale: SMALL };
    const res = await seedPartnerScale(core, args);
    expect(res.seeded).toBe(true);
    expect([res.statement!.partners, res.statement!.effectivePartners]).toEqual([22, 7]);

    // What the branch shows, from head office's signed statement that came back by sync.
    const login = await core.call({ method: 'session.login', args: { staffNo: 'H001', password: DEMO_PASSWORD } });
    const token = (login as { ok: true; value: { token: string } }).value.token;
    const board = await core.call({ method: 'value.partners', args: {}, token });
    expect(board).toMatchObject({ ok: true, value: { partners: 22, effectivePartners: 7 } });
    const lines = (board as { ok: true; value: { lines: { effective: boolean; loans: number }[] } }).value.lines;
    expect(lines.filter((l) => l.effective)).toHaveLength(7);
    const enrolled = await core.call({ method: 'value.enrolledPartners', args: {}, token });
    const partners = (enrolled as { ok: true; value: { partners: { referrals: unknown[] }[] } }).value.partners;
    expect(partners).toHaveLength(22);
    expect(partners.filter((p) => p.referrals.length > 0).length).toBe(10);

    // The loans file went through the feed: each effective partner's borrower is a loan in head office's ledger.
    const ledger = openLedger(ledgerDir);
    try {
      const n = ledger.prepare("SELECT COUNT(*) AS n FROM loan WHERE account LIKE '63%' AND status = 'active'").get() as { n: number };
      expect(n.n).toBeGreaterThanOrEqual(7);
    } finally {
      ledger.close();
    }
    // A second start finds the partners and changes nothing.
    expect((await seedPartnerScale(core, args)).seeded).toBe(false);
  }, 300_000);
});
