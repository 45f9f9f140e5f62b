import { can, type Role } from '../staff/roles';
import type { Verdict } from '../staff/grants';

/**
 * 授权: money leaves the bank only when a second person, who took no part in preparing the loan, authorises it
 * at that moment with their own password. The maker (who presses disburse) and every preparer are excluded.
 */
export function mayAuthorizeDisbursement(checker: { staffNo: string; roles: readonly Role[] }, maker: string, preparers: readonly string[]): Verdict {
  if (checker.staffNo === maker) return { ok: false, key: 'credit.checker.self' };
  if (preparers.includes(checker.staffNo)) return { ok: false, key: 'credit.checker.preparer' };
  if (!can(checker.roles, 'loan.authorize')) return { ok: false, key: 'credit.checker.role' };
  return { ok: true };
}
