// Documents a branch device might send, valid and not: the design documents and our server must agree on each.
// Shared by couchdb/design-docs.test.ts (VM) and tests/couchdb/validate-doc-update.test.ts (Apache CouchDB).

export const customer = { _id: 'customer:01J0000000000000000000000A', type: 'customer', kind: 'individual', name: '王五', phone: '13900000000', address: '侯马' };
export const HASH = 'a'.repeat(64);
export const audit = {
  _id: 'audit:HM01-A:0000000003', type: 'audit', device: 'HM01-A', seq: 3, at: '2026-01-02T03:04:05Z', actor: 'T001', actorName: '王柜员',
  action: 'customer.create', entity: 'customer:X', before: null, after: { name: '王五' }, prevHash: '0'.repeat(64), hash: HASH, mac: 'b'.repeat(64), keyId: 'c'.repeat(16),
};
export const anchor = { _id: `audit-anchor:HM01-A:0000000003:${HASH}`, type: 'audit-anchor', at: '2026-01-02T03:04:06Z' };
export const staff = {
  _id: 'staff:T001', type: 'staff', staffNo: 'T001', name: '李四', roles: ['teller'], branch: 'HM01', active: true,
  passwordHash: 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', mustChangePassword: false, version: 1,
  updatedAt: '2026-01-02T03:04:05Z', request: null, sig: { alg: 'ed25519', keyId: '0123456789abcdef', value: `${'A'.repeat(86)}==` },
};
export const loanapp = {
  _id: 'loanapp:01J0000000000000000000000B', type: 'loanapp', branch: 'HM01', customerId: customer._id, productCode: 'farmer', state: 'draft',
  requestedAmountFen: 5_000_000, termMonths: 12, steps: [], createdAt: '2026-01-02T03:04:05Z', createdBy: 'M001', updatedAt: '2026-01-02T03:04:05Z',
};
/** A 点亮侯马 task as the branch head assigns it (branch-written, grants nothing). */
const marketingTask = {
  _id: 'marketing-task:01JDEAD0000000000000000000', type: 'marketing-task', branch: 'HM01', grid: 'G01', kind: 'cross-sell', product: 'time-deposit',
  target: { kind: 'customer', id: 'customer:01JDEMO0000000000000000000', name: '张三' }, assignee: 'M001', assigneeName: '李建国', assignedBy: 'H001',
  assignedAt: '2026-12-01T03:04:05.000Z', due: '2026-12-08', note: '', status: 'open', outcome: null, outcomeNote: '', workedAt: null, workedBy: null,
};

/** A partner (合伙人) a customer manager enrolled at the branch (branch-written, its code of the database's branch). */
const partner = {
  _id: 'partner:HM01-7K3F9Q', type: 'partner', branch: 'HM01', code: 'HM01-7K3F9Q', name: '张记五金', kind: 'merchant', phone: '13912345678',
  place: '侯马建材市场', enrolledOn: '2026-12-07', enrolledAt: '2026-12-07T01:02:03.000Z', enrolledBy: 'M001', enrolledByName: '李建国',
};

/** 视频防伪调查 kept on an application: head office's signed statement, the snapshots attached as JPEGs. */
export const investigation = {
  _id: 'loan-investigation:01J0000000000000000000000C', type: 'loan-investigation', branch: 'HM01', applicationId: loanapp._id,
  statement: {
    type: 'video-investigation', applicationId: loanapp._id, roomId: `investigation:${loanapp._id}`, checklist: [{ code: 'house', label: '住房' }],
    snapshots: [{ n: 1, item: 'house', at: '2026-01-02T03:04:05.000Z', location: { latitude: 35.6, longitude: 111.3, accuracyM: 12, at: '2026-01-02T03:04:00.000Z' }, digest: `sha256:${HASH}`, bytes: 2048 }],
    issuedAt: '2026-01-02T03:04:06.000Z', sig: { alg: 'ed25519', keyId: '0123456789abcdef', value: `${'A'.repeat(86)}==` },
  },
  createdAt: '2026-01-02T03:05:00.000Z', createdBy: 'M001', createdByName: '李建国', device: 'HM01-A',
  _attachments: { '1.jpg': { content_type: 'image/jpeg', data: '/9j/4AAQ' } },
};

export const corpus: Record<string, unknown>[] = [
  customer,
  { ...customer, name: '' },
  { ...customer, name: '名'.repeat(61) },
  { ...customer, name: '名'.repeat(60) },
  { ...customer, kind: 'alien' },
  { ...customer, idNumber: '11010519491231002X' },
  { ...customer, idNumber: '11010519491231002x' },
  { ...customer, uscc: '91350100M000100Y43' },
  { ...customer, uscc: '91350100I000100Y43' },
  { ...customer, shareholders: [{ kind: 'person', name: '甲', shareBp: 2500 }] },
  { ...customer, shareholders: [{ kind: 'person', name: '甲', shareBp: 25.5 }] },
  { ...customer, shareholders: [{ kind: 'person', name: '甲', shareBp: 10001 }] },
  { ...customer, createdAt: '2026-01-02T03:04:05.123Z' },
  { ...customer, createdAt: '2026-02-30T03:04:05Z' },
  { ...customer, createdAt: '2026-01-02T03:04:05+08:00' },
  { ...customer, extra: { anything: [1, 2] } },
  { ...customer, _id: 'cust:1' },
  { ...customer, phone: 13900000000 },
  { ...customer, group: 'farmer' },
  { ...customer, group: null },
  staff,
  { ...staff, roles: [] },
  { ...staff, staffNo: 'T-3' },
  { ...staff, roles: ['janitor'] },
  { ...staff, sig: undefined },
  { ...staff, _id: 'staff:T001', _deleted: true },
  { ...staff, _id: 'customer:X1' },
  { _id: 'staff:T009', type: 'customer', kind: 'individual', name: '王五' },
  { _id: 'account:6230910100000000017', type: 'account', accountNo: '6230910100000000017', customerId: 'customer:A', branch: 'HM01', kind: 'debit-card', status: 'active', openedAt: '2026-01-02T03:04:05Z', version: 1, updatedAt: '2026-01-02T03:04:05Z', sig: staff.sig },
  { _id: 'staff-decision:01J', _deleted: true },
  audit,
  { ...audit, seq: -1 },
  { ...audit, at: undefined },
  { ...audit, _id: 'audit:1' },
  { ...audit, hash: 'ab' },
  { ...audit, mac: 'A'.repeat(64) },
  { ...audit, type: 'customer' },
  { _id: 'customer:X', type: 'audit', at: audit.at },
  anchor,
  { ...anchor, _id: 'audit-anchor:HM01-A:0000000003' },
  { ...anchor, _id: anchor._id.toUpperCase() },
  { _id: 'x:1', type: 'spaceship' },
  { _id: 'x:2', type: 7 },
  { _id: 'x:3' },
  { _id: 'x:4', _deleted: true },
  { _id: '_design/app', views: {} },
  loanapp,
  { ...loanapp, partnerCode: 'HM01-7K3F9Q' },
  { ...loanapp, partnerCode: null },
  // A code of another branch is refused in this branch's database, whatever `branch` the document claims.
  { ...loanapp, partnerCode: 'HM02-7K3F9Q' },
  { ...loanapp, branch: 'HM02', partnerCode: 'HM02-7K3F9Q' },
  { ...loanapp, partnerCode: 'HM01-7K3F9O' },
  // A document naming a branch names the database's: HM01's credential cannot file HM02's (nor `hm01`) business.
  { ...loanapp, branch: 'HM02' },
  { ...loanapp, branch: 'hm01' },
  { ...customer, branch: 'HM01' },
  { ...customer, branch: 'HM02' },
  { ...customer, branch: null },
  partner,
  // Another branch's code (with the id made of it, or only in the id), a code that is not one, a bad phone, no name.
  { ...partner, _id: 'partner:HM02-7K3F9Q', code: 'HM02-7K3F9Q' },
  { ...partner, _id: 'partner:HM02-7K3F9Q' },
  { ...partner, code: 'HM01-7K3F9O' },
  { ...partner, phone: '1391234567' },
  { ...partner, name: '' },
  { ...partner, kind: 'landlord' },
  marketingTask,
  { ...marketingTask, status: 'done', outcome: 'interested', outcomeNote: '想转定期', workedAt: '2026-12-02T03:04:05.000Z', workedBy: 'M001' },
  { ...marketingTask, outcome: 'sold' },
  { ...marketingTask, product: 'gold-bars' },
  { ...marketingTask, target: { ...marketingTask.target, id: 'staff:M001' } },
  { ...marketingTask, _id: 'marketing-task:1' },
  investigation,
  { ...investigation, _attachments: { '1.jpg': { content_type: 'text/html', data: 'PGh0bWw+' } } },
  { ...investigation, statement: { ...investigation.statement, sig: undefined } },
  { ...investigation, statement: { ...investigation.statement, snapshots: [{ ...investigation.statement.snapshots[0], at: 'yesterday' }] } },
  { ...investigation, _attachments: undefined },
];
