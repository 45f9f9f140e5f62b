import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../../../domain/staff/roles';
import type { ApiArgs, ApiResult, MethodName } from '../api/contract';
import type { ApiErrorBody } from '../api/errors';
import { createCore, type Core, type CoreOptions } from '../core';
import { putStaff } from '../session/staff.service';

export const TEST_PASSWORD = 'test-pass-2026';

/** A core on a temporary folder with one staff member per role, for tests of any area. */
export async function createTestCore(opts: Partial<CoreOptions> = {}) {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'jingwei-core-'));
  const open = () => createCore({ dataDir, branchCode: 'HM01', branchName: '侯马支行', deviceId: 'HM01-TEST', log: (level, msg, detail) => { if (level === 'error') console.error(msg, detail); }, ...opts });
  let core: Core = await open();
  const staff: Record<string, Role[]> = { T001: ['teller'], M001: ['customer-manager'], H001: ['branch-head'], R001: ['risk-officer'], A001: ['it-admin'] };
  for (const [staffNo, roles] of Object.entries(staff)) {
    await putStaff({ pouch: core.store.pouch, audit: core.audit }, { staffNo, name: `测试${staffNo}`, roles, password: TEST_PASSWORD, branch: 'HM01' }, { staffNo: 'SYSTEM', name: '系统' }, new Date());
  }

  async function call<M extends MethodName>(method: M, args: ApiArgs<M>, token?: string): Promise<ApiResult<M>> {
    const res = await core.call({ method, args, token });
    if (!res.ok) throw Object.assign(new Error(res.error.message), { body: res.error });
    return res.value as ApiResult<M>;
  }
  async function fail<M extends MethodName>(method: M, args: unknown, token?: string): Promise<ApiErrorBody> {
    const res = await core.call({ method, args, token });
    if (res.ok) throw new Error(`${method} unexpectedly succeeded`);
    return res.error;
  }
  async function login(staffNo: string): Promise<string> {
    return (await call('session.login', { staffNo, password: TEST_PASSWORD })).token;
  }

  return {
    get core() {
      return core;
    },
    dataDir,
    call,
    fail,
    login,
    async restart() {
      await core.close();
      core = await open();
    },
    async dispose() {
      await core.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
