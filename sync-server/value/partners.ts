import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../../db/sqlite';
import {
  commissionStatement, makePartnerCode, PARTNER_CODE, partnerDocSchema, partnerStatementDoc, partnerCodeBranch, type AttributedApplication, type CommissionRules, type CommissionStatement,
  type FeedLoan, type Partner, type PartnerKind,
} from '../../domain/value/partners';
import { signDoc, type SigningKey } from '../../trust/signature';
import { writeChangedDocs } from '../feeds/publish';
import { couchClient, type CouchTarget } from '../identity/couch';
import { branchDbName } from '../validation/db-names';
import { ValueRefusal } from './points-ledger';
import { branchDay, DEFAULT_TIME_ZONE, formatDate } from '../../domain/time/branch-time';

/**
 * 精微易享 at head office: the partner register (in the ledger file, head office's own disk — a branch never writes
 * it) and each branch's monthly commission statement, from the applications the branch synced up (read over the
 * CouchDB HTTP API) and the loans of head office's own core-banking feed.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS partner (code TEXT PRIMARY KEY, branch TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, phone TEXT NOT NULL,
  enrolled_on TEXT NOT NULL, enrolled_by TEXT NOT NULL, UNIQUE (branch, phone)) WITHOUT ROWID;
`;

export function ensurePartnerTables(db: Database): void {
  db.exec(SCHEMA);
}

export function enrolPartner(
  db: Database,
  p: { branch: string; name: string; kind: PartnerKind; phone: string; now: Date; by: string; random?: () => Uint8Array },
): Partner {
  ensurePartnerTables(db);
  const same = db.prepare('SELECT code FROM partner WHERE branch = ? AND phone = ?').get(p.branch, p.phone) as { code: string } | undefined;
  if (same) throw new ValueRefusal(`手机号 ${p.phone} 已在 ${p.branch} 登记为合伙人（推荐码 ${same.code}），不能重复登记`);
  const random = p.random ?? (() => new Uint8Array(randomBytes(6)));
  const insert = db.prepare('INSERT OR IGNORE INTO partner (code, branch, name, kind, phone, enrolled_on, enrolled_by) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const enrolledOn = branchDay(p.now, DEFAULT_TIME_ZONE);
  // A collision with an existing code (31^6 of them per branch) just draws again.
  for (let i = 0; i < 10; i++) {
    const code = makePartnerCode(p.branch, random());
    if (insert.run(code, p.branch, p.name, p.kind, p.phone, enrolledOn, p.by).changes === 1) return { code, branch: p.branch, name: p.name, kind: p.kind, enrolledOn };
  }
  throw new ValueRefusal('无法生成不重复的推荐码，请重试');
}

export function partnersOf(db: Database, branch: string): Partner[] {
  ensurePartnerTables(db);
  return db
    .prepare('SELECT code, branch, name, kind, enrolled_on AS enrolledOn FROM partner WHERE branch = ? ORDER BY code')
    .all(branch) as Partner[];
}

/**
 * The partners of a branch: head office's register, and those the branch enrolled itself (synced `partner`
 * documents, whose code the server held to the branch's database; one whose code is of another branch is not
 * counted even if it got there). A code in both is head office's entry.
 */
export async function branchPartners(db: Database, target: CouchTarget, branch: string): Promise<Partner[]> {
  const own = partnersOf(db, branch);
  const known = new Set(own.map((p) => p.code));
  const synced = (await couchClient(target).prefixed<unknown>(branchDbName(branch), 'partner:'))
    .map((d) => partnerDocSchema.safeParse(d))
    .flatMap((r) => (r.success && r.data.branch === branch && partnerCodeBranch(r.data.code) === branch && !known.has(r.data.code) ? [r.data] : []));
  return [...own, ...synced.map((p) => ({ code: p.code, branch: p.branch, name: p.name, kind: p.kind, enrolledOn: p.enrolledOn }))];
}

/** What head office reads of a synced application: anything else about it is the branch's business. */
const syncedApplication = z.looseObject({
  _id: z.string(),
  type: z.literal('loanapp'),
  customerId: z.string(),
  partnerCode: z.string().regex(PARTNER_CODE),
  createdAt: z.string(),
  steps: z.array(z.looseObject({ step: z.string().optional() })),
});
const syncedCustomer = z.looseObject({ idNumber: z.string().min(1) });

/**
 * The applications in a branch's database that carry one of the branch's partner codes, with the customer's ID
 * number from the branch's customer file. A code of another branch is not counted even if it got there (the
 * server refuses such writes; a database restored from elsewhere would not pay another branch's partner).
 */
export async function attributedApplications(target: CouchTarget, branch: string): Promise<AttributedApplication[]> {
  const couch = couchClient(target);
  const dbName = branchDbName(branch);
  const apps = (await couch.prefixed<unknown>(dbName, 'loanapp:'))
    .map((d) => syncedApplication.safeParse(d))
    .flatMap((r) => (r.success && partnerCodeBranch(r.data.partnerCode) === branch ? [r.data] : []));
  const customers = await couch.getMany<unknown>(dbName, [...new Set(apps.map((a) => a.customerId))]);
  return apps.flatMap((a) => {
    const c = syncedCustomer.safeParse(customers.get(a.customerId));
    if (!c.success) return [];
    return [{ id: a._id, partnerCode: a.partnerCode, idNo: c.data.idNumber, createdOn: formatDate(a.createdAt, DEFAULT_TIME_ZONE), submitted: a.steps.some((s) => s.step === 'submitted') }];
  });
}

/** Loans of the branch in head office's core-banking feed (live or settled since), disbursed up to the month's end. */
export function feedLoans(db: Database, branch: string, month: string): FeedLoan[] {
  return db
    .prepare('SELECT account, id_no AS idNo, principal AS principalFen, disbursed_on AS disbursedOn FROM loan WHERE branch = ? AND disbursed_on <= ?')
    .all(branch, `${month}-31`) as FeedLoan[];
}

/**
 * Each branch's statement for the month; with a signer, also written to the branch (signed `partner-statement`, only
 * when it changed) so the branch's 合伙人 screen ranks its partners.
 */
export async function branchCommission(
  db: Database,
  opts: { target: CouchTarget; month: string; rules: CommissionRules; branches: string[]; signer?: SigningKey },
): Promise<(CommissionStatement & { written: number })[]> {
  const out = [];
  for (const branch of opts.branches) {
    const st = commissionStatement({
      branch, month: opts.month, rules: opts.rules, partners: await branchPartners(db, opts.target, branch),
      applications: await attributedApplications(opts.target, branch), loans: feedLoans(db, branch, opts.month),
    });
    const written = opts.signer ? (await writeChangedDocs(db, couchClient(opts.target), branchDbName(branch), [signDoc(partnerStatementDoc(st), opts.signer)])).written : 0;
    out.push({ ...st, written });
  }
  return out;
}
