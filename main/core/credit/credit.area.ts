import type { Handlers } from '../api/handlers';
import { creditHandlers, type CreditDeps } from './applications.service';
import type { creditContract } from './credit.contract';
import { rulesHandlers } from './rules.service';

/** The 精微快贷 area: applications, loans, ownership, rules and the credit dashboard. */
export function creditArea(deps: CreditDeps): Handlers<typeof creditContract> {
  return { ...creditHandlers(deps), ...rulesHandlers(deps) };
}
