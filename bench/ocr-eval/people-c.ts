// Who is on the third evaluation variant's cards and licences (scan-c, photo-c, phone-c). Drawn on its own, apart
// from people.ts and tests/fixtures/ocr: other family and given-name pools, addresses written the way household
// registers write them (村委会, 社区, 小区 with 栋/单元, 附 numbers), other company name shapes (a 字号 with the county
// in brackets, 有限责任公司), capitals with 零 in the middle. The check characters are computed here, not by the
// product's validators, so the unit test can hold each against the other. The truth keeps people.ts's format
// (EvalPerson, EvalCompany): ISO dates, 长期, the address as one string.
import regions from '../../domain/identity/gb2260-regions.json';
import type { Rng } from '../../domain/random';
import { capital, type EvalCompany, type EvalPerson } from './people';

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
const pad2 = (n: number): string => String(n).padStart(2, '0');

const table = regions as unknown as Record<string, [string, string, string]>;
/** County-level codes whose city is a real prefecture (no 市辖区 / 县 / 直辖 placeholders), as rural branches see. */
const COUNTY_CODES = Object.keys(table).filter((c) => {
  const [, city, county] = table[c]!;
  return county !== '' && !/市辖区|直辖/.test(county) && city !== '';
});

/** The address's administrative part as a household register writes it: province, prefecture, county. */
function adminPrefix(code: string): string {
  const [province, city, county] = table[code]!;
  const cityPart = city === '市辖区' || city === '县' || /直辖/.test(city) || city === province ? '' : city;
  return `${province}${cityPart}${county}`;
}

/** GB 11643 check character, computed here on purpose (the test compares it with the product's validator). */
export function idCheckChar(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = first17.split('').reduce((s, d, i) => s + Number(d) * w[i]!, 0);
  return '10X98765432'[sum % 11]!;
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** GB 32100 check character over the 30-character alphabet (no I, O, S, V, Z). */
export function usccCheck(first17: string): string {
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = first17.split('').reduce((s, ch, i) => s + USCC_CHARS.indexOf(ch) * w[i]!, 0);
  return USCC_CHARS[(31 - (sum % 31)) % 31]!;
}

const SURNAMES = '殷聂牛岳温齐庞邢俞严韦覃蒙黄莫甘农麦施仇翟房褚骆闫祁葛柴包左石耿屈鲁雷贺向焦游邱柳杭米佟单申艾鲍樊裴詹全卜'.split('');
const COMMON_SURNAMES = '王李张刘陈杨赵周吴孙马朱胡郭何高罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范廖石金'.split('');
const COMPOUND = ['慕容', '尉迟', '令狐', '公孙', '宇文', '长孙', '夏侯'];
const MALE = '磊鑫森淼焱垚瑞祥福禄寿喜荣华昌盛兴旺铭钧锋铖琛昊骁翊哲睿泽宇航辰逸阳晨凯旭峰涛斌彬超勇毅坤'.split('');
const FEMALE = '瑶璐琳琦珂璇钰颖蕾薇芸萍莉娜娅婧妍嫣倩霞艳红翠凤菊莲荷蓉芳馨悦怡彤瑜婕妮露蓓姗'.split('');
const NEUTRAL = '文武安平春秋冬雪晓明金玉宝山水云'.split('');

function givenName(rng: Rng, sex: '男' | '女'): string {
  const pool = sex === '男' ? MALE : FEMALE;
  const r = rng();
  if (r < 0.25) return pick(rng, pool);
  if (r < 0.45) return pick(rng, NEUTRAL) + pick(rng, pool);
  // Two characters of a generation name; a repeated character (婷婷, 磊磊) now and then.
  const a = pick(rng, pool);
  return rng() < 0.08 ? a + a : a + pick(rng, pool);
}

export function fullName(rng: Rng, sex: '男' | '女'): string {
  const r = rng();
  const family = r < 0.03 ? pick(rng, COMPOUND) : r < 0.35 ? pick(rng, SURNAMES) : pick(rng, COMMON_SURNAMES);
  return family + givenName(rng, sex);
}

/** The 56 groups as 民族 is written on a card, the most numerous more often (weights by population, roughly). */
const GROUPS: ReadonlyArray<[string, number]> = [
  ['壮', 30], ['回', 20], ['满', 18], ['维吾尔', 18], ['苗', 16], ['彝', 15], ['土家', 14], ['藏', 10], ['蒙古', 10], ['侗', 5],
  ['布依', 5], ['瑶', 5], ['白', 3], ['朝鲜', 3], ['哈尼', 3], ['黎', 3], ['哈萨克', 3], ['傣', 2], ['畲', 2], ['傈僳', 1],
  ['东乡', 1], ['仡佬', 1], ['拉祜', 1], ['佤', 1], ['水', 1], ['纳西', 1], ['羌', 1], ['土', 1], ['仫佬', 1], ['锡伯', 1],
  ['柯尔克孜', 1], ['景颇', 1], ['达斡尔', 1], ['撒拉', 1], ['布朗', 1], ['毛南', 1], ['塔吉克', 1], ['普米', 1], ['阿昌', 1],
  ['怒', 1], ['鄂温克', 1], ['京', 1], ['基诺', 1], ['德昂', 1], ['保安', 1], ['俄罗斯', 1], ['裕固', 1], ['乌孜别克', 1],
  ['门巴', 1], ['鄂伦春', 1], ['独龙', 1], ['赫哲', 1], ['高山', 1], ['珞巴', 1], ['塔塔尔', 1],
];
export const ALL_GROUPS = ['汉', ...GROUPS.map(([g]) => g)];

function group(rng: Rng): string {
  if (rng() < 0.78) return '汉';
  const total = GROUPS.reduce((s, [, w]) => s + w, 0);
  let r = rng() * total;
  for (const [g, w] of GROUPS) if ((r -= w) < 0) return g;
  return '壮';
}

const TOWN_HEADS = ['石桥', '马集', '柳林', '官庄', '河口', '新店', '高桥', '双河', '龙泉', '黄土岭', '三合', '大王', '西湖', '桃源', '沙河', '枣林'];
const TOWN_KINDS = ['镇', '乡', '街道办事处', '镇', '乡'];
const VILLAGE_HEADS = ['后李庄', '前进', '小王营', '东刘', '杨树沟', '贾家湾', '红星', '新农', '大柳树', '西孙', '南岗', '塔山', '白马寺', '五里铺'];
const STREETS = ['幸福大街', '建国路', '民主街', '工农路', '站前路', '府前街', '滨河路', '育才路', '兴业大道', '商贸街', '长江路', '黄河路'];
const ESTATES = ['锦绣花园', '阳光小区', '金色家园', '翠湖苑', '丽景新城', '馨园', '御景湾', '教师新村'];

/** Where a person lives, as the household register (and so the card) writes it. */
function residence(rng: Rng, code: string): string {
  const head = adminPrefix(code);
  const town = `${pick(rng, TOWN_HEADS)}${pick(rng, TOWN_KINDS)}`;
  const v = rng();
  if (v < 0.3) return `${head}${town}${pick(rng, VILLAGE_HEADS)}村${int(rng, 1, 15)}组${int(rng, 1, 120)}号`;
  if (v < 0.45) return `${head}${town}${pick(rng, VILLAGE_HEADS)}村委会${pick(rng, VILLAGE_HEADS)}${int(rng, 1, 80)}号`;
  if (v < 0.65) return `${head}${pick(rng, STREETS)}${int(rng, 1, 260)}号${pick(rng, ESTATES)}${int(rng, 1, 24)}栋${int(rng, 1, 4)}单元${int(rng, 1, 18)}${pad2(int(rng, 1, 4))}号`;
  if (v < 0.8) return `${head}${pick(rng, STREETS)}${int(rng, 1, 99)}号附${int(rng, 1, 12)}号`;
  if (v < 0.9) return `${head}${town}${pick(rng, STREETS)}${int(rng, 1, 300)}号`;
  return `${head}${town}${pick(rng, ['新华', '东风', '向阳', '胜利'])}社区${int(rng, 1, 40)}号院${int(rng, 1, 9)}号`;
}

function bureau(rng: Rng, code: string): string {
  const [, city, county] = table[code]!;
  const plainCity = city !== '' && city !== '市辖区' && city !== '县' && !/直辖/.test(city);
  if (county.endsWith('区') && plainCity && rng() < 0.75) return `${city}公安局${county}分局`;
  return `${county}公安局`;
}

const daysIn = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

export function personC(rng: Rng, today: Date): EvalPerson {
  const code = pick(rng, COUNTY_CODES);
  const sex: '男' | '女' = rng() < 0.5 ? '男' : '女';
  const thisYear = today.getUTCFullYear();
  const year = int(rng, 1940, thisYear - 14);
  const month = int(rng, 1, 12);
  const day = int(rng, 1, daysIn(year, month));
  // The sequence's last digit is odd for men, even for women.
  const seq = int(rng, 0, 99) * 10 + int(rng, 0, 4) * 2 + (sex === '男' ? 1 : 0);
  const first17 = `${code}${year}${pad2(month)}${pad2(day)}${String(seq).padStart(3, '0')}`;
  // A card valid today: issued within its term (5 years under 16, 10 under 26, 20 under 46, then 长期).
  const termOf = (age: number): number => (age < 16 ? 5 : age < 26 ? 10 : age < 46 ? 20 : 0);
  let issueYear = int(rng, Math.max(year + 1, thisYear - 19), thisYear - 1);
  while (termOf(issueYear - year) > 0 && issueYear + termOf(issueYear - year) <= thisYear) issueYear++;
  const term = termOf(issueYear - year);
  const im = int(rng, 1, 12);
  const id = int(rng, 1, daysIn(issueYear, im) === 29 ? 28 : daysIn(issueYear, im));
  const validFrom = `${issueYear}-${pad2(im)}-${pad2(id)}`;
  return {
    name: fullName(rng, sex),
    sex,
    ethnicity: group(rng),
    birthDate: `${year}-${pad2(month)}-${pad2(day)}`,
    address: residence(rng, code),
    idNumber: first17 + idCheckChar(first17),
    issuingAuthority: bureau(rng, code),
    validFrom,
    validUntil: term === 0 ? '长期' : `${issueYear + term}-${pad2(im)}-${pad2(id)}`,
  };
}

const BRANDS = ['金穗', '润田', '丰禾', '绿源', '沃野', '嘉禾', '万顺', '永丰', '富农', '惠康', '远航', '祥和', '创新', '乾元', '坤泰', '新希望'];
const TRADES = ['农业科技', '生态农业', '农产品', '饲料', '农资', '建材', '物流', '电子商务', '餐饮管理', '商贸', '木业', '茶业', '食品', '汽车服务'];
const KINDS: ReadonlyArray<[type: string, suffix: string]> = [
  ['有限责任公司（自然人投资或控股）', '有限公司'],
  ['有限责任公司（自然人独资）', '有限公司'],
  ['其他有限责任公司', '有限责任公司'],
  ['有限责任公司（非自然人投资或控股的法人独资）', '有限公司'],
  ['股份有限公司（非上市、自然人投资或控股）', '股份有限公司'],
];

function organisationCode(rng: Rng): string {
  // GB 11714: letters count from A = 10 (parseInt base 36); only letters the credit code's alphabet has.
  const body = Array.from({ length: 8 }, () => (rng() < 0.8 ? String(int(rng, 0, 9)) : pick(rng, USCC_CHARS.slice(10).split('')))).join('');
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  const c = 11 - (body.split('').reduce((s, ch, i) => s + parseInt(ch, 36) * w[i]!, 0) % 11);
  return body + (c === 10 ? 'X' : c === 11 ? '0' : String(c));
}

export function companyC(rng: Rng, today: Date): EvalCompany {
  const code = pick(rng, COUNTY_CODES);
  const [province, city, county] = table[code]!;
  const [type, suffix] = pick(rng, KINDS);
  const first17 = `91${code}${organisationCode(rng)}`;
  const place = county.replace(/(自治县|自治旗|县|市|区|旗)$/, '') || county;
  const brand = pick(rng, BRANDS);
  const trade = pick(rng, TRADES);
  const shape = rng();
  const companyName = shape < 0.5 ? `${place}${brand}${trade}${suffix}`
    : shape < 0.75 ? `${brand}（${place}）${trade}${suffix}`
      : `${city && !/市辖区|直辖/.test(city) ? city.replace(/(市|地区|自治州|盟)$/, '') : province.replace(/(省|市)$/, '')}${brand}${trade}${suffix}`;
  const amount = pick(rng, [3, 10, 30, 50, 100, 105, 200, 308, 360, 500, 1000, 1050, 2000, 5000]);
  const year = int(rng, 2003, today.getUTCFullYear() - 1);
  return {
    uscc: first17 + usccCheck(first17),
    companyName,
    companyType: type,
    legalRepresentative: fullName(rng, rng() < 0.65 ? '男' : '女'),
    registeredCapital: `${capital(amount)}万元${rng() < 0.7 ? '整' : ''}`,
    establishedDate: `${year}-${pad2(int(rng, 1, 12))}-${pad2(int(rng, 1, 28))}`,
    address: `${adminPrefix(code)}${pick(rng, STREETS)}${int(rng, 1, 400)}号${rng() < 0.3 ? `${int(rng, 1, 20)}幢${int(rng, 1, 30)}${pad2(int(rng, 1, 20))}室` : ''}`,
  };
}
