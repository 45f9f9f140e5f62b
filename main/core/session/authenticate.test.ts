import { describe, expect, it } from 'vitest';
import type { StaffRecord } from '../../../domain/staff/staff-record';
import { hashPassword } from '../../../trust/password';
import { authenticateStaff, type AuthenticateDeps } from './authenticate';
import { DEFAULT_LIMITS, LoginThrottle } from './login-throttle';
import type { TrustedStaffReader } from './trusted-staff';

async function teller(password: string): Promise<StaffRecord> {
  return {
    _id: 'staff:T010', type: 'staff', staffNo: 'T010', name: '柜员小吴', roles: ['teller'], branch: 'HM01', active: true,
    passwordHash: await hashPassword(password), mustChangePassword: false, version: 1, updatedAt: '2026-12-06T00:00:00Z',
  } as StaffRecord;
}

describe('authenticateStaff', () => {
  it('says the staff number is locked and when to try again, and a password reset by head office lifts the lock', async () => {
    let now = 1_000_000;
    let record = await teller('Wu-own-pass-1');
    const deps: AuthenticateDeps = {
      staff: { load: async () => ({ status: 'trusted', record }) } as unknown as TrustedStaffReader,
      throttle: new LoginThrottle(() => now, { ...DEFAULT_LIMITS, lockBaseMs: 300_000 }),
      hasTrustRoot: true,
    };
    const login = (password: string) => authenticateStaff(deps, { staffNo: 'T010', password, address: '10.0.0.9' });
    for (let i = 0; i < 5; i++) await expect(login(`guess-${i}`)).rejects.toMatchObject({ body: { key: 'error.badCredentials' } });
    await expect(login('Wu-own-pass-1')).rejects.toMatchObject({
      body: { key: 'error.loginLockedMinutes', message: '密码错误次数过多，该工号已暂时锁定，请5分钟后再试；如忘记密码，请网点负责人申请重置' },
    });
    now += 60_000;
    record = { ...(await teller('Temp-pass-3')), version: 2, mustChangePassword: true };
    await expect(login('Temp-pass-3')).resolves.toMatchObject({ staffNo: 'T010', version: 2 });
  });
});
