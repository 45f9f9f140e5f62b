import { accountDocId, luhnCheckDigit, type AccountRecord } from '../../domain/customers/account';
import { addDays, monthKey, nextMonthKey } from '../../domain/credit/dates';
import { mulberry32 } from '../../domain/random';
import { DEFAULT_SEGMENT_RULES, type OpenableProduct } from '../../domain/value/segment-rules';
import { DEFAULT_VALUE_RULES } from '../../domain/value/value-rules';
import type { Database } from '../../db/sqlite';
import { accrueMonth, expireVouchers, issueVoucher, payMallOrder, pointsOf, redeemVoucher, ValueRefusal } from '../../sync-server/value/points-ledger';
import { customerValueDocs } from '../../sync-server/value/publish-value';
import { signerOf } from '../../trust/head-office-keys';
import { signDoc } from '../../trust/signature';
import type { Core } from '../core/core';
import type { DemoHeadOffice } from './demo-trust';

/**
 * 精微甄选 and 精准营销 in the demo, made through the product's own paths: the demo's people have deposits in the
 * post-loan days' deposit files (core banking's feed, imported day by day), head office accrues each complete month's
 * points, customers spend some at partner shops and in the mall (a few vouchers lapse and give points back), head
 * office publishes tiers, points, offers and the branch's points summary signed; then the branch's tellers record
 * customers' answers to their offers on the desk, kiosk ticket and task channels, and core banking opens the product
 * for some who accepted. `npm start`'s 精微看板 and /value then show moving figures, not zeros.
 */

/** A demo person's deposit profile: demand balance (yuan), and a time deposit (yuan, 0: none). Deterministic per person. */
function profileOf(index: number): { demand: number; time: number } {
  const rnd = mulberry32(7_000 + index);
  const r = rnd();
  // Most farmers keep a few thousand to a few ten-thousand yuan; some leave large sums idle on demand; a few are wealthy.
  const demand = r < 0.55 ? 2_000 + rnd() * 38_000 : r < 0.85 ? 60_000 + rnd() * 240_000 : r < 0.97 ? 300_000 + rnd() * 700_000 : 1_500_000 + rnd() * 1_500_000;
  const time = rnd() < 0.25 ? 50_000 + Math.floor(rnd() * 20) * 10_000 : 0;
  return { demand: Math.round(demand), time };
}

const accountNo = (branch: string, index: number, kind: 'demand' | 'time') => `62${branch.slice(-2).replace(/\D/g, '0')}${kind === 'demand' ? 1 : 2}${String(index + 1).padStart(9, '0')}`;

/** The demo people's lines in one day's deposits file (core banking's end-of-day balances). */
export function demoDepositLines(people: readonly { idNumber: string }[], branch: string, date: string): string[] {
  const dayNo = Date.parse(`${date}T00:00:00Z`) / 86_400_000;
  const out: string[] = [];
  people.forEach((p, i) => {
    const { demand, time } = profileOf(i);
    // Balances drift a little every day (pay-ins, withdrawals), so every day's file differs.
    const wobble = 1 + 0.05 * Math.sin(dayNo / 5 + i);
    out.push(`${accountNo(branch, i, 'demand')},${p.idNumber},${branch},demand,${(demand * wobble).toFixed(2)}`);
    if (time > 0) out.push(`${accountNo(branch, i, 'time')},${p.idNumber},${branch},time,${time.toFixed(2)}`);
  });
  return out;
}

const CHANNELS = ['desk', 'kiosk', 'task'] as const;
/** The account kind core banking opens for an accepted offer (a loan renewal goes through the loan flow instead). */
const ACCOUNT_OF: Partial<Record<OpenableProduct, AccountRecord['kind']>> = { time: 'time', 'debit-card': 'debit-card', demand: 'demand' };

/**
 * Head office's part (its ledger `db`, after the deposit files) and the branch's answers. `customers` are the branch
 * customers made from `people`, in the same order.
 */
export async function seedValueDemo(
  core: Core,
  opts: { headOffice: DemoHeadOffice; db: Database; today: string; people: readonly { idNumber: string }[]; customers: readonly { id: string }[]; password: string; log: (m: string) => void },
): Promise<void> {
  const { db, today, headOffice } = opts;
  const branch = core.branchCode;
  const rules = DEFAULT_VALUE_RULES;
  const by = 'demo-head-office';
  // Month-end accrual of every month the deposit files cover completely (a month with a missing day is refused).
  let accrued = 0;
  for (let m = nextMonthKey(monthKey(today), -6); m < monthKey(today); m = nextMonthKey(m, 1)) {
    try {
      accrued += accrueMonth(db, { month: m, rules, now: new Date(`${nextMonthKey(m, 1)}-01T02:00:00Z`), by }).points;
    } catch (e) {
      if (!(e instanceof ValueRefusal)) throw e;
    }
  }
  // Customers spend points: vouchers at partner shops (most redeemed, a few left to lapse), orders in the mall.
  const rnd = mulberry32(20261207);
  const spenders = opts.people.filter((p) => pointsOf(db, p.idNumber) >= 200);
  let vouchers = 0;
  for (const [i, p] of spenders.entries()) {
    const held = pointsOf(db, p.idNumber);
    const points = Math.max(100, Math.floor((held * (0.2 + rnd() * 0.5)) / 10) * 10);
    if (i % 3 === 2) {
      payMallOrder(db, { idNo: p.idNumber, points, order: `DEMO-${branch}-${i}`, now: new Date(`${addDays(today, -1 - (i % 20))}T04:00:00Z`), by: 'mall' });
      continue;
    }
    // Some vouchers were bought long enough ago to have lapsed unredeemed (their points come back).
    const lapsed = i % 7 === 0;
    const issuedOn = lapsed ? addDays(today, -(rules.voucherValidDays + 5)) : addDays(today, -2 - (i % 25));
    const v = issueVoucher(db, { idNo: p.idNumber, points, partner: `SHOP${String(1 + (i % 6)).padStart(2, '0')}`, branch, rules, now: new Date(`${issuedOn}T03:00:00Z`), by });
    if (!lapsed) {
      redeemVoucher(db, { code: v.code, partner: v.partner, now: new Date(`${addDays(issuedOn, 1)}T05:00:00Z`), by: v.partner });
      vouchers++;
    }
  }
  const lapsed = expireVouchers(db, { date: today, now: new Date(`${today}T00:30:00Z`), by });
  // Head office publishes as of yesterday (T+1: the day's feeds are in), signed, through the demo's sync server.
  const [published] = customerValueDocs(db, { date: addDays(today, -1), rules, segments: DEFAULT_SEGMENT_RULES, signer: signerOf(headOffice.keys), branches: [branch] });
  if (!published) return;
  await headOffice.deliver(published.docs);
  opts.log(`演示客户价值 demo customer value: ${published.customers} 位客户 customers, 计提 ${accrued} 分 points, 商户核销 ${vouchers} 张券 vouchers, 过期退回 ${lapsed.vouchers} 张, 推荐 ${published.offers} 位 offers`);

  // The branch's day: tellers record what customers said to their offer at the desk, from a kiosk ticket or on a
  // task visit; core banking opens the product for some who accepted.
  const login = await core.call({ method: 'session.login', args: { staffNo: 'T001', password: opts.password } });
  if (!login.ok) throw new Error(login.error.message);
  const token = (login.value as { token: string }).token;
  const offerOf = published.offerOf;
  const opened: AccountRecord[] = [];
  let answered = 0;
  for (const [i, p] of opts.people.entries()) {
    const offer = offerOf.get(p.idNumber);
    const customer = opts.customers[i];
    if (!offer || !customer || rnd() < 0.4) continue;
    const response = rnd() < 0.55 ? 'accepted' : 'declined';
    const res = await core.call({ method: 'customers.offerResponse', args: { id: customer.id, offer, response, channel: CHANNELS[answered % 3]! }, token });
    if (!res.ok) throw new Error(`demo offer answer: ${res.error.message}`);
    answered++;
    const kind = ACCOUNT_OF[DEFAULT_SEGMENT_RULES.offers.find((o) => o.code === offer)?.opens ?? 'loan'];
    if (response === 'accepted' && kind && rnd() < 0.6) {
      const body = `623091${branch.slice(-2).replace(/\D/g, '0')}9${String(i + 1).padStart(9, '0')}`;
      const at = new Date().toISOString();
      opened.push({ _id: accountDocId(body + luhnCheckDigit(body)), type: 'account', accountNo: body + luhnCheckDigit(body), customerId: customer.id, branch, kind, status: 'active', openedAt: at, version: 1, updatedAt: at });
    }
  }
  await core.call({ method: 'session.logout', args: {}, token });
  await headOffice.deliver(opened.map((a) => signDoc(a as AccountRecord & Record<string, unknown>, signerOf(headOffice.keys))));
  opts.log(`演示精准营销 demo offers: ${answered} 位客户答复 answers, ${opened.length} 位开立推荐产品 products opened`);
}
