import { PRODUCT_CODES, type ProductCode } from '../credit/products';
import { isIsoDate } from '../credit/dates';
import { residentIdCheckChar } from '../identity/resident-id';
import { usccCheckChar } from '../identity/uscc';

/**
 * The T+1 files core banking sends head office (docs/feeds.md is the reference for the bank's IT): CSV, UTF-8 or
 * GB18030, one header line naming the columns below in this order, one record per line, every line ending in a
 * line feed. Amounts are yuan with at most two decimals (parsed to integer fen as text, never through a float),
 * rates are annual percent with at most two decimals (→ basis points), dates are YYYY-MM-DD.
 */
export const FEED_KINDS = ['loans', 'repayments', 'deposits', 'events'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

export const FEED_KIND_NAMES: Record<FeedKind, string> = {
  loans: '贷款台账',
  repayments: '还款流水',
  deposits: '存款日终余额',
  events: '外部事件',
};

export interface LoanLine {
  account: string;
  branch: string;
  idNo: string;
  name: string;
  product: ProductCode;
  principalFen: number;
  balanceFen: number;
  overduePrincipalFen: number;
  overdueInterestFen: number;
  overdueDays: number;
  nextDueDate: string | null;
  maturityDate: string;
  rateBp: number;
  manager: string;
  disbursedOn: string;
}

export interface RepaymentLine {
  txnId: string;
  account: string;
  date: string;
  principalFen: number;
  interestFen: number;
  penaltyFen: number;
  channel: (typeof CHANNELS)[number];
}

export interface DepositLine {
  accountNo: string;
  idNo: string;
  branch: string;
  kind: (typeof DEPOSIT_KINDS)[number];
  balanceFen: number;
}

export interface EventLine {
  eventId: string;
  idNo: string;
  source: (typeof EVENT_SOURCES)[number];
  code: (typeof EVENT_CODES)[number];
  severity: (typeof SEVERITIES)[number];
  date: string;
  description: string;
}

export interface FeedLines {
  loans: LoanLine;
  repayments: RepaymentLine;
  deposits: DepositLine;
  events: EventLine;
}

export const CHANNELS = ['counter', 'auto-debit', 'mobile', 'transfer'] as const;
export const DEPOSIT_KINDS = ['demand', 'time'] as const;
export const EVENT_SOURCES = ['court', 'bureau', 'other'] as const;
export const EVENT_CODES = ['lawsuit', 'enforcement', 'bureau-default', 'bureau-queries', 'guarantor-default', 'other'] as const;
export const SEVERITIES = ['low', 'medium', 'high'] as const;

/** Thrown by a field parser; the reader adds the line number and the column's label. */
export class FieldError extends Error {}

type FieldParser<T> = (raw: string) => T;

const fail = (rule: string): never => {
  throw new FieldError(rule);
};

const MONEY_RULE = '应为不带千分位的元金额，最多两位小数（如 12345.67）';
const digitAt = (raw: string, i: number): number => {
  const d = raw.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : fail(MONEY_RULE);
};
/**
 * Yuan "12345.6" → 1234560 fen, from the text (no float ever holds money): `0` or up to 13 digits without a
 * leading zero, then optionally a point and one or two decimals. Read character by character — three amounts on
 * each of a million lines made the regular expression a tenth of the import.
 */
export function parseYuan(raw: string): number {
  const point = raw.indexOf('.');
  const intEnd = point < 0 ? raw.length : point;
  if (intEnd === 0 || intEnd > 13 || (intEnd > 1 && raw.charCodeAt(0) === 48)) return fail(MONEY_RULE);
  let fen = 0;
  for (let i = 0; i < intEnd; i++) fen = fen * 10 + digitAt(raw, i);
  fen *= 100;
  if (point < 0) return fen;
  const decimals = raw.length - point - 1;
  if (decimals === 1) return fen + digitAt(raw, point + 1) * 10;
  if (decimals === 2) return fen + digitAt(raw, point + 1) * 10 + digitAt(raw, point + 2);
  return fail(MONEY_RULE);
}

const RATE = /^(\d{1,2})(?:\.(\d{1,2}))?$/;
/** Annual percent "4.35" → 435 basis points. */
export function parseRateBp(raw: string): number {
  const m = RATE.exec(raw);
  if (!m) return fail('应为年利率百分数，最多两位小数（如 4.35）');
  const dec = m[2] ?? '';
  return Number(m[1]) * 100 + (dec.length === 0 ? 0 : dec.length === 1 ? Number(dec) * 10 : Number(dec));
}

/**
 * A file holds few distinct dates on many lines (txn_date is the file's date; a loans file's due and maturity dates
 * fall on a few thousand days): the good ones are remembered, up to a bound.
 */
const goodDates = new Set<string>();
let lastGoodDate = '';
const date: FieldParser<string> = (raw) => {
  if (raw === lastGoodDate || goodDates.has(raw)) return (lastGoodDate = raw);
  if (!isIsoDate(raw)) return fail('应为有效日期 YYYY-MM-DD');
  if (goodDates.size >= 20_000) goodDates.clear();
  goodDates.add(raw);
  return (lastGoodDate = raw);
};
const optionalDate: FieldParser<string | null> = (raw) => (raw === '' ? null : date(raw));
const days: FieldParser<number> = (raw) => (/^(0|[1-9]\d{0,4})$/.test(raw) ? Number(raw) : fail('应为 0–99999 的整数天数'));
const pattern =
  (re: RegExp, rule: string): FieldParser<string> =>
  (raw) =>
    re.test(raw) ? raw : fail(rule);
const oneOf =
  <T extends string>(values: readonly T[]): FieldParser<T> =>
  (raw) =>
    (values as readonly string[]).includes(raw) ? (raw as T) : fail(`应为以下之一：${values.join('、')}`);
const text =
  (max: number): FieldParser<string> =>
  (raw) =>
    raw.length > max ? fail(`不得超过${max}个字符`) : raw.includes('\uFFFD') ? fail('含有无法识别的字符（文件编码应为 UTF-8 或 GB18030）') : raw;
const required =
  (max: number): FieldParser<string> =>
  (raw) =>
    raw.trim() === '' ? fail('不能为空') : text(max)(raw);

/** A resident ID (check character verified) or, for enterprises, a unified social credit code. */
const idNo: FieldParser<string> = (raw) => {
  if (!/^[0-9A-Z]{18}$/.test(raw)) return fail('应为18位居民身份证号码或统一社会信用代码');
  if (/^\d{17}[\dX]$/.test(raw) && residentIdCheckChar(raw.slice(0, 17)) === raw[17]) return raw;
  if (/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(raw) && usccCheckChar(raw.slice(0, 17)) === raw[17]) return raw;
  return fail('校验位不正确');
};

const account = pattern(/^\d{12,19}$/, '应为12–19位数字账号');
const branch = pattern(/^[A-Z0-9]{2,16}$/, '应为机构号（大写字母和数字，2–16位）');
const staffNo = pattern(/^[A-Z0-9]{3,16}$/, '应为员工号（大写字母和数字，3–16位）');
const code = pattern(/^[0-9A-Za-z_-]{1,40}$/, '应为1–40位字母、数字、下划线或连字符');

export interface Column<T> {
  name: string;
  label: string;
  parse: FieldParser<T>;
}

const col = <T>(name: string, label: string, parse: FieldParser<T>): Column<T> => ({ name, label, parse });

export interface FeedFormat<K extends FeedKind> {
  kind: K;
  columns: Column<unknown>[];
  /** Values in column order → the typed line; a cross-field rule throws {@link FieldError} via `crossCheck`. */
  build(values: unknown[]): FeedLines[K];
  /** Rules between the fields of one line: [column name, rule] or null. */
  crossCheck?(line: FeedLines[K], fileDate: string): [string, string] | null;
  /**
   * The key no two lines of one file may share (refused as a duplicate, naming the first line). Absent where the
   * ledger's own unique key finds repeats (transactions and events are never applied twice, in a file or across).
   */
  key?(line: FeedLines[K]): string;
}

const loansFormat: FeedFormat<'loans'> = {
  kind: 'loans',
  columns: [
    col('loan_account', '贷款账号', account),
    col('branch', '机构号', branch),
    col('id_no', '证件号码', idNo),
    col('customer_name', '客户名称', required(60)),
    col('product', '产品代码', oneOf(PRODUCT_CODES)),
    col('principal', '合同金额', parseYuan),
    col('balance', '贷款余额', parseYuan),
    col('overdue_principal', '逾期本金', parseYuan),
    col('overdue_interest', '欠息', parseYuan),
    col('overdue_days', '逾期天数', days),
    col('next_due_date', '下次还款日', optionalDate),
    col('maturity_date', '到期日', date),
    col('rate', '执行年利率', parseRateBp),
    col('manager', '客户经理', staffNo),
    col('disbursed_on', '放款日', date),
  ],
  build: (v) => ({
    account: v[0] as string,
    branch: v[1] as string,
    idNo: v[2] as string,
    name: v[3] as string,
    product: v[4] as ProductCode,
    principalFen: v[5] as number,
    balanceFen: v[6] as number,
    overduePrincipalFen: v[7] as number,
    overdueInterestFen: v[8] as number,
    overdueDays: v[9] as number,
    nextDueDate: v[10] as string | null,
    maturityDate: v[11] as string,
    rateBp: v[12] as number,
    manager: v[13] as string,
    disbursedOn: v[14] as string,
  }),
  crossCheck(l, fileDate) {
    if (l.balanceFen > l.principalFen) return ['balance', '贷款余额不得大于合同金额'];
    if (l.overduePrincipalFen > l.balanceFen) return ['overdue_principal', '逾期本金不得大于贷款余额'];
    if ((l.overdueDays > 0) !== (l.overduePrincipalFen + l.overdueInterestFen > 0)) return ['overdue_days', '逾期天数与逾期本金、欠息不一致（有逾期金额才有逾期天数）'];
    if (l.disbursedOn > fileDate) return ['disbursed_on', `放款日晚于文件日期 ${fileDate}`];
    if (l.maturityDate < l.disbursedOn) return ['maturity_date', '到期日早于放款日'];
    return null;
  },
  key: (l) => l.account,
};

const repaymentsFormat: FeedFormat<'repayments'> = {
  kind: 'repayments',
  columns: [
    col('txn_id', '交易流水号', code),
    col('loan_account', '贷款账号', account),
    col('txn_date', '交易日期', date),
    col('principal', '归还本金', parseYuan),
    col('interest', '归还利息', parseYuan),
    col('penalty', '罚息', parseYuan),
    col('channel', '渠道', oneOf(CHANNELS)),
  ],
  build: (v) => ({
    txnId: v[0] as string,
    account: v[1] as string,
    date: v[2] as string,
    principalFen: v[3] as number,
    interestFen: v[4] as number,
    penaltyFen: v[5] as number,
    channel: v[6] as RepaymentLine['channel'],
  }),
  crossCheck(l, fileDate) {
    if (l.date !== fileDate) return ['txn_date', `交易日期应为文件日期 ${fileDate}`];
    if (l.principalFen + l.interestFen + l.penaltyFen === 0) return ['principal', '本金、利息、罚息不能全为0'];
    return null;
  },
};

const depositsFormat: FeedFormat<'deposits'> = {
  kind: 'deposits',
  columns: [
    col('account_no', '存款账号', account),
    col('id_no', '证件号码', idNo),
    col('branch', '开户机构', branch),
    col('kind', '存款种类', oneOf(DEPOSIT_KINDS)),
    col('balance', '日终余额', parseYuan),
  ],
  build: (v) => ({ accountNo: v[0] as string, idNo: v[1] as string, branch: v[2] as string, kind: v[3] as DepositLine['kind'], balanceFen: v[4] as number }),
  key: (l) => l.accountNo,
};

const eventsFormat: FeedFormat<'events'> = {
  kind: 'events',
  columns: [
    col('event_id', '事件编号', code),
    col('id_no', '证件号码', idNo),
    col('source', '来源', oneOf(EVENT_SOURCES)),
    col('code', '事件类型', oneOf(EVENT_CODES)),
    col('severity', '严重程度', oneOf(SEVERITIES)),
    col('event_date', '事件日期', date),
    col('description', '说明', text(200)),
  ],
  build: (v) => ({
    eventId: v[0] as string,
    idNo: v[1] as string,
    source: v[2] as EventLine['source'],
    code: v[3] as EventLine['code'],
    severity: v[4] as EventLine['severity'],
    date: v[5] as string,
    description: v[6] as string,
  }),
  crossCheck: (l, fileDate) => (l.date > fileDate ? ['event_date', `事件日期晚于文件日期 ${fileDate}`] : null),
};

export const FEED_FORMATS: { [K in FeedKind]: FeedFormat<K> } = {
  loans: loansFormat,
  repayments: repaymentsFormat,
  deposits: depositsFormat,
  events: eventsFormat,
};

export const headerLine = (kind: FeedKind): string => FEED_FORMATS[kind].columns.map((c) => c.name).join(',');

export interface LineProblem {
  line: number;
  /** The column's label as docs/feeds.md names it, or null for a problem of the whole line. */
  field: string | null;
  messageZh: string;
}

export const problemZh = (line: number, field: string | null, rule: string): LineProblem => ({
  line,
  field,
  messageZh: field === null ? `第${line}行：${rule}` : `第${line}行 字段「${field}」：${rule}`,
});

/** One line's fields → its typed record, or the problem with the first field that breaks a rule. */
export function parseFeedLine<K extends FeedKind>(format: FeedFormat<K>, fields: string[], lineNo: number, fileDate: string): FeedLines[K] | LineProblem {
  const cols = format.columns;
  if (fields.length !== cols.length) return problemZh(lineNo, null, `应有${cols.length}列，实际${fields.length}列`);
  const values = new Array<unknown>(cols.length);
  for (let i = 0; i < cols.length; i++) {
    const c = cols[i]!;
    try {
      values[i] = c.parse(fields[i]!);
    } catch (err) {
      if (err instanceof FieldError) return problemZh(lineNo, `${c.label}(${c.name})`, `${err.message}，实际为“${fields[i]!.slice(0, 40)}”`);
      throw err;
    }
  }
  const line = format.build(values);
  const cross = format.crossCheck?.(line, fileDate);
  if (cross) {
    const c = cols.find((x) => x.name === cross[0])!;
    return problemZh(lineNo, `${c.label}(${c.name})`, cross[1]);
  }
  return line;
}

export const isProblem = (x: object): x is LineProblem => 'messageZh' in x && 'line' in x;
