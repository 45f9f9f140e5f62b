import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { renderAll } from './generate';
import { checkWrite, type WriteMode } from '../validation/policy';
import { CouchError } from '../errors';
import type { SecurityObject, UserCtx } from '../auth/security';
import { anchor, audit, corpus, customer, HASH, investigation, staff } from './vdu-corpus';

const dir = join(import.meta.dirname, '.');
type Vdu = (newDoc: unknown, oldDoc: unknown, userCtx: UserCtx, secObj: SecurityObject) => void;
const load = (file: string): Vdu => runInNewContext(`(${(JSON.parse(readFileSync(join(dir, file), 'utf8')) as { validate_doc_update: string }).validate_doc_update})`) as Vdu;

/** What Apache CouchDB would answer: the thrown `forbidden`, or null for accepted. */
function couch(vdu: Vdu, doc: Record<string, unknown>, user: UserCtx, sec: SecurityObject): string | null {
  try {
    // CouchDB's userCtx names the database written to.
    vdu(doc, null, { ...user, db: 'branch-hm01' } as UserCtx, sec);
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
const signer: UserCtx = { name: 'identity', roles: ['staff-signer'] };
const publisher: UserCtx = { name: 'hq-pc', roles: ['head-office'] };
const refSec: SecurityObject = { admins: { names: ['ref-editor'], roles: ['hq-it'] }, members: { names: [], roles: ['branch'] } };


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

  it('keep a video investigation record as written: JPEG snapshots with head office\'s statement, never changed — the same on both', () => {
    const vdu = load('branch-validate.json');
    const onDisk = { ...investigation, _rev: '1-abc' };
    const cases: [Record<string, unknown>, Record<string, unknown> | null, boolean][] = [
      [investigation, null, true],
      // an HTML page served from the evidence, a statement without head office's signature, a re-dated snapshot
      [{ ...investigation, _attachments: { '1.jpg': { content_type: 'text/html', data: 'PGh0bWw+' } } }, null, false],
      [{ ...investigation, statement: { ...investigation.statement, sig: undefined } }, null, false],
      // once written: no edit (a snapshot moved to another day), no deletion
      [{ ...onDisk, statement: { ...investigation.statement, issuedAt: '2026-01-01T00:00:00.000Z' } }, onDisk, false],
      [{ _id: investigation._id, _rev: '1-abc', _deleted: true }, onDisk, false],
    ];
    for (const [doc, oldDoc, accepted] of cases) {
      let couchResult: string | null = null;
      try {
        vdu(doc, oldDoc, { ...device, db: 'branch-hm01' } as UserCtx, branchSec);
      } catch (e) {
        couchResult = (e as { forbidden?: string }).forbidden ?? 'threw';
      }
      const ourResult = ours('branch-hm01', doc, device, branchSec);
      expect(couchResult === null, `CouchDB ${JSON.stringify(doc)}: ${couchResult}`).toBe(accepted);
      expect(ourResult === null, `ours ${JSON.stringify(doc)}: ${ourResult}`).toBe(accepted);
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

  it('let an enrolled device write only its own device report, audit entries and anchors — the same on both', () => {
    const vdu = load('branch-validate.json');
    const bound: UserCtx = { name: 'hm01-desk-a1', roles: ['branch', 'branch-hm01', 'jingwei-device:HM01-A'] };
    const report = (device: string) => ({
      _id: `device-report:${device}`, type: 'device-report', branch: 'HM01', device, role: 'desk', appVersion: '1.0.0', channel: null,
      update: { state: 'idle', version: null, reason: null, at: null }, lastSyncAt: null, os: { platform: 'linux', release: '6.1', arch: 'x64' }, reportedAt: '2026-01-02T03:04:05Z',
    });
    const others = [report('HM01-B'), { ...audit, _id: 'audit:HM01-B:0000000003', device: 'HM01-B' }, { ...anchor, _id: `audit-anchor:HM01-B:0000000003:${HASH}` }];
    for (const [doc, accepted] of [[report('HM01-A'), true], [audit, true], [anchor, true], [customer, true], ...others.map((d) => [d, false])] as [Record<string, unknown>, boolean][]) {
      const c = couch(vdu, doc, bound, branchSec);
      expect(c === null, `${String(doc._id)}: ${c}`).toBe(accepted);
      expect(ours('branch-hm01', doc, bound, branchSec)).toBe(c);
    }
    // A branch set up with one shared device user (no device bound) and head office are not bound to one device.
    for (const doc of others) for (const user of [device, admin]) expect(couch(vdu, doc, user, branchSec)).toBeNull();
  });

  it('refuse, for every writer, a business document naming another branch than the database — the same reason on both', () => {
    const vdu = load('branch-validate.json');
    const loanapp = corpus.find((d) => d.type === 'loanapp')!;
    for (const user of [device, publisher, admin]) {
      for (const doc of [{ ...loanapp, branch: 'HM02' }, { ...customer, branch: 'HM02' }]) {
        const reason = ours('branch-hm01', doc, user, branchSec);
        expect(reason).toMatch(/文档所属支行与数据库不符/);
        expect(couch(vdu, doc, user, branchSec)).toBe(reason);
      }
    }
    // Head office's own documents keep their branch: its staff (branch HQ) are in every branch's database.
    const hqStaff = { ...staff, _id: 'staff:Z001', staffNo: 'Z001', branch: 'HQ', roles: ['head-office'] };
    expect(ours('branch-hm01', hqStaff, signer, branchSec)).toBeNull();
    expect(couch(vdu, hqStaff, signer, branchSec)).toBeNull();
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
