import { residentIdCheckChar } from '../../domain/identity/resident-id';
import { mulberry32 } from '../../domain/random';
import { usccCheckChar } from '../../domain/identity/uscc';
import type { IndividualGroup } from '../../domain/customers/customer';
import type { Role } from '../../domain/staff/roles';
import { HEAD_OFFICE_BRANCH, staffDocId } from '../../domain/staff/staff-record';
import { signerOf, trustRootOf } from '../../trust/head-office-keys';
import { verifyDoc } from '../../trust/signature';
import { issueStaff, type SignedStaffDoc } from '../../trust/staff-issue';
import type { Core } from '../core/core';
import { seedCreditDemo } from './credit-seed';
import { seedDemoHistory } from './history';
import { DEMO_POST_LOAN_DAYS, seedPostLoanHistory } from './post-loan-history';
import { demoDepositLines, seedValueDemo } from './value-seed';
import { demoAccounts, type DemoHeadOffice } from './demo-trust';
import { seedQueueDemo } from '../core/queue/queue-marketing';

export const DEMO_PASSWORD = 'jingwei2026';
/** How far back the demo's history reaches (calendar days): two months, the period the programme's figures cover. */
export const DEMO_HISTORY_DAYS = 60;

/** `branch` absent: the demo branch. Z001 works at head office and approves staff requests (the second person). */
export const DEMO_STAFF: { staffNo: string; name: string; roles: Role[]; branch?: string }[] = [
  { staffNo: 'T001', name: '王晓燕', roles: ['teller'] },
  { staffNo: 'T002', name: '赵磊', roles: ['teller'] },
  { staffNo: 'M001', name: '李建国', roles: ['customer-manager'] },
  { staffNo: 'M002', name: '张丽', roles: ['customer-manager'] },
  { staffNo: 'H001', name: '刘志强', roles: ['branch-head'] },
  { staffNo: 'R001', name: '陈静', roles: ['risk-officer'] },
  { staffNo: 'A001', name: '孙浩', roles: ['it-admin'] },
  { staffNo: 'Z001', name: '周敏', roles: ['head-office'], branch: HEAD_OFFICE_BRANCH },
];

/** The demo staff as head office signs them (demo trust root). */
export function demoStaffDocs(headOffice: DemoHeadOffice, branch: string): Promise<SignedStaffDoc[]> {
  return Promise.all(DEMO_STAFF.map((s) => issueStaff(signerOf(headOffice.keys), { ...s, branch: s.branch ?? branch, password: DEMO_PASSWORD })));
}

/**
 * Demo staff records the demo trust root does not vouch for (a data folder from before staff were signed, or a
 * demo key made anew) are issued again, so `npm start` on an old folder still logs in.
 */
async function reissueUnsignedDemoStaff(core: Core, headOffice: DemoHeadOffice): Promise<void> {
  const trust = trustRootOf(headOffice.keys);
  const res = await core.store.pouch.allDocs({ keys: DEMO_STAFF.map((s) => staffDocId(s.staffNo)), include_docs: true });
  const stale = new Set(res.rows.filter((r) => !('doc' in r) || !verifyDoc(r.doc, trust)).map((r) => r.key));
  if (stale.size) await headOffice.deliver((await demoStaffDocs(headOffice, core.branchCode)).filter((d) => stale.has(d._id)));
}

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉梅海燕鹏辉晓亮春梅建华丹萍鑫宇浩然子涵欣怡俊杰文博思远雨桐';
const VILLAGES = ['东阳村', '西台神村', '北西庄村', '南王村', '上马村', '张村', '高村', '新田村', '凤城村', '乔村', '虒祁村', '牛村'];
const TOWNS = ['新田乡', '高村乡', '凤城乡', '上马街道', '张村街道', '浍滨街道', '路东街道', '路西街道'];
const MARKETS = ['侯马晋南农副产品批发市场', '侯马建材市场', '侯马小商品批发市场', '侯马蔬菜批发市场'];
const REGIONS = ['141081', '141081', '141081', '141021', '141002', '141024', '140802'];
const GROUPS: IndividualGroup[] = ['farmer', 'farmer', 'farmer', 'merchant', 'merchant', 'salaried', 'civil-servant', 'resident'];

export interface DemoPerson {
  name: string;
  idNumber: string;
  phone: string;
  address: string;
  village: string;
  group: IndividualGroup;
}

/** Generates plausible, valid and unique individual customers of the 侯马 area (no real person's data). */
export function demoPeople(count: number, seed = 20261130): DemoPerson[] {
  // Deterministic so the demo data and the benchmarks are the same on every machine.
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[] | string): T => xs[Math.floor(rnd() * xs.length)] as T;
  const ids = new Set<string>();
  const phones = new Set<string>();
  const out: DemoPerson[] = [];
  while (out.length < count) {
    const year = 1955 + Math.floor(rnd() * 48);
    const month = 1 + Math.floor(rnd() * 12);
    const day = 1 + Math.floor(rnd() * 28);
    const seq = String(Math.floor(rnd() * 1000)).padStart(3, '0');
    const body = `${pick(REGIONS)}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${seq}`;
    const idNumber = body + residentIdCheckChar(body);
    const phone = `1${pick(['38', '39', '59', '58', '86', '88', '36', '51'])}${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`;
    if (ids.has(idNumber) || phones.has(phone)) continue;
    ids.add(idNumber);
    phones.add(phone);
    const group = pick(GROUPS);
    const village = group === 'merchant' ? pick(MARKETS) : pick(VILLAGES);
    const name = pick<string>(SURNAMES) + pick<string>(GIVEN) + (rnd() < 0.6 ? pick<string>(GIVEN) : '');
    out.push({ name, idNumber, phone, address: `山西省侯马市${pick(TOWNS)}${village}${1 + Math.floor(rnd() * 120)}号`, village, group });
  }
  return out;
}

export interface DemoEnterprise {
  name: string;
  uscc: string;
  phone: string;
  address: string;
  legalRepresentative: string;
}

// Trade names and streets a 侯马 company register really shows: places (晋阳, 汾河, 浍河), virtues, the town.
const TRADE_NAMES = ['晋阳', '汾河', '浍河', '新田', '晋丰', '平阳', '鑫源', '恒泰', '宏达', '永盛', '华晋', '金都', '瑞丰', '晋南', '同心', '泰和', '兴旺', '聚德'];
const TRADES = ['商贸', '农资', '建材', '食品', '物流', '餐饮', '机械', '纺织', '印刷', '汽修', '农业开发', '养殖', '电子科技', '装饰工程'];
const FORMS = ['有限公司', '有限公司', '有限公司', '有限责任公司', '农民专业合作社', '商行', '加工厂'];
const STREETS = ['新田路', '平阳路', '汾河大道', '晋阳街', '浍滨路', '上马路', '开发区园区路', '铁路南街'];

/** Generates plausible small enterprises of 侯马 with valid, unique USCCs (deterministic, no real company). */
export function demoEnterprises(count: number, seed = 20261201): DemoEnterprise[] {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[] | string): T => xs[Math.floor(rnd() * xs.length)] as T;
  const names = new Set<string>();
  const out: DemoEnterprise[] = [];
  while (out.length < count) {
    const town = rnd() < 0.7 ? '侯马市' : '山西';
    const base = `${town}${pick(TRADE_NAMES)}${pick(TRADES)}${pick(FORMS)}`;
    const name = names.has(base) ? base.replace(/(有限公司|有限责任公司|合作社|商行|加工厂)$/, `${out.length}$1`) : base;
    names.add(name);
    const body = `91141081MA${String(out.length).padStart(7, '0')}`;
    out.push({
      name, uscc: body + usccCheckChar(body), phone: `0357-4${String(Math.floor(rnd() * 1e6)).padStart(6, '0')}`,
      address: `山西省侯马市${pick(TOWNS)}${pick(STREETS)}${1 + Math.floor(rnd() * 300)}号`,
      legalRepresentative: pick<string>(SURNAMES) + pick<string>(GIVEN) + pick<string>(GIVEN),
    });
  }
  return out;
}

const DEMO_ENTERPRISES = [
  { name: '侯马市晋丰农资有限公司', legalRepresentative: '李建军', shareholders: [{ kind: 'person' as const, name: '李建军', shareBp: 6000 }, { kind: 'person' as const, name: '李建民', shareBp: 4000 }] },
  { name: '侯马市汾浍商贸有限公司', legalRepresentative: '王海燕', shareholders: [{ kind: 'person' as const, name: '王海燕', shareBp: 5100 }, { kind: 'company' as const, name: '山西汾浍投资有限公司', shareBp: 4900 }] },
  { name: '侯马市新田食品加工厂', legalRepresentative: '张国庆', shareholders: [{ kind: 'person' as const, name: '张国庆', shareBp: 10000 }] },
];

/**
 * Seeds staff and customers when the branch is empty; a second run changes nothing, so `npm start` can always
 * call it. Customers go through the same API as the screens, so the demo data passes the same validation.
 */
export async function seedDemo(core: Core, opts: { headOffice: DemoHeadOffice; customers?: number; people?: DemoPerson[]; historyDays?: number; log?: (msg: string) => void; queueOnly?: boolean;
  /** Where head office's feed ledger of this branch's post-loan past is kept (the risk centre assigns in it); default: thrown away. */
  postLoanLedger?: string }): Promise<{ seeded: boolean }> {
  const log = opts.log ?? (() => {});
  const { headOffice } = opts;
  const seededBefore = (await core.store.pouch.allDocs({ key: staffDocId('H001') })).rows.length > 0;
  if (seededBefore) {
    await reissueUnsignedDemoStaff(core, headOffice);
    return { seeded: false };
  }
  await headOffice.deliver(await demoStaffDocs(headOffice, core.branchCode));
  // A queue device keeps the staff (to check counter PCs' tellers) and nothing of the customers.
  if (opts.queueOnly) {
    await seedQueueDemo(core.reference.pouch);
    return { seeded: true };
  }
  const login = await core.call({ method: 'session.login', args: { staffNo: 'M001', password: DEMO_PASSWORD } });
  if (!login.ok) throw new Error(login.error.message);
  const token = (login.value as { token: string }).token;
  const people = opts.people ?? demoPeople(opts.customers ?? 300);
  const created: { id: string; createdAt: string }[] = [];
  for (const [i, p] of people.entries()) {
    const res = await core.call({ method: 'customers.create', args: { customer: { kind: 'individual', ...p } }, token });
    if (!res.ok) throw new Error(`demo customer ${p.name}: ${res.error.message}`);
    created.push(res.value as { id: string; createdAt: string });
    if ((i + 1) % 100 === 0) log(`演示客户 demo customers: ${i + 1}/${people.length}`);
  }
  for (const [i, e] of DEMO_ENTERPRISES.entries()) {
    const body = `91141081MA0K${String(i + 1).padStart(4, '0')}X`;
    const res = await core.call({
      method: 'customers.create',
      args: { customer: { kind: 'enterprise', ...e, uscc: body + usccCheckChar(body), phone: `0357-42${String(10000 + i * 37).slice(-5)}`, address: `山西省侯马市路东街道新田路${18 + i * 6}号` } },
      token,
    });
    if (!res.ok) throw new Error(`demo enterprise ${e.name}: ${res.error.message}`);
    created.push(res.value as { id: string; createdAt: string });
  }
  await core.call({ method: 'session.logout', args: {}, token });
  // Core banking opened an account for each of them; head office's deposit feed brings them, signed.
  await headOffice.deliver(demoAccounts(headOffice.keys, core.branchCode, created));
  await seedQueueDemo(core.reference.pouch);
  await seedCreditDemo(core, DEMO_PASSWORD, headOffice, created.length);
  // The months before today: queue days, applications and their steps, daily syncs (main/demo/history).
  const historyDays = opts.historyDays ?? DEMO_HISTORY_DAYS;
  await seedDemoHistory(core, { days: historyDays, password: DEMO_PASSWORD, customers: people, log });
  // Loans live after disbursement: head office's feeds and daily scans of the months before (贷后风险事件, dashboards).
  // 精微甄选 and 精准营销: the people's deposits ride in the same days' deposit files; head office accrues, publishes,
  // and the tellers record answers to the offers (main/demo/value-seed.ts).
  if (historyDays > 0) {
    await seedPostLoanHistory(headOffice, {
      branch: core.branchCode, days: DEMO_POST_LOAN_DAYS, log, ...(opts.postLoanLedger ? { ledgerDir: opts.postLoanLedger } : {}),
      depositLines: (date) => demoDepositLines(people, core.branchCode, date),
      afterFeeds: (db, today) => seedValueDemo(core, { headOffice, db, today, people, customers: created, password: DEMO_PASSWORD, log }),
    });
  }
  return { seeded: true };
}
