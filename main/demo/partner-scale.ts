import { headerLine } from '../../domain/post-loan/feed-formats';
import { branchDay, DEFAULT_TIME_ZONE } from '../../domain/time/branch-time';
import { DEFAULT_COMMISSION_RULES, partnerStatementDocId, type CommissionStatement } from '../../domain/value/partners';
import type { Database } from '../../db/sqlite';
import { importFeed, openLedger } from '../../sync-server/feeds/feed-ledger';
import { couchClient, type CouchTarget } from '../../sync-server/identity/couch';
import { branchDbName } from '../../sync-server/validation/db-names';
import { branchCommission } from '../../sync-server/value/partners';
import { signerOf } from '../../trust/head-office-keys';
import type { ApiArgs, ApiResult, MethodName } from '../core/api/contract';
import type { Core } from '../core/core';
import { mulberry32 } from '../../domain/random';
import { applicationFor } from './history/applications';
import type { DemoHeadOffice } from './demo-trust';
import { partnerData, PARTNER_SEED_SCALE, type PartnerScale, type Referral } from './partner-data';
import { demoPeople } from './seed';

export interface PartnerScaleOptions {
  headOffice: DemoHeadOffice;
  /** Head office's feed publisher on its server: reads what the branch synced up, writes the signed statement. */
  feedPublisher: CouchTarget;
  /** Head office's feed ledger (the demo's, beside its post-loan past): the loans file goes in there. */
  ledgerDir: string;
  password: string;
  scale?: PartnerScale;
  now?: Date;
  log?: (msg: string) => void;
}

export interface PartnerScaleResult {
  seeded: boolean;
  statement: CommissionStatement | null;
  /** Wall milliseconds of each phase (branch work, waiting for the push, head office's loans file and statement). */
  phases: Record<string, number>;
}

/** A branch-local instant: minute `m` of day `day` in 侯马 (UTC+8, no daylight saving). */
const at = (day: string, m: number) => new Date(Date.parse(`${day}T00:00:00+08:00`) + m * 60_000);

const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
const pct = (bp: number) => `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}`;

interface LedgerLoan {
  account: string; branch: string; id_no: string; name: string; product: string; principal: number; balance: number; overdue_principal: number;
  overdue_interest: number; overdue_days: number; next_due: string | null; maturity: string; rate_bp: number; manager: string; disbursed_on: string;
}

/**
 * Core banking's loans file of `day` (a full file: every live loan): the loans the ledger holds as live, as the
 * previous file gave them, and the new ones lent to the people partners brought.
 */
function loansFileWith(db: Database, lent: { account: string; branch: string; idNo: string; name: string; product: string; principalFen: number; disbursedOn: string }[]): string {
  const live = db.prepare(`SELECT account, branch, id_no, name, product, principal, balance, overdue_principal, overdue_interest, overdue_days, next_due,
      maturity, rate_bp, manager, disbursed_on FROM loan WHERE status = 'active' ORDER BY account`).all() as LedgerLoan[];
  const lines = [headerLine('loans')];
  for (const l of live) {
    lines.push([l.account, l.branch, l.id_no, l.name, l.product, yuan(l.principal), yuan(l.balance), yuan(l.overdue_principal), yuan(l.overdue_interest),
      l.overdue_days, l.next_due ?? '', l.maturity, pct(l.rate_bp), l.manager, l.disbursed_on].join(','));
  }
  for (const l of lent) {
    const maturity = `${Number(l.disbursedOn.slice(0, 4)) + 1}${l.disbursedOn.slice(4)}`.replace(/-02-29$/, '-02-28');
    lines.push([l.account, l.branch, l.idNo, l.name, l.product, yuan(l.principalFen), yuan(l.principalFen), '0.00', '0.00', 0, '', maturity, '4.35', 'M001', l.disbursedOn].join(','));
  }
  return lines.join('\n') + '\n';
}

/**
 * `--partner-scale seed`: 精微易享 at the seed's scale, through the product's own paths. At the branch, its customer
 * managers enrol every partner of the generated data (`value.enrolPartner`, on the day each enrols); the people the
 * partners bring are filed (`customers.create`) and apply with the partner's code (`loans.createDraft`,
 * `loans.submit`: the models decide). Sync takes it all to head office. There core banking's loans file — every live
 * loan, and a loan for each person the generator has core banking lend to whose application was not rejected — goes
 * through `importFeed` into head office's ledger, and head office's commission run (`branchCommission`, as `jingwei
 * value commission`) counts partners and effective partners from the synced documents and the loan feed, signs the
 * month's statement and writes it to the branch; the 合伙人 screen and 精微看板 show it. Runs once per data folder.
 */
export async function seedPartnerScale(core: Core, opts: PartnerScaleOptions): Promise<PartnerScaleResult> {
  const log = opts.log ?? (() => {});
  const scale = opts.scale ?? PARTNER_SEED_SCALE;
  const phases: Record<string, number> = {};
  const onFile = core.store.sql.prepare('SELECT COUNT(*) AS n FROM partner_index WHERE branch = ?').get(core.branchCode) as { n: number };
  if (onFile.n >= scale.partners) return { seeded: false, statement: null, phases };
  const now = opts.now ?? new Date();
  const today = branchDay(now, DEFAULT_TIME_ZONE);
  // People already on file at the demo branches (seedDemo's and HM02's) are never made again.
  const known = [...demoPeople(300), ...demoPeople(60, 20261206)];
  const data = partnerData(scale, today, { ids: new Set(known.map((p) => p.idNumber)), phones: new Set(known.map((p) => p.phone)) });

  const tokens = new Map<string, string>();
  for (const staffNo of ['M001', 'M002']) {
    const login = await core.call({ method: 'session.login', args: { staffNo, password: opts.password } });
    if (!login.ok) throw new Error(login.error.message);
    tokens.set(staffNo, (login.value as { token: string }).token);
  }
  const call = async <M extends MethodName>(method: M, args: ApiArgs<M>, staffNo: string, when: Date): Promise<ApiResult<M>> => {
    const res = await core.callAsOf({ method, args, token: tokens.get(staffNo) }, when);
    if (!res.ok) throw new Error(`partner seed ${method}: ${res.error.message}`);
    return res.value as ApiResult<M>;
  };

  let t0 = Date.now();
  const codes: string[] = [];
  for (const [i, c] of data.candidates.entries()) {
    const p = await call('value.enrolPartner', { partnerName: c.name, partnerKind: c.kind, partnerPhone: c.phone, partnerPlace: c.place }, i % 2 ? 'M002' : 'M001', at(c.enrolOn, 9 * 60 + (i % 480)));
    codes.push(p.code);
    if ((i + 1) % 500 === 0) log(`合伙人演示 partner seed: ${i + 1}/${data.candidates.length} 位合伙人已登记 partners enrolled`);
  }
  phases.enrol = Date.now() - t0;

  t0 = Date.now();
  let accountSeq = 0;
  const lent: Parameters<typeof loansFileWith>[1] = [];
  let applications = 0;
  let lastId = '';
  const apply = async (r: Referral, n: number): Promise<boolean> => {
    const staffNo = n % 2 ? 'M002' : 'M001';
    const when = at(r.appliesOn, 9 * 60 + (n % 420));
    const customer = await call('customers.create', { customer: { kind: 'individual', ...r.person } }, staffNo, when);
    // The application a customer manager takes for this product (amount, checklist, the figures read off it).
    const { patch, flowsCsv } = applicationFor(r.product, mulberry32(20261207 + n), r.appliesOn);
    let draft = await call('loans.createDraft', { customerId: customer.id, productCode: r.product, patch, partnerCode: codes[r.partner] }, staffNo, when);
    if (flowsCsv) {
      draft = await call('loans.importFlows', { id: draft.id, rev: draft.rev, fileName: '精微结算导出.csv', contentBase64: Buffer.from(flowsCsv).toString('base64') }, staffNo, new Date(when.getTime() + 10 * 60_000));
    }
    const app = await call('loans.submit', { id: draft.id, rev: draft.rev }, staffNo, new Date(when.getTime() + 15 * 60_000));
    applications++;
    lastId = app.id;
    if (r.lendsOn === null || app.state === 'rejected') return false;
    lent.push({ account: `63${String(++accountSeq).padStart(14, '0')}`, branch: core.branchCode, idNo: r.person.idNumber, name: r.person.name, product: r.product, principalFen: app.requestedAmountFen, disbursedOn: r.lendsOn });
    return true;
  };
  let n = 0;
  for (const [k, tries] of data.referrals.entries()) {
    let done = false;
    for (const r of tries) if (!done) done = (await apply(r, n++)) || r.lendsOn === null || tries.length === 1;
    if (!done) throw new Error(`partner seed: every application brought by ${codes[tries[0]!.partner]} was rejected`);
    if ((k + 1) % 500 === 0) log(`合伙人演示 partner seed: ${applications} 笔推荐申请 referred applications`);
  }
  for (const staffNo of tokens.keys()) await core.call({ method: 'session.logout', args: {}, token: tokens.get(staffNo) });
  phases.applications = Date.now() - t0;
  log(`合伙人演示 partner seed: ${codes.length} 位合伙人、${applications} 笔推荐申请已写入本机 partners and referred applications written at the branch`);

  // Head office sees what the branch synced up: wait for the last partner and the last application.
  t0 = Date.now();
  const couch = couchClient(opts.feedPublisher);
  const db = branchDbName(core.branchCode);
  const last = [`partner:${codes[codes.length - 1]}`, lastId].filter(Boolean);
  for (let waited = 0; (await couch.getMany(db, last)).size < last.length; waited += 500) {
    if (waited > 600_000) throw new Error('partner seed: the branch\'s partners did not reach head office');
    await new Promise((r) => setTimeout(r, 500));
  }
  phases.push = Date.now() - t0;

  t0 = Date.now();
  const ledger = openLedger(opts.ledgerDir);
  let statement: CommissionStatement;
  try {
    importFeed(ledger, { kind: 'loans', date: today, bytes: new TextEncoder().encode(loansFileWith(ledger, lent)), now: () => now });
    phases.feed = Date.now() - t0;
    t0 = Date.now();
    const statements = await branchCommission(ledger, {
      target: opts.feedPublisher, month: today.slice(0, 7), rules: DEFAULT_COMMISSION_RULES, branches: [core.branchCode], signer: signerOf(opts.headOffice.keys),
    });
    statement = statements[0]!;
  } finally {
    ledger.close();
  }
  phases.commission = Date.now() - t0;
  log(`合伙人演示 partner seed: 总行贷款台账 ${lent.length} 笔推荐客户贷款；佣金对账单 ${statement.month}：合伙人 ${statement.partners} 位，有效合伙人 ${statement.effectivePartners} 位`);

  // The signed statement comes back by sync: the 合伙人 screen ranks from it.
  t0 = Date.now();
  for (let waited = 0; ; waited += 200) {
    const doc = (await core.store.pouch.get(partnerStatementDocId(core.branchCode, statement.month)).catch(() => null)) as { partners?: number } | null;
    if (doc?.partners === statement.partners) break;
    if (waited > 120_000) throw new Error('partner seed: head office\'s statement did not reach the branch');
    await new Promise((r) => setTimeout(r, 200));
  }
  phases.statementBack = Date.now() - t0;
  return { seeded: true, statement, phases };
}
