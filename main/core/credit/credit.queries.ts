import type { Database } from '../../../db/sqlite';
import type { ProductCode } from '../../../domain/credit/products';
import type { ApplicationInput, Outcome } from '../../../domain/credit/rules';
import type { CreditCounts } from '../../../domain/credit/metrics';
import type { ApplicationRow, ApplicationState, LoanRow, StepName } from './credit.contract';

interface AppRowDb {
  id: string;
  customer_id: string;
  customer_name: string;
  product: ProductCode;
  state: ApplicationState;
  outcome: Outcome | null;
  requested_fen: number;
  limit_fen: number | null;
  rate_bp: number | null;
  created_at: string;
  created_by: string;
  submitted_at: string | null;
  decided_at: string | null;
  updated_at: string;
}

const APP_COLS =
  'id, customer_id, customer_name, product, state, outcome, requested_fen, limit_fen, rate_bp, created_at, created_by, submitted_at, decided_at, updated_at';

const toRow = (r: AppRowDb): ApplicationRow => ({
  id: r.id, customerId: r.customer_id, customerName: r.customer_name, productCode: r.product, state: r.state, outcome: r.outcome,
  requestedAmountFen: r.requested_fen, limitFen: r.limit_fen, rateBp: r.rate_bp, createdAt: r.created_at, createdBy: r.created_by,
  submittedAt: r.submitted_at, decidedAt: r.decided_at, updatedAt: r.updated_at,
});

export type ListFilter = 'open' | 'draft' | 'referred' | 'done' | 'all';

const FILTER_STATES: Record<ListFilter, readonly ApplicationState[] | null> = {
  open: ['draft', 'referred', 'approved', 'contracted', 'face-signed', 'e-signed'],
  draft: ['draft'],
  referred: ['referred'],
  done: ['disbursed', 'rejected'],
  all: null,
};

/** SQL over the credit projection; every list is answered from indexes, newest first. */
export function creditQueries(sql: Database) {
  const byStates = (states: readonly ApplicationState[] | null, customerId: string | undefined, limit: number): ApplicationRow[] => {
    const where: string[] = [];
    const params: unknown[] = [];
    if (states) {
      where.push(`state IN (${states.map(() => '?').join(',')})`);
      params.push(...states);
    }
    if (customerId) {
      where.push('customer_id = ?');
      params.push(customerId);
    }
    const rows = sql
      .prepare(`SELECT ${APP_COLS} FROM loanapp_index ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY updated_at DESC LIMIT ?`)
      .all(...params, limit) as AppRowDb[];
    return rows.map(toRow);
  };

  return {
    list(filter: ListFilter, customerId: string | undefined, limit: number): ApplicationRow[] {
      return byStates(FILTER_STATES[filter], customerId, limit);
    },

    /** Oldest referral first: the queue is worked in arrival order. */
    referred(): ApplicationRow[] {
      return (sql.prepare(`SELECT ${APP_COLS} FROM loanapp_index WHERE state = 'referred' ORDER BY decided_at ASC`).all() as AppRowDb[]).map(toRow);
    },

    /** Inputs of this branch's decided applications of one product, for a head-office dry run. */
    pastInputs(product: ProductCode): ApplicationInput[] {
      const rows = sql.prepare('SELECT inputs_json FROM loanapp_index WHERE product = ? AND inputs_json IS NOT NULL ORDER BY decided_at').all(product) as {
        inputs_json: string;
      }[];
      return rows.map((r) => JSON.parse(r.inputs_json) as ApplicationInput);
    },

    loans(customerId: string | undefined, status: string, limit: number): LoanRow[] {
      const where: string[] = [];
      const params: unknown[] = [];
      if (status !== 'all') {
        where.push('status = ?');
        params.push(status);
      }
      if (customerId) {
        where.push('customer_id = ?');
        params.push(customerId);
      }
      const rows = sql
        .prepare(`SELECT * FROM loan_index ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY maturity_date ASC LIMIT ?`)
        .all(...params, limit) as {
        id: string; application_id: string; customer_id: string; customer_name: string; product: ProductCode; principal_fen: number;
        rate_bp: number; status: LoanRow['status']; start_date: string; maturity_date: string;
      }[];
      return rows.map((r) => ({
        id: r.id, applicationId: r.application_id, customerId: r.customer_id, customerName: r.customer_name, productCode: r.product,
        principalFen: r.principal_fen, rateBp: r.rate_bp, status: r.status, startDate: r.start_date, maturityDate: r.maturity_date,
      }));
    },

    /**
     * Dashboard counts by SQL aggregates over submitted applications in [from, to) (submission time).
     * Households are customers: one household counted once per stage however many loans it has.
     */
    counts(from: string, to: string): CreditCounts {
      const base = `FROM loanapp_index WHERE submitted_at >= @from AND submitted_at < @to`;
      const a = sql
        .prepare(
          `SELECT COUNT(*) AS applications,
                  SUM(CASE WHEN outcome = 'reject' THEN 1 ELSE 0 END) AS rejected,
                  SUM(CASE WHEN outcome IN ('approve', 'refer') THEN 1 ELSE 0 END) AS passed,
                  -- Handling time: from opening the application (collecting its data) to the models' decision.
                  SUM(CASE WHEN decided_at IS NOT NULL THEN (julianday(decided_at) - julianday(created_at)) * 86400000.0 ELSE 0 END) AS ms,
                  SUM(CASE WHEN decided_at IS NOT NULL THEN 1 ELSE 0 END) AS processed
           ${base}`,
        )
        .get({ from, to }) as { applications: number; rejected: number | null; passed: number | null; ms: number | null; processed: number | null };
      const h = sql
        .prepare(
          `SELECT SUM(CASE WHEN g > 0 THEN 1 ELSE 0 END) AS gh, SUM(g) AS ga, SUM(CASE WHEN s > 0 THEN 1 ELSE 0 END) AS sh, SUM(s) AS sa,
                  SUM(CASE WHEN d > 0 THEN 1 ELSE 0 END) AS dh, SUM(d) AS da
           FROM (SELECT customer_id, SUM(granted_fen) AS g, SUM(signed_fen) AS s, SUM(drawn_fen) AS d ${base} GROUP BY customer_id)`,
        )
        .get({ from, to }) as Record<'gh' | 'ga' | 'sh' | 'sa' | 'dh' | 'da', number | null>;
      return {
        applications: a.applications,
        passedToManual: a.passed ?? 0,
        rejected: a.rejected ?? 0,
        grantedHouseholds: h.gh ?? 0,
        grantedAmountFen: h.ga ?? 0,
        signedHouseholds: h.sh ?? 0,
        signedAmountFen: h.sa ?? 0,
        drawnHouseholds: h.dh ?? 0,
        drawnAmountFen: h.da ?? 0,
        processingMsTotal: Math.round(a.ms ?? 0),
        processedCount: a.processed ?? 0,
      };
    },

    endToEnd(from: string, to: string): { ms: number | null; count: number } {
      const r = sql
        .prepare(
          `SELECT AVG((julianday(disbursed_at) - julianday(created_at)) * 86400000.0) AS ms, COUNT(*) AS n
           FROM loanapp_index WHERE disbursed_at IS NOT NULL AND submitted_at >= ? AND submitted_at < ?`,
        )
        .get(from, to) as { ms: number | null; n: number };
      return { ms: r.ms === null ? null : Math.round(r.ms), count: r.n };
    },

    byProduct(from: string, to: string): { product: ProductCode; outcome: Outcome | null; n: number }[] {
      return sql
        .prepare('SELECT product, outcome, COUNT(*) AS n FROM loanapp_index WHERE submitted_at >= ? AND submitted_at < ? GROUP BY product, outcome')
        .all(from, to) as { product: ProductCode; outcome: Outcome | null; n: number }[];
    },

    byDay(from: string, to: string): { day: string; applications: number; rejected: number }[] {
      return sql
        .prepare(
          `SELECT substr(submitted_at, 1, 10) AS day, COUNT(*) AS applications, SUM(CASE WHEN outcome = 'reject' THEN 1 ELSE 0 END) AS rejected
           FROM loanapp_index WHERE submitted_at >= ? AND submitted_at < ? GROUP BY day ORDER BY day`,
        )
        .all(from, to) as { day: string; applications: number; rejected: number }[];
    },

    averageSteps(from: string, to: string): { step: StepName; ms: number; count: number }[] {
      return (
        sql
          .prepare(
            `SELECT step, AVG(elapsed_ms) AS ms, COUNT(*) AS n FROM loanapp_step
             WHERE at >= ? AND at < ? AND step <> 'created' GROUP BY step`,
          )
          .all(from, to) as { step: StepName; ms: number; n: number }[]
      ).map((r) => ({ step: r.step, ms: Math.round(r.ms), count: r.n }));
    },
  };
}
