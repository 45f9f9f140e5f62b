// Who is on the evaluation cards and licences. Written apart from tests/fixtures/ocr (the set the pipeline was
// developed on): other name and address patterns, all 56 ethnic groups, long-term and 5-year cards, branch
// public-security bureaus, other company names and types. Only the product's validators are shared, so every
// number is genuinely valid.
import regions from '../../domain/identity/gb2260-regions.json';
import { residentIdCheckChar } from '../../domain/identity/resident-id';
import { usccCheckChar } from '../../domain/identity/uscc';
import { ETHNICITIES } from '../../domain/ocr/ethnicities';
import type { Rng } from '../../domain/random';

export const choose = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
export const between = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
const two = (n: number): string => String(n).padStart(2, '0');

export interface EvalPerson {
  name: string; sex: '男' | '女'; ethnicity: string; birthDate: string; address: string; idNumber: string;
  issuingAuthority: string; validFrom: string; validUntil: string;
}

export interface EvalCompany {
  uscc: string; companyName: string; companyType: string; legalRepresentative: string; registeredCapital: string;
  establishedDate: string; address: string;
}

const table = regions as unknown as Record<string, [string, string, string]>;
const counties = Object.keys(table).filter((c) => table[c]![2] !== '' && !/直辖|市辖区/.test(table[c]![2]));

/** Province, city and county as an address begins; a city's 市辖区 and municipalities' repeated names left out. */
function placePrefix(code: string): string {
  const [province, city, county] = table[code]!;
  const parts = [province];
  if (city && city !== '市辖区' && city !== '县' && !/直辖/.test(city) && city !== province) parts.push(city);
  parts.push(county);
  return parts.join('');
}

const FAMILY = '张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段钱汤尹黎易常武乔贺赖龚文'.split('');
const DOUBLE_FAMILY = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫'];
const GIVEN_M = '建军国庆志强永刚卫东振华德明学文海波俊杰宏伟立新晓光家豪子轩浩然天佑思远一鸣博文云飞鹏程'.split('');
const GIVEN_F = '秀兰丽娟春梅玉珍雅琴晓燕淑芬美玲慧敏静怡欣然梓涵诗琪雨桐佳怡婉婷若曦紫萱'.split('');

function personName(rng: Rng, sex: '男' | '女'): string {
  const family = rng() < 0.04 ? choose(rng, DOUBLE_FAMILY) : choose(rng, FAMILY);
  const pool = sex === '男' ? GIVEN_M : GIVEN_F;
  const given = rng() < 0.3 ? choose(rng, pool) : choose(rng, pool) + choose(rng, pool);
  return family + given;
}

const TOWNS = ['城关镇', '新华街道', '长宁镇', '太平乡', '红旗街道', '永安镇', '和平乡', '东风镇', '前进街道', '杏花乡', '白云镇', '青山乡'];
const ROADS = ['人民路', '解放路', '建设路', '胜利街', '中山路', '文化路', '朝阳路', '复兴路', '光明街', '和谐路'];

function homeAddress(rng: Rng, code: string): string {
  const prefix = placePrefix(code);
  const kind = rng();
  if (kind < 0.45) return `${prefix}${choose(rng, TOWNS)}${choose(rng, FAMILY)}${choose(rng, ['家', '庄', '河', '坡', '峪'])}村${between(rng, 1, 12)}组${between(rng, 1, 99)}号`;
  if (kind < 0.8) return `${prefix}${choose(rng, ROADS)}${between(rng, 1, 399)}号${between(rng, 1, 30)}号楼${between(rng, 1, 6)}单元${between(rng, 1, 28)}0${between(rng, 1, 4)}室`;
  return `${prefix}${choose(rng, TOWNS)}${choose(rng, ['幸福', '和平', '团结', '新兴', '光明'])}村${between(rng, 1, 300)}号`;
}

function authority(rng: Rng, code: string): string {
  const [, city, county] = table[code]!;
  // Districts of a city are served by the city bureau's branch office (…公安局…分局); counties by their own bureau.
  if (/区$/.test(county) && city && city !== '市辖区' && !/直辖/.test(city) && rng() < 0.7) return `${city}公安局${county}分局`;
  return `${county}公安局`;
}

export function evalPerson(rng: Rng, today: Date): EvalPerson {
  const code = choose(rng, counties);
  const year = between(rng, 1945, 2008);
  const month = between(rng, 1, 12);
  const day = between(rng, 1, month === 2 ? 28 : 30);
  const sex: '男' | '女' = rng() < 0.5 ? '男' : '女';
  const seq = between(rng, 0, 49) * 2 + (sex === '男' ? 1 : 0) + between(rng, 0, 9) * 100;
  const first17 = `${code}${year}${two(month)}${two(day)}${String(seq).padStart(3, '0')}`;
  const thisYear = today.getUTCFullYear();
  // Issued within the card's life so it is valid today: 5 years under 16, 10 under 26, 20 under 46, then 长期.
  const issueYear = between(rng, Math.max(year + 1, thisYear - 4), thisYear - 1);
  const age = issueYear - year;
  const span = age < 16 ? 5 : age < 26 ? 10 : age < 46 ? 20 : 0;
  const iso = `${two(between(rng, 1, 12))}-${two(between(rng, 1, 28))}`;
  const validFrom = `${issueYear}-${iso}`;
  const validUntil = span === 0 ? '长期' : `${issueYear + span}-${iso}`;
  const ethnicity = rng() < 0.7 ? '汉' : choose(rng, ETHNICITIES);
  return {
    name: personName(rng, sex),
    sex,
    ethnicity,
    birthDate: `${year}-${two(month)}-${two(day)}`,
    address: homeAddress(rng, code),
    idNumber: first17 + residentIdCheckChar(first17),
    issuingAuthority: authority(rng, code),
    validFrom,
    validUntil,
  };
}

const USCC_BODY = '0123456789ABCDEFGHJKLNPQRTUWXY';
const ORG_W = [3, 7, 9, 10, 5, 8, 4, 2];

function organisationCode(rng: Rng): string {
  const body = Array.from({ length: 8 }, () => (rng() < 0.85 ? String(between(rng, 0, 9)) : choose(rng, [...USCC_BODY.slice(10)]))).join('');
  const c = 11 - (body.split('').reduce((s, ch, i) => s + parseInt(ch, 36) * ORG_W[i]!, 0) % 11);
  return body + (c === 10 ? 'X' : c === 11 ? '0' : String(c));
}

const NUMERALS = '零壹贰叁肆伍陆柒捌玖';
/** 1–9999 (万) in the upper-case numerals of amounts (壹仟零伍拾, 叁佰零捌); variant C writes its capitals with it too. */
export function capital(n: number): string {
  const units = ['仟', '佰', '拾', ''];
  let out = '';
  let pendingZero = false;
  String(n).padStart(4, '0').split('').map(Number).forEach((d, i) => {
    if (d === 0) {
      pendingZero = out !== '';
      return;
    }
    if (pendingZero) out += '零';
    pendingZero = false;
    out += NUMERALS[d]! + units[i]!;
  });
  return out;
}

const WORDS = ['宏远', '锦程', '晟达', '鼎盛', '汇通', '瑞丰', '华泰', '兴隆', '聚源', '德润', '益民', '天成', '众诚', '恒信'];
const LINES = ['农业开发', '粮油购销', '建筑工程', '机械设备', '养殖', '果蔬种植', '运输', '文化传媒', '家政服务', '中药材'];
const TYPES = ['有限责任公司（自然人投资或控股）', '有限责任公司（自然人独资）', '股份有限公司（非上市）', '有限责任公司', '农民专业合作社', '有限责任公司（法人独资）'];

export function evalCompany(rng: Rng, today: Date): EvalCompany {
  const code = choose(rng, counties);
  const type = choose(rng, TYPES);
  const first17 = `${type === '农民专业合作社' ? '93' : '91'}${code}${organisationCode(rng)}`;
  const [, , county] = table[code]!;
  const place = county.replace(/(自治县|县|市|区|旗)$/, '');
  const suffix = type === '农民专业合作社' ? '专业合作社' : type.startsWith('股份') ? '股份有限公司' : '有限公司';
  return {
    uscc: first17 + usccCheckChar(first17),
    companyName: `${place}${choose(rng, WORDS)}${choose(rng, LINES)}${suffix}`,
    companyType: type,
    legalRepresentative: personName(rng, rng() < 0.6 ? '男' : '女'),
    registeredCapital: `${capital(choose(rng, [5, 20, 60, 88, 150, 200, 500, 800, 1200, 3000]))}万元${rng() < 0.6 ? '整' : ''}`,
    establishedDate: `${between(rng, 1998, today.getUTCFullYear() - 1)}-${two(between(rng, 1, 12))}-${two(between(rng, 1, 28))}`,
    address: `${placePrefix(code)}${choose(rng, ROADS)}${between(rng, 1, 500)}号`,
  };
}
