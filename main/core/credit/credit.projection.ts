import type { Database } from '../../../db/sqlite';
import { cachedStatement, type Projection } from '../../../db/projection';
import type { ApplicationDoc, LoanDoc } from './credit.docs';

/** The limit actually granted: the model's when it approved, the branch head's after an investigation. */
export function grantedFen(doc: Pick<ApplicationDoc, 'decision' | 'investigation'>): number {
  if (doc.investigation) return doc.investigation.outcome === 'approve' ? doc.investigation.limitFen : 0;
  return doc.decision?.outcome === 'approve' ? doc.decision.limitFen : 0;
}

/**
 * Applications, their steps and loans as tables, kept in the write transaction: lists, the investigation queue,
 * the dashboard and the dry run all read SQL, never the documents.
 */
export const creditProjection: Projection = {
  name: 'credit',
  version: 1,
  ddl: [
    `CREATE TABLE loanapp_index (
       id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, customer_name TEXT NOT NULL, product TEXT NOT NULL,
       state TEXT NOT NULL, outcome TEXT, requested_fen INTEGER NOT NULL, limit_fen INTEGER, rate_bp INTEGER,
       granted_fen INTEGER NOT NULL, signed_fen INTEGER NOT NULL, drawn_fen INTEGER NOT NULL,
       created_at TEXT NOT NULL, created_by TEXT NOT NULL, submitted_at TEXT, decided_at TEXT,
       signed_at TEXT, disbursed_at TEXT, updated_at TEXT NOT NULL, inputs_json TEXT
     ) WITHOUT ROWID`,
    'CREATE INDEX loanapp_state ON loanapp_index(state, updated_at)',
    'CREATE INDEX loanapp_customer ON loanapp_index(customer_id, created_at)',
    'CREATE INDEX loanapp_submitted ON loanapp_index(submitted_at)',
    'CREATE INDEX loanapp_product_decided ON loanapp_index(product, decided_at)',
    `CREATE TABLE loanapp_step (
       app_id TEXT NOT NULL, idx INTEGER NOT NULL, step TEXT NOT NULL, at TEXT NOT NULL, elapsed_ms INTEGER NOT NULL,
       PRIMARY KEY (app_id, idx)
     ) WITHOUT ROWID`,
    'CREATE INDEX loanapp_step_step ON loanapp_step(step, at)',
    `CREATE TABLE loan_index (
       id TEXT PRIMARY KEY, application_id TEXT NOT NULL, customer_id TEXT NOT NULL, customer_name TEXT NOT NULL,
       product TEXT NOT NULL, principal_fen INTEGER NOT NULL, rate_bp INTEGER NOT NULL, status TEXT NOT NULL,
       start_date TEXT NOT NULL, maturity_date TEXT NOT NULL
     ) WITHOUT ROWID`,
    'CREATE INDEX loan_status ON loan_index(status, maturity_date)',
    'CREATE INDEX loan_customer ON loan_index(customer_id)',
  ],
  apply(sql: Database, id: string, doc: Record<string, unknown> | null): void {
    if (id.startsWith('loanapp:')) {
      cachedStatement(sql, 'DELETE FROM loanapp_step WHERE app_id = ?').run(id);
      if (!doc || doc.type !== 'loanapp') {
        cachedStatement(sql, 'DELETE FROM loanapp_index WHERE id = ?').run(id);
        return;
      }
      const a = doc as unknown as ApplicationDoc;
      const stepAt = (s: string) => a.steps.find((x) => x.step === s)?.at ?? null;
      const signed = a.eSign ? (a.contract?.principalFen ?? 0) : 0;
      cachedStatement(
        sql,
        `INSERT OR REPLACE INTO loanapp_index
           (id, customer_id, customer_name, product, state, outcome, requested_fen, limit_fen, rate_bp, granted_fen, signed_fen,
            drawn_fen, created_at, created_by, submitted_at, decided_at, signed_at, disbursed_at, updated_at, inputs_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id, a.customerId, a.customerName, a.productCode, a.state, a.decision?.outcome ?? null, a.requestedAmountFen,
        a.decision ? a.decision.limitFen : null, a.decision ? a.decision.rateBp : null, grantedFen(a), signed,
        a.disbursement?.amountFen ?? 0, a.createdAt, a.createdBy, stepAt('submitted'), a.decidedAt ?? null, a.eSign?.at ?? null,
        a.disbursement?.at ?? null, a.updatedAt, a.decision ? JSON.stringify(a.decision.inputs) : null,
      );
      const ins = cachedStatement(sql, 'INSERT INTO loanapp_step (app_id, idx, step, at, elapsed_ms) VALUES (?, ?, ?, ?, ?)');
      a.steps.forEach((s, i) => ins.run(id, i, s.step, s.at, s.elapsedMs));
      return;
    }
    if (id.startsWith('loan:')) {
      if (!doc || doc.type !== 'loan') {
        cachedStatement(sql, 'DELETE FROM loan_index WHERE id = ?').run(id);
        return;
      }
      const l = doc as unknown as LoanDoc;
      cachedStatement(sql, 'INSERT OR REPLACE INTO loan_index VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(id, l.applicationId, l.customerId, l.customerName, l.productCode, l.principalFen, l.rateBp, l.status, l.startDate, l.maturityDate);
    }
  },
};
