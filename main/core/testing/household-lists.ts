import ExcelJS from 'exceljs';
import { residentIdCheckChar } from '../../../domain/identity/resident-id';
import { mulberry32 } from '../../../domain/random';

/** One person of a committee's list, as a committee writes it (column names of the template). */
export interface ListPerson {
  户号: string;
  村民小组: string;
  姓名: string;
  与户主关系: string;
  身份证号码: string;
  联系电话: string;
}

export const LIST_HEADER: (keyof ListPerson)[] = ['户号', '村民小组', '姓名', '与户主关系', '身份证号码', '联系电话'];

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN = '建国秀英志强桂兰海燕春梅明亮玉珍永红国庆晓东丽娟俊杰淑芬红梅文博家豪雨涵子轩梓涵浩然欣怡宇航思远佳琪';

/** A valid resident ID of `region` (default 侯马市 141081) born on `birth` (YYYYMMDD) with sequence `seq` (odd: male). */
export function residentId(birth: string, seq: number, region = '141081'): string {
  const body = `${region}${birth}${String(seq % 1000).padStart(3, '0')}`;
  return body + residentIdCheckChar(body);
}

/**
 * A village's list of `households` households (head, spouse, 0–3 children, sometimes a parent), every ID valid and
 * unique within the list (lists of different `region`s never share one), households numbered from `firstNo`. Seeded:
 * the same arguments give the same list.
 */
export function villageList(households: number, seed = 1, firstNo = 1, region = '141081'): ListPerson[] {
  const rnd = mulberry32(seed);
  const pick = (s: string) => s[Math.floor(rnd() * s.length)]!;
  const pairs = GIVEN.match(/../gu)!;
  const given = () => pairs[Math.floor(rnd() * pairs.length)]!;
  const out: ListPerson[] = [];
  const used = new Set<string>();
  const person = (year: number, male: boolean): string => {
    for (;;) {
      const month = 1 + Math.floor(rnd() * 12);
      const day = 1 + Math.floor(rnd() * 28);
      const seq = Math.floor(rnd() * 500) * 2 + (male ? 1 : 0);
      const id = residentId(`${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`, seq, region);
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
    }
  };
  for (let h = 0; h < households; h++) {
    const no = String(firstNo + h);
    const group = `${'一二三四五六七八'[h % 8]}组`;
    const surname = pick(SURNAMES);
    const headYear = 1950 + Math.floor(rnd() * 45);
    const phone = `13${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}`;
    out.push({ 户号: no, 村民小组: group, 姓名: surname + given(), 与户主关系: '户主', 身份证号码: person(headYear, true), 联系电话: phone });
    out.push({ 户号: no, 村民小组: group, 姓名: pick(SURNAMES) + given(), 与户主关系: '配偶', 身份证号码: person(headYear + 1, false), 联系电话: '' });
    const children = Math.floor(rnd() * 4);
    for (let c = 0; c < children; c++) {
      const male = rnd() < 0.5;
      out.push({ 户号: no, 村民小组: group, 姓名: surname + given(), 与户主关系: male ? '儿子' : '女儿', 身份证号码: person(Math.min(headYear + 22 + c * 2, 2020), male), 联系电话: '' });
    }
    if (rnd() < 0.15 && headYear > 1965) out.push({ 户号: no, 村民小组: group, 姓名: surname + given(), 与户主关系: '母亲', 身份证号码: person(headYear - 25, false), 联系电话: '' });
  }
  return out;
}

const csvCell = (v: string) => (/[",\n]/u.test(v) ? `"${v.replace(/"/gu, '""')}"` : v);

export function listCsv(people: readonly ListPerson[], header: readonly string[] = LIST_HEADER): string {
  return [header.join(','), ...people.map((p) => LIST_HEADER.map((k) => csvCell(p[k])).join(','))].join('\r\n') + '\r\n';
}

/**
 * The list as a committee's Excel sheet, IDs as text; `merged`: 户号 and 村民小组 merged down each household
 * (合并单元格). exceljs checks each merge against every other one, so merging is for lists of test size only.
 */
export async function listXlsx(people: readonly ListPerson[], { merged = true } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  ws.addRow(LIST_HEADER);
  people.forEach((p) => ws.addRow(LIST_HEADER.map((k) => p[k])));
  let start = 2;
  for (let r = 2; merged && r <= people.length + 1; r++) {
    const last = r === people.length + 1 || people[r - 1]!.户号 !== people[r - 2]!.户号;
    if (last) {
      if (r > start) {
        ws.mergeCells(start, 1, r, 1);
        ws.mergeCells(start, 2, r, 2);
      }
      start = r + 1;
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
