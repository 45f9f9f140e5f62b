// Run with tsx in a child process (see village-self-service.spec.ts): the demo head office with one village household
// granted a credit line — written as a branch device would write the household and the branch head's batch
// approval (with her sealed password), with head office's own signed record of the branch head — so head office's credit-line service issues
// the line. Prints one line `VILLAGE {...}`; the one-time codes the page sends appear on stdout as the demo prints them.
import { createHash } from 'node:crypto';
import { residentIdCheckChar } from '../../../domain/identity/resident-id';
import { householdIdFrom } from '../../../domain/village/household-list';
import { creditLineId } from '../../../domain/village/credit-line';
import { demoHeadOfficeKeys } from '../../../main/demo/demo-trust';
import { startDemoHeadOffice } from '../../../main/demo/head-office';
import { couchClient } from '../../../sync-server/identity/couch';
import { signerOf, trustRootOf } from '../../../trust/head-office-keys';
import { issueStaff } from '../../../trust/staff-issue';
import { sealProofFor, villageApprovalSubject } from '../../../trust/staff-proof';

const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: tsx village-page-main.ts DATA_DIR');
const ho = await startDemoHeadOffice(dataDir, 0);
const admin = couchClient({ url: ho.server.url, user: ho.admin });
const db = 'branch-hm01';
const first17 = '14108119720304551';
const head = { name: '杜长青', id: first17 + residentIdCheckChar(first17), phone: '13935710011' };
const householdId = householdIdFrom((s) => createHash('sha256').update(s).digest('hex'), head.id);
const now = new Date().toISOString();
const keys = demoHeadOfficeKeys(dataDir);
await admin.put(db, await issueStaff(signerOf(keys), { staffNo: 'H001', name: '刘志强', roles: ['branch-head'], branch: 'HM01', password: 'jingwei2026' }));
const household = {
  _id: householdId, type: 'household', branch: 'HM01', village: '东阳村', group: '一组', householdNo: '1', headName: head.name, headIdNumber: head.id,
  members: [{ name: head.name, idNumber: head.id, relation: 'head', phone: head.phone, birthDate: '1972-03-04', sex: 'male', customerId: null }],
  preCredit: { limitFen: 5_000_000, modelVersion: 1, reasons: [] }, importId: '', createdAt: now, createdBy: 'M001', updatedAt: now, updatedBy: 'M001',
};
await admin.put(db, household);
const approval = {
  _id: 'village-approval:01JE2E0000000000000000000A', type: 'village-approval', branch: 'HM01', village: '东阳村', reviewId: 'village-review:01JE2E0000000000000000000A',
  rateBp: 650, termMonths: 36, expiresOn: '2099-12-31', lines: [{ householdId, limitFen: 5_000_000, exception: null }], refused: [], approvedAt: now, approvedBy: 'H001',
};
// The branch head's password sealed to head office over these terms, as village.approveBatch attaches it.
const box = sealProofFor(trustRootOf(keys), villageApprovalSubject(approval), { staffNo: 'H001', password: 'jingwei2026' }, new Date(now));
const proven = { ...approval, proof: { staffNo: 'H001', at: now, box } };
await admin.put(db, proven);
for (let i = 0; !(await admin.get(db, creditLineId(householdId))); i++) {
  if (i > 300) throw new Error('head office issued no credit line');
  await new Promise((r) => setTimeout(r, 200));
}
console.log(`VILLAGE ${JSON.stringify({ pageUrl: ho.villagePage.villageUrl('HM01', '东阳村'), head })}`);
process.once('SIGTERM', () => void ho.close().then(() => process.exit(0)));
