import { monotonicFactory } from 'ulid';
import type { CustomerFields } from '../../../domain/customers/customer';
import type { CallContext } from '../api/handlers';
import type { OutputOf, ParsedInputOf } from '../api/method';
import type { creditContract } from './credit.contract';
import { creditQueries } from './credit.queries';
import type { DisbursementCheckDeps } from './disbursement-check';
import type { ServiceDeps } from '../service-deps';

/** `trust`: a video-signing receipt counts only when head office signed it. */
export type CreditDeps = DisbursementCheckDeps & Pick<ServiceDeps, 'pouch' | 'sql' | 'audit' | 'writes' | 'events' | 'branch' | 'branchName' | 'device' | 'trust' | 'reference'>;

/** What the loan application flow's handlers work over: the area's deps, its SQL reads and one id source. */
export interface CreditContext {
  deps: CreditDeps;
  q: ReturnType<typeof creditQueries>;
  /** Monotonic within the area, so ids made in one millisecond still sort in the order they were made. */
  newId: () => string;
}

export function creditContext(deps: CreditDeps): CreditContext {
  return { deps, q: creditQueries(deps.sql), newId: monotonicFactory() };
}

/** One API method's parsed arguments and its result, as creditContract declares them. */
export type In<M extends keyof typeof creditContract> = ParsedInputOf<(typeof creditContract)[M]>;
export type Out<M extends keyof typeof creditContract> = OutputOf<(typeof creditContract)[M]>;
export type { CallContext };

export type CustomerDoc = CustomerFields & { _id: string; type: 'customer' };

/** The number core banking knows the customer by: the ID number, or an enterprise's unified social credit code. */
export const customerIdNo = (c: CustomerFields): string | null => (c.kind === 'individual' ? c.idNumber : c.uscc) ?? null;
export const today = (now: Date) => now.toISOString().slice(0, 10);
