import { residentIdCheckChar } from '../../domain/identity/resident-id';
import { usccCheckChar } from '../../domain/identity/uscc';
import type { ApiArgs, ApiResult, MethodName } from '../core/api/contract';
import type { Core } from '../core/core';
import { demoAccounts, type DemoHeadOffice } from './demo-trust';

const id = (body17: string) => body17 + residentIdCheckChar(body17);
const uscc = (body17: string) => body17 + usccCheckChar(body17);

/** The gold-collar customer the E2E walks from search to disbursement; no application is seeded for him. */
export const DEMO_GOLD_CUSTOMER = { name: '周文博', idNumber: id('14108119850612003') };

const cleanBureau = {
  blacklisted: false, bureauCurrentOverdueFen: 0, bureauOverdueTimes24m: 0, bureauMaxOverdueDays24m: 0, bureauBadDebt: false,
  bureauHardQueries6m: 1, bureauOutstandingDebtFen: 0, bureauMonthlyDebtServiceFen: 0,
};

type Step = 'draft' | 'submit' | 'contract' | 'faceSign' | 'eSign' | 'disburse';

interface DemoLoan {
  person: { name: string; idNumber: string; group: 'farmer' | 'merchant' | 'civil-servant' | 'salaried' | 'resident'; village: string };
  product: ApiArgs<'loans.createDraft'>['productCode'];
  patch: NonNullable<ApiArgs<'loans.createDraft'>['patch']>;
  until: Step;
  /** Monthly receipts (yuan) of a POS export to import, most recent month last. */
  flows?: number[];
  investigate?: { findings: string; outcome: 'approve' | 'reject'; limitFen?: number };
}

const LOANS: DemoLoan[] = [
  {
    person: { name: '马建华', idNumber: id('14108119800315001'), group: 'civil-servant', village: '浍滨街道' },
    product: 'gold-collar', until: 'disburse',
    patch: { requestedAmountFen: 20_000_000, termMonths: 24, repaymentMethod: 'equal-installment', collectedData: ['id-card', 'credit-report', 'housing-fund', 'social-insurance', 'employment-proof', 'income-proof'],
      facts: { ...cleanBureau, socialInsuranceMonths: 120, housingFundMonthlyFen: 180_000, monthlyIncomeFen: 1_100_000, employerGrade: 'civil-servant' } },
  },
  {
    person: { name: '郭秀兰', idNumber: id('14108119760821002'), group: 'farmer', village: '东阳村' },
    product: 'farmer', until: 'disburse',
    patch: { requestedAmountFen: 10_000_000, termMonths: 12, repaymentMethod: 'interest-only', collectedData: ['id-card', 'household-register', 'credit-report', 'village-review', 'income-proof'],
      facts: { ...cleanBureau, villageReviewScore: 92, villageRecommended: true, annualIncomeFen: 9_000_000, depositAvgDailyFen: 6_000_000 } },
  },
  {
    person: { name: '董志强', idNumber: id('14108119830909003'), group: 'merchant', village: '侯马晋南农副产品批发市场' },
    product: 'merchant', until: 'eSign', flows: [61_000, 58_500, 66_200, 70_100, 64_800, 59_900, 72_300, 68_000, 63_400, 75_200, 69_800, 71_500],
    patch: { requestedAmountFen: 15_000_000, termMonths: 12, repaymentMethod: 'interest-only', collectedData: ['id-card', 'business-licence', 'stall-lease', 'credit-report'],
      facts: { ...cleanBureau, yearsInBusiness: 8 } },
  },
  {
    person: { name: '宋丽娟', idNumber: id('14108119900204004'), group: 'salaried', village: '路东街道' },
    product: 'salary', until: 'contract',
    patch: { requestedAmountFen: 8_000_000, termMonths: 12, repaymentMethod: 'equal-principal', collectedData: ['id-card', 'credit-report', 'income-proof', 'social-insurance', 'employment-proof'],
      facts: { ...cleanBureau, monthlyIncomeFen: 900_000, socialInsuranceMonths: 48, employerGrade: 'state-owned' } },
  },
  {
    person: { name: '韩国庆', idNumber: id('14108119720618005'), group: 'farmer', village: '上马村' },
    product: 'farmer', until: 'submit',
    patch: { requestedAmountFen: 15_000_000, termMonths: 12, repaymentMethod: 'interest-only', collectedData: ['id-card', 'household-register', 'credit-report', 'village-review'],
      facts: { ...cleanBureau, villageReviewScore: 70, villageRecommended: false, annualIncomeFen: 12_000_000 } },
  },
  {
    person: { name: '贾春梅', idNumber: id('14108119881111006'), group: 'civil-servant', village: '凤城乡' },
    product: 'gold-collar', until: 'disburse', investigate: { findings: '已电话核实工作单位、职务与收入，公积金缴存连续，同意按40万元授信。', outcome: 'approve', limitFen: 40_000_000 },
    patch: { requestedAmountFen: 40_000_000, termMonths: 36, repaymentMethod: 'equal-installment', collectedData: ['id-card', 'credit-report', 'housing-fund', 'social-insurance', 'employment-proof', 'income-proof'],
      facts: { ...cleanBureau, socialInsuranceMonths: 84, housingFundMonthlyFen: 250_000, monthlyIncomeFen: 2_000_000, employerGrade: 'public-institution' } },
  },
  {
    person: { name: '邱海', idNumber: id('14108119790707007'), group: 'resident', village: '高村' },
    product: 'inclusive', until: 'submit',
    patch: { requestedAmountFen: 5_000_000, termMonths: 12, repaymentMethod: 'equal-installment', collectedData: ['id-card', 'credit-report', 'income-proof'],
      facts: { ...cleanBureau, bureauCurrentOverdueFen: 320_000, annualIncomeFen: 6_000_000 } },
  },
  {
    person: { name: '汤玉梅', idNumber: id('14108119950303008'), group: 'merchant', village: '侯马小商品批发市场' },
    product: 'merchant', until: 'draft',
    patch: { requestedAmountFen: 10_000_000, termMonths: 12, repaymentMethod: 'revolving', collectedData: ['id-card', 'business-licence'], facts: { blacklisted: false, yearsInBusiness: 3 } },
  },
];

/**
 * Loans in every state, so the lists, the investigation queue and the dashboard are alive on a fresh demo:
 * disbursed, e-signed, contracted, referred, rejected, a draft, one approved by the branch head after
 * investigation; and an enterprise group whose ownership runs through a holding company and back.
 * Everything goes through the API like the screens, so the demo passes the same rules.
 */
export async function seedCreditDemo(core: Core, password: string, headOffice: DemoHeadOffice, accountsSoFar: number): Promise<void> {
  const login = async (staffNo: string) => {
    const r = await core.call({ method: 'session.login', args: { staffNo, password } });
    if (!r.ok) throw new Error(r.error.message);
    return (r.value as { token: string }).token;
  };
  const teller = await login('T001');
  const head = await login('H001');
  const call = async <M extends MethodName>(method: M, args: ApiArgs<M>, token = teller): Promise<ApiResult<M>> => {
    const r = await core.call({ method, args, token });
    if (!r.ok) throw new Error(`demo credit ${method}: ${r.error.message}`);
    return r.value as ApiResult<M>;
  };

  const created = [await call('customers.create', { customer: { kind: 'individual', ...DEMO_GOLD_CUSTOMER, phone: '13803571234', address: '山西省侯马市浍滨街道平阳路12号', village: '浍滨街道', group: 'civil-servant' } })];
  const customers = [];
  for (const [i, l] of LOANS.entries()) {
    customers.push(await call('customers.create', { customer: { kind: 'individual', ...l.person, phone: `1390357${String(1000 + i)}`, address: `山西省侯马市${l.person.village}${10 + i}号` } }));
  }
  // Every borrower has an account in core banking, which head office's feed brings down signed.
  const accounts = demoAccounts(headOffice.keys, core.branchCode, [...created, ...customers], accountsSoFar);
  await headOffice.deliver(accounts);

  for (const [i, l] of LOANS.entries()) {
    const c = customers[i]!;
    let app = await call('loans.createDraft', { customerId: c.id, productCode: l.product, patch: l.patch });
    if (l.flows) {
      const csv = ['交易日期,收支,交易金额,对方户名'];
      const now = new Date();
      l.flows.forEach((yuan, k) => {
        const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - l.flows!.length + k, 12));
        csv.push(`${d.toISOString().slice(0, 10)},收入,${yuan}.00,批发货款`, `${d.toISOString().slice(0, 10)},支出,${Math.round(yuan * 0.6)}.00,进货`);
      });
      app = await call('loans.importFlows', { id: app.id, rev: app.rev, fileName: '精微结算导出.csv', contentBase64: Buffer.from(csv.join('\n')).toString('base64') });
    }
    if (l.until === 'draft') continue;
    app = await call('loans.submit', { id: app.id, rev: app.rev });
    if (app.state === 'referred' && l.investigate) app = await call('loans.investigate', { id: app.id, rev: app.rev, ...l.investigate }, head);
    if (app.state !== 'approved' || l.until === 'submit') continue;
    app = await call('loans.generateContract', { id: app.id, rev: app.rev });
    if (l.until === 'contract') continue;
    app = await call('loans.faceSign', { id: app.id, rev: app.rev, note: '客户本人到场签署' });
    app = await call('loans.eSign', { id: app.id, rev: app.rev, contractDigest: app.contract!.digest });
    if (l.until === 'eSign') continue;
    // Maker-checker: the branch head authorises the teller's disbursement with their own password.
    await call('loans.disburse', { id: app.id, rev: app.rev, accountNo: accounts[i + 1]!.accountNo, checker: { staffNo: 'H001', password } });
  }

  // A small group: 晋阳控股 holds 汾河实业, which holds back 10% of 晋阳控股 — a cross-holding the integrated method sees.
  const holdUscc = uscc('91141081MA0K7001X');
  const opUscc = uscc('91141081MA0K7002X');
  const boss = id('14108119700101009');
  await call('customers.create', { customer: { kind: 'enterprise', name: '山西晋阳控股有限公司', uscc: holdUscc, phone: '0357-4227001', address: '山西省侯马市路西街道', legalRepresentative: '杨国栋',
    shareholders: [{ kind: 'person', name: '杨国栋', idNumber: boss, shareBp: 5500 }, { kind: 'person', name: '杨晓敏', shareBp: 3500 }, { kind: 'company', name: '侯马市汾河实业有限公司', idNumber: opUscc, shareBp: 1000 }] } });
  await call('customers.create', { customer: { kind: 'enterprise', name: '侯马市汾河实业有限公司', uscc: opUscc, phone: '0357-4227002', address: '山西省侯马市路西街道', legalRepresentative: '杨国栋',
    shareholders: [{ kind: 'company', name: '山西晋阳控股有限公司', idNumber: holdUscc, shareBp: 7000 }, { kind: 'person', name: '杨国栋', idNumber: boss, shareBp: 1000 }, { kind: 'person', name: '刘卫东', shareBp: 2000 }] } });

  for (const token of [teller, head]) await core.call({ method: 'session.logout', args: {}, token });
}
