import type { ProductCode } from '../../domain/credit/products';
import { residentIdCheckChar } from '../../domain/identity/resident-id';
import { mulberry32, type Rng } from '../../domain/random';
import { addDays } from '../../domain/time/branch-time';
import type { PartnerKind } from '../../domain/value/partners';
import type { DemoPerson } from './seed';

/**
 * The raw data behind 精微易享 at the seed's scale (DOMAIN.md: 5,882 partners, 2,319 effective — at least one loan):
 * 侯马's villages with their officials, its wholesale markets with their managers and stall holders, who enrol as
 * partners on a day of the two months, and the people each one brings to the branch. Which partners' people get a
 * loan from core banking is decided here, as a generator decides anything; whether 2,319 of them come out as
 * effective is counted by head office's commission statement from what the branch synced and the loan feed.
 * Deterministic, no real person's data.
 */
export interface PartnerScale {
  /** Villages, four officials each (书记, 主任, 会计, 网格员). */
  villages: number;
  /** Wholesale markets, eight managers each; the rest of the partners are their stall holders. */
  markets: number;
  partners: number;
  /** Partners whose people core banking lends to. */
  effective: number;
  /** Partners whose one referral applies and gets no loan (yet). */
  applyingOnly: number;
  /** Calendar days back from today over which partners enrol and their people apply and borrow. */
  days: number;
}

/** 侯马 has 26 wholesale markets (DOMAIN.md); villages round to 180; the merchants make up the seed's 5,882. */
export const PARTNER_SEED_SCALE: PartnerScale = { villages: 180, markets: 26, partners: 5_882, effective: 2_319, applyingOnly: 1_100, days: 60 };

export interface PartnerCandidate {
  name: string;
  kind: PartnerKind;
  phone: string;
  place: string;
  /** YYYY-MM-DD the branch enrols them. */
  enrolOn: string;
}

export interface Referral {
  /** Index into the candidates of the partner whose code the person came with. */
  partner: number;
  person: DemoPerson;
  product: ProductCode;
  appliesOn: string;
  /** Core banking lends on this day if the branch's decision was not a rejection (null: no loan). */
  lendsOn: string | null;
}

export interface PartnerData {
  candidates: PartnerCandidate[];
  /** For effective partners: several tries each, in order; the first one not rejected is lent to, the rest never apply. */
  referrals: Referral[][];
}

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红玉梅海燕鹏辉晓亮春丹萍鑫宇浩然子涵欣怡俊文博思远雨桐';
const VILLAGE_HEADS = '东西南北上下前后新老';
const VILLAGE_TAILS = '阳庄王台马张高田城乔祁牛堡寨河峪坡岭';
const OFFICES = ['党支部书记', '村委会主任', '村会计', '网格员'];
const MARKET_NAMES = [
  '晋南农副产品', '建材', '小商品', '蔬菜', '果品', '粮油', '五金机电', '汽配', '家具', '服装', '水产', '肉禽', '花卉苗木', '农资', '茶叶',
  '日杂', '钢材', '陶瓷卫浴', '灯具', '布艺', '干鲜调料', '冷链食品', '二手车', '石材', '电动车', '图书文具',
];
const MARKET_ROLES = ['市场经理', '副经理', '招商主管', '管理员', '管理员', '保安队长', '收费员', '协管员'];
const TRADES = ['粮油', '五金', '干货', '水果', '蔬菜', '调料', '烟酒', '日杂', '建材', '家电', '服装', '鞋帽', '茶叶', '农资', '肉铺', '海鲜', '布艺', '灯具'];
const PRODUCT_OF_KIND: Record<PartnerKind, ProductCode[]> = {
  merchant: ['merchant', 'merchant', 'inclusive'],
  'village-official': ['farmer', 'farmer', 'farmer', 'inclusive'],
  'market-manager': ['merchant', 'merchant', 'salary'],
};
const GROUP_OF_PRODUCT: Partial<Record<ProductCode, DemoPerson['group']>> = { farmer: 'farmer', merchant: 'merchant', salary: 'salaried' };

const between = (rnd: Rng, lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
const pick = <T>(rnd: Rng, xs: readonly T[] | string): T => xs[Math.floor(rnd() * xs.length)] as T;

/** Village and market names of the scale (a village name per head × tail, a market per trade). */
export function partnerPlaces(scale: Pick<PartnerScale, 'villages' | 'markets'>): { villages: string[]; markets: string[] } {
  const villages: string[] = [];
  for (const h of VILLAGE_HEADS) for (const t of VILLAGE_TAILS) villages.push(`${h}${t}村`);
  if (scale.villages > villages.length || scale.markets > MARKET_NAMES.length) throw new Error('partner data: more villages or markets than names');
  return { villages: villages.slice(0, scale.villages), markets: MARKET_NAMES.slice(0, scale.markets).map((m) => `侯马${m}批发市场`) };
}

/**
 * The generator. `today` is the branch day the demo runs (nothing is dated on or after it); `taken` are ID numbers
 * and mobile numbers already on file at the branch, which the people it makes never reuse.
 */
export function partnerData(scale: PartnerScale, today: string, taken: { ids: ReadonlySet<string>; phones: ReadonlySet<string> }, seed = 20261207): PartnerData {
  const rnd = mulberry32(seed);
  const { villages, markets } = partnerPlaces(scale);
  const officials = villages.length * OFFICES.length;
  const managers = markets.length * MARKET_ROLES.length;
  const merchants = scale.partners - officials - managers;
  if (merchants < 0) throw new Error('partner data: fewer partners than the villages\' officials and the markets\' managers');
  if (scale.effective + scale.applyingOnly > scale.partners) throw new Error('partner data: more partners with referrals than partners');

  const phones = new Set(taken.phones);
  const ids = new Set(taken.ids);
  const phone = () => {
    for (;;) {
      const p = `1${pick(rnd, ['38', '39', '59', '58', '86', '88', '36', '51', '77', '80'])}${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`;
      if (!phones.has(p)) return phones.add(p), p;
    }
  };
  const personName = () => pick<string>(rnd, SURNAMES) + pick<string>(rnd, GIVEN) + (rnd() < 0.6 ? pick<string>(rnd, GIVEN) : '');
  // Enrolment over the first two thirds of the period: the people they bring still have time to apply and borrow.
  const enrolOn = () => addDays(today, -between(rnd, Math.ceil(scale.days / 3), scale.days));

  const candidates: PartnerCandidate[] = [];
  for (const v of villages) for (const office of OFFICES) candidates.push({ name: `${personName()}（${v}${office}）`, kind: 'village-official', phone: phone(), place: v, enrolOn: enrolOn() });
  for (const m of markets) for (const role of MARKET_ROLES) candidates.push({ name: `${personName()}（${role}）`, kind: 'market-manager', phone: phone(), place: m, enrolOn: enrolOn() });
  for (let i = 0; i < merchants; i++) {
    const market = markets[i % markets.length]!;
    const stall = `${pick(rnd, 'ABCDEFGH')}区${between(rnd, 1, 300)}号`;
    candidates.push({ name: `${pick<string>(rnd, SURNAMES)}记${pick(rnd, TRADES)}（${stall}）`, kind: 'merchant', phone: phone(), place: `${market}${stall}`, enrolOn: enrolOn() });
  }

  const person = (village: string, group: DemoPerson['group']): DemoPerson => {
    for (;;) {
      const birth = addDays('1962-01-01', between(rnd, 0, 14_600)).replaceAll('-', '');
      const body = `141081${birth}${String(between(rnd, 0, 999)).padStart(3, '0')}`;
      const idNumber = body + residentIdCheckChar(body);
      if (ids.has(idNumber)) continue;
      ids.add(idNumber);
      return { name: personName(), idNumber, phone: phone(), address: `山西省侯马市${village}${between(rnd, 1, 120)}号`, village, group };
    }
  };
  const referral = (partner: number, lends: boolean): Referral => {
    const c = candidates[partner]!;
    const product = pick(rnd, PRODUCT_OF_KIND[c.kind]);
    const village = c.kind === 'village-official' ? c.place : markets[partner % markets.length]!;
    // Applies between the day after enrolment and three days before today; core banking lends one to five days later.
    const last = addDays(today, -6);
    const first = addDays(c.enrolOn, 1);
    const span = Math.max(0, Math.round((Date.parse(last) - Date.parse(first)) / 86_400_000));
    const appliesOn = addDays(first, between(rnd, 0, span));
    return {
      partner, person: person(village, GROUP_OF_PRODUCT[product] ?? 'resident'), product, appliesOn,
      lendsOn: lends ? addDays(appliesOn, between(rnd, 1, 5)) : null,
    };
  };

  // Which partners bring whom: a shuffled order, the first `effective` with one to three borrowers (each with spare
  // tries should the branch's models reject one), the next `applyingOnly` with one applicant and no loan.
  const order = candidates.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const referrals: Referral[][] = [];
  for (const [k, p] of order.entries()) {
    if (k < scale.effective) {
      const borrowers = rnd() < 0.7 ? 1 : rnd() < 0.75 ? 2 : 3;
      for (let b = 0; b < borrowers; b++) referrals.push(Array.from({ length: b === 0 ? 8 : 1 }, () => referral(p, true)));
    } else if (k < scale.effective + scale.applyingOnly) {
      referrals.push([referral(p, false)]);
    }
  }
  return { candidates, referrals };
}
