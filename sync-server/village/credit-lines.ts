import { createHash } from 'node:crypto';
import { creditLineContract, creditLineContent, creditLineId, type CreditLine } from '../../domain/village/credit-line';
import { can } from '../../domain/staff/roles';
import { validForBranch, type StaffRecord } from '../../domain/staff/staff-record';
import { canonicalJson } from '../../trust/canonical';
import { signerOf, trustRootOf, type HeadOfficeKeys } from '../../trust/head-office-keys';
import { verifyPassword } from '../../trust/password';
import { signDoc, verifyDoc } from '../../trust/signature';
import { openProofFor, villageApprovalSubject } from '../../trust/staff-proof';
import { followBranchChanges } from '../branch-changes';
import { couchClient, type CouchClient, type CouchTarget } from '../identity/couch';
import { PROOF_MAX_AGE_MS } from '../identity/decide';
import { proofGuard } from '../identity/proof-guard';
import { BRANCH_DB } from '../validation/policy';
import { villageApprovalDoc } from '../validation/types/village';

export const contractDigestOf = (line: Parameters<typeof creditLineContract>[0]) =>
  `sha256:${createHash('sha256').update('jingwei/village-credit-line/v1\n' + canonicalJson(creditLineContract(line))).digest('hex')}`;

/** The proof is sealed in the same call that writes the approval: minutes apart at most, whatever the clocks. */
const PROOF_SKEW_MS = 5 * 60_000;

export interface CreditLineServiceOptions {
  /** Our server or Apache CouchDB, as a `feed-publisher` user (credit lines are head-office documents). */
  target: CouchTarget;
  keys: HeadOfficeKeys;
  branches: string[];
  intervalMs?: number;
  clock?: () => Date;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export interface CreditLineService {
  /** One pass over every branch; resolves with the number of credit lines written. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

type Approval = ReturnType<typeof villageApprovalDoc.parse>;

/**
 * Head office's side of 批量授信: reads the branch head's batch approvals from each branch database and writes one
 * signed credit line per granted household. An approval is believed only when its approver is, by head office's own
 * signed staff record, a branch head (loan.approve) of that branch who proved it with a sealed password (not just a
 * device credential writing a document), and every household is one of the branch's.
 * A line already issued from the same approval is left alone (its signing stays); a later approval replaces it
 * (new terms: a new contract to sign).
 */
export function startCreditLineService(opts: CreditLineServiceOptions): CreditLineService {
  const couch = couchClient(opts.target);
  const trust = trustRootOf(opts.keys);
  const clock = opts.clock ?? (() => new Date());
  const log = opts.log ?? (() => {});
  const guard = proofGuard(clock);

  /**
   * Why head office does not believe an approval's approver, or null when it does: by head office's own signed record
   * a branch head (loan.approve) of that branch, active, whose password is sealed in a proof bound to exactly these
   * terms, made when the approval was. A device credential can write an approval naming the branch head, and copy a
   * proof from another approval, but cannot make one without the password.
   */
  async function approverRefusal(db: string, branch: string, a: Approval): Promise<string | null> {
    const staff = await couch.get<StaffRecord & { sig?: unknown }>(db, `staff:${a.approvedBy}`);
    if (!staff || !verifyDoc(staff, trust) || !validForBranch(staff, branch) || !staff.active || !can(staff.roles, 'loan.approve')) {
      return `approver ${a.approvedBy} is not a branch head of ${branch} by head office's records`;
    }
    if (!a.proof || a.proof.staffNo !== a.approvedBy) return `no sealed proof by the approver ${a.approvedBy}`;
    if (guard.blocked(a.approvedBy)) return `too many wrong proofs by ${a.approvedBy} lately; not checked`;
    const payload = openProofFor(opts.keys, a.proof.box, villageApprovalSubject(a), a.approvedBy);
    if (!payload) return `the proof is not ${a.approvedBy}'s for these terms (other approval, other branch or edited)`;
    const madeAt = Date.parse(payload.at);
    if (!(Math.abs(madeAt - Date.parse(a.approvedAt)) <= PROOF_SKEW_MS && clock().getTime() - madeAt <= PROOF_MAX_AGE_MS)) return 'the proof is stale';
    if (!(await verifyPassword(payload.password, staff.passwordHash))) {
      guard.failed(a.approvedBy);
      return `the proof does not carry ${a.approvedBy}'s password`;
    }
    return null;
  }

  async function issue(db: string, branch: string, raw: unknown): Promise<number> {
    const parsed = villageApprovalDoc.safeParse(raw);
    if (!parsed.success || parsed.data.branch !== branch) {
      log('warn', `${db}: malformed village approval ${String((raw as { _id?: unknown })._id)} ignored`);
      return 0;
    }
    const a = parsed.data;
    const refusal = await approverRefusal(db, branch, a);
    if (refusal) {
      log('warn', `${db} ${a._id}: refused, ${refusal}; no credit lines issued`);
      return 0;
    }
    const granted = a.lines.filter((l) => l.limitFen > 0);
    const households = await couch.getMany<{ village?: string; branch?: string }>(db, granted.map((l) => l.householdId));
    const existing = await couch.getMany<CreditLine & { _rev: string }>(db, granted.map((l) => creditLineId(l.householdId)));
    const docs = [];
    for (const l of granted) {
      const h = households.get(l.householdId);
      if (!h || h.village !== a.village || h.branch !== branch) continue;
      const before = existing.get(creditLineId(l.householdId));
      if (before && before.approvalId === a._id) continue;
      if (before && before.issuedAt > a.approvedAt) continue;
      const terms = { _id: creditLineId(l.householdId), branch, village: a.village, householdId: l.householdId, limitFen: l.limitFen, rateBp: a.rateBp, termMonths: a.termMonths, expiresOn: a.expiresOn };
      const line = signDoc({ ...terms, type: 'credit-line' as const, approvalId: a._id, contractDigest: contractDigestOf(terms), issuedAt: clock().toISOString(), signing: null }, signerOf(opts.keys));
      docs.push(before ? { ...line, _rev: before._rev } : line);
    }
    if (docs.length === 0) return 0;
    const results = await couch.bulk(db, docs);
    const failed = results.filter((r) => r.error);
    if (failed.length > 0) log('warn', `${db} ${a._id}: ${failed.length} credit lines not written (first ${failed[0]!.id}: ${failed[0]!.error})`);
    const written = results.length - failed.length;
    log('info', `${db} ${a._id} ${a.village}: ${written} 条授信额度 credit lines issued`);
    return written;
  }

  const databases = async () => opts.branches.map((b) => `branch-${b.toLowerCase()}`).filter((db) => BRANCH_DB.test(db));
  return followBranchChanges({ couch, databases, selector: { type: 'village-approval' }, handle: (db, doc) => issue(db, BRANCH_DB.exec(db)![1]!.toUpperCase(), doc), intervalMs: opts.intervalMs, log });
}

/** A credit line as head office reads it back: only its own signature counts, even on its own server. */
export async function trustedLine(couch: CouchClient, db: string, id: string, keys: HeadOfficeKeys): Promise<(CreditLine & { _rev: string }) | null> {
  const doc = await couch.get<CreditLine & { _rev: string }>(db, id);
  if (!doc || !creditLineContent.safeParse(doc).success || !verifyDoc(doc, trustRootOf(keys))) return null;
  return doc;
}
