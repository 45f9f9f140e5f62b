import { readFileSync, writeFileSync } from 'node:fs';
import QRCode from 'qrcode';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { Database } from '../../../db/sqlite';
import { isIsoDate } from '../../../domain/credit/dates';
import { RIGHT_NAMES, DEFAULT_VALUE_RULES, valueRulesSchema, type ValueRules } from '../../../domain/value/value-rules';
import { openLedger } from '../../../sync-server/feeds/feed-ledger';
import { customerValueOf } from '../../../sync-server/value/customer-value';
import {
  accrueMonth, expirePoints, expireVouchers, issueVoucher, payMallOrder, redeemVoucher, statementOf, trialBalance, ValueRefusal,
} from '../../../sync-server/value/points-ledger';
import { publishCustomerValues } from '../../../sync-server/value/publish-value';
import { branchConversion } from '../../../sync-server/value/conversion';
import { branchTaskBoards } from '../../../sync-server/value/task-board';
import { OFFER_CHANNELS } from '../../../domain/value/segment-rules';
import { CROSS_SELL_PRODUCTS, TASK_KINDS } from '../../../domain/value/marketing-task';
import { AssignRefusal, assignFromHeadOffice } from '../../../sync-server/value/assign-tasks';
import { customerFacts, segmentCustomers } from '../../../sync-server/value/segments';
import { DEFAULT_SEGMENT_RULES, segmentRulesSchema, type SegmentRules } from '../../../domain/value/segment-rules';
import { commissionRulesSchema, DEFAULT_COMMISSION_RULES, PARTNER_KIND_NAMES, PARTNER_KINDS, partnerQrText, payoutCsv, type PartnerKind } from '../../../domain/value/partners';
import { branchCommission, enrolPartner } from '../../../sync-server/value/partners';
import { feedPublisherTarget } from '../feed-publisher-user';
import { loadHeadOfficeKeys, signerOf } from '../../../trust/head-office-keys';
import type { SigningKey } from '../../../trust/signature';
import { parseOptions } from '../args';
import { dispatchSubcommand, type CliCommand } from '../command';

const USAGE = [
  'jingwei value accrue    --data DIR --month YYYY-MM [--rules FILE]',
  'jingwei value expire    --data DIR --month YYYY-MM [--rules FILE]',
  'jingwei value voucher   --data DIR --id ID_NO --points N --partner CODE --branch BR [--rules FILE]',
  'jingwei value redeem    --data DIR --code CODE --partner CODE',
  'jingwei value mall      --data DIR --id ID_NO --points N --order ORDER_NO',
  'jingwei value statement --data DIR --id ID_NO',
  'jingwei value tier      --data DIR --id ID_NO --date YYYY-MM-DD [--rules FILE]',
  'jingwei value check     --data DIR',
  'jingwei value segments  --data DIR --date YYYY-MM-DD [--branch BR] [--segments FILE] [--rules FILE]',
  'jingwei value publish   --data DIR --remote URL --date YYYY-MM-DD --keys DIR [--branches HM01,HM02] [--rules FILE] [--segments FILE]',
  'jingwei value conversion --data DIR --remote URL --date YYYY-MM-DD --branches HM01[,HM02] [--rules FILE] [--segments FILE]',
  'jingwei value partner   --data DIR --branch BR --name NAME --kind merchant|village-official|market-manager --phone MOBILE [--qr FILE.svg|FILE.png]',
  'jingwei value commission --data DIR --remote URL --month YYYY-MM --branches HM01[,HM02] --keys DIR [--commission FILE] [--payout FILE.csv]',
  'jingwei value board     --remote URL --date YYYY-MM-DD --branches HM01[,HM02]',
  'jingwei value assign    --remote URL --branch BR --grid CODE --assignee STAFF_NO --kind visit|cross-sell|file-merchant --due YYYY-MM-DD',
  '                        [--product CODE] [--count N] [--note TEXT]',
  '',
  '  精微甄选（总行）：客户等级与积分。积分按上月日均活期存款余额于月末计提，记入复式积分总账（每笔借贷相等，',
  '  分录不可修改或删除，差错以冲正处理）。Head office: customer tiers and a double-entry points ledger.',
  '  accrue    月末计提上月积分（该月每天的存款日终余额文件须齐全；同一月只计提一次）Month-end points accrual',
  '  expire    积分到期（先进先出）与过期未核销的券退回积分 Points expiry (FIFO) and expired vouchers',
  '  voucher   客户用积分兑换合作商户券 A customer spends points on a partner-shop voucher',
  '  redeem    合作商户核销券码（只能核销一次）A partner shop redeems a voucher code, once',
  '  mall      积分商城订单付积分 A mall order paid in points',
  '  statement 客户积分对账单 A customer\'s points statement',
  '  tier      客户等级、日均存款、权益与积分 A customer\'s tier, average balance, rights and points',
  '  check     试算平衡：每笔交易借贷相等、各账户余额与分录一致 Trial balance',
  '  segments  精准营销：按客群规则为每位客户评估客群与首推产品，输出各客群、各推荐的人数',
  '            Precision marketing: segments and each customer\'s next best offer, counted per segment and offer',
  '  publish   经 CouchDB HTTP 接口把各支行客户的等级、权益与积分（总行签名）写入支行库，只写有变化的',
  '            （用户须有 feed-publisher 角色：JINGWEI_FEED_USER / JINGWEI_FEED_PASSWORD；--keys 为总行密钥目录）',
  '            Writes each branch\'s customer tiers, rights and points, signed by head office, over the CouchDB HTTP API.',
  '  conversion 精准营销转化：各客群、各渠道（柜面/取号小票/营销任务）推荐人数与客户接受、暂不需要的笔数（读支行同步上来的记录）',
  '            Offer conversion per segment and channel, from the answers the branches recorded',
  '  partner   精微易享：登记合伙人（商户、村干部、市场管理员），生成本支行推荐码与推荐二维码',
  '            Enrols a partner (merchant, village official, market manager): their referral code and QR code',
  '  commission 合伙人月度佣金对账单：经推荐码提交的申请、总行贷款台账中该月发放给推荐客户的贷款与佣金（注明规则版本），',
  '            有效合伙人（推荐码至少带来一笔贷款）；对账单（总行签名）写入支行库供「合伙人」页面排名；--payout 写出代发文件',
  '            Monthly commission statement (signed, written to the branch for its 合伙人 screen) and payout file',
  '  board     点亮侯马 T+1 看板：各支行同步上来的营销任务，按网格、客户经理统计任务数、完成数与完成率、有意向、逾期',
  '            Marketing task board per grid and manager (tasks, done, done %, interested, overdue), from what the branches synced,',
  '            and each grid\'s coverage: customers, households, merchants a task reached ÷ in the grid (覆盖率)',
  '  assign    点亮侯马总行统一派发：把支行某网格内尚无任务的客户、农户、商户（最多 --count 个，缺省20）派给该支行的客户经理，',
  '            经 CouchDB HTTP 接口写入支行库（派发人记为总行 HO），支行同步后行长与客户经理在「点亮侯马」看到',
  '            Head office assigns a branch grid\'s untasked targets to one of its managers; the branch sees them after its sync.',
  `            --product 交叉营销产品 cross-sell product: ${CROSS_SELL_PRODUCTS.join('|')}`,
  '',
  '  --data DIR    总行台账目录（feed-ledger.sqlite）head office\'s ledger folder',
  '  --rules FILE  等级与积分规则（JSON，带版本号；缺省为第1版）tier and points rules, versioned (default: version 1)',
  '  --segments FILE 客群与产品推荐规则（JSON，带版本号；缺省为第1版）segment and offer rules, versioned (default: version 1)',
  '  --commission FILE 合伙人佣金规则（JSON，带版本号；缺省为第1版）partner commission rules, versioned (default: version 1)',
  '退出码 Exit codes: 0 完成 done, 1 被拒绝 refused (nothing written), 2 参数错误 bad arguments',
].join('\n');

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '应为月份 YYYY-MM');
const date = z.string().refine(isIsoDate, '应为有效日期 YYYY-MM-DD');
const idNo = z.string().regex(/^[0-9A-Z]{17}[0-9A-Z]$/, '应为18位证件号码');
const partner = z.string().regex(/^[A-Z0-9]{2,20}$/, '商户代码应为2–20位大写字母或数字');
const data = z.string().min(1);
const rules = z.string().min(1).optional();
const segments = z.string().min(1).optional();
const branchCode = z.string().regex(/^[A-Z0-9]{2,16}$/, '支行代码');
const remote = z.url({ protocol: /^https?$/, error: '应为 http(s):// 地址 must be an http(s) URL' });
const branches = z.string().regex(/^[A-Z0-9]{2,16}(,[A-Z0-9]{2,16})*$/, '支行代码，逗号分隔 branch codes, comma-separated');

const S = { type: 'string' } as const;
const fen = (n: number) => `${(n / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`;

const loadRules = (file: string | undefined): ValueRules => loadRuleFile(file, valueRulesSchema, DEFAULT_VALUE_RULES);
const loadSegments = (file: string | undefined): SegmentRules => loadRuleFile(file, segmentRulesSchema, DEFAULT_SEGMENT_RULES);

/** A versioned rules file from head office, checked whole: any problem refuses it with every problem named. */
function loadRuleFile<T>(file: string | undefined, schema: z.ZodType<T>, fallback: T): T {
  if (!file) return fallback;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ValueRefusal(`无法读取规则文件 ${file}：${(err as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ValueRefusal(`规则文件 ${file} 不正确：${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('；')}`);
  }
  return parsed.data;
}

/** Runs one ledger action: a refusal prints its Chinese message and exits 1; the ledger is always closed. */
function withLedger(dir: string, fn: (db: Database) => void): number {
  const db = openLedger(resolve(dir));
  try {
    fn(db);
    return 0;
  } catch (err) {
    return refused(err);
  } finally {
    db.close();
  }
}

async function withLedgerAsync(dir: string, fn: (db: Database) => Promise<void>): Promise<number> {
  const db = openLedger(resolve(dir));
  try {
    await fn(db);
    return 0;
  } catch (err) {
    return refused(err);
  } finally {
    db.close();
  }
}

function refused(err: unknown): number {
  if (!(err instanceof ValueRefusal)) throw err;
  console.error(`拒绝 refused: ${err.messageZh}`);
  return 1;
}

const by = () => process.env.USER ?? 'head-office';

/** Head office's signing key from its keys folder, or null (said on the console). */
function headOfficeSigner(dir: string): SigningKey | null {
  try {
    return signerOf(loadHeadOfficeKeys(join(resolve(dir), 'head-office-keys.json')));
  } catch (err) {
    console.error(`无法读取总行密钥 cannot read head office's keys: ${(err as Error).message}`);
    return null;
  }
}

type Sub = { schema: z.ZodObject; run: (o: Record<string, string>) => number | Promise<number> };

async function runPublish(o: Record<string, string>): Promise<number> {
  const target = feedPublisherTarget(o.remote!);
  if (!target) return 2;
  const signer = headOfficeSigner(o.keys!);
  if (!signer) return 2;
  const db = openLedger(resolve(o.data!));
  try {
    // Rules first: a file that does not parse refuses the publish before anything is written.
    const ruleSets = { rules: loadRules(o.rules), segments: loadSegments(o.segments) };
    const results = await publishCustomerValues(db, {
      target,
      date: o.date!, ...ruleSets, signer, branches: o.branches?.split(','),
    });
    for (const r of results) {
      console.log(`${r.branch}：${r.customers} 位客户（贵宾 ${r.vips} 位，有推荐产品 ${r.offers} 位），写入 ${r.written} 个文档（gzip ${(r.gzipBytes / 1024).toFixed(1)} KB） ${r.branch}: ${r.customers} customers, ${r.written} documents written`);
    }
    return 0;
  } catch (err) {
    console.error(`发布失败 publish failed: ${err instanceof ValueRefusal ? err.messageZh : (err as Error).message}`);
    return 1;
  } finally {
    db.close();
  }
}

const SUBCOMMANDS: Record<string, Sub> = {
  accrue: {
    schema: z.object({ data, month, rules }),
    run: (o) =>
      withLedger(o.data!, (db) => {
        const started = performance.now();
        const r = accrueMonth(db, { month: o.month!, rules: loadRules(o.rules), now: new Date(), by: by() });
        const secs = (performance.now() - started) / 1000;
        // accrueMonth refuses to commit unless the whole ledger sums to zero; `value check` is the full trial balance.
        console.log(`已计提 ${r.month} 积分：${r.customers} 位客户共 ${r.points} 分（规则第 ${r.rulesVersion} 版），用时 ${secs.toFixed(2)} 秒；总账借贷合计为零`);
        console.log(`accrued ${r.month}: ${r.customers} customers, ${r.points} points in ${secs.toFixed(3)} s; ledger balanced=true`);
      }),
  },
  expire: {
    schema: z.object({ data, month, rules }),
    run: (o) =>
      withLedger(o.data!, (db) => {
        const now = new Date();
        const rs = loadRules(o.rules);
        const v = expireVouchers(db, { date: now.toISOString().slice(0, 10), now, by: by() });
        const p = expirePoints(db, { month: o.month!, rules: rs, now, by: by() });
        console.log(`过期券 ${v.vouchers} 张退回 ${v.points} 分；到期积分 ${p.customers} 位客户共 ${p.points} 分 expired vouchers ${v.vouchers}, points ${p.points}`);
      }),
  },
  segments: {
    schema: z.object({ data, date, branch: branchCode.optional(), segments, rules }),
    run: (o) =>
      withLedger(o.data!, (db) => {
        const rs = loadSegments(o.segments);
        const started = performance.now();
        const facts = customerFacts(db, o.date!, loadRules(o.rules));
        const read = performance.now();
        const r = segmentCustomers({ ...facts, asOf: o.date!, rules: rs, branch: o.branch });
        const factSecs = (read - started) / 1000;
        const secs = (performance.now() - read) / 1000;
        console.log(`客群评估（规则第 ${r.rulesVersion} 版，截至 ${r.asOf}，月日均取 ${r.month}）：${r.customers.length} 位客户，读取台账 ${factSecs.toFixed(2)} 秒，评估 ${secs.toFixed(2)} 秒`);
        for (const s of rs.segments) console.log(`  客群 ${s.name}（${s.code}）：${r.bySegment[s.code]} 位`);
        for (const f of rs.offers) console.log(`  首推 ${f.title}（${f.code}）：${r.byOffer[f.code]} 位`);
        console.log(`segmented ${r.customers.length} customers in ${secs.toFixed(3)} s (facts read from the ledger in ${factSecs.toFixed(3)} s)`);
      }),
  },
  voucher: {
    schema: z.object({ data, id: idNo, points: z.string(), partner, branch: branchCode, rules }),
    run: (o) =>
      withLedger(o.data!, (db) => {
        const v = issueVoucher(db, { idNo: o.id!, points: Number(o.points), partner: o.partner!, branch: o.branch!, rules: loadRules(o.rules), now: new Date(), by: by() });
        console.log(`券码 ${v.code}：${v.points} 分，商户 ${v.partner}，有效期至 ${v.expiresOn}；剩余积分 ${v.remaining} 分`);
        console.log(`voucher ${v.code} ${v.points} points for ${v.partner}, valid to ${v.expiresOn}`);
      }),
  },
  redeem: {
    schema: z.object({ data, code: z.string().min(1).max(40), partner }),
    run: (o) =>
      withLedger(o.data!, (db) => {
        const r = redeemVoucher(db, { code: o.code!, partner: o.partner!, now: new Date(), by: o.partner! });
        console.log(`核销成功：券码 ${r.code}，${r.points} 分 redeemed ${r.code} (${r.points} points)`);
      }),
  },
  mall: {
    schema: z.object({ data, id: idNo, points: z.string(), order: z.string().min(1) }),
    run: (o) =>
      withLedger(o.data!, (db) => {
        const r = payMallOrder(db, { idNo: o.id!, points: Number(o.points), order: o.order!, now: new Date(), by: 'mall' });
        console.log(`商城订单 ${o.order} 付 ${r.points} 分，剩余 ${r.remaining} 分`);
      }),
  },
  statement: {
    schema: z.object({ data, id: idNo }),
    run: (o) =>
      withLedger(o.data!, (db) => {
        const lines = statementOf(db, o.id!);
        console.log(`积分对账单 ${o.id!.slice(0, 6)}********${o.id!.slice(14)}（${lines.length} 笔）`);
        for (const l of lines) console.log(`${l.at.slice(0, 10)}  ${String(l.points).padStart(9)}  ${String(l.balance).padStart(9)}  ${l.memo}`);
      }),
  },
  tier: {
    schema: z.object({ data, id: idNo, date, rules }),
    run: (o) =>
      withLedger(o.data!, (db) => {
        const v = customerValueOf(db, o.id!, o.date!, loadRules(o.rules));
        if (!v) throw new ValueRefusal('台账中没有该证件号码的存款账户');
        console.log(`${v.tierName}（${v.tier}）日均存款 ${fen(v.averageFen)}，积分 ${v.points} 分，权益：${v.rights.map((r) => RIGHT_NAMES[r]).join('、') || '无'}（规则第 ${v.rulesVersion} 版，截至 ${v.asOf}）`);
      }),
  },
  check: {
    schema: z.object({ data }),
    run: (o) =>
      withLedger(o.data!, (db) => {
        const tb = trialBalance(db);
        const ok = tb.unbalanced.length === 0 && tb.balanceMismatches.length === 0;
        console.log(`积分总账：${tb.txns} 笔交易、${tb.entries} 条分录，客户持有 ${tb.customerPoints} 分；${ok ? '借贷平衡' : `不平！交易 ${tb.unbalanced.join(',')} 账户 ${tb.balanceMismatches.join(',')}`}`);
        console.log(`points ledger: ${tb.txns} txns, ${tb.entries} entries, balanced=${ok}`);
        if (!ok) throw new ValueRefusal('积分总账不平');
      }),
  },
};

SUBCOMMANDS.publish = {
  schema: z.object({
    data, date, rules, segments, keys: z.string().min(1),
    remote,
    branches: z.string().regex(/^[A-Z0-9]{2,16}(,[A-Z0-9]{2,16})*$/).optional(),
  }),
  run: runPublish,
};

const KIND = z.enum(PARTNER_KINDS, { error: `应为 ${PARTNER_KINDS.join('|')}` });

function runPartner(o: Record<string, string>): Promise<number> {
  return withLedgerAsync(o.data!, async (db) => {
    const p = enrolPartner(db, { branch: o.branch!, name: o.name!, kind: o.kind as PartnerKind, phone: o.phone!, now: new Date(), by: by() });
    const text = partnerQrText(p.code);
    if (o.qr) {
      if (o.qr.toLowerCase().endsWith('.png')) await QRCode.toFile(o.qr, text, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 512 });
      else writeFileSync(o.qr, await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }));
    }
    console.log(`已登记合伙人 ${p.name}（${PARTNER_KIND_NAMES[p.kind]}，${p.branch}）：推荐码 ${p.code}${o.qr ? `，推荐二维码 ${o.qr}` : ''}`);
    console.log(`enrolled partner ${p.code} (${p.kind}, ${p.branch}); QR text ${text}`);
  });
}

async function runCommission(o: Record<string, string>): Promise<number> {
  const target = feedPublisherTarget(o.remote!);
  const signer = headOfficeSigner(o.keys!);
  if (!target || !signer) return 2;
  return withLedgerAsync(o.data!, async (db) => {
    const rules = loadRuleFile(o.commission, commissionRulesSchema, DEFAULT_COMMISSION_RULES);
    const statements = await branchCommission(db, { target, month: o.month!, rules, branches: o.branches!.split(','), signer });
    for (const st of statements) {
      console.log(`${st.branch} ${st.month} 合伙人佣金对账单（佣金规则第 ${st.rulesVersion} 版）：合伙人 ${st.partners} 位，有效合伙人 ${st.effectivePartners} 位，佣金合计 ${fen(st.totalFen)}`);
      st.lines.forEach((l, i) => {
        console.log(`  ${i + 1}. ${l.code} ${l.name}（${PARTNER_KIND_NAMES[l.kind]}${l.effective ? '，有效' : ''}）：推荐申请 ${l.applications} 笔（已提交 ${l.submitted} 笔），推荐客户放款 ${l.loans} 笔 ${fen(l.loanPrincipalFen)}，佣金 ${fen(l.commissionFen)}${l.loanAccounts.length ? `（贷款账号 ${l.loanAccounts.join('、')}）` : ''}`);
      });
      console.log(`${st.branch} ${st.month}: ${st.partners} partners, ${st.effectivePartners} effective, commission ${(st.totalFen / 100).toFixed(2)} yuan; statement ${st.written ? 'written to the branch' : 'unchanged'}`);
    }
    if (o.payout) {
      writeFileSync(o.payout, statements.map((st, i) => (i === 0 ? payoutCsv(st) : payoutCsv(st).split('\n').slice(1).join('\n'))).join(''));
      console.log(`代发文件 payout file: ${o.payout}`);
    }
  });
}

SUBCOMMANDS.partner = {
  schema: z.object({
    data, branch: branchCode, name: z.string().trim().min(1).max(60), kind: KIND,
    phone: z.string().regex(/^1\d{10}$/, '应为11位手机号码'), qr: z.string().min(1).optional(),
  }),
  run: runPartner,
};

SUBCOMMANDS.commission = {
  schema: z.object({
    data, month, commission: z.string().min(1).optional(), payout: z.string().min(1).optional(), keys: z.string().min(1),
    remote, branches,
  }),
  run: runCommission,
};

const CHANNEL_NAMES = { desk: '柜面', kiosk: '取号小票', task: '营销任务' } as const;

async function runConversion(o: Record<string, string>): Promise<number> {
  const target = feedPublisherTarget(o.remote!);
  if (!target) return 2;
  const db = openLedger(resolve(o.data!));
  try {
    const segs = loadSegments(o.segments);
    const results = await branchConversion(db, {
      target,
      date: o.date!, rules: loadRules(o.rules), segments: segs, branches: o.branches!.split(','),
    });
    const titles = new Map(segs.offers.map((f) => [f.code, f.title]));
    for (const r of results) {
      console.log(`${r.branch}：精准营销转化（截至 ${o.date}，客户答复 ${r.answers} 笔） ${r.branch}: offer conversion, ${r.answers} answers`);
      for (const l of r.lines) {
        const channels = OFFER_CHANNELS.map((c) => `${CHANNEL_NAMES[c]} 接受 ${l.byChannel[c].accepted} 暂不需要 ${l.byChannel[c].declined}`).join('；');
        console.log(`  客群 ${l.segment} 推荐「${titles.get(l.offer) ?? l.offer}」（${l.offer}）：推荐 ${l.offered} 位，接受 ${l.accepted} 位，转化率 ${(l.conversionBp / 100).toFixed(2)}%；${channels}`);
      }
    }
    return 0;
  } catch (err) {
    console.error(`读取失败 conversion failed: ${err instanceof ValueRefusal ? err.messageZh : (err as Error).message}`);
    return 1;
  } finally {
    db.close();
  }
}

SUBCOMMANDS.conversion = {
  schema: z.object({
    data, date, rules, segments,
    remote, branches,
  }),
  run: runConversion,
};

async function runBoard(o: Record<string, string>): Promise<number> {
  const target = feedPublisherTarget(o.remote!);
  if (!target) return 2;
  try {
    for (const b of await branchTaskBoards({ target, date: o.date!, branches: o.branches!.split(',') })) {
      const line = (l: typeof b.total) => `任务 ${l.tasks}，完成 ${l.done}（${(l.doneBp / 100).toFixed(1)}%），有意向 ${l.interested}，逾期 ${l.overdue}`;
      console.log(`${b.branch}：营销任务看板（截至 ${o.date}）${line(b.total)} ${b.branch}: marketing task board`);
      for (const l of b.lines) console.log(`  ${l.grid} ${l.assigneeName}（${l.assignee}）：${line(l)}`);
      const cover = (c: typeof b.coverage.total) =>
        `覆盖率 ${(c.coverageBp / 100).toFixed(1)}%（客户 ${c.reached.customer}/${c.inGrid.customer}，农户 ${c.reached.household}/${c.inGrid.household}，商户 ${c.reached.merchant}/${c.inGrid.merchant}）`;
      console.log(`${b.branch}：网格覆盖 ${cover(b.coverage.total)} grid coverage`);
      for (const g of b.coverage.grids) console.log(`  ${g.grid}：${cover(g)}`);
    }
    return 0;
  } catch (err) {
    console.error(`读取失败 board failed: ${(err as Error).message}`);
    return 1;
  }
}

SUBCOMMANDS.board = {
  schema: z.object({
    date,
    remote, branches,
  }),
  run: runBoard,
};

async function runAssign(o: Record<string, string>): Promise<number> {
  const target = feedPublisherTarget(o.remote!);
  if (!target) return 2;
  try {
    const { created } = await assignFromHeadOffice(target, {
      branch: o.branch!, grid: o.grid!, assignee: o.assignee!, kind: o.kind as (typeof TASK_KINDS)[number], due: o.due!, count: Number(o.count ?? 20), note: o.note ?? '',
      ...(o.product ? { product: o.product as (typeof CROSS_SELL_PRODUCTS)[number] } : {}), now: new Date(),
    });
    const first = created[0]!;
    console.log(`已派发 ${created.length} 项营销任务给 ${first.assigneeName}（${first.assignee}），网格 ${first.grid}，期限 ${first.due}：${created.map((t) => t.target.name).join('、')}`);
    console.log(`assigned ${created.length} tasks to ${first.assignee} in ${o.branch} grid ${first.grid}`);
    return 0;
  } catch (err) {
    console.error(err instanceof AssignRefusal ? `拒绝 refused: ${err.message}` : `派发失败 assign failed: ${(err as Error).message}`);
    return 1;
  }
}

SUBCOMMANDS.assign = {
  schema: z.object({
    remote,
    branch: branchCode,
    grid: z.string().regex(/^[A-Z0-9-]{1,16}$/, '网格代码 grid code'),
    assignee: z.string().regex(/^[A-Z0-9]{3,16}$/, '工号 staff number'),
    kind: z.enum(TASK_KINDS, { error: `任务类型 task kind: ${TASK_KINDS.join('|')}` }),
    product: z.enum(CROSS_SELL_PRODUCTS, { error: `营销产品 product: ${CROSS_SELL_PRODUCTS.join('|')}` }).optional(),
    due: date,
    count: z.string().regex(/^[1-9]\d{0,2}$/, '1–500 的整数 1–500').refine((n) => Number(n) <= 500, '1–500 的整数 1–500').optional(),
    note: z.string().max(200, '最多200字 at most 200 characters').optional(),
  }),
  run: runAssign,
};

/** Options of one subcommand, checked against its schema; no positional arguments. */
function runSub(sub: Sub, rest: string[]): number | Promise<number> {
  const spec = Object.fromEntries(Object.keys(sub.schema.shape).map((k) => [k, S]));
  const parsed = parseOptions(rest, sub.schema, spec);
  if (!parsed) return 2;
  if (parsed.positionals.length > 0) {
    console.error(`多余的参数 unexpected: ${parsed.positionals.join(' ')}\n\n${USAGE}`);
    return 2;
  }
  return sub.run(parsed.options as Record<string, string>);
}

const RUNNERS = Object.fromEntries(Object.entries(SUBCOMMANDS).map(([name, sub]) => [name, (rest: string[]) => runSub(sub, rest)]));

export const valueCommand: CliCommand = {
  usage: USAGE,
  run: (argv) => dispatchSubcommand(argv, RUNNERS, USAGE),
};
