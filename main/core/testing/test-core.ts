import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../../../domain/staff/roles';
import type { ApiArgs, ApiResult, MethodName } from '../api/contract';
import type { ApiErrorBody } from '../api/errors';
import { createCore, type Core, type CoreOptions } from '../core';
import { generateHeadOfficeKeys, signerOf, trustRootOf, type HeadOfficeKeys } from '../../../trust/head-office-keys';
import { issueStaff } from '../../../trust/staff-issue';
import { storeSignedDocs } from '../staff/local-head-office';
import { accountDocId, luhnCheckDigit, type AccountRecord } from '../../../domain/customers/account';
import { signDoc } from '../../../trust/signature';

export const TEST_PASSWORD = 'test-pass-2026';

let keys: HeadOfficeKeys | null = null;
let accountSeq = 0;
/** One head-office key pair per test process: tests sign staff and accounts as head office would. */
export function testHeadOffice(): HeadOfficeKeys {
  keys ??= generateHeadOfficeKeys(true);
  return keys;
}


/** A core on a temporary folder with one staff member per role, for tests of any area. */
export async function createTestCore(opts: Partial<CoreOptions> = {}) {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'jingwei-core-'));
  const headOffice = testHeadOffice();
  const open = () => createCore({
    dataDir, branchCode: 'HM01', branchName: '侯马支行', deviceId: 'HM01-TEST', trust: trustRootOf(headOffice),
    log: (level, msg, detail) => { if (level === 'error') console.error(msg, detail); }, ...opts,
  });
  let core: Core = await open();
  const staff: Record<string, Role[]> = {
    T001: ['teller'], T002: ['teller'], M001: ['customer-manager'], H001: ['branch-head'], R001: ['risk-officer'], A001: ['it-admin'], Z001: ['head-office'],
  };
  await storeSignedDocs(core.store.pouch, await Promise.all(Object.entries(staff).map(([staffNo, roles]) =>
    issueStaff(signerOf(headOffice), { staffNo, name: `测试${staffNo}`, roles, password: TEST_PASSWORD, branch: staffNo === 'Z001' ? 'HQ' : core.branchCode }))));

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
    headOffice,
    /** Signs and stores staff as head office would, e.g. `issue({ staffNo: 'T009', roles: ['teller'] })`. */
    async issue(input: { staffNo: string; roles: Role[]; name?: string; password?: string; branch?: string; active?: boolean; mustChangePassword?: boolean; version?: number }) {
      const doc = await issueStaff(signerOf(headOffice), { name: `测试${input.staffNo}`, password: TEST_PASSWORD, branch: core.branchCode, ...input });
      await storeSignedDocs(core.store.pouch, [doc]);
      return doc;
    },
    putSigned: (docs: { _id: string }[]) => storeSignedDocs(core.store.pouch, docs),
    /** Head office's record of an account of the customer (as its deposit feed brings it); returns the number. */
    async openAccount(customerId: string, opts: Partial<Pick<AccountRecord, 'status' | 'branch' | 'kind' | 'openedAt'>> = {}): Promise<string> {
      accountSeq += 1;
      const body = `62309101${String(accountSeq).padStart(10, '0')}`;
      const accountNo = body + luhnCheckDigit(body);
      const at = new Date().toISOString();
      const record: AccountRecord = { _id: accountDocId(accountNo), type: 'account', accountNo, customerId, branch: core.branchCode, kind: 'debit-card', status: 'active', openedAt: at, version: 1, updatedAt: at, ...opts };
      await storeSignedDocs(core.store.pouch, [signDoc(record as AccountRecord & Record<string, unknown>, signerOf(headOffice))]);
      return accountNo;
    },
    call,
    fail,
    login,
    async restart() {
      await core.close();
      core = await open();
    },
    async dispose() {
      await core.close();
      if (!opts.dataDir) removeDataDir(dataDir);
    },
  };
}

/**
 * A background writer (attachment spool, WAL checkpoint) may still be finishing a file as the directory goes; retrying
 * is what rm -rf does on a busy disk. Twice in CI at high load five retries over 0.75 s were not enough (ENOTEMPTY):
 * ten over 5.5 s, and if that fails too the error names what was still there, so the writer can be found.
 */
function removeDataDir(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  } catch (err) {
    let left: string[] = [];
    try {
      left = readdirSync(dir, { recursive: true }).map(String);
    } catch {
      // gone after all
    }
    throw new Error(`test core's data folder not removed; still there: ${left.join(', ') || '(nothing)'}`, { cause: err });
  }
}
