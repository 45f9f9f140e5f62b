import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRequestContent } from '../../domain/staff/requests';
import type { Role } from '../../domain/staff/roles';
import { generateHeadOfficeKeys, signerOf, trustRootOf } from '../../trust/head-office-keys';
import { verifyPassword } from '../../trust/password';
import { verifyDoc } from '../../trust/signature';
import { sealProof } from '../../trust/staff-proof';
import { issueStaff } from '../../trust/staff-issue';
import { provisionBranch, provisionIdentityService } from '../provision';
import { ON_COUCHDB, onEveryCopy, startTestServer, TEST_ADMIN, type TestServer } from '../test-support';
import { startIdentityService, type IdentityService } from './identity-service';

const keys = generateHeadOfficeKeys(true);
const trust = trustRootOf(keys);
const device = { name: 'hm01-desk', password: 'device-password-01' };
const signerUser = { name: 'hq-identity', password: 'identity-password-01' };
const PW = 'Staff-pass-2026';
let server: TestServer;
let service: IdentityService;
let seq = 0;

beforeAll(async () => {
  server = await startTestServer();
  await provisionBranch({ url: server.url, admin: TEST_ADMIN, branchCode: 'HM01', deviceUser: device.name, password: device.password });
  await provisionIdentityService({ url: server.url, admin: TEST_ADMIN, deviceUser: signerUser.name, password: signerUser.password });
  const staff: [string, Role[], string][] = [['H001', ['branch-head'], 'HM01'], ['T001', ['teller'], 'HM01'], ['Z001', ['head-office'], 'HQ'], ['Z002', ['head-office'], 'HQ']];
  for (const [staffNo, roles, branch] of staff) {
    const doc = await issueStaff(signerOf(keys), { staffNo, name: `员工${staffNo}`, roles, branch, password: PW });
    expect((await server.req('PUT', `/branch-hm01/${doc._id}`, { body: doc, auth: signerUser })).status).toBe(201);
  }
  await onEveryCopy('branch-hm01', staff.map(([staffNo]) => `staff:${staffNo}`));
  // Run passes by hand: the test decides when head office looks.
  service = startIdentityService({ target: { url: server.url, user: signerUser }, keys, branches: ['HM01'], intervalMs: 0 });
});

afterAll(async () => {
  await service.stop();
  await server.stop();
});

type Proof = { staffNo: string; password: string; newPassword?: string; as?: 'requester' | 'approver' };

/** What a branch device writes: the request and its sealed proofs, with the device credential. */
async function request(content: Omit<StaffRequestContent, 'id' | 'branch' | 'requestedAt'>, proofs: Proof[]) {
  const id = `staff-request:01TEST${String(++seq).padStart(4, '0')}`;
  const full: StaffRequestContent = { id, branch: 'HM01', requestedAt: new Date().toISOString(), ...content };
  const doc = {
    _id: id, type: 'staff-request', branch: full.branch, kind: full.kind, staffNo: full.staffNo, ...(full.name ? { name: full.name } : {}),
    ...(full.roles ? { roles: full.roles } : {}), requestedBy: full.requestedBy, requestedByName: '某人', requestedAt: full.requestedAt, staffName: full.name ?? full.staffNo,
    proofs: proofs.map((p) => ({ staffNo: p.staffNo, name: '某人', as: p.as ?? 'requester', at: full.requestedAt, box: sealProof(trust, full, p, new Date()) })),
    declined: null,
  };
  const put = await server.req('PUT', `/branch-hm01/${id}`, { body: doc, auth: device });
  expect(put.status, JSON.stringify(put.json)).toBe(201);
  // Head office reads requests from its `_changes` feed: on the cluster, once every copy has this one.
  await onEveryCopy('branch-hm01', [id]);
  return { id, doc: { ...doc, _rev: put.json.rev as string }, content: full };
}

const decisionOf = async (id: string) => (await server.req('GET', `/branch-hm01/staff-decision:${id.slice('staff-request:'.length)}`)).json;

/**
 * Runs the service until every one of these requests has its decision. Ours answers in one pass. A CouchDB cluster
 * (n=3) acknowledges a write once two copies hold it, and a `_changes` read may come from the third a moment
 * later, so the service can see a fresh request on a later pass — as it would at its next interval in production.
 */
async function decided(...ids: string[]) {
  for (let pass = 1; ; pass++) {
    await service.runOnce();
    const decisions = await Promise.all(ids.map(decisionOf));
    if (!ON_COUCHDB || pass >= 20 || decisions.every((d) => d.type === 'staff-decision')) return decisions;
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('head office\'s identity service', () => {
  it('creates a teller only after a second person approves, signs the record, and forces a password change', async () => {
    const { id, doc } = await request({ kind: 'create', staffNo: 'T009', name: '新柜员', roles: ['teller'], requestedBy: 'H001' }, [{ staffNo: 'H001', password: PW, newPassword: 'First-pass-1' }]);
    expect(await service.runOnce()).toBe(0);
    expect((await server.req('GET', '/branch-hm01/staff:T009')).status).toBe(404);

    const approved = { ...doc, proofs: [...doc.proofs, { staffNo: 'Z001', name: '某人', as: 'approver', at: new Date().toISOString(), box: sealProof(trust, { id, branch: 'HM01', kind: 'create', staffNo: 'T009', name: '新柜员', roles: ['teller'], requestedBy: 'H001', requestedAt: doc.requestedAt }, { staffNo: 'Z001', password: PW }, new Date()) }] };
    expect((await server.req('PUT', `/branch-hm01/${id}`, { body: approved, auth: device })).status).toBe(201);
    await onEveryCopy('branch-hm01', [id]);
    expect(await service.runOnce()).toBe(1);

    const staff = (await server.req('GET', '/branch-hm01/staff:T009')).json;
    expect(staff).toMatchObject({ staffNo: 'T009', roles: ['teller'], branch: 'HM01', active: true, mustChangePassword: true, version: 1, request: id });
    expect(verifyDoc(staff, trust)).toBe(true);
    expect(await verifyPassword('First-pass-1', staff.passwordHash)).toBe(true);
    const decision = await decisionOf(id);
    expect(decision).toMatchObject({ outcome: 'done', version: 1, staffNo: 'T009' });
    expect(verifyDoc(decision, trust)).toBe(true);
    // Seen again, it is not carried out twice.
    expect(await service.runOnce()).toBe(0);
  });

  it('refuses requests whose proofs do not open to the right passwords, or that break the grant rules', async () => {
    const wrongRequester = await request({ kind: 'create', staffNo: 'X999', name: '伪造', roles: ['teller'], requestedBy: 'H001' }, [
      { staffNo: 'H001', password: 'guessed-1', newPassword: 'Forged-pass-1' }, { staffNo: 'Z001', password: PW, as: 'approver' },
    ]);
    const wrongApprover = await request({ kind: 'create', staffNo: 'X998', name: '伪造', roles: ['teller'], requestedBy: 'H001' }, [
      { staffNo: 'H001', password: PW, newPassword: 'Forged-pass-1' }, { staffNo: 'Z001', password: 'guessed-2', as: 'approver' },
    ]);
    const self = await request({ kind: 'create', staffNo: 'X997', name: '自批', roles: ['branch-head'], requestedBy: 'Z001' }, [
      { staffNo: 'Z001', password: PW, newPassword: 'Forged-pass-1' }, { staffNo: 'Z001', password: PW, as: 'approver' },
    ]);
    const powerful = await request({ kind: 'create', staffNo: 'X996', name: '越权', roles: ['it-admin'], requestedBy: 'H001' }, [
      { staffNo: 'H001', password: PW, newPassword: 'Forged-pass-1' }, { staffNo: 'Z001', password: PW, as: 'approver' },
    ]);
    expect(await service.runOnce()).toBe(4);
    expect((await decisionOf(wrongRequester.id)).reasonKey).toBe('staff.refused.requesterProof');
    expect((await decisionOf(wrongApprover.id)).reasonKey).toBe('staff.refused.approverProof');
    expect((await decisionOf(self.id)).reasonKey).toBe('staff.rule.secondPerson');
    expect((await decisionOf(powerful.id)).reasonKey).toBe('staff.rule.powerfulByHeadOffice');
    for (const no of ['X999', 'X998', 'X997', 'X996']) expect((await server.req('GET', `/branch-hm01/staff:${no}`)).status).toBe(404);
  });

  it('does not let a proof copied from one request authorise another', async () => {
    const genuine = await request({ kind: 'disable', staffNo: 'T001', requestedBy: 'H001' }, [{ staffNo: 'H001', password: PW }]);
    const forged = { ...genuine.doc, _id: 'staff-request:01FORGED', _rev: undefined, kind: 'create', staffNo: 'X995', name: '复制', roles: ['teller'] };
    expect((await server.req('PUT', '/branch-hm01/staff-request:01FORGED', { body: forged, auth: device })).status).toBe(201);
    await onEveryCopy('branch-hm01', ['staff-request:01FORGED']);
    await service.runOnce();
    expect((await decisionOf('staff-request:01FORGED')).reasonKey).toBe('staff.refused.requesterProof');
    // The genuine one went through without a second person: disabling removes access.
    expect((await server.req('GET', '/branch-hm01/staff:T001')).json).toMatchObject({ active: false, version: 2 });
  });

  it('changes a password from the staff member\'s own sealed proof, and resets one with a forced change', async () => {
    const reset = await request({ kind: 'reset-password', staffNo: 'T009', requestedBy: 'H001' }, [
      { staffNo: 'H001', password: PW, newPassword: 'Temp-pass-22' }, { staffNo: 'Z002', password: PW, as: 'approver' },
    ]);
    expect((await decided(reset.id))[0].outcome).toBe('done');
    let t009 = (await server.req('GET', '/branch-hm01/staff:T009')).json;
    expect(t009).toMatchObject({ mustChangePassword: true, version: 2 });
    expect(await verifyPassword('Temp-pass-22', t009.passwordHash)).toBe(true);

    const change = await request({ kind: 'change-password', staffNo: 'T009', requestedBy: 'T009' }, [{ staffNo: 'T009', password: 'Temp-pass-22', newPassword: 'My-own-pass-9' }]);
    expect((await decided(change.id))[0].outcome).toBe('done');
    t009 = (await server.req('GET', '/branch-hm01/staff:T009')).json;
    expect(t009).toMatchObject({ mustChangePassword: false, version: 3 });
    expect(await verifyPassword('My-own-pass-9', t009.passwordHash)).toBe(true);
  });

  it('stops checking a staff member\'s passwords after repeated wrong proofs', async () => {
    const guesses: string[] = [];
    for (let i = 0; i < 6; i++) guesses.push((await request({ kind: 'change-password', staffNo: 'Z002', requestedBy: 'Z002' }, [{ staffNo: 'Z002', password: `guess-${i}`, newPassword: 'Whatever-pass-1' }])).id);
    await decided(...guesses);
    const last = await request({ kind: 'change-password', staffNo: 'Z002', requestedBy: 'Z002' }, [{ staffNo: 'Z002', password: PW, newPassword: 'Whatever-pass-1' }]);
    expect((await decided(last.id))[0].reasonKey).toBe('staff.refused.tooManyFailures');
  });

  it('keeps its writes to itself: a device may not write decisions, staff or accounts', async () => {
    const decision = await server.req('PUT', '/branch-hm01/staff-decision:01X', { body: { type: 'staff-decision' }, auth: device });
    expect(decision.status).toBe(403);
    const staff = (await server.req('GET', '/branch-hm01/staff:H001')).json;
    expect((await server.req('DELETE', `/branch-hm01/staff:H001?rev=${staff._rev}`, { auth: device })).status).toBe(403);
  });
});
