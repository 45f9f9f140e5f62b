import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { renderAll } from './generate';
import { checkWrite, type WriteMode } from '../validation/policy';
import { CouchError } from '../errors';
import type { SecurityObject, UserCtx } from '../auth/security';

const dir = join(import.meta.dirname, '.');
type Vdu = (newDoc: unknown, oldDoc: unknown, userCtx: UserCtx, secObj: SecurityObject) => void;
const load = (file: string): Vdu => runInNewContext(`(${(JSON.parse(readFileSync(join(dir, file), 'utf8')) as { validate_doc_update: string }).validate_doc_update})`) as Vdu;

/** What Apache CouchDB would answer: the thrown `forbidden`, or null for accepted. */
function couch(vdu: Vdu, doc: Record<string, unknown>, user: UserCtx, sec: SecurityObject): string | null {
  try {
    vdu(doc, null, user, sec);
    return null;
  } catch (e) {
    return (e as { forbidden?: string }).forbidden ?? 'threw';
  }
}
function ours(db: string, doc: Record<string, unknown>, user: UserCtx, sec: SecurityObject, mode?: WriteMode): string | null {
  try {
    checkWrite(db, doc, user, sec, mode);
    return null;
  } catch (e) {
    return e instanceof CouchError ? e.reason : 'threw';
  }
}

const device: UserCtx = { name: 'hm01-pc', roles: ['branch', 'branch-hm01'] };
const admin: UserCtx = { name: 'hq', roles: ['_admin'] };
const branchSec: SecurityObject = { admins: { names: [], roles: [] }, members: { names: [], roles: ['branch-hm01'] } };
const refSec: SecurityObject = { admins: { names: ['ref-editor'], roles: ['hq-it'] }, members: { names: [], roles: ['branch'] } };

const customer = { _id: 'customer:01J0000000000000000000000A', type: 'customer', kind: 'individual', name: '王五', phone: '13900000000', address: '侯马' };
const HASH = 'a'.repeat(64);
const audit = {
  _id: 'audit:HM01-A:0000000003', type: 'audit', device: 'HM01-A', seq: 3, at: '2026-01-02T03:04:05Z', actor: 'T001', actorName: '王柜员',
  action: 'customer.create', entity: 'customer:X', before: null, after: { name: '王五' }, prevHash: '0'.repeat(64), hash: HASH, mac: 'b'.repeat(64), keyId: 'c'.repeat(16),
};
const anchor = { _id: `audit-anchor:HM01-A:0000000003:${HASH}`, type: 'audit-anchor', at: '2026-01-02T03:04:06Z' };
const staff = {
  _id: 'staff:T001', type: 'staff', staffNo: 'T001', name: '李四', roles: ['teller'], branch: 'HM01', active: true,
  passwordHash: 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', mustChangePassword: false, version: 1,
  updatedAt: '2026-01-02T03:04:05Z', request: null, sig: { alg: 'ed25519', keyId: '0123456789abcdef', value: `${'A'.repeat(86)}==` },
};
const signer: UserCtx = { name: 'identity', roles: ['staff-signer'] };
const publisher: UserCtx = { name: 'hq-pc', roles: ['head-office'] };
const corpus: Record<string, unknown>[] = [
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
];

describe('CouchDB design documents', () => {
  it('are up to date with the zod registry (run sync-server/couchdb/generate.ts after changing a schema)', () => {
    for (const [file, text] of Object.entries(renderAll())) expect(readFileSync(join(dir, file), 'utf8'), file).toBe(text);
  });

  it('accept and refuse exactly what the embedded server does in a branch database', () => {
    const vdu = load('branch-validate.json');
    for (const doc of corpus) {
      const user = String(doc._id).startsWith('_design/') ? admin : device;
      const a = couch(vdu, doc, user, branchSec);
      const b = ours('branch-hm01', doc, user, branchSec);
      expect(a === null, `${JSON.stringify(doc)} CouchDB: ${a} ours: ${b}`).toBe(b === null);
    }
    // The corpus exercises both outcomes.
    expect(corpus.filter((d) => ours('branch-hm01', d, device, branchSec) !== null).length).toBeGreaterThan(10);
  });

  it('keep audit entries and anchors append-only for everyone, as the embedded server does', () => {
    const vdu = load('branch-validate.json');
    const onDisk = { ...audit, _rev: '1-abc' };
    // [what is written, how, the revision CouchDB finds on disk for it (oldDoc), accepted?]
    const cases: [Record<string, unknown>, WriteMode, Record<string, unknown> | null, boolean][] = [
      [audit, { replicated: false }, null, true],
      [{ ...audit, _rev: '1-abc' }, { replicated: true }, null, true],
      [anchor, { replicated: false }, null, true],
      [{ ...anchor, _rev: '1-abc' }, { replicated: true }, null, true],
      // an edit through the API: the new body replaces 1-abc
      [{ ...audit, _rev: '1-abc', after: { name: '李四' } }, { replicated: false }, onDisk, false],
      // the same edit replicated as 2-def on top of 1-abc, or on top of an ancestor the server never had
      [{ ...audit, _rev: '2-def', after: { name: '李四' } }, { replicated: true }, onDisk, false],
      [{ ...audit, _rev: '2-def', after: { name: '李四' } }, { replicated: true }, null, false],
      // deletions, through the API and replicated
      [{ _id: audit._id, _rev: '1-abc', _deleted: true }, { replicated: false }, onDisk, false],
      [{ _id: audit._id, _rev: '2-def', _deleted: true }, { replicated: true }, onDisk, false],
      [{ _id: anchor._id, _rev: '1-abc', _deleted: true }, { replicated: false }, { ...anchor, _rev: '1-abc' }, false],
      [{ ...anchor, _rev: '1-abc', at: '2027-01-01T00:00:00Z' }, { replicated: false }, { ...anchor, _rev: '1-abc' }, false],
      // an id in the audit range with another type would be a mutable document in the evidence
      [{ ...customer, _id: 'audit:HM01-A:0000000009' }, { replicated: false }, null, false],
    ];
    for (const user of [device, admin]) {
      for (const [doc, mode, oldDoc, accepted] of cases) {
        const label = `${JSON.stringify(doc)} ${JSON.stringify(mode)} as ${user.name}`;
        let couchResult: string | null = null;
        try {
          vdu(doc, oldDoc, user, branchSec);
        } catch (e) {
          couchResult = (e as { forbidden?: string }).forbidden ?? 'threw';
        }
        const ourResult = ours('branch-hm01', doc, user, branchSec, mode);
        expect(couchResult === null, `CouchDB ${label}: ${couchResult}`).toBe(accepted);
        expect(ourResult === null, `ours ${label}: ${ourResult}`).toBe(accepted);
        expect(ourResult).toBe(couchResult);
      }
    }
  });

  it('let only head office\'s identity service (or an admin) write or delete staff, accounts and decisions — the same on both', () => {
    const vdu = load('branch-validate.json');
    const headOfficeOnly = corpus.filter((d) => /^(staff|account|staff-decision):/.test(String(d._id)) || ['staff', 'account'].includes(String(d.type)));
    expect(headOfficeOnly.length).toBeGreaterThan(8);
    for (const doc of headOfficeOnly) {
      for (const user of [device, publisher]) {
        expect(couch(vdu, doc, user, branchSec), JSON.stringify(doc)).toMatch(/总行写入/);
        expect(ours('branch-hm01', doc, user, branchSec)).toMatch(/总行写入/);
      }
      for (const user of [signer, admin]) {
        expect(couch(vdu, doc, user, branchSec) === null, JSON.stringify(doc)).toBe(ours('branch-hm01', doc, user, branchSec) === null);
      }
    }
    expect(ours('branch-hm01', staff, signer, branchSec)).toBeNull();
    expect(couch(vdu, staff, signer, branchSec)).toBeNull();
    expect(ours('branch-hm01', { ...staff, _id: 'staff:T001', _deleted: true }, signer, branchSec)).toBeNull();
    expect(ours('branch-hm01', { ...staff, _id: 'customer:X1' }, signer, branchSec)).toMatch(/对应类型/);
  });

  it('give the same reason for a missing type and an unknown type', () => {
    const vdu = load('branch-validate.json');
    for (const doc of [{ _id: 'x:2' }, { _id: 'x', type: 'spaceship' }]) expect(couch(vdu, doc, device, branchSec)).toBe(ours('branch-hm01', doc, device, branchSec));
  });

  it('keep reference read-only for everyone but admins, as the embedded server does', () => {
    const vdu = load('reference-readonly.json');
    const users: UserCtx[] = [device, admin, { name: 'ref-editor', roles: [] }, { name: 'x', roles: ['hq-it'] }, { name: null, roles: [] }];
    for (const user of users) {
      const doc = { _id: 'product:1', type: 'product' };
      expect(couch(vdu, doc, user, refSec) === null, JSON.stringify(user)).toBe(ours('reference', doc, user, refSec) === null);
    }
    expect(couch(vdu, { _id: 'p' }, device, refSec)).toMatch(/read-only/);
  });
});
