/**
 * A branch host in its own process for the queue benchmark: the measuring client must not share the host's
 * event loop. Usage: node --import tsx bench/support/queue-host.ts DATA_DIR — prints "QUEUE_HOST <url>".
 */
import { createCore } from '../../main/core/core';
import { storeSignedDocs } from '../../main/core/staff/local-head-office';
import { demoHeadOfficeKeys } from '../../main/demo/demo-trust';
import { signerOf, trustRootOf } from '../../trust/head-office-keys';
import { issueStaff } from '../../trust/staff-issue';
import { startBranchHost } from '../../main/host/branch-host';

export const BENCH_PASSWORD = 'bench-pass-2026';

const dataDir = process.argv[2];
if (!dataDir) {
  console.error('usage: queue-host.ts DATA_DIR');
  process.exit(2);
}
const keys = demoHeadOfficeKeys(dataDir);
const core = await createCore({ dataDir, branchCode: 'HM01', branchName: '侯马支行', trust: trustRootOf(keys), log: () => undefined });
const staff = [['T001', 'teller'], ['T002', 'teller'], ['T003', 'teller'], ['T004', 'teller'], ['H001', 'branch-head']] as const;
await storeSignedDocs(core.store.pouch, await Promise.all(staff.map(([staffNo, role]) =>
  issueStaff(signerOf(keys), { staffNo, name: `员工${staffNo}`, roles: [role], password: BENCH_PASSWORD, branch: 'HM01' }))));
const host = await startBranchHost({ core });
console.log(`QUEUE_HOST ${host.url}`);
const stop = async () => {
  await host.close();
  await core.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
