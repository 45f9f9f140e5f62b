import { addDays, addMonthsClamped, daysBetween } from '../credit/dates';
import { PRODUCT_CODES, type ProductCode } from '../credit/products';
import { residentIdCheckChar } from '../identity/resident-id';
import { mulberry32, type Rng } from '../random';
import { headerLine, type FeedKind } from './feed-formats';

/**
 * Realistic core-banking feed files for tests, benches and the demo (docs/feeds.md): a seeded portfolio of loans
 * that lives day by day — instalments fall due and are paid, or are not and the loan goes overdue, overdue loans
 * are brought current now and then, deposits drift, the courts and the credit bureau report the odd event.
 */
export interface GeneratorOptions {
  seed: number;
  loans: number;
  branches: readonly { code: string; managers: readonly string[] }[];
  /** The first day files are made for; loans were disbursed up to two years before. */
  startDate: string;
  /** Chance that a due instalment is not paid (the loan goes overdue). */
  missRate?: number;
  /** Daily chance that an overdue loan is brought current. */
  cureRate?: number;
}

interface GenLoan {
  account: string;
  branch: string;
  manager: string;
  idNo: string;
  name: string;
  product: ProductCode;
  principal: number;
  balance: number;
  rateBp: number;
  termMonths: number;
  disbursedOn: string;
  maturity: string;
  paidMonths: number;
  overduePrincipal: number;
  overdueInterest: number;
  overdueSince: string | null;
  deposit: number;
  depositAccount: string;
}

export interface Portfolio {
  rng: Rng;
  loans: GenLoan[];
  txnSeq: number;
  eventSeq: number;
  missRate: number;
  cureRate: number;
}

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎';
const GIVEN = '建国秀英志强丽华伟明玉兰海军春梅桂芳文静晓东红霞永刚金凤德胜淑珍国庆雪梅宏伟';

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
const pct = (bp: number) => `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}`;

/** A valid resident ID of someone born in Houma (141081) between 1960 and 1998. */
export function residentIdFor(rng: Rng, seq: number): string {
  const birth = addDays('1960-01-01', int(rng, 0, 14_000)).replaceAll('-', '');
  const first17 = `141081${birth}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

export function createPortfolio(opts: GeneratorOptions): Portfolio {
  const rng = mulberry32(opts.seed);
  const loans: GenLoan[] = [];
  for (let i = 0; i < opts.loans; i++) {
    const b = opts.branches[i % opts.branches.length]!;
    const termMonths = pick(rng, [12, 24, 36]);
    const disbursedOn = addDays(opts.startDate, -int(rng, 1, Math.min(720, termMonths * 30 - 1)));
    const principal = int(rng, 100, 5_000) * 10_000;
    const paidMonths = Math.floor(daysBetween(disbursedOn, opts.startDate) / 31);
    loans.push({
      account: `62${String(i + 1).padStart(14, '0')}`,
      branch: b.code,
      manager: b.managers[i % b.managers.length]!,
      idNo: residentIdFor(rng, i),
      name: pick(rng, [...SURNAMES]) + pick(rng, [...GIVEN]) + (rng() < 0.6 ? pick(rng, [...GIVEN]) : ''),
      product: pick(rng, PRODUCT_CODES),
      principal,
      balance: principal - Math.floor((principal * paidMonths) / termMonths),
      rateBp: int(rng, 385, 650),
      termMonths,
      disbursedOn,
      maturity: addMonthsClamped(disbursedOn, termMonths),
      paidMonths,
      overduePrincipal: 0,
      overdueInterest: 0,
      overdueSince: null,
      deposit: int(rng, 0, 20_000) * 1_000,
      depositAccount: `60${String(i + 1).padStart(14, '0')}`,
    });
  }
  return { rng, loans, txnSeq: 0, eventSeq: 0, missRate: opts.missRate ?? 0.03, cureRate: opts.cureRate ?? 0.08 };
}

const dueToday = (l: GenLoan, date: string) => l.balance > 0 && addMonthsClamped(l.disbursedOn, l.paidMonths + 1) === date;
const overdueDays = (l: GenLoan, date: string) => (l.overdueSince === null ? 0 : daysBetween(l.overdueSince, date) + 1);

export interface DayFiles {
  date: string;
  files: Record<FeedKind, string>;
}

/**
 * Advances the portfolio to `date` and returns that day's four files. Repayments of the day are settled before
 * the ledger snapshot is taken, as core banking's end of day does.
 */
export function nextDay(p: Portfolio, date: string): DayFiles {
  const { rng } = p;
  const repayments: string[] = [headerLine('repayments')];
  const events: string[] = [headerLine('events')];
  const pay = (l: GenLoan, principal: number, interest: number, penalty: number) => {
    if (principal + interest + penalty === 0) return;
    repayments.push(`T${date.replaceAll('-', '')}${String(++p.txnSeq).padStart(9, '0')},${l.account},${date},${yuan(principal)},${yuan(interest)},${yuan(penalty)},${pick(rng, ['counter', 'auto-debit', 'mobile', 'transfer'])}`);
  };
  for (const l of p.loans) {
    if (l.balance === 0) continue;
    if (l.overdueSince !== null && rng() < p.cureRate) {
      const penalty = Math.floor((l.overduePrincipal * 5 * overdueDays(l, date)) / 10_000);
      pay(l, l.overduePrincipal, l.overdueInterest, penalty);
      l.balance -= l.overduePrincipal;
      l.overduePrincipal = 0;
      l.overdueInterest = 0;
      l.overdueSince = null;
    }
    if (dueToday(l, date)) {
      const remaining = Math.max(1, l.termMonths - l.paidMonths);
      const principal = Math.min(l.balance - l.overduePrincipal, Math.floor((l.balance - l.overduePrincipal) / remaining));
      const interest = Math.floor((l.balance * l.rateBp) / 120_000);
      l.paidMonths++;
      if (rng() < p.missRate) {
        l.overduePrincipal += principal;
        l.overdueInterest += interest;
        l.overdueSince ??= date;
      } else {
        pay(l, principal, interest, 0);
        l.balance -= principal;
      }
    }
    l.deposit = Math.max(0, l.deposit + int(rng, -2_000, 2_000) * 100);
    if (rng() < 0.0005) {
      const code = pick(rng, ['lawsuit', 'bureau-default', 'bureau-queries', 'guarantor-default'] as const);
      const source = code === 'lawsuit' ? 'court' : code === 'guarantor-default' ? 'other' : 'bureau';
      const desc = { lawsuit: '民间借贷纠纷被诉', 'bureau-default': '他行贷款逾期', 'bureau-queries': '近期多次征信查询', 'guarantor-default': '担保人他行违约' }[code];
      events.push(`E${date.replaceAll('-', '')}${String(++p.eventSeq).padStart(7, '0')},${l.idNo},${source},${code},${code === 'bureau-queries' ? 'low' : 'high'},${date},${desc}`);
    }
  }
  return { date, files: { loans: loansFile(p, date), repayments: repayments.join('\n') + '\n', deposits: depositsFile(p), events: events.join('\n') + '\n' } };
}

export function loansFile(p: Portfolio, date: string): string {
  const out: string[] = [headerLine('loans')];
  for (const l of p.loans) {
    if (l.balance === 0) continue;
    const days = overdueDays(l, date);
    const next = addMonthsClamped(l.disbursedOn, l.paidMonths + 1);
    out.push(
      `${l.account},${l.branch},${l.idNo},${l.name},${l.product},${yuan(l.principal)},${yuan(l.balance)},${yuan(l.overduePrincipal)},${yuan(l.overdueInterest)},${days},${next <= l.maturity ? next : ''},${l.maturity},${pct(l.rateBp)},${l.manager},${l.disbursedOn}`,
    );
  }
  return out.join('\n') + '\n';
}

export function depositsFile(p: Portfolio): string {
  const out: string[] = [headerLine('deposits')];
  for (const l of p.loans) out.push(`${l.depositAccount},${l.idNo},${l.branch},demand,${yuan(l.deposit)}`);
  return out.join('\n') + '\n';
}

/**
 * A heavy day for benches: `lines` repayment lines spread over the portfolio's loans (several a loan), each
 * small enough never to exceed a balance.
 */
export function repaymentsFile(p: Portfolio, date: string, lines: number): string {
  const out: string[] = [headerLine('repayments')];
  const live = p.loans.filter((l) => l.balance > lines / p.loans.length + 100);
  for (let i = 0; i < lines; i++) {
    const l = live[i % live.length]!;
    out.push(`B${date.replaceAll('-', '')}${String(i).padStart(9, '0')},${l.account},${date},1.00,${yuan(int(p.rng, 1, 9_999))},0.00,${i % 2 ? 'mobile' : 'auto-debit'}`);
  }
  return out.join('\n') + '\n';
}
