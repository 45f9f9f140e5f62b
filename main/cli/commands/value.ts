import { z } from 'zod';
import { isIsoDate } from '../../../domain/credit/dates';
import { CROSS_SELL_PRODUCTS, TASK_KINDS } from '../../../domain/value/marketing-task';
import { PARTNER_KINDS } from '../../../domain/value/partners';
import { parseOptions } from '../args';
import { dispatchSubcommand, type CliCommand } from '../command';

// Only the options' schemas are here; each subcommand's work is imported when it runs, so `jingwei value segments`
// (timed as a whole process) starts without loading QR codes, signing keys and HTTP clients it never uses.

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
  '  conversion 精准营销转化：各客群、各渠道（柜面/取号小票/营销任务）推荐人数、客户答复、接受、暂不需要与接受后开立所推荐产品的人数',
  '            （读支行同步上来的答复与账户、贷款及总行贷款台账；与精微看板同一口径）',
  '            Offer conversion per segment and channel to product opened, counted as the dashboards count it',
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

type Runner = (o: Record<string, string>) => number | Promise<number>;
type Sub = { schema: z.ZodObject; run: Runner };

const ledger = (name: string): Runner => async (o) => (await import('./value-ledger')).LEDGER_RUNNERS[name]!(o);
const headOffice = (name: 'runPublish' | 'runPartner' | 'runCommission' | 'runConversion' | 'runBoard' | 'runAssign'): Runner =>
  async (o) => (await import('./value-head-office'))[name](o);

const KIND = z.enum(PARTNER_KINDS, { error: `应为 ${PARTNER_KINDS.join('|')}` });

const SUBCOMMANDS: Record<string, Sub> = {
  accrue: { schema: z.object({ data, month, rules }), run: ledger('accrue') },
  expire: { schema: z.object({ data, month, rules }), run: ledger('expire') },
  segments: {
    schema: z.object({ data, date, branch: branchCode.optional(), segments, rules }),
    run: async (o) => (await import('./value-segments')).runSegments(o),
  },
  voucher: { schema: z.object({ data, id: idNo, points: z.string(), partner, branch: branchCode, rules }), run: ledger('voucher') },
  redeem: { schema: z.object({ data, code: z.string().min(1).max(40), partner }), run: ledger('redeem') },
  mall: { schema: z.object({ data, id: idNo, points: z.string(), order: z.string().min(1) }), run: ledger('mall') },
  statement: { schema: z.object({ data, id: idNo }), run: ledger('statement') },
  tier: { schema: z.object({ data, id: idNo, date, rules }), run: ledger('tier') },
  check: { schema: z.object({ data }), run: ledger('check') },
  publish: {
    schema: z.object({
      data, date, rules, segments, keys: z.string().min(1),
      remote,
      branches: z.string().regex(/^[A-Z0-9]{2,16}(,[A-Z0-9]{2,16})*$/).optional(),
    }),
    run: headOffice('runPublish'),
  },
  partner: {
    schema: z.object({
      data, branch: branchCode, name: z.string().trim().min(1).max(60), kind: KIND,
      phone: z.string().regex(/^1\d{10}$/, '应为11位手机号码'), qr: z.string().min(1).optional(),
    }),
    run: headOffice('runPartner'),
  },
  commission: {
    schema: z.object({
      data, month, commission: z.string().min(1).optional(), payout: z.string().min(1).optional(), keys: z.string().min(1),
      remote, branches,
    }),
    run: headOffice('runCommission'),
  },
  conversion: { schema: z.object({ data, date, rules, segments, remote, branches }), run: headOffice('runConversion') },
  board: { schema: z.object({ date, remote, branches }), run: headOffice('runBoard') },
  assign: {
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
    run: headOffice('runAssign'),
  },
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
