import { RIGHT_NAMES } from '../../../domain/value/value-rules';
import { customerValueOf } from '../../../sync-server/value/customer-value';
import {
  accrueMonth, expirePoints, expireVouchers, issueVoucher, payMallOrder, redeemVoucher, statementOf, trialBalance, ValueRefusal,
} from '../../../sync-server/value/points-ledger';
import { by, fen, loadRules, withLedger } from './value-common';
import { branchDay, DEFAULT_TIME_ZONE } from '../../../domain/time/branch-time';

/** The points-ledger subcommands of `jingwei value` (精微甄选 at head office), loaded only when one of them runs. */
export const LEDGER_RUNNERS: Record<string, (o: Record<string, string>) => number> = {
  accrue: (o) =>
    withLedger(o.data!, (db) => {
      const started = performance.now();
      const r = accrueMonth(db, { month: o.month!, rules: loadRules(o.rules), now: new Date(), by: by() });
      const secs = (performance.now() - started) / 1000;
      // accrueMonth refuses to commit unless the whole ledger sums to zero; `value check` is the full trial balance.
      console.log(`已计提 ${r.month} 积分：${r.customers} 位客户共 ${r.points} 分（规则第 ${r.rulesVersion} 版），用时 ${secs.toFixed(2)} 秒；总账借贷合计为零`);
      console.log(`accrued ${r.month}: ${r.customers} customers, ${r.points} points in ${secs.toFixed(3)} s; ledger balanced=true`);
    }),
  expire: (o) =>
    withLedger(o.data!, (db) => {
      const now = new Date();
      const rs = loadRules(o.rules);
      const v = expireVouchers(db, { date: branchDay(now, DEFAULT_TIME_ZONE), now, by: by() });
      const p = expirePoints(db, { month: o.month!, rules: rs, now, by: by() });
      console.log(`过期券 ${v.vouchers} 张退回 ${v.points} 分；到期积分 ${p.customers} 位客户共 ${p.points} 分 expired vouchers ${v.vouchers}, points ${p.points}`);
    }),
  voucher: (o) =>
    withLedger(o.data!, (db) => {
      const v = issueVoucher(db, { idNo: o.id!, points: Number(o.points), partner: o.partner!, branch: o.branch!, rules: loadRules(o.rules), now: new Date(), by: by() });
      console.log(`券码 ${v.code}：${v.points} 分，商户 ${v.partner}，有效期至 ${v.expiresOn}；剩余积分 ${v.remaining} 分`);
      console.log(`voucher ${v.code} ${v.points} points for ${v.partner}, valid to ${v.expiresOn}`);
    }),
  redeem: (o) =>
    withLedger(o.data!, (db) => {
      const r = redeemVoucher(db, { code: o.code!, partner: o.partner!, now: new Date(), by: o.partner! });
      console.log(`核销成功：券码 ${r.code}，${r.points} 分 redeemed ${r.code} (${r.points} points)`);
    }),
  mall: (o) =>
    withLedger(o.data!, (db) => {
      const r = payMallOrder(db, { idNo: o.id!, points: Number(o.points), order: o.order!, now: new Date(), by: 'mall' });
      console.log(`商城订单 ${o.order} 付 ${r.points} 分，剩余 ${r.remaining} 分`);
    }),
  statement: (o) =>
    withLedger(o.data!, (db) => {
      const lines = statementOf(db, o.id!);
      console.log(`积分对账单 ${o.id!.slice(0, 6)}********${o.id!.slice(14)}（${lines.length} 笔）`);
      for (const l of lines) console.log(`${l.at.slice(0, 10)}  ${String(l.points).padStart(9)}  ${String(l.balance).padStart(9)}  ${l.memo}`);
    }),
  tier: (o) =>
    withLedger(o.data!, (db) => {
      const v = customerValueOf(db, o.id!, o.date!, loadRules(o.rules));
      if (!v) throw new ValueRefusal('台账中没有该证件号码的存款账户');
      console.log(`${v.tierName}（${v.tier}）日均存款 ${fen(v.averageFen)}，积分 ${v.points} 分，权益：${v.rights.map((r) => RIGHT_NAMES[r]).join('、') || '无'}（规则第 ${v.rulesVersion} 版，截至 ${v.asOf}）`);
    }),
  check: (o) =>
    withLedger(o.data!, (db) => {
      const tb = trialBalance(db);
      const ok = tb.unbalanced.length === 0 && tb.balanceMismatches.length === 0;
      console.log(`积分总账：${tb.txns} 笔交易、${tb.entries} 条分录，客户持有 ${tb.customerPoints} 分；${ok ? '借贷平衡' : `不平！交易 ${tb.unbalanced.join(',')} 账户 ${tb.balanceMismatches.join(',')}`}`);
      console.log(`points ledger: ${tb.txns} txns, ${tb.entries} entries, balanced=${ok}`);
      if (!ok) throw new ValueRefusal('积分总账不平');
    }),
};
