/**
 * A branch host in its own process for the queue benchmark: the measuring client must not share the host's
 * event loop. Usage: node --import tsx bench/support/queue-host.ts DATA_DIR — prints "QUEUE_HOST <url>".
 */
import { createCore } from '../../main/core/core';
import { putStaff } from '../../main/core/session/staff.service';
import { startBranchHost } from '../../main/host/branch-host';

export const BENCH_PASSWORD = 'bench-pass-2026';

const dataDir = process.argv[2];
if (!dataDir) {
  console.error('usage: queue-host.ts DATA_DIR');
  process.exit(2);
}
const core = await createCore({ dataDir, branchCode: 'HM01', branchName: '侯马支行', log: () => undefined });
for (const [staffNo, role] of [['T001', 'teller'], ['T002', 'teller'], ['T003', 'teller'], ['T004', 'teller'], ['H001', 'branch-head']] as const) {
  await putStaff({ pouch: core.store.pouch, audit: core.audit }, { staffNo, name: `员工${staffNo}`, roles: [role], password: BENCH_PASSWORD, branch: 'HM01' }, { staffNo: 'SYSTEM', name: '系统' }, new Date());
}
const host = await startBranchHost({ core });
console.log(`QUEUE_HOST ${host.url}`);
const stop = async () => {
  await host.close();
  await core.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
