import { performance } from 'node:perf_hooks';
import { CouchError } from '../errors';

export interface BudgetLimits {
  /** Matching steps (operator visits and comparisons) one document may cost. */
  stepsPerDoc: number;
  /** Evaluation time inside one turn of the event loop: the longest another request can be kept waiting. */
  turnMs: number;
  /** Evaluation time one request may spend in total. */
  requestMs: number;
}

export const DEFAULT_BUDGET: BudgetLimits = { stepsPerDoc: 200_000, turnMs: 250, requestMs: 5_000 };

/** CouchDB's answer when a request runs out of time (chttpd error_info(timeout)). */
export const timeoutError = () => new CouchError(500, 'timeout', 'The request could not be processed in a reasonable amount of time.');

/**
 * The time budget of one request's client-supplied evaluation (a `_changes` selector). The feed reads documents
 * in pages and yields between them; this makes sure no page's evaluation, and no request as a whole, can hold
 * the process: past a limit every further evaluation throws, and `exceeded` tells the route to answer `timeout`.
 */
export class EvalBudget {
  exceeded = false;
  private steps = 0;
  private spentMs = 0;
  private turnSpentMs = 0;
  private turnOpen = false;

  constructor(private readonly limits: BudgetLimits = DEFAULT_BUDGET) {}

  step(): void {
    if (++this.steps > this.limits.stepsPerDoc) this.fail();
  }

  run<T>(evaluate: () => T): T {
    if (this.exceeded) this.fail();
    if (!this.turnOpen) {
      // Everything evaluated before this callback runs shares one turn of the event loop.
      this.turnOpen = true;
      this.turnSpentMs = 0;
      setImmediate(() => (this.turnOpen = false));
    }
    this.steps = 0;
    const t0 = performance.now();
    let result: T;
    try {
      result = evaluate();
    } finally {
      const spent = performance.now() - t0;
      this.spentMs += spent;
      this.turnSpentMs += spent;
    }
    if (this.spentMs > this.limits.requestMs || this.turnSpentMs > this.limits.turnMs) this.fail();
    return result;
  }

  private fail(): never {
    this.exceeded = true;
    throw timeoutError();
  }
}
