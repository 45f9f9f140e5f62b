import { describe, expect, it } from 'vitest';
import { checkRoleSet, mayApprove, mayRequest, type Person, type Target } from './grants';
import type { StaffRequestContent } from './requests';
import type { Role } from './roles';

const person = (staffNo: string, roles: Role[], branch = 'HM01'): Person => ({ staffNo, roles, branch });
const H001 = person('H001', ['branch-head']);
const A001 = person('A001', ['it-admin']);
const Z001 = person('Z001', ['head-office'], 'HQ');
const Z002 = person('Z002', ['head-office'], 'HQ');
const teller: Target = { roles: ['teller'], branch: 'HM01', active: true };
const req = (p: Partial<StaffRequestContent>): StaffRequestContent => ({
  id: 'staff-request:1', branch: 'HM01', kind: 'create', staffNo: 'T009', name: '新柜员', roles: ['teller'], requestedBy: 'H001', requestedAt: '2026-03-01T00:00:00Z', ...p,
});
const verdict = (v: { ok: boolean; key?: string }) => (v.ok ? 'ok' : v.key);

describe('who may request a staff change', () => {
  it('lets a branch head ask for tellers and customer managers of their own branch', () => {
    expect(verdict(mayRequest(H001, req({}), null))).toBe('ok');
    expect(verdict(mayRequest(H001, req({ roles: ['customer-manager', 'teller'] }), null))).toBe('ok');
    expect(verdict(mayRequest(H001, req({ kind: 'reset-password', roles: undefined, staffNo: 'T001' }), teller))).toBe('ok');
    expect(verdict(mayRequest(H001, req({ kind: 'disable', staffNo: 'T001' }), teller))).toBe('ok');
    expect(verdict(mayRequest(H001, req({ kind: 'create', branch: 'HM02' }), null))).toBe('staff.rule.otherBranch');
    expect(verdict(mayRequest(H001, req({ kind: 'disable', staffNo: 'T001' }), { ...teller, branch: 'HM02' }))).toBe('staff.rule.otherBranch');
  });

  it('keeps powerful roles for head office: a branch head cannot make an IT admin, a risk officer or another branch head', () => {
    for (const roles of [['it-admin'], ['branch-head'], ['risk-officer'], ['head-office'], ['teller', 'branch-head']] as Role[][]) {
      expect(verdict(mayRequest(H001, req({ roles }), null)), roles.join()).toMatch(/staff\.rule\.(powerfulByHeadOffice|separation)/);
    }
    // …nor reset the password of, or change, someone who holds one.
    const head: Target = { roles: ['branch-head'], branch: 'HM01', active: true };
    expect(verdict(mayRequest(H001, req({ kind: 'reset-password', staffNo: 'H002', roles: undefined }), head))).toBe('staff.rule.powerfulByHeadOffice');
    expect(verdict(mayRequest(Z001, req({ requestedBy: 'Z001', roles: ['branch-head'] }), null))).toBe('ok');
  });

  it('gives IT no way to grant roles, reset passwords or reach customer data — only to lock an account', () => {
    const byIt = (p: Partial<StaffRequestContent>) => req({ requestedBy: 'A001', ...p });
    expect(verdict(mayRequest(A001, byIt({ roles: ['branch-head', 'risk-officer'] }), null))).toBe('staff.rule.requesterRole');
    expect(verdict(mayRequest(A001, byIt({ roles: ['teller'] }), null))).toBe('staff.rule.requesterRole');
    expect(verdict(mayRequest(A001, byIt({ kind: 'roles', staffNo: 'A002', roles: ['it-admin', 'teller'] }), { roles: ['it-admin'], branch: 'HM01', active: true }))).toBe('staff.rule.separation');
    expect(verdict(mayRequest(A001, byIt({ kind: 'reset-password', staffNo: 'T001', roles: undefined }), teller))).toBe('staff.rule.requesterRole');
    expect(verdict(mayRequest(A001, byIt({ kind: 'disable', staffNo: 'T001' }), teller))).toBe('ok');
  });

  it('refuses changes to oneself other than one\'s own password', () => {
    expect(verdict(mayRequest(Z001, req({ requestedBy: 'Z001', kind: 'roles', staffNo: 'Z001', roles: ['head-office'] }), { roles: ['head-office'], branch: 'HQ', active: true }))).toBe('staff.rule.self');
    expect(verdict(mayRequest(H001, req({ kind: 'change-password', staffNo: 'H001', roles: undefined }), { roles: ['branch-head'], branch: 'HM01', active: true }))).toBe('ok');
    expect(verdict(mayRequest(H001, req({ kind: 'change-password', staffNo: 'T001', roles: undefined }), teller))).toBe('staff.rule.ownPasswordOnly');
  });

  it('checks the request was made by the person proving it', () => {
    expect(verdict(mayRequest(Z001, req({ requestedBy: 'H001' }), null))).toBe('staff.rule.requesterMismatch');
  });
});

describe('the second person', () => {
  it('is someone with head office\'s authority other than the requester and the person concerned', () => {
    expect(verdict(mayApprove(Z001, req({})))).toBe('ok');
    expect(verdict(mayApprove(H001, req({})))).toBe('staff.rule.secondPerson');
    expect(verdict(mayApprove(A001, req({})))).toBe('staff.rule.approverRole');
    expect(verdict(mayApprove(person('M001', ['customer-manager']), req({})))).toBe('staff.rule.approverRole');
    expect(verdict(mayApprove(Z001, req({ requestedBy: 'Z001', roles: ['branch-head'] })))).toBe('staff.rule.secondPerson');
    expect(verdict(mayApprove(Z002, req({ requestedBy: 'Z001', roles: ['branch-head'] })))).toBe('ok');
    expect(verdict(mayApprove(Z002, req({ requestedBy: 'Z001', kind: 'enable', staffNo: 'Z002' })))).toBe('staff.rule.self');
  });
});

describe('role sets', () => {
  it('never put administrators and customer work in one person', () => {
    expect(verdict(checkRoleSet(['it-admin', 'customer-manager']))).toBe('staff.rule.separation');
    expect(verdict(checkRoleSet(['head-office', 'teller']))).toBe('staff.rule.separation');
    expect(verdict(checkRoleSet(['head-office', 'it-admin']))).toBe('ok');
    expect(verdict(checkRoleSet(['teller', 'customer-manager']))).toBe('ok');
    expect(verdict(checkRoleSet([]))).toBe('staff.rule.noRoles');
    expect(verdict(checkRoleSet(['teller', 'teller']))).toBe('staff.rule.duplicateRole');
  });
});
