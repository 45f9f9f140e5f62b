import { mayAuthorizeDisbursement } from '../../../domain/credit/maker-checker';
import type { AccountRecord } from '../../../domain/customers/account';
import type { StaffRecord } from '../../../domain/staff/staff-record';
import { translate } from '../../../i18n/translate';
import { apiError } from '../api/dispatch';
import type { Actor } from '../api/handlers';
import { authenticateStaff } from '../session/authenticate';
import type { ApplicationDoc } from './credit.docs';
import type { ServiceDeps } from '../service-deps';

export type DisbursementCheckDeps = Pick<ServiceDeps, 'accounts' | 'auth'>;

const fieldError = (path: string, key: string, params: Record<string, string> = {}) =>
  apiError('VALIDATION', key, params, { fields: [{ path, key, params, message: translate(key, params) }] });

/** Everyone who prepared the loan: they may not also authorise paying it out. */
export function preparersOf(app: ApplicationDoc): string[] {
  return [...new Set([app.createdBy, app.contract?.generatedBy, ...app.steps.filter((s) => s.step === 'created' || s.step === 'contracted').map((s) => s.by)].filter((x): x is string => !!x))];
}

/**
 * What must hold before money moves: the account is one of the customer's (signed by head office, active), and a
 * second person — not the maker, not a preparer, allowed to authorise — proves who they are now.
 */
export async function checkDisbursement(
  deps: DisbursementCheckDeps,
  input: { app: ApplicationDoc; accountNo: string; maker: Actor; checker: { staffNo: string; password: string }; address: string },
): Promise<{ account: AccountRecord; checker: StaffRecord }> {
  const account = await deps.accounts.byNo(input.accountNo);
  if (!account || account.customerId !== input.app.customerId) throw fieldError('accountNo', 'credit.accountNotCustomers', { customer: input.app.customerName });
  if (account.status !== 'active') throw fieldError('accountNo', 'credit.accountNotActive', { status: translate(`account.status.${account.status}`) });

  let checker: StaffRecord;
  try {
    checker = await authenticateStaff(deps.auth, { staffNo: input.checker.staffNo, password: input.checker.password, address: input.address });
  } catch (e) {
    if ((e as { body?: { key?: string } }).body?.key === 'error.badCredentials') throw fieldError('checker.password', 'credit.checker.badCredentials');
    throw e;
  }
  const allowed = mayAuthorizeDisbursement(checker, input.maker.staffNo, preparersOf(input.app));
  if (!allowed.ok) throw fieldError('checker.staffNo', allowed.key);
  return { account, checker };
}
