/**
 * 精微易享 at the seed's scale (issue #17: 合伙人 5,882 / 有效合伙人 2,319), through the paths `jingwei demo
 * --partner-scale seed` runs: the demo head office's server, the HM01 branch core syncing with it, every partner of
 * the generated data enrolled through `value.enrolPartner`, their people filed and applying with the code
 * (`customers.create`, `loans.createDraft`, `loans.submit`), head office's loans file through `importFeed` and its
 * commission run counting partners and effective partners (main/demo/partner-scale.ts). Prints the seeding time by
 * phase (wall, and this process's CPU: branch and head office share it), checks the statement's figures are the
 * seed's, then times what the branch head's screens call over the branch host's HTTP API: the ranking
 * (`value.partners`, 合伙人 screen), the enrolled list (`value.enrolledPartners`, 合伙人登记) and 精微看板
 * (`value.dashboard`), and one enrolment's duplicate check at that scale — the partner index against reading every
 * partner (what enrolment did before), side by side.
 *
 *   npx tsx bench/value-partners.bench.ts [--scale small]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { partnerDocSchema } from '../domain/value/partners';
import { startBranchHost } from '../main/host/branch-host';
import { hostSession } from '../main/host/testing/host-api';
import { openDemoBranch, startDemoHeadOffice } from '../main/demo/head-office';
import { PARTNER_SEED_SCALE, type PartnerScale } from '../main/demo/partner-data';
import { seedPartnerScale } from '../main/demo/partner-scale';
import { DEMO_PASSWORD, seedDemo } from '../main/demo/seed';
import { partnerByPhone } from '../main/core/value/partners.projection';

const small = process.argv.includes('--scale') && process.argv[process.argv.indexOf('--scale') + 1] === 'small';
const scale: PartnerScale = small ? { villages: 10, markets: 4, partners: 200, effective: 79, applyingOnly: 37, days: 60 } : PARTNER_SEED_SCALE;
const load = () => loadavg()[0]!.toFixed(1);
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

interface Run { ms: number; cpuMs: number }
async function timed<T>(n: number, f: () => Promise<T> | T): Promise<{ runs: Run[]; last: T }> {
  const runs: Run[] = [];
  let last: T | undefined;
  for (let i = 0; i < n; i++) {
    const c0 = cpuMs();
    const w0 = performance.now();
    last = await f();
    runs.push({ ms: performance.now() - w0, cpuMs: cpuMs() - c0 });
  }
  return { runs, last: last as T };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const row = (what: string, r: { runs: Run[] }) => ({
  what, calls: r.runs.length, 'first wall ms': r.runs[0]!.ms.toFixed(1), 'median wall ms': median(r.runs.map((x) => x.ms)).toFixed(1),
  'median cpu ms': median(r.runs.map((x) => x.cpuMs)).toFixed(1), load: load(),
});

const dir = mkdtempSync(join(tmpdir(), 'jw-value-partners-'));
const headOffice = await startDemoHeadOffice(dir, 0);
const core = await openDemoBranch(headOffice, dir, 'HM01');
try {
  await seedDemo(core, { headOffice: headOffice.headOfficeFor(core), people: [], historyDays: 0 });
  console.log(`seeding ${scale.partners} partners (${scale.effective} to become effective) at load ${load()} …`);
  const c0 = cpuMs();
  const w0 = performance.now();
  const seeded = await seedPartnerScale(core, {
    headOffice: headOffice.headOfficeFor(core), feedPublisher: headOffice.feedPublisher, ledgerDir: join(dir, 'head-office-feeds'), password: DEMO_PASSWORD, scale,
    log: (m) => console.log(`  ${m}`),
  });
  const seedWall = performance.now() - w0;
  const seedCpu = cpuMs() - c0;
  const st = seeded.statement!;
  console.table([{
    partners: st.partners, effective: st.effectivePartners, 'seed wall s': (seedWall / 1000).toFixed(1), 'process cpu s': (seedCpu / 1000).toFixed(1),
    ...Object.fromEntries(Object.entries(seeded.phases).map(([k, v]) => [`${k} s`, (v / 1000).toFixed(1)])), load: load(),
  }]);
  if (st.partners !== scale.partners || st.effectivePartners !== scale.effective) {
    throw new Error(`statement says ${st.partners} / ${st.effectivePartners}, the data was made for ${scale.partners} / ${scale.effective}`);
  }

  const host = await startBranchHost({ core, port: 0 });
  try {
    const h001 = await hostSession(host.url, 'H001', DEMO_PASSWORD);
    const m001 = await hostSession(host.url, 'M001', DEMO_PASSWORD);
    const ranking = await timed(21, () => h001<{ partners: number; effectivePartners: number; lines: unknown[] }>('value.partners', {}));
    const dashboard = await timed(5, () => h001<{ partners: { partners: number; effectivePartners: number } | null }>('value.dashboard', {}));
    const enrolled = await timed(5, () => m001<{ partners: unknown[] }>('value.enrolledPartners', {}));
    const shown = [ranking.last.partners, ranking.last.effectivePartners, ranking.last.lines.length, dashboard.last.partners?.partners, dashboard.last.partners?.effectivePartners, enrolled.last.partners.length];
    console.log(`合伙人 screen: ${shown[0]} partners, ${shown[1]} effective, ${shown[2]} ranked lines; 精微看板 tiles ${shown[3]} / ${shown[4]}; 合伙人登记 lists ${shown[5]}`);

    // One enrolment's check "is this mobile enrolled already?": the index against reading every partner, interleaved.
    const phone = '13900000001';
    const byIndex: Run[] = [];
    const byReadAll: Run[] = [];
    for (let i = 0; i < 11; i++) {
      byIndex.push(...(await timed(1, () => partnerByPhone(core.store.sql, core.branchCode, phone))).runs);
      byReadAll.push(...(await timed(1, async () => {
        const all = await core.store.pouch.allDocs({ startkey: 'partner:', endkey: 'partner:\ufff0', include_docs: true });
        return all.rows.map((r) => partnerDocSchema.safeParse(r.doc)).find((p) => p.success && p.data.phone === phone);
      })).runs);
    }
    const enrol = await timed(3, () => m001('value.enrolPartner', { partnerName: `基准测试商户${Date.now() % 1000}`, partnerKind: 'merchant', partnerPhone: `1390000${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}`, partnerPlace: '' }));
    console.table([
      row('value.partners (合伙人 ranking)', ranking),
      row('value.dashboard (精微看板)', dashboard),
      row('value.enrolledPartners (合伙人登记 list)', enrolled),
      row('value.enrolPartner (one more, at scale)', enrol),
      row('duplicate-mobile check: partner index', { runs: byIndex }),
      row('duplicate-mobile check: read every partner (before)', { runs: byReadAll }),
    ]);
    const ratio = median(byReadAll.map((r) => r.cpuMs)) / Math.max(0.001, median(byIndex.map((r) => r.cpuMs)));
    console.log(`duplicate check CPU, read-all / index: ${ratio.toFixed(0)}× (load ${load()})`);
  } finally {
    await host.close();
  }
} finally {
  await core.close();
  await headOffice.close();
  rmSync(dir, { recursive: true, force: true });
}
