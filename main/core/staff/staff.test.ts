import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateHeadOfficeKeys, signerOf } from '../../../trust/head-office-keys';
import { hashPassword } from '../../../trust/password';
import { signDoc } from '../../../trust/signature';
import { openProof } from '../../../trust/staff-proof';
import { issueStaff, signStaff } from '../../../trust/staff-issue';
import { createTestCore, TEST_PASSWORD } from '../testing/test-core';
import { contentOf, type StaffRequestDoc } from './staff.docs';

let now = Date.parse('2026-03-02T01:00:00Z');
let t: Awaited<ReturnType<typeof createTestCore>>;
beforeEach(async () => {
  now = Date.parse('2026-03-02T01:00:00Z');
  t = await createTestCore({ clock: () => new Date(now) });
});
afterEach(() => t.dispose());

const requestDoc = (id: string) => t.core.store.pouch.get(id) as Promise<unknown> as Promise<StaffRequestDoc>;

// Every test logs people in or checks their passwords: a slow scrypt hash each, seconds apiece on a loaded machine.
const SLOW = { timeout: 120_000 };

describe('login trusts only staff records head office signed', SLOW, () => {
  it('ignores a staff member written without head office\'s signature, as a device credential would push it', async () => {
    const forged = {
      _id: 'staff:X999', type: 'staff', staffNo: 'X999', name: '伪造', roles: ['branch-head', 'it-admin', 'risk-officer'], branch: 'HM01', active: true,
      passwordHash: await hashPassword('attacker-2026'), mustChangePassword: false, version: 1, updatedAt: new Date(now).toISOString(), request: null,
    };
    await t.putSigned([forged]);
    expect((await t.fail('session.login', { staffNo: 'X999', password: 'attacker-2026' })).key).toBe('error.badCredentials');
    // Signed, but by someone else's key: the same.
    await t.putSigned([signStaff(forged as never, signerOf(generateHeadOfficeKeys(false)))]);
    expect((await t.fail('session.login', { staffNo: 'X999', password: 'attacker-2026' })).key).toBe('error.badCredentials');
    const head = await t.login('H001');
    expect((await t.call('staff.list', {}, head)).untrusted).toEqual(['X999']);
  });

  it('does not take an overwritten password hash, and never a record for another branch', async () => {
    const h001 = (await t.core.store.pouch.get('staff:H001')) as Record<string, unknown>;
    await t.core.store.pouch.put({ ...h001, passwordHash: await hashPassword('attacker-2026') });
    expect((await t.fail('session.login', { staffNo: 'H001', password: 'attacker-2026' })).key).toBe('error.badCredentials');
    await t.issue({ staffNo: 'T050', roles: ['teller'], branch: 'HM02' });
    expect((await t.fail('session.login', { staffNo: 'T050', password: TEST_PASSWORD })).key).toBe('error.badCredentials');
  });

  it('keeps the newest signed version when a forged revision wins a replication conflict', async () => {
    const v2 = await issueStaff(signerOf(t.headOffice), { staffNo: 'T001', name: '测试T001', roles: ['teller'], branch: 'HM01', password: TEST_PASSWORD, version: 2 });
    await t.putSigned([v2]);
    const current = (await t.core.store.pouch.get('staff:T001')) as Record<string, unknown>;
    // A replicated conflicting leaf with a higher revision number wins CouchDB's rule but carries no valid signature.
    await t.core.store.pouch.bulkDocs([{ ...current, _rev: '9-ffffffffffffffffffffffffffffffff', roles: ['branch-head'] }], { new_edits: false });
    const session = await t.call('session.login', { staffNo: 'T001', password: TEST_PASSWORD });
    expect(session.staff.roles).toEqual(['teller']);
  });

  it('disabled staff cannot log in, and a new signed version ends the person\'s open sessions', async () => {
    const token = await t.login('T002');
    await t.issue({ staffNo: 'T002', roles: ['teller'], active: false, version: 2 });
    await new Promise((r) => setTimeout(r, 100));
    expect((await t.fail('session.me', {}, token)).code).toBe('UNAUTHENTICATED');
    expect((await t.fail('session.login', { staffNo: 'T002', password: TEST_PASSWORD })).key).toBe('error.badCredentials');
  });
});

describe('sessions', SLOW, () => {
  it('end after twelve hours however busy, and after eight idle hours', async () => {
    const token = await t.login('T001');
    for (let h = 0; h < 11; h++) {
      now += 60 * 60_000;
      await t.call('session.me', {}, token);
    }
    now += 61 * 60_000;
    expect((await t.fail('session.me', {}, token)).code).toBe('UNAUTHENTICATED');
    const idle = await t.login('T001');
    now += 8 * 60 * 60_000 + 1;
    expect((await t.fail('session.me', {}, idle)).code).toBe('UNAUTHENTICATED');
  });
});

describe('a password head office set must be changed first', SLOW, () => {
  it('gives a session that can only change the password, and seals the new one to head office', async () => {
    await t.issue({ staffNo: 'T009', roles: ['teller'], password: 'First-pass-1', mustChangePassword: true });
    const s = await t.call('session.login', { staffNo: 'T009', password: 'First-pass-1' });
    expect(s).toMatchObject({ mustChangePassword: true, permissions: [] });
    expect((await t.fail('customers.search', { q: '张' }, s.token)).key).toBe('error.mustChangePassword');
    expect((await t.fail('staff.changePassword', { oldPassword: 'First-pass-1', newPassword: 'short' }, s.token)).code).toBe('BAD_REQUEST');
    const { requestId } = await t.call('staff.changePassword', { oldPassword: 'First-pass-1', newPassword: 'My-own-pass-9' }, s.token);
    const doc = await requestDoc(requestId);
    expect(doc).toMatchObject({ kind: 'change-password', staffNo: 'T009', requestedBy: 'T009' });
    expect(JSON.stringify(doc)).not.toContain('My-own-pass-9');
    expect(openProof(t.headOffice, doc.proofs[0]!.box, contentOf(doc), 'T009')).toMatchObject({ password: 'First-pass-1', newPassword: 'My-own-pass-9' });
    expect((await t.call('staff.myRequests', {}, s.token)).map((r) => r.state)).toEqual(['awaiting-head-office']);
  });
});

describe('staff requests', SLOW, () => {
  it('a branch head asks for a teller; a second person from head office approves; the signed answer shows as done', async () => {
    const head = await t.login('H001');
    const req = await t.call('staff.request', { kind: 'create', staffNo: 't009', name: '新柜员', roles: ['teller'], newPassword: 'First-pass-1', password: TEST_PASSWORD }, head);
    expect(req).toMatchObject({ kind: 'create', staffNo: 'T009', state: 'awaiting-approval', requestedBy: 'H001' });
    const doc = await requestDoc(req.id);
    expect(openProof(t.headOffice, doc.proofs[0]!.box, contentOf(doc), 'H001')).toMatchObject({ password: TEST_PASSWORD, newPassword: 'First-pass-1' });

    expect((await t.fail('staff.approve', { id: req.id, rev: req.rev, password: TEST_PASSWORD }, head)).code).toBe('FORBIDDEN');
    const z = await t.login('Z001');
    const wrong = await t.fail('staff.approve', { id: req.id, rev: req.rev, password: 'not-mine-1' }, z);
    expect(wrong.fields?.[0]).toMatchObject({ path: 'password', key: 'staff.ownPasswordWrong' });
    const approved = await t.call('staff.approve', { id: req.id, rev: req.rev, password: TEST_PASSWORD }, z);
    expect(approved).toMatchObject({ state: 'awaiting-head-office', approvals: [{ staffNo: 'Z001' }] });
    expect((await t.fail('staff.approve', { id: req.id, rev: approved.rev, password: TEST_PASSWORD }, z)).key).toBe('staff.notAwaitingApproval');

    // Head office's signed record and decision arrive by sync.
    await t.issue({ staffNo: 'T009', name: '新柜员', roles: ['teller'], password: 'First-pass-1', mustChangePassword: true });
    await t.putSigned([signDoc({
      _id: `staff-decision:${req.id.slice('staff-request:'.length)}`, type: 'staff-decision', request: req.id, branch: 'HM01', staffNo: 'T009',
      outcome: 'done', reasonKey: null, reasonParams: {}, version: 1, decidedAt: new Date(now).toISOString(),
    }, signerOf(t.headOffice))]);
    expect((await t.call('staff.requests', { open: false }, head)).find((r) => r.id === req.id)?.state).toBe('done');
    expect((await t.call('session.login', { staffNo: 'T009', password: 'First-pass-1' })).mustChangePassword).toBe(true);
  });

  it('applies the grant rules on the device too: no powerful roles from a branch, nothing but a lock from IT, none for oneself', async () => {
    const head = await t.login('H001');
    const it = await t.login('A001');
    const rule = async (args: Parameters<typeof t.fail>[1], token: string) => (await t.fail('staff.request', args, token)).key;
    expect(await rule({ kind: 'create', staffNo: 'A009', name: '新IT', roles: ['it-admin'], newPassword: 'First-pass-1', password: TEST_PASSWORD }, head)).toBe('staff.rule.powerfulByHeadOffice');
    expect(await rule({ kind: 'create', staffNo: 'X009', name: '越权', roles: ['branch-head', 'risk-officer'], newPassword: 'First-pass-1', password: TEST_PASSWORD }, it)).toBe('staff.rule.requesterRole');
    expect(await rule({ kind: 'roles', staffNo: 'A001', roles: ['it-admin', 'customer-manager'], password: TEST_PASSWORD }, it)).toBe('staff.rule.self');
    expect(await rule({ kind: 'reset-password', staffNo: 'T001', newPassword: 'Temp-pass-22', password: TEST_PASSWORD }, it)).toBe('staff.rule.requesterRole');
    expect(await rule({ kind: 'roles', staffNo: 'H001', roles: ['branch-head', 'it-admin'], password: TEST_PASSWORD }, head)).toBe('staff.rule.self');
    expect(await rule({ kind: 'create', staffNo: 'T001', name: '重复', roles: ['teller'], newPassword: 'First-pass-1', password: TEST_PASSWORD }, head)).toBe('staff.duplicate');
    expect(await rule({ kind: 'create', staffNo: 'T010', name: '密码错', roles: ['teller'], newPassword: 'First-pass-1', password: 'not-mine-1' }, head)).toBe('staff.ownPasswordWrong');
    expect((await t.call('staff.request', { kind: 'disable', staffNo: 'T001', password: TEST_PASSWORD }, it)).state).toBe('awaiting-head-office');
    // A teller has no say at all.
    expect((await t.fail('staff.request', { kind: 'disable', staffNo: 'T002', password: TEST_PASSWORD }, await t.login('T001'))).code).toBe('FORBIDDEN');
  });
});
